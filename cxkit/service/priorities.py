r"""Which fix first: what each candidate fix is worth a year, from behaviour data, against its effort.

A *candidate fix* removes part of one **problem** that the behaviour data record: a late parcel
(orders) or a support ticket handled badly (tickets), optionally narrowed by a rule on the table
(``where: {channel: email}``). Its **value** is what the customers it would keep bring in:

    customers affected a year × the problem's effect on coming back × margin per returning customer
    × the share of the problem the fix removes,

segment by segment, the effect measured as module 08 measures it (the difference in the share who
ordered again within 180 days) and the margin discounted at the course's one rate
(:data:`cxkit.clv.DISCOUNT_RATE`). No survey answer enters: the course prices behaviour (returns,
margin), never a point of NPS. The **effort** is the team's own estimate (``fixes.yaml``: a
declared input). :func:`fix_value` prices one fix, :func:`fix_priorities` builds the impact/effort
table of all of them and :func:`plot_fix_priorities` draws its matrix.

>>> load_fixes()["effort"].gt(0).all()
np.True_
"""

from __future__ import annotations

import math
import numbers
from pathlib import Path
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.style import plotting

__all__ = [
    "FIXES_PATH",
    "FIX_COLUMNS",
    "FIX_QUADRANTS",
    "PROBLEMS",
    "fix_priorities",
    "fix_priorities_alt",
    "fix_value",
    "load_fixes",
    "plot_fix_priorities",
]

#: The course's candidate fixes for Larkspur & Co. (module 10).
FIXES_PATH = Path(__file__).with_name("fixes.yaml")

#: The fields of a candidate fix (``where``, a rule narrowing the problem, and ``assumption``, the
#: reason for the share ``removes``, are optional).
FIX_COLUMNS: tuple[str, ...] = ("id", "fix", "touchpoint", "owner", "effort", "problem", "removes")

#: The problems a fix can remove, as rules on the behaviour data (module 08's definitions).
PROBLEMS: dict[str, str] = {
    "late_delivery": "a parcel delivered after its promised date (orders: delivered_date > promised_date)",
    "ticket_handled_badly": "a support ticket reopened, not resolved at the first contact, or never "
    "resolved (tickets)",
}

#: The four quadrants of the impact/effort matrix, keyed by (high impact, high effort).
FIX_QUADRANTS: dict[tuple[bool, bool], str] = {
    (True, False): "Quick wins",
    (True, True): "Major projects",
    (False, False): "Fill-ins",
    (False, True): "Thankless tasks",
}

#: The ``method`` column of a fix's value: MOVER (Zou & Donner 2008) on the effect's Newcombe
#: interval and the margin's normal interval.
VALUE_METHOD = "mover"


def load_fixes(*, path: str | Path | None = None) -> Any:
    """Read and check a YAML file of candidate fixes (default: the course's ``fixes.yaml``).

    The file holds ``unit`` (the unit of effort, e.g. ``person-weeks``) and ``fixes``: a list of
    mappings with the fields :data:`FIX_COLUMNS` (``effort`` a positive number, ``problem`` one of
    :data:`PROBLEMS`, ``removes`` the share of the problem the fix removes, from 0 to 1), and
    optionally ``where`` (columns of the problem's table and the values kept) and ``assumption``.

    Returns
    -------
    pandas.DataFrame
        One row per fix, the columns :data:`FIX_COLUMNS`, ``where``, ``assumption`` and ``unit``.

    Raises
    ------
    CXFileNotFoundError
        The file does not exist.
    CXDataError
        A missing section or field, an effort that is not a positive number, an unknown problem, a
        share outside 0 to 1, an id used twice.

    Examples
    --------
    >>> f = load_fixes()
    >>> f.loc[0, ["id", "problem", "unit"]].tolist(), float(f.loc[0, "removes"])
    (['late-parcel-notice', 'late_delivery', 'person-weeks'], 0.2)
    """
    import pandas as pd
    import yaml

    from cxkit.errors import CXFileNotFoundError

    p = FIXES_PATH if path is None else Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"No file of candidate fixes at {p}.")
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("fixes"), list) or not raw.get("unit"):
        raise CXDataError("missing sections", dataset=p.name, expected="the sections unit and fixes (a list)")
    optional = {"where", "assumption"}
    for k, row in enumerate(raw["fixes"]):
        if (
            not isinstance(row, dict)
            or not set(FIX_COLUMNS) <= set(row)
            or set(row) - set(FIX_COLUMNS) - optional
        ):
            raise CXDataError(
                "wrong fields",
                dataset=p.name,
                row=k,
                value=sorted(row) if isinstance(row, dict) else row,
                expected=", ".join(FIX_COLUMNS) + " (and optionally where, assumption)",
            )
    table = pd.DataFrame(raw["fixes"], columns=[*FIX_COLUMNS, "where", "assumption"])
    table["unit"] = str(raw["unit"])
    return _check_fixes(table, p.name)


def _check_fixes(fixes: Any, dataset: str = "fixes") -> Any:
    """Check a table of candidate fixes and return a clean copy (effort and removes as float)."""
    import pandas as pd

    from cxkit._checks import require_columns

    require_columns(fixes, FIX_COLUMNS, "table of candidate fixes")
    if len(fixes) == 0:
        raise CXDataError("no candidate fixes", dataset=dataset, expected="at least one row")
    out = fixes.reset_index(drop=True).copy()
    for col in ("where", "assumption"):
        if col not in out:
            out[col] = None
    for k in range(len(out)):
        row = f"{k} ({out.loc[k, 'id']})"
        v = out.loc[k, "effort"]
        ok = isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v) and float(v) > 0
        if not ok:
            raise CXDataError(
                "effort is not a positive number",
                dataset=dataset,
                column="effort",
                row=row,
                value=v,
                expected="a positive number (the team's estimate, e.g. in person-weeks)",
            )
        r = out.loc[k, "removes"]
        ok = (
            isinstance(r, numbers.Real)
            and not isinstance(r, bool)
            and math.isfinite(r)
            and 0 <= float(r) <= 1
        )
        if not ok:
            raise CXDataError(
                "removes is not a share",
                dataset=dataset,
                column="removes",
                row=row,
                value=r,
                expected="the share of the problem the fix removes, 0 to 1 (an assumption to write down)",
            )
        if out.loc[k, "problem"] not in PROBLEMS:
            raise CXDataError(
                "unknown problem",
                dataset=dataset,
                column="problem",
                row=row,
                value=out.loc[k, "problem"],
                expected="one of: " + ", ".join(PROBLEMS),
            )
        w = out.loc[k, "where"]
        if w is not None and not (isinstance(w, float) and math.isnan(w)) and not isinstance(w, dict):
            raise CXDataError(
                "where is not a rule",
                dataset=dataset,
                column="where",
                row=row,
                value=w,
                expected="a mapping of a column to the value (or list of values) kept, e.g. {channel: email}",
            )
    ids = out["id"].astype(str)
    dup = ids.duplicated()
    if dup.any():
        k = int(np.argmax(dup.to_numpy()))
        raise CXDataError(
            "fix id used twice", dataset=dataset, column="id", row=k, value=ids[k], expected="unique ids"
        )
    out["id"] = ids
    out["effort"] = pd.to_numeric(out["effort"]).astype(float)
    out["removes"] = pd.to_numeric(out["removes"]).astype(float)
    out["where"] = [w if isinstance(w, dict) else None for w in out["where"]]
    if "unit" not in out:
        out["unit"] = "effort units"
    return out


def _when(values: Any, column: str, what: str) -> Any:
    import pandas as pd

    if not pd.api.types.is_datetime64_any_dtype(values):
        raise CXDataError(
            f"{what} must be dates or timestamps",
            column=column,
            value=str(values.dtype),
            expected="a datetime column (cxkit.data.load reads the course's dates as datetimes)",
        )
    return values


def _flags(tickets: Any) -> Any:
    """Flag the tickets handled badly: reopened, not resolved at first contact, or never resolved."""
    import pandas as pd

    out = []
    for col in ("reopened", "first_contact_resolution"):
        v = tickets[col]
        ok = v.isna() | v.isin([True, False])
        if not ok.all():
            pos = int(np.flatnonzero(~ok.to_numpy())[0])
            raise CXDataError(
                "not True or False",
                dataset="tickets",
                column=col,
                row=f"{pos} ({tickets.index[pos]})",
                value=v.iloc[pos],
                expected="True or False",
            )
        out.append(v.fillna(False).astype(bool))
    return pd.Series(out[0] | ~out[1] | tickets["resolved_at"].isna(), index=tickets.index)


def _events(problem: str, orders: Any, tickets: Any) -> tuple[Any, Any, str]:
    """Return (table of the problem's events, mask of the problem, time column) for counting."""
    from cxkit._checks import require_columns

    if problem == "late_delivery":
        require_columns(
            orders, ["customer_id", "timestamp", "promised_date", "delivered_date"], "table of orders"
        )
        _when(orders["delivered_date"], "delivered_date", "the delivery date")
        _when(orders["promised_date"], "promised_date", "the promised date")
        bad = (orders["delivered_date"] > orders["promised_date"]).fillna(False).astype(bool)
        return orders, bad, "delivered_date"
    require_columns(
        tickets,
        ["customer_id", "opened_at", "resolved_at", "reopened", "first_contact_resolution"],
        "table of tickets",
    )
    _when(tickets["opened_at"], "opened_at", "the time the ticket was opened")
    return tickets, _flags(tickets), "opened_at"


def _starts(problem: str, orders: Any, tickets: Any) -> Any:
    """Return module 08's starts: one per customer, ``problem`` True/False (first delivery or ticket)."""
    import pandas as pd

    if problem == "late_delivery":
        first = orders.sort_values("timestamp", kind="stable").groupby("customer_id").head(1)
        first = first.dropna(subset=["delivered_date"])
        return pd.DataFrame(
            {
                "customer_id": first["customer_id"].to_numpy(),
                "start": first["delivered_date"].to_numpy(),
                "problem": (first["delivered_date"] > first["promised_date"]).fillna(False).to_numpy(bool),
            }
        )
    done = tickets.dropna(subset=["resolved_at"])
    first = done.sort_values("opened_at", kind="stable").groupby("customer_id").head(1)
    return pd.DataFrame(
        {
            "customer_id": first["customer_id"].to_numpy(),
            "start": first["resolved_at"].to_numpy(),
            "problem": _flags(first).to_numpy(bool),
        }
    )


def _apply_where(table: Any, mask: Any, where: dict[str, Any] | None, fix: str) -> Any:
    """Narrow the problem's mask by the fix's rule (a column and the values kept)."""
    if not where:
        return mask
    for col, kept in where.items():
        if col not in table.columns:
            raise CXDataError(
                "the fix's rule names a column the problem's table does not have",
                dataset="fixes",
                column="where",
                row=fix,
                value=col,
                expected="one of: " + ", ".join(map(str, table.columns)),
            )
        values = kept if isinstance(kept, list) else [kept]
        mask = mask & table[col].astype(str).isin([str(v) for v in values]).to_numpy()
    return mask


def _number(value: Any, name: str, lo: float, hi: float, what: str) -> float:
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or not lo <= float(value) <= hi:
        raise CXConfigError(f"{name} must be {what} (from {lo:g} to {hi:g}); got {value!r}.")
    return float(value)


def _segments(customers: Any, segment: str | None) -> Any:
    import pandas as pd

    from cxkit._checks import require_columns

    if segment is None:
        return None
    require_columns(customers, ["customer_id", segment], "table of customers")
    return pd.Series(customers[segment].astype(str).to_numpy(), index=customers["customer_id"].astype(str))


def _segment_of(ids: Any, seg: Any) -> Any:
    if seg is None:
        return np.full(len(ids), "all", dtype=object)
    out = seg.reindex(np.asarray(ids).astype(str)).to_numpy(dtype=object)
    missing = np.array([not isinstance(x, str) for x in out])
    if missing.any():
        pos = int(np.flatnonzero(missing)[0])
        raise CXDataError(
            "a customer is not in the table of customers",
            dataset="customers",
            column="customer_id",
            value=str(np.asarray(ids)[pos]),
            expected="every customer of the orders and tickets in the customers table, with a segment",
        )
    return out


def _measure(
    problem: str,
    orders: Any,
    tickets: Any,
    seg: Any,
    *,
    as_of: Any,
    within: float,
    horizon: float,
    margin: float,
    vat: float,
    discount_rate: float,
) -> dict[str, dict[str, float]]:
    """Measure the problem's effect and the discounted margin of a returning customer, per segment."""
    import pandas as pd

    from cxkit._checks import require_columns
    from cxkit.retention.survival import time_to_next_order

    require_columns(orders, ["customer_id", "timestamp", "value"], "table of orders")
    _when(orders["timestamp"], "timestamp", "the order time")
    _events(problem, orders, tickets)  # checks the problem's columns first
    starts = _starts(problem, orders, tickets)
    followed = time_to_next_order(starts, orders, as_of=as_of)
    followed["segment"] = _segment_of(followed["customer_id"], seg)
    full = followed["days_to_end"].to_numpy(float) >= within
    back = followed["returned"].to_numpy(bool) & (followed["days"].to_numpy(float) <= within)
    bad = followed["problem"].to_numpy(bool)
    # the margin a returning customer brings: orders in the horizon after the start, without VAT,
    # times the margin, each discounted to the start at the yearly rate
    keep = full & back & ~bad & (followed["days_to_end"].to_numpy(float) >= horizon)
    s = followed.loc[keep, ["customer_id", "start", "segment"]].reset_index(drop=True)
    s["_row"] = np.arange(len(s))
    o = pd.DataFrame(
        {
            "customer_id": orders["customer_id"].to_numpy(),
            "_t": orders["timestamp"].to_numpy(),
            "_v": orders["value"].to_numpy(dtype=float),
        }
    )
    j = s[["customer_id", "start", "_row"]].merge(o, on="customer_id")
    days = (j["_t"] - j["start"]) / pd.Timedelta(days=1)
    j = j[(days > 0) & (days <= horizon)]
    days = days[j.index]
    pv = j["_v"] / (1 + vat) * margin * (1 + discount_rate) ** (-days / 365.0)
    m = pv.groupby(j["_row"]).sum().reindex(s["_row"], fill_value=0.0).to_numpy()
    out: dict[str, dict[str, float]] = {}
    for name in pd.unique(followed["segment"]):
        here = followed["segment"].to_numpy() == name
        a, b = full & here & bad, full & here & ~bad
        n_a, n_b = int(a.sum()), int(b.sum())
        p_a = back[a].mean() if n_a else np.nan
        p_b = back[b].mean() if n_b else np.nan
        ms = m[s["segment"].to_numpy() == name]
        x_a, x_b = int(back[a].sum()), int(back[b].sum())
        out[str(name)] = {
            "n_a": n_a,
            "n_b": n_b,
            "x_a": x_a,
            "x_b": x_b,
            "effect": p_a - p_b,
            "margin": float(ms.mean()) if len(ms) else np.nan,
            "se_margin": float(ms.std(ddof=1) / math.sqrt(len(ms))) if len(ms) > 1 else np.nan,
            "n_margin": len(ms),
        }
    return out


def _affected(
    problem: str, orders: Any, tickets: Any, seg: Any, where: Any, fix: str, as_of: Any
) -> dict[str, int]:
    """Distinct customers with the (narrowed) problem in the year before ``as_of``, per segment."""
    import pandas as pd

    table, mask, col = _events(problem, orders, tickets)
    mask = _apply_where(table, mask.to_numpy(bool), where, fix)
    when = table[col]
    year = ((when >= as_of - pd.Timedelta(days=365)) & (when < as_of)).fillna(False).to_numpy(bool)
    ids = table.loc[mask & year, "customer_id"].astype(str).drop_duplicates()
    segs = _segment_of(ids, seg)
    return {str(k): int(v) for k, v in pd.Series(segs).value_counts().items()}


def _as_of(orders: Any, as_of: Any) -> Any:
    import pandas as pd

    from cxkit.data.parse import read_date

    if as_of is None:
        return _when(orders["timestamp"], "timestamp", "the order time").max().normalize() + pd.Timedelta(
            days=1
        )
    return read_date(as_of, "as_of")


def _effect_interval(m: dict[str, float], confidence: float) -> tuple[float, float]:
    """Newcombe's (1998) interval of a segment's effect (a fraction), as module 08 reports it."""
    from cxkit.stats.intervals import proportion_difference_newcombe

    if not (m["n_a"] and m["n_b"]):
        return np.nan, np.nan
    low, high, _ = proportion_difference_newcombe(
        int(m["x_a"]), int(m["n_a"]), int(m["x_b"]), int(m["n_b"]), confidence=confidence
    )
    return float(low), float(high)


def _rows(
    affected: dict[str, int],
    measured: dict[str, dict[str, float]],
    removes: float,
    *,
    confidence: float,
    min_n: int,
) -> Any:
    """One row per segment and a ``total`` row: the value, its MOVER interval, the inputs."""
    import pandas as pd

    from cxkit.stats.intervals import z_quantile
    from cxkit.stats.rates import interval_columns

    z = z_quantile(confidence)
    names = list(dict.fromkeys([*measured, *affected]))
    empty = {"n_a": 0, "n_b": 0, "x_a": 0, "x_b": 0, "effect": np.nan, "margin": np.nan}
    rows: dict[str, dict[str, float]] = {}
    for name in names:
        count = affected.get(name, 0)
        m = {**empty, "se_margin": np.nan, "n_margin": 0, **measured.get(name, {})}
        e_low, e_high = _effect_interval(m, confidence)
        k = count * removes
        if count == 0:
            value = low = high = 0.0
        else:
            # V = k a b with a = -effect (Newcombe's interval) and b = margin (normal interval):
            # MOVER on V's first-order expansion k a b + k b (a^ - a) + k a (b^ - b).
            a, b = -m["effect"], m["margin"]
            b_low, b_high = b - z * m["se_margin"], b + z * m["se_margin"]
            value = k * a * b
            t1 = (k * b * -e_high, k * b * -e_low)  # the effect's term, b > 0
            t2 = (k * a * b_low, k * a * b_high) if a >= 0 else (k * a * b_high, k * a * b_low)
            low = value - math.sqrt((value - t1[0]) ** 2 + (value - t2[0]) ** 2)
            high = value + math.sqrt((t1[1] - value) ** 2 + (t2[1] - value) ** 2)
        rows[name] = {
            "value": value,
            "dlow": value - low,
            "dhigh": high - value,
            "n": m["n_a"] + m["n_b"],
            "small": bool(min(m["n_a"], m["n_b"], m["n_margin"]) < min_n),
            "affected": count,
            "effect": 100 * m["effect"],
            "effect_low": 100 * e_low,
            "effect_high": 100 * e_high,
            "margin": m["margin"],
        }
    total = sum(r["affected"] for r in rows.values())
    used = [r for r in rows.values() if r["affected"] > 0]
    w = [r["affected"] / total for r in used]

    def _weighted(key: str) -> float:
        return float(sum(wi * r[key] for wi, r in zip(w, used, strict=True))) if used else np.nan

    # Independent segments: the total's interval is MOVER's for a sum (Zou & Donner 2008).
    value_total = float(sum(r["value"] for r in rows.values()))
    rows["total"] = {
        "value": value_total,
        "dlow": math.sqrt(sum(r["dlow"] ** 2 for r in rows.values())),
        "dhigh": math.sqrt(sum(r["dhigh"] ** 2 for r in rows.values())),
        "n": int(sum(r["n"] for r in rows.values())),
        "small": any(r["small"] for r in used),
        "affected": total,
        "effect": _weighted("effect"),
        # the weighted effect's interval, MOVER for a weighted sum of independent segments
        "effect_low": _weighted("effect")
        - math.sqrt(sum((wi * (r["effect"] - r["effect_low"])) ** 2 for wi, r in zip(w, used, strict=True)))
        if used
        else np.nan,
        "effect_high": _weighted("effect")
        + math.sqrt(sum((wi * (r["effect_high"] - r["effect"])) ** 2 for wi, r in zip(w, used, strict=True)))
        if used
        else np.nan,
        "margin": _weighted("margin"),
    }
    t = pd.DataFrame.from_dict(rows, orient="index")
    value = t["value"].to_numpy(float)
    cols = interval_columns(
        value,
        t["n"].to_numpy(),
        value - t["dlow"].to_numpy(float),
        value + t["dhigh"].to_numpy(float),
        method=VALUE_METHOD,
        confidence=confidence,
        min_n=min_n,
    )
    cols["too_small"] = t["small"].to_numpy(bool)
    low, high = cols["low"], cols["high"]
    out = pd.DataFrame(
        {
            **cols,
            "affected": t["affected"].to_numpy(np.int64),
            "removes": removes,
            "effect": t["effect"].to_numpy(float),
            "effect_low": t["effect_low"].to_numpy(float),
            "effect_high": t["effect_high"].to_numpy(float),
            "margin_per_return": t["margin"].to_numpy(float),
            "crosses_zero": (low <= 0) & (high >= 0) & (high > low),
        },
        index=pd.Index(list(t.index), name="segment"),
    )
    return out


def fix_value(
    orders: Any,
    tickets: Any,
    customers: Any,
    /,
    *,
    problem: str,
    where: dict[str, Any] | None = None,
    removes: float,
    as_of: Any = None,
    within: float = 180,
    horizon: float = 365,
    margin: float = 0.30,
    vat: float = 0.20,
    discount_rate: float | None = None,
    segment: str | None = "segment",
    confidence: float = 0.95,
    min_n: int = 30,
) -> Any:
    r"""Price one fix from behaviour: the margin a year of the customers it would keep, with its interval.

    For each segment :math:`s` (consumers and business customers return at different rates, and
    module 08 finds effects of different sizes in them):

    .. math::

        V_s = N_s \times r \times (-\Delta_s) \times M_s, \qquad V = \sum_s V_s,

    where :math:`N_s` is the number of distinct customers who met the problem (narrowed by
    ``where``) in the year before ``as_of``; :math:`r` = ``removes``, the share of the problem the
    fix removes (a written assumption, not data); :math:`\Delta_s` the problem's effect on
    behaviour, measured as module 08 measures it: among each customer's *first* delivery (for
    ``late_delivery``) or first resolved ticket (``ticket_handled_badly``), followed at least
    ``within`` days, the share who ordered again within ``within`` days with the problem minus
    without it (:func:`cxkit.retention.time_to_next_order`; the same numbers as
    :func:`cxkit.retention.compare_return`'s segment rows); and :math:`M_s` the margin a returning
    customer brings: among the customers without the problem who ordered again within ``within``
    days and can be followed ``horizon`` days, the mean over customers of

    .. math::

        \sum_{\text{orders } j \text{ in } (0,\,\text{horizon}]}
        \frac{\text{value}_j}{1 + \text{vat}} \times \text{margin} \times (1 + d)^{-t_j / 365},

    order values without VAT (the course data include it) at the gross ``margin``, each discounted
    from its day :math:`t_j` after the start at the yearly rate :math:`d` (``discount_rate``,
    default the course's :data:`cxkit.clv.DISCOUNT_RATE`).

    The effect's interval is Newcombe's (1998, method 10), the one module 08 reports
    (:func:`cxkit.retention.compare_return`): the Wald interval, :math:`\Delta \pm z\,\mathrm{SE}`,
    covers badly for a small group or a share near 100 % (a few dozen late parcels of business
    customers who nearly all come back), and would tell a different story from module 08's table.
    The value's interval carries it through by MOVER, the method of variance estimates recovery
    (Zou & Donner 2008; Newcombe's interval is itself one), applied to the first-order expansion
    of the product (Oehlert 1992), :math:`V_s \approx N_s r [a M + M (\hat a - a) + a (\hat M - M)]`
    with :math:`a = -\Delta_s`: with :math:`(l_1, u_1)` the first term's limits from the effect's
    interval (:math:`N_s r M_s` times its limits) and :math:`(l_2, u_2)` the second's from the
    margin's normal interval :math:`M_s \pm z\,s/\sqrt n` (:math:`N_s r a_s` times its limits),

    .. math::

        L = V - \sqrt{(V - l_1)^2 + (V - l_2)^2}, \qquad U = V + \sqrt{(u_1 - V)^2 + (u_2 - V)^2}.

    The effect and the margin are taken as independent (the margin is a mean over the returning
    customers, the effect a difference of shares). With a symmetric effect interval this is the
    delta method, :math:`\mathrm{Var}(V_s) \approx (N_s r)^2 [M_s^2 \mathrm{Var}(\Delta_s) +
    \Delta_s^2 \mathrm{Var}(M_s)]` (Goodman 1960 gives the exact variance, with one more term).
    Segments are independent: the total's limits add the segments' distances in quadrature (MOVER
    for a sum). Because the margin is measured far more precisely than the effect, the value's
    interval crosses zero (``crosses_zero``) practically when the effect's does. :math:`N_s` is
    counted, not estimated, and :math:`r` is assumed: neither carries an interval.

    Parameters
    ----------
    orders, tickets, customers : pandas.DataFrame
        ``cxkit.data.load("orders")``, ``load("tickets")``, ``load("customers")`` or the same
        columns (``tickets`` may be ``None`` for ``late_delivery``).
    problem : str
        One of :data:`PROBLEMS`.
    where : dict, optional
        A rule narrowing the problem's events (columns of its table and the values kept), e.g.
        ``{"channel": "email"}``. The effect is measured on the whole problem (assumed the same in
        every channel or category), the count of affected customers on the narrowed one.
    removes : float
        The share of the problem the fix removes, from 0 to 1.
    as_of : date-like, optional
        The end of the data (the day after the last order by default: ``2026-01-01`` for the course).
    within : float, default 180
        The window of "ordered again", in days (module 08's).
    horizon : float, default 365
        The days of margin counted after the start.
    margin, vat : float, default 0.30 and 0.20
        Gross margin on sales without VAT, and the VAT rate included in the order values.
    discount_rate : float, optional
        Per year; default :data:`cxkit.clv.DISCOUNT_RATE` (10%).
    segment : str or None, default "segment"
        The column of ``customers`` holding the segment; None prices all customers as one group.
    confidence : float, default 0.95
    min_n : int, default 30
        A segment with fewer starts in either group, or fewer returning customers to measure the
        margin on, is flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row per segment and a last row ``total`` (only ``total`` with ``segment=None``),
        indexed by ``segment``: first
        :data:`cxkit.stats.INTERVAL_COLUMNS` (``value`` in euros a year, the unit of the order
        values; ``n`` the starts compared; method ``"mover"``), then ``affected`` (customers a
        year), ``removes``, ``effect`` with ``effect_low``/``effect_high`` (points of the share who
        ordered again within ``within`` days, Newcombe's interval; the total row's is the mean over
        segments weighted by the affected customers, its interval MOVER's for a weighted sum),
        ``margin_per_return`` (euros) and ``crosses_zero`` (the value's interval includes zero: the
        data cannot tell a gain from nothing).

    Raises
    ------
    CXConfigError
        An unknown ``problem``; ``removes``, ``margin``, ``vat``, ``discount_rate``, ``within`` or
        ``horizon`` out of range; a bad ``confidence`` or ``min_n``.
    CXDataError
        A missing column; dates that are not dates; a customer missing from ``customers``; a
        ``where`` naming a column the problem's table does not have.

    References
    ----------
    Goodman, L. A. (1960). On the exact variance of products. *Journal of the American Statistical
    Association*, 55(292), 708-713.

    Newcombe, R. G. (1998). Interval estimation for the difference between independent proportions:
    comparison of eleven methods. *Statistics in Medicine*, 17(8), 873-890.

    Oehlert, G. W. (1992). A note on the delta method. *The American Statistician*, 46(1), 27-29.

    Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about effect measures: a
    general approach. *Statistics in Medicine*, 27(10), 1693-1702.

    Examples
    --------
    Customers a, b (late first parcel) and c, d (on time), one segment. Of the late two, one came
    back within 180 days (50%); of the on-time two, both (100%): an effect of -50 points. The
    returning on-time customers bring 120 and 240 euros (VAT included) 100 days after their start:
    margin 100 × 0.3 and 200 × 0.3 without VAT, mean 45 euros before discounting. One customer had a
    late parcel in the last year; a fix removing all of it keeps 1 × 0.5 customers, worth about
    22 euros.

    >>> import pandas as pd
    >>> d = pd.to_datetime
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d", "a", "c", "d"],
    ...     "timestamp": d(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01",
    ...                     "2024-03-01", "2024-04-10", "2024-04-10"]),
    ...     "value": [60.0, 60.0, 60.0, 60.0, 60.0, 120.0, 240.0],
    ...     "promised_date": d(["2024-01-03"] * 4 + ["2024-03-03", "2024-04-12", "2024-04-12"]),
    ...     "delivered_date": d(["2024-01-09", "2024-01-09", "2024-01-01", "2024-01-01",
    ...                          "2024-03-09", "2024-04-12", "2024-04-12"])})
    >>> customers = pd.DataFrame({"customer_id": list("abcd"), "segment": "B2C"})
    >>> t = fix_value(orders, None, customers, problem="late_delivery", removes=1.0,
    ...               as_of="2025-03-01", discount_rate=0.0, min_n=1)
    >>> t.loc["total", ["effect", "margin_per_return", "value"]].tolist()
    [-50.0, 45.0, 22.5]
    """
    from cxkit.clv.simple import DISCOUNT_RATE
    from cxkit.stats.checks import check_confidence, check_min_n

    if problem not in PROBLEMS:
        raise CXConfigError(f"problem must be one of {', '.join(PROBLEMS)}; got {problem!r}.")
    r = _number(removes, "removes", 0, 1, "the share of the problem the fix removes")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    opts = _options(within, horizon, margin, vat, DISCOUNT_RATE if discount_rate is None else discount_rate)
    end = _as_of(orders, as_of)
    seg = _segments(customers, segment)
    measured = _measure(problem, orders, tickets, seg, as_of=end, **opts)
    affected = _affected(problem, orders, tickets, seg, where, "where", end)
    out = _rows(affected, measured, r, confidence=confidence, min_n=min_n)
    return out.loc[["total"]] if seg is None else out


def _options(within: Any, horizon: Any, margin: Any, vat: Any, discount_rate: Any) -> dict[str, float]:
    return {
        "within": _number(within, "within", 1, 3650, "a number of days"),
        "horizon": _number(horizon, "horizon", 1, 3650, "a number of days"),
        "margin": _number(margin, "margin", 0, 1, "a share such as 0.3"),
        "vat": _number(vat, "vat", 0, 1, "a share such as 0.2"),
        "discount_rate": _number(discount_rate, "discount_rate", 0, 1, "a yearly rate such as 0.1"),
    }


def fix_priorities(
    orders: Any,
    tickets: Any,
    customers: Any,
    /,
    *,
    fixes: Any = None,
    as_of: Any = None,
    within: float = 180,
    horizon: float = 365,
    margin: float = 0.30,
    vat: float = 0.20,
    discount_rate: float | None = None,
    segment: str | None = "segment",
    cuts: str | tuple[float, float] = "median",
    confidence: float = 0.95,
    min_n: int = 30,
) -> Any:
    r"""Price every candidate fix from behaviour data (:func:`fix_value`) and place it against its effort.

    Each fix's **impact** is its value a year, :math:`\sum_s N_s \, r \, (-\Delta_s) \, M_s`, with its
    interval (MOVER on the effect's Newcombe interval, see :func:`fix_value`): customers affected a year
    (counted on orders or tickets by the fix's rule) × the share of the problem it removes (``removes``,
    a written assumption) × the problem's effect on coming back within ``within`` days (measured as in
    module 08, per segment) × the discounted margin a returning customer brings (see :func:`fix_value`
    for the formula, the interval and the references). Survey answers play no part: the count of
    affected customers comes from what happened (a late parcel, a ticket handled badly), not from who
    answered a survey, so more answers change no fix's value. Fixes on the same problem share its effect
    and margin: their values overlap and must not be added.

    The **quadrant** compares each fix with cut lines (default: the medians of impact and effort
    over the fixes whose value is not ``too_small``; ``"mean"``, or a pair ``(impact, effort)``):
    high impact (at or above the cut) and low effort (below it) are *Quick wins*; high and high
    *Major projects*; low and low *Fill-ins*; low impact and high effort *Thankless tasks*
    (Martilla & James 1977's grid, on value and effort). ``value_per_effort`` orders fixes within
    a quadrant.

    Parameters
    ----------
    orders, tickets, customers : pandas.DataFrame
        As for :func:`fix_value`.
    fixes : pandas.DataFrame or path, optional
        Candidate fixes with the columns :data:`FIX_COLUMNS` (see :func:`load_fixes`); a path to a
        YAML file; default the course's ``fixes.yaml``.
    as_of, within, horizon, margin, vat, discount_rate, segment
        As for :func:`fix_value`.
    cuts : "median", "mean" or (float, float), default "median"
        Where the quadrant lines are: (impact, effort).
    confidence : float, default 0.95
    min_n : int, default 30

    Returns
    -------
    pandas.DataFrame
        Indexed by fix id, sorted by value (largest first): :data:`cxkit.stats.INTERVAL_COLUMNS`
        (``value`` in euros a year, with ``low``/``high``; method ``"mover"``), then ``fix,
        touchpoint, owner, problem, removes, effort, unit, affected`` (customers a year),
        ``effect, effect_low, effect_high`` (points), ``margin_per_return`` (euros),
        ``crosses_zero``, ``value_per_effort, impact_cut, effort_cut, quadrant``.

    Raises
    ------
    CXConfigError
        A bad ``cuts``, or an option of :func:`fix_value` out of range.
    CXDataError
        A missing column; an effort that is not a positive number, a share ``removes`` outside 0 to
        1, an unknown problem, a rule naming a column its table does not have.

    References
    ----------
    Martilla, J. A. & James, J. C. (1977). Importance-performance analysis. *Journal of
    Marketing*, 41(1), 77-79.

    Examples
    --------
    The orders of :func:`fix_value`'s example: a notice that removes a fifth of the late parcels'
    loss is worth a fifth of 22.5 euros.

    >>> import pandas as pd
    >>> d = pd.to_datetime
    >>> orders = pd.DataFrame({
    ...     "customer_id": ["a", "b", "c", "d", "a", "c", "d"],
    ...     "timestamp": d(["2024-01-01", "2024-01-01", "2024-01-01", "2024-01-01",
    ...                     "2024-03-01", "2024-04-10", "2024-04-10"]),
    ...     "value": [60.0, 60.0, 60.0, 60.0, 60.0, 120.0, 240.0],
    ...     "promised_date": d(["2024-01-03"] * 4 + ["2024-03-03", "2024-04-12", "2024-04-12"]),
    ...     "delivered_date": d(["2024-01-09", "2024-01-09", "2024-01-01", "2024-01-01",
    ...                          "2024-03-09", "2024-04-12", "2024-04-12"])})
    >>> customers = pd.DataFrame({"customer_id": list("abcd"), "segment": "B2C"})
    >>> fixes = pd.DataFrame({"id": ["notice"], "fix": ["Warn about late parcels"],
    ...     "touchpoint": ["delivery"], "owner": ["Logistics"], "effort": [2],
    ...     "problem": ["late_delivery"], "removes": [0.2]})
    >>> t = fix_priorities(orders, None, customers, fixes=fixes, as_of="2025-03-01",
    ...                    discount_rate=0.0, min_n=1)
    >>> round(float(t.loc["notice", "value"]), 2), int(t.loc["notice", "affected"])
    (4.5, 1)
    """
    import pandas as pd

    from cxkit.clv.simple import DISCOUNT_RATE
    from cxkit.journey.quadrants import check_cuts
    from cxkit.stats.checks import check_confidence, check_min_n

    check_cuts(cuts)
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    opts = _options(within, horizon, margin, vat, DISCOUNT_RATE if discount_rate is None else discount_rate)
    table = load_fixes(path=fixes) if fixes is None or isinstance(fixes, str | Path) else _check_fixes(fixes)
    end = _as_of(orders, as_of)
    seg = _segments(customers, segment)
    measured: dict[str, Any] = {}
    totals = []
    for k in range(len(table)):
        fix = table.loc[k]
        problem = str(fix["problem"])
        if problem not in measured:
            measured[problem] = _measure(problem, orders, tickets, seg, as_of=end, **opts)
        affected = _affected(problem, orders, tickets, seg, fix["where"], f"{k} ({fix['id']})", end)
        rows = _rows(affected, measured[problem], float(fix["removes"]), confidence=confidence, min_n=min_n)
        totals.append(rows.loc["total"])
    out = pd.DataFrame(totals).reset_index(drop=True)
    out.index = pd.Index(table["id"].to_numpy(), name="id")
    for col in ("n", "affected"):
        out[col] = out[col].astype(np.int64)
    for col in ("too_small", "crosses_zero"):
        out[col] = out[col].astype(bool)
    out = out.drop(columns="removes")
    about = table.set_index("id")[["fix", "touchpoint", "owner", "problem", "removes", "effort", "unit"]]
    head = list(out.columns[:8])
    out = pd.concat([out[head], about, out[out.columns[8:]]], axis=1)
    out["value_per_effort"] = out["value"] / out["effort"]
    i_cut, e_cut = _cut_values(out, cuts)
    out["impact_cut"] = i_cut
    out["effort_cut"] = e_cut
    quad = [
        FIX_QUADRANTS[(bool(i >= i_cut), bool(e >= e_cut))] if np.isfinite(i) and np.isfinite(i_cut) else None
        for i, e in zip(out["value"], out["effort"], strict=True)
    ]
    out["quadrant"] = pd.Series(quad, index=out.index, dtype="string")
    return out.sort_values("value", ascending=False, na_position="last", kind="stable")


def _cut_values(out: Any, cuts: Any) -> tuple[float, float]:
    """Return the impact and effort cuts: given, or the median (mean) over the rated fixes."""
    if not isinstance(cuts, str):
        return float(cuts[0]), float(cuts[1])
    rated = out[out["value"].notna() & ~out["too_small"]]
    if rated.empty:
        rated = out[out["value"].notna()]
    agg = np.nanmedian if cuts == "median" else np.nanmean
    i_cut = float(agg(rated["value"])) if len(rated) else np.nan
    e_cut = float(agg(rated["effort"])) if len(rated) else np.nan
    return i_cut, e_cut


@plotting
def plot_fix_priorities(
    table: Any,
    *,
    ax: Any = None,
    title: str | None = None,
    intervals: bool = True,
    log: bool | None = None,
    fontsize: float = 12.0,
) -> Any:
    """Draw the impact/effort matrix of :func:`fix_priorities`: one labelled point per fix.

    Effort on the x axis, impact on the y axis (in thousands when the impacts are large), the
    impact interval as a vertical whisker, the cut lines dashed and named along them with their
    value (*median effort: 5 person-weeks*; *mean ...* or *... cut* when the cuts were not the
    medians) and each quadrant named in its corner (*Quick wins* top left). Point labels are placed
    by the touchpoint matrix's own placement (:func:`cxkit.style.place_labels`) so
    that they overlap no point or label; the cut lines' labels then take a free end of their line.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`fix_priorities` (rows without an impact are not drawn).
    ax : matplotlib.axes.Axes, optional
        Where to draw (lay your figure out first); default a new 11 × 6.2 inch figure.
    title : str, optional
        Default "Which fix first: impact against effort".
    intervals : bool, default True
        Draw each impact's interval.
    log : bool, optional
        Impact on a logarithmic axis; default: when every impact is positive and the largest is
        over ten times the smallest (one big fix would otherwise squash the others at the bottom).
    fontsize : float, default 12
        Size of the point labels (at least :data:`cxkit.style.MIN_FONT_PT`).

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    CXDataError
        A column is missing, or no fix has an impact.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"effort": [2.0, 10.0], "value": [5000.0, 900.0],
    ...     "low": [4000.0, 500.0], "high": [6000.0, 1300.0], "unit": "person-weeks",
    ...     "impact_cut": 2000.0, "effort_cut": 5.0, "too_small": False},
    ...     index=pd.Index(["notice", "rebuild"], name="id"))
    >>> fig = plot_fix_priorities(t)
    >>> sorted(x.get_text() for x in fig.axes[0].texts)[:2]
    ['Fill-ins', 'Major projects']
    >>> [x.get_text() for x in fig.axes[0].texts if ":" in x.get_text()]
    ['effort cut: 5 person-weeks', 'impact cut: 2,000 euros']
    """
    import matplotlib.pyplot as plt

    from cxkit import style
    from cxkit._checks import require_columns

    require_columns(table, ("effort", "value", "impact_cut", "effort_cut", "unit"), "fix priority table")
    rows = table[table["value"].notna()]
    if rows.empty:
        raise CXDataError(
            "no fix has an impact to draw",
            column="value",
            expected="at least one fix with a value (customers affected, an effect and a margin)",
        )
    fontsize = max(float(fontsize), style.MIN_FONT_PT)
    own = ax is None
    if own:
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, 6.2))
    else:
        fig = ax.figure
    big = float(np.nanmax(np.abs(rows["value"]))) >= 10_000
    k = 1000.0 if big else 1.0
    x = rows["effort"].to_numpy(dtype=float)
    y = rows["value"].to_numpy(dtype=float) / k
    low = rows["low"].to_numpy(dtype=float) / k if "low" in rows else y
    high = rows["high"].to_numpy(dtype=float) / k if "high" in rows else y
    i_cut = float(rows["impact_cut"].iloc[0]) / k
    e_cut = float(rows["effort_cut"].iloc[0])
    ys = np.concatenate([y, low[np.isfinite(low)], high[np.isfinite(high)], [i_cut]])
    if log is None:
        log = bool((ys > 0).all() and ys.max() > 10 * ys.min())
    elif log and not (ys > 0).all():
        raise CXConfigError("log=True needs every impact and interval end above 0; use log=False.")
    _set_limits(ax, np.append(x, e_cut), ys, log=log)
    small = rows["too_small"].astype(bool).to_numpy() if "too_small" in rows else np.zeros(len(rows), bool)
    _draw_fixes(ax, x, y, low, high, small, intervals=intervals)
    ax.axvline(e_cut, color="black", ls="--", lw=1.2, zorder=1)
    ax.axhline(i_cut, color="black", ls="--", lw=1.2, zorder=1)
    _name_quadrants(ax)
    unit = str(rows["unit"].iloc[0])
    _label_axes(ax, unit, big=big, log=log, title=title)
    if own:
        fig.tight_layout()
        fig.set_layout_engine("none")
    style.place_labels(ax, x, y, [str(i) for i in rows.index], fontsize)
    rated = rows[~small] if (~small).any() else rows
    money = "thousand euros" if big else "euros"
    _label_cuts(
        ax,
        f"{_cut_kind(rated['effort'], e_cut, 'effort')}: {e_cut:g} {unit}",
        f"{_cut_kind(rated['value'] / k, i_cut, 'impact')}: {_short(i_cut)} {money}",
        e_cut,
        i_cut,
        np.column_stack([x, np.where(np.isfinite(low), low, y), np.where(np.isfinite(high), high, y)]),
    )
    return fig


def _set_limits(ax: Any, xs: Any, ys: Any, *, log: bool) -> None:
    """Leave room around the points: the quadrant names sit in the corners, away from every point."""
    xr = max(np.ptp(xs), 1.0)
    ax.set_xlim(max(0.0, xs.min() - 0.15 * xr), xs.max() + 0.25 * xr)
    if log:
        ax.set_yscale("log")
        span = math.log10(ys.max() / ys.min())
        ax.set_ylim(ys.min() / 10 ** (0.18 * span), ys.max() * 10 ** (0.2 * span))
    else:
        yr = max(np.ptp(ys), 1e-9)
        ax.set_ylim(min(0.0, ys.min() - 0.15 * yr), ys.max() + 0.22 * yr)


def _draw_fixes(ax: Any, x: Any, y: Any, low: Any, high: Any, small: Any, *, intervals: bool) -> None:
    """Draw one point per fix (hollow when too small) and its impact interval as a whisker."""
    from cxkit import style

    colour = style.PALETTE["blue"]
    if intervals:
        ok = np.isfinite(low) & np.isfinite(high)
        if ok.any():
            ax.errorbar(
                x[ok],
                y[ok],
                yerr=[y[ok] - low[ok], high[ok] - y[ok]],
                fmt="none",
                ecolor="#555555",
                elinewidth=1.5,
                capsize=4,
                zorder=3,
            )
    ax.scatter(x[~small], y[~small], s=110, color=colour, zorder=4)
    if small.any():
        ax.scatter(x[small], y[small], s=110, facecolors="white", edgecolors=colour, linewidths=2, zorder=4)


def _name_quadrants(ax: Any) -> None:
    corner = dict(fontsize=13, fontweight="bold", color="#555555", zorder=3, transform=ax.transAxes)
    ax.text(0.01, 0.98, FIX_QUADRANTS[(True, False)], ha="left", va="top", **corner)
    ax.text(0.99, 0.98, FIX_QUADRANTS[(True, True)], ha="right", va="top", **corner)
    ax.text(0.01, 0.02, FIX_QUADRANTS[(False, False)], ha="left", va="bottom", **corner)
    ax.text(0.99, 0.02, FIX_QUADRANTS[(False, True)], ha="right", va="bottom", **corner)


def _label_axes(ax: Any, unit: str, *, big: bool, log: bool, title: str | None) -> None:
    ax.set_xlabel(f"Effort ({unit}, the team's estimate)")
    ax.set_ylabel(
        ("Impact (thousand euros a year" if big else "Impact (euros a year")
        + (", log scale)" if log else ")")
    )
    if log:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.yaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.yaxis.set_minor_formatter(NullFormatter())
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:g}"))
    ax.set_title(title or "Which fix first: impact against effort (whiskers: 95% interval)")
    ax.grid(True, alpha=0.3)


def _cut_kind(values: Any, cut: float, what: str) -> str:
    """Name a cut line: ``median effort`` or ``mean effort`` when it is one, else ``effort cut``.

    The table keeps only the cut's value, so the name is recovered from the values it was computed
    on (the fixes that are not ``too_small``, as :func:`fix_priorities` computes it).
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    for name, agg in (("median", np.median), ("mean", np.mean)):
        if len(v) and math.isclose(float(agg(v)), cut, rel_tol=1e-9, abs_tol=1e-12):
            return f"{name} {what}"
    return f"{what} cut"


def _short(v: float) -> str:
    """Write a number for a label: whole above 100 (``43,210``), else three figures (``43.5``, ``9``)."""
    return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}"


def _label_cuts(ax: Any, effort: str, impact: str, e_cut: float, i_cut: float, whiskers: Any) -> None:
    """Name the two cut lines in text along them, where no point, whisker or text is.

    The effort label sits at the top or bottom of the vertical line, the impact label at the right
    or left end of the horizontal one, each on either side of its line: the first of these places
    inside the axes that overlaps nothing already drawn is taken (the first, if none is free).
    Written by hand for the same reason as the point labels: matplotlib places no labels itself.
    """
    from matplotlib.transforms import Bbox

    from cxkit import style

    renderer = ax.figure.canvas.get_renderer()
    axes_box = ax.get_window_extent(renderer)
    r = 8.0  # marker half-width in pixels, with a margin (as the point labels)
    taken = [t.get_window_extent(renderer) for t in ax.texts]
    for px, lo, hi in whiskers:
        (x0, y0), (x1, y1) = ax.transData.transform([(px, lo), (px, hi)])
        taken.append(Bbox.from_extents(x0 - r, min(y0, y1) - r, x1 + r, max(y0, y1) + r))
    look = dict(
        fontsize=style.MIN_FONT_PT,
        color="black",
        fontstyle="italic",
        zorder=5,
        textcoords="offset points",
        bbox=dict(boxstyle="square,pad=0.15", fc="white", ec="none", alpha=0.85),
    )
    vertical = [  # (xy in (data, axes) coordinates, offset, ha, va)
        ((e_cut, 0.98), (5, 0), "left", "top"),
        ((e_cut, 0.98), (-5, 0), "right", "top"),
        ((e_cut, 0.02), (5, 0), "left", "bottom"),
        ((e_cut, 0.02), (-5, 0), "right", "bottom"),
    ]
    horizontal = [  # (xy in (axes, data) coordinates, offset, ha, va)
        ((0.99, i_cut), (0, 4), "right", "bottom"),
        ((0.99, i_cut), (0, -4), "right", "top"),
        ((0.01, i_cut), (0, 4), "left", "bottom"),
        ((0.01, i_cut), (0, -4), "left", "top"),
    ]
    for text, places, coords in (
        (effort, vertical, ("data", "axes fraction")),
        (impact, horizontal, ("axes fraction", "data")),
    ):
        chosen = None
        for xy, offset, ha, va in places:
            label = ax.annotate(text, xy, xycoords=coords, xytext=offset, ha=ha, va=va, **look)
            ext = label.get_window_extent(renderer)
            inside = (
                axes_box.x0 <= ext.x0
                and ext.x1 <= axes_box.x1
                and axes_box.y0 <= ext.y0
                and ext.y1 <= axes_box.y1
            )
            if inside and not any(ext.overlaps(b) for b in taken):
                chosen = label
                break
            label.remove()
        if chosen is None:
            xy, offset, ha, va = places[0]
            chosen = ax.annotate(text, xy, xycoords=coords, xytext=offset, ha=ha, va=va, **look)
        taken.append(chosen.get_window_extent(renderer))


def fix_priorities_alt(table: Any) -> str:
    """Alt text for :func:`plot_fix_priorities`: how many fixes, and the quick wins by impact."""
    rows = table[table["value"].notna()]
    quick = rows[rows["quadrant"] == FIX_QUADRANTS[(True, False)]].sort_values("value", ascending=False)
    names = ", ".join(str(i) for i in quick.index) or "none"
    top = rows["value"].idxmax()
    return (
        f"Impact/effort matrix of {len(rows)} candidate fixes: quick wins (high impact, low effort) "
        f"are {names}; the largest impact is {top} at {rows.loc[top, 'value']:,.0f} euros a year "
        f"for {rows.loc[top, 'effort']:g} {rows.loc[top, 'unit']}."
    )
