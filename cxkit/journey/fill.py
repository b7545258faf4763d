r"""Fill a journey map in from the data: measured values per stage and touchpoint.

A journey map drawn from workshops says where customers *feel* pain; :func:`fill_from_data`
puts the company's measured numbers beside it, so the map can be checked and kept current:

- the survey score (NPS, CSAT or CES) of every touchpoint on the map, with its confidence
  interval and number of answers, from :func:`cxkit.metrics.breakdown` clustered by customer
  (module 07: several answers of one customer are not independent);
- the ticket volume of each support touchpoint (``support_phone`` counts the tickets opened by
  phone, and so on);
- the drop-off into each stage of the map from the event log, from
  :func:`cxkit.journey.analytics.funnel` (an ordered funnel over the map's stages).

Values from small groups (fewer than ``min_n`` answers or cases) are kept and flagged
``too_small``, never hidden: :func:`cxkit.journey.draw_journey_map` shows them with a hollow
marker and the words "small n".

>>> from cxkit._paths import repo_root
>>> from cxkit.journey.model import load_journey
>>> journey = load_journey(repo_root() / "datasets/journeys/busy-parent.yaml")
>>> table = fill_from_data(journey, segment="B2C")
>>> sorted(table["measure"].unique())
['NPS', 'drop-off', 'tickets']
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.journey.model import JourneyMap

__all__ = ["COLUMNS", "fill_from_data"]

#: The columns of the table :func:`fill_from_data` returns.
COLUMNS = [
    "stage",
    "touchpoint",
    "measure",
    "value",
    "low",
    "high",
    "n",
    "too_small",
    "label",
]
_METRICS = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}


def _table(data: Mapping[str, Any] | None, name: str) -> pd.DataFrame:
    if data is not None and name in data:
        return data[name]
    from cxkit.data import load

    return load(name)


def _fmt(value: float, decimals: int) -> str:
    text = f"{value:+.{decimals}f}" if decimals == 0 else f"{value:.{decimals}f}"
    return text.replace("-", "\u2212")


def fill_from_data(
    journey: JourneyMap,
    *,
    data: Mapping[str, pd.DataFrame] | None = None,
    metric: str = "nps",
    segment: str | None = None,
    confidence: float = 0.95,
    cluster: str | None = "customer_id",
    min_n: int = 30,
    tickets: bool = True,
    drop_off: bool = True,
) -> pd.DataFrame:
    r"""Measure each stage and touchpoint of a journey map on the course data.

    Parameters
    ----------
    journey : JourneyMap
        The map; its touchpoints' names and stages' names are looked up in the data.
    data : mapping of str to DataFrame, optional
        The course tables (``cxkit.data.load_all()``); missing tables are loaded.
    metric : {"nps", "csat", "ces"}, default "nps"
        The survey score per touchpoint.
    segment : {"B2C", "B2B"}, optional
        Only this segment's surveys, tickets and journeys (e.g. ``journey.persona.segment``);
        journeys of prospects (no customer id) are then left out of the drop-off.
    confidence : float, default 0.95
        Confidence level of the intervals.
    cluster : str or None, default "customer_id"
        Cluster the survey intervals by customer; ``None`` for the simple intervals.
    min_n : int, default 30
        Fewer answers (or, for the drop-off, fewer cases at the previous stage) are flagged
        ``too_small``.
    tickets, drop_off : bool, default True
        Include the ticket volumes and the drop-off per stage.

    Returns
    -------
    pandas.DataFrame
        One row per measured value, in the map's order, with the columns :data:`COLUMNS`:
        ``stage``; ``touchpoint`` (blank for a stage's drop-off); ``measure`` (``"NPS"``,
        ``"CSAT"``, ``"CES"``, ``"tickets"``, ``"drop-off"``); ``value``, ``low``, ``high``
        (the interval; NaN for ticket counts); ``n`` (answers, tickets, or cases at the previous
        stage); ``too_small``; ``label`` (the text drawn on the map). Touchpoints without any
        answer have no score row.

    Raises
    ------
    CXConfigError
        An unknown ``metric`` or ``segment``.
    CXDataError
        As :func:`cxkit.metrics.breakdown` and :func:`cxkit.journey.analytics.funnel`.

    Notes
    -----
    The scores are those of :func:`cxkit.metrics.breakdown` by touchpoint (NPS
    :math:`100(P-D)/n` with the Wald interval, CSAT with Wilson's, CES the mean with Student's
    :math:`t`), clustered by customer by default. The drop-off into stage :math:`k` of the
    map is :math:`100 - 100\,n_k/n_{k-1}` with :math:`n_k` the journeys reaching stage
    :math:`k` after stage :math:`k-1` (the ordered funnel of
    :func:`cxkit.journey.analytics.funnel`), and its interval is the Wilson interval of that
    conversion, turned round. Stages of the map that are not stages of the event log are skipped.

    Examples
    --------
    >>> from cxkit._paths import repo_root
    >>> from cxkit.journey.model import load_journey
    >>> j = load_journey(repo_root() / "datasets/journeys/office-manager.yaml")
    >>> t = fill_from_data(j, segment="B2B", drop_off=False)
    >>> t.loc[t["touchpoint"] == "support_phone", "measure"].tolist()
    ['NPS', 'tickets']
    """
    import pandas as pd

    from cxkit.metrics import breakdown

    if metric not in _METRICS:
        raise CXConfigError(f"metric={metric!r} is not a survey score; choose one of nps, csat, ces.")
    if segment is not None and segment not in ("B2C", "B2B"):
        raise CXConfigError(f"segment={segment!r}: choose 'B2C', 'B2B' or None (everyone).")
    rows: list[dict[str, Any]] = []

    surveys = _table(data, "surveys")
    if segment is not None:
        surveys = surveys.loc[surveys["segment"] == segment]
    on_map = journey.touchpoint_stages()
    answered = surveys.loc[surveys["touchpoint"].isin(list(on_map)) & surveys[metric].notna()]
    scores = None
    if len(answered):
        answered = answered.assign(touchpoint=answered["touchpoint"].astype(str))
        scores = breakdown(
            answered,
            metric,
            by="touchpoint",
            confidence=confidence,
            cluster=cluster,
            min_n=min_n,
        )
    counts = None
    if tickets:
        tk = _table(data, "tickets")
        if segment is not None:
            customers = _table(data, "customers")
            ids = customers.loc[customers["segment"] == segment, "customer_id"]
            tk = tk.loc[tk["customer_id"].isin(ids)]
        counts = tk["channel"].astype(str).value_counts()

    name = _METRICS[metric]
    decimals = 0 if metric in ("nps", "csat") else 1
    for stage in journey.stages:
        for tp in stage.touchpoints:
            if scores is not None and tp.name in scores.index:
                r = scores.loc[tp.name]
                small = bool(r["too_small"])
                label = (
                    f"{name} {tp.name}: {_fmt(r['value'], decimals)} "
                    f"[{_fmt(r['low'], decimals)}, {_fmt(r['high'], decimals)}], n={int(r['n'])}"
                    + (" (small n)" if small else "")
                )
                rows.append(
                    dict(
                        stage=stage.name,
                        touchpoint=tp.name,
                        measure=name,
                        value=float(r["value"]),
                        low=float(r["low"]),
                        high=float(r["high"]),
                        n=int(r["n"]),
                        too_small=small,
                        label=label,
                    )
                )
            if counts is not None and tp.name.startswith("support_"):
                n = int(counts.get(tp.name.removeprefix("support_"), 0))
                rows.append(
                    dict(
                        stage=stage.name,
                        touchpoint=tp.name,
                        measure="tickets",
                        value=float(n),
                        low=math.nan,
                        high=math.nan,
                        n=n,
                        too_small=False,
                        label=f"{n:,} tickets by {tp.channel}",
                    )
                )

    if drop_off:
        rows += _drop_off(journey, data, segment, confidence, min_n)
    order = {s: i for i, s in enumerate(journey.stage_names)}
    out = pd.DataFrame(rows, columns=COLUMNS)
    if len(out):
        out = out.sort_values("stage", key=lambda s: s.map(order), kind="stable")
    return out.reset_index(drop=True).astype({"n": "int64", "too_small": "bool"})


def _drop_off(
    journey: JourneyMap,
    data: Mapping[str, Any] | None,
    segment: str | None,
    confidence: float,
    min_n: int,
) -> list[dict[str, Any]]:
    from cxkit.journey.analytics import funnel

    events = _table(data, "events")
    if segment is not None:
        customers = _table(data, "customers")
        ids = customers.loc[customers["segment"] == segment, "customer_id"]
        events = events.loc[events["customer_id"].isin(ids)]
    present = set(events["stage"].astype(str).unique())
    stages = [s for s in journey.stage_names if s in present]
    if len(stages) < 2:
        return []
    table = funnel(events, stages=stages, activity="stage", confidence=confidence, min_n=min_n)
    rows = []
    for stage, r in table.iterrows():
        if r["step"] == 1:
            continue
        n = int(r["n"])  # the previous stage's journeys
        small = bool(r["too_small"])
        value = float(r["drop_off_pct"])
        low, high = 100 - float(r["high"]), 100 - float(r["low"])
        label = f"drop-off {value:.0f}% [{low:.0f}, {high:.0f}] of {n:,} journeys" + (
            " (small n)" if small else ""
        )
        rows.append(
            dict(
                stage=stage,
                touchpoint="",
                measure="drop-off",
                value=value,
                low=low,
                high=high,
                n=n,
                too_small=small,
                label=label,
            )
        )
    return rows
