"""Governance: who owns which touchpoint and which metric, and a check against the data.

``governance.yaml`` is Larkspur & Co.'s ownership table, RACI-like: for every touchpoint the team
**responsible** for the work (its leader is **accountable**), who is **consulted** and who is
**informed**, the metric the touchpoint is measured by and its target; and an owner for every CX
metric. :func:`ownership_check` lists every touchpoint found in the data (the catalogue, the surveys,
the journey events) beside its owner, so that a gap is computed rather than noticed by eye.

>>> load_ownership().loc["delivery", ["accountable", "responsible"]].tolist()
['Head of logistics', 'Logistics']
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXDataError

__all__ = ["GOVERNANCE_PATH", "load_ownership", "metric_targets", "ownership_check"]

#: The course's ownership table (module 10).
GOVERNANCE_PATH = Path(__file__).with_name("governance.yaml")

_FIELDS = {
    "touchpoints": ("touchpoint", "responsible", "consulted", "informed", "metric", "target"),
    "metrics": ("metric", "responsible", "consulted", "informed", "target"),
}


def load_ownership(*, kind: str = "touchpoints", path: str | Path | None = None) -> Any:
    """Read the ownership table: of the touchpoints (default) or of the metrics.

    Parameters
    ----------
    kind : {"touchpoints", "metrics"}, default "touchpoints"
    path : str or Path, optional
        A YAML file with the sections ``roles`` (team -> the person accountable), ``touchpoints``
        and ``metrics``; default the course's ``governance.yaml``.

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint (or metric): ``accountable`` (the responsible team's leader, from
        ``roles``), ``responsible``, ``consulted``, ``informed``, then ``metric`` (touchpoints only)
        and ``target``.

    Raises
    ------
    CXConfigError
        An unknown ``kind``.
    CXFileNotFoundError
        No such file.
    CXDataError
        A missing section or field, a row listed twice, a responsible team with no accountable
        person in ``roles``.

    Examples
    --------
    >>> m = load_ownership(kind="metrics")
    >>> m.loc["NPS", ["accountable", "responsible"]].tolist()
    ['Head of CX', 'CX team']
    """
    import pandas as pd
    import yaml

    from cxkit.errors import CXFileNotFoundError
    from cxkit.stats.checks import check_choice

    kind = check_choice(kind, tuple(_FIELDS), "kind")
    p = GOVERNANCE_PATH if path is None else Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"No ownership file at {p}.")
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not all(isinstance(raw.get(k), list | dict) for k in ("roles", *_FIELDS)):
        raise CXDataError(
            "missing sections", dataset=p.name, expected="the sections roles, touchpoints and metrics"
        )
    fields = _FIELDS[kind]
    roles = {str(k): str(v) for k, v in raw["roles"].items()}
    rows = raw[kind]
    for k, row in enumerate(rows):
        if not isinstance(row, dict) or sorted(row) != sorted(fields):
            raise CXDataError("wrong fields", dataset=p.name, column=kind, row=k, expected=", ".join(fields))
        if str(row["responsible"]) not in roles:
            raise CXDataError(
                "responsible team has no accountable person in roles",
                dataset=p.name,
                column="responsible",
                row=row[fields[0]],
                value=row["responsible"],
                expected="one of " + ", ".join(roles),
            )
    table = pd.DataFrame(rows, columns=list(fields)).astype(str)
    key = fields[0]
    dup = table[key].duplicated()
    if dup.any():
        raise CXDataError(
            "listed twice",
            dataset=p.name,
            column=key,
            value=table.loc[dup, key].iloc[0],
            expected="each once",
        )
    table.insert(1, "accountable", table["responsible"].map(roles))
    return table.set_index(key)


def metric_targets(*, path: str | Path | None = None) -> dict[str, float]:
    """Return each CX metric's target as a number: the leading number of its ``target`` text.

    ``"+30"`` is 30 (NPS points), ``"80% satisfied"`` is 80 (percent), ``"5.5 of 7"`` is 5.5 (the
    scale's units): the units are the metric's own, as its scores are reported.

    Parameters
    ----------
    path : str or Path, optional
        As in :func:`load_ownership`; default the course's ``governance.yaml``.

    Returns
    -------
    dict of str to float
        Metric name (as in the file: ``"NPS"``, ``"CSAT"``, ``"CES"``, ...) to its target.

    Raises
    ------
    CXDataError
        A target that does not start with a number (naming the metric and the text); as
        :func:`load_ownership` for the file.

    Examples
    --------
    >>> t = metric_targets()
    >>> t["NPS"], t["CSAT"], t["CES"]
    (30.0, 80.0, 5.5)
    """
    import re

    table = load_ownership(kind="metrics", path=path)
    out = {}
    for metric, text in table["target"].items():
        found = re.match(r"\s*([+-]?\d+(?:\.\d+)?)", str(text))
        if found is None:
            raise CXDataError(
                "a target that is not a number",
                dataset=(GOVERNANCE_PATH if path is None else Path(path)).name,
                column="target",
                row=metric,
                value=text,
                expected='a number first, e.g. "+30", "80% satisfied" or "5.5 of 7"',
            )
        out[str(metric)] = float(found.group(1))
    return out


def ownership_check(ownership: Any, touchpoints: Any, *, surveys: Any = None, events: Any = None) -> Any:
    """List every touchpoint found in the data beside its owner: the gaps are computed, not typed.

    The touchpoints looked for are the catalogue's and any other value of the ``touchpoint`` column
    of ``surveys`` and ``events`` (a survey about a touchpoint nobody listed is a gap too).

    Parameters
    ----------
    ownership : pandas.DataFrame
        :func:`load_ownership` (or the same columns, indexed by touchpoint).
    touchpoints : pandas.DataFrame
        The catalogue (``cxkit.data.load("touchpoints")``), with ``touchpoint`` and ``owner``.
    surveys, events : pandas.DataFrame, optional
        Tables with a ``touchpoint`` column whose values are looked for too.

    Returns
    -------
    pandas.DataFrame
        Indexed by touchpoint (catalogue order, then the others sorted): ``in_catalogue``,
        ``catalogue_owner``, ``accountable``, ``responsible``, ``metric``, ``has_owner`` (an
        accountable person and a responsible team are named) and ``owner_agrees`` (the
        responsible team is the catalogue's owner).

    Raises
    ------
    CXDataError
        A table without the columns needed.

    Examples
    --------
    >>> import pandas as pd
    >>> cat = pd.DataFrame({"touchpoint": ["delivery", "kiosk"], "owner": ["Logistics", "Stores"]})
    >>> c = ownership_check(load_ownership(), cat)
    >>> c["has_owner"].tolist()
    [True, False]
    """
    import pandas as pd

    from cxkit._checks import require_columns

    require_columns(touchpoints, ("touchpoint", "owner"), "touchpoint catalogue")
    if not isinstance(ownership, pd.DataFrame):
        raise CXConfigError(
            f"ownership must be a DataFrame from load_ownership(); got {type(ownership).__name__}."
        )
    require_columns(ownership, ("accountable", "responsible", "metric"), "ownership table")
    names = list(dict.fromkeys(touchpoints["touchpoint"].astype(str)))
    catalogue_owner = dict(
        zip(touchpoints["touchpoint"].astype(str), touchpoints["owner"].astype(str), strict=True)
    )
    extra: set[str] = set()
    for df, what in ((surveys, "survey table"), (events, "event log")):
        if df is not None:
            require_columns(df, ("touchpoint",), what)
            extra |= set(df["touchpoint"].dropna().astype(str)) - set(names)
    index = names + sorted(extra)
    own = ownership.reindex(index)
    out = pd.DataFrame(
        {
            "in_catalogue": [n in catalogue_owner for n in index],
            "catalogue_owner": [catalogue_owner.get(n) for n in index],
            "accountable": own["accountable"].to_numpy(),
            "responsible": own["responsible"].to_numpy(),
            "metric": own["metric"].to_numpy(),
        },
        index=pd.Index(index, name="touchpoint"),
    )
    named = out["accountable"].notna() & out["responsible"].notna()
    blank = out["accountable"].astype(str).str.strip().eq("") | out["responsible"].astype(str).str.strip().eq(
        ""
    )
    out["has_owner"] = named & ~blank
    out["owner_agrees"] = out["responsible"].eq(out["catalogue_owner"]) & out["in_catalogue"]
    return out
