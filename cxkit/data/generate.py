"""Generate the course's fictional company data: Larkspur & Co., a home and office goods retailer.

>>> from cxkit.data.generate import generate
>>> paths = generate(seed=2024, scale=0.05, out="my-data", progress=False)
>>> paths["customers"].name
'customers.csv'

The same ``seed`` and ``scale`` always give byte-identical files. Every table is built with
vectorised numpy and pandas operations (no per-row Python loops), so ``scale=100`` writes more than
a million journey events in well under half a minute. The story of the company, the data dictionary
and the *planted findings* the course's exercises discover are described in ``datasets/README.md``.

Times are handled internally as whole seconds since 1970-01-01 (``int64``) and written as
``YYYY-MM-DD HH:MM:SS``; dates as ``YYYY-MM-DD``; floats with two decimals; booleans as
``True``/``False``; missing values as empty fields.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

try:  # pyarrow is the `data` extra: only the generator needs it (cxkit.data loads without it)
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pcsv
except ModuleNotFoundError as err:
    raise ModuleNotFoundError(
        "cxkit.data.generate writes the course data with pyarrow, which is not installed: "
        "pip install 'cxkit[data]' (make install installs it)",
        name=err.name,
    ) from err

from cxkit.data import _texts
from cxkit.data.schema import (
    ACQUISITION_CHANNELS,
    CHANNELS,
    CONVERSATION_CHANNELS,
    DEVICES,
    EVENTS,
    ORDER_CHANNELS,
    PERSONAS,
    PLATFORMS,
    REGIONS,
    SEGMENTS,
    TABLES,
    TICKET_CATEGORIES,
    TICKET_CHANNELS,
    TOUCHPOINTS,
)
from cxkit.errors import CXConfigError

__all__ = ["APP_RELEASE_MONTH", "BASE_CUSTOMERS", "COMPANY", "MAX_SCALE", "generate"]

#: The fictional company.
COMPANY = "Larkspur & Co."
#: Customers at ``scale=1``; every table grows linearly with the scale.
BASE_CUSTOMERS = 4000
#: The largest scale the identifier formats allow (C###### customers, T###### tickets).
MAX_SCALE = 200
#: The month app 5.0 shipped and broke saved baskets (planted finding 5).
APP_RELEASE_MONTH = "2025-03"

DAY = 86_400
HOUR = 3_600
MINUTE = 60
MONTH_DAYS = 30.44
START = int(np.datetime64("2024-01-01T00:00:00", "s").astype(np.int64))
END = int(np.datetime64("2026-01-01T00:00:00", "s").astype(np.int64))  # exclusive
N_DAYS = (END - START) // DAY
APP_BUG_START = int(np.datetime64("2025-03-01T00:00:00", "s").astype(np.int64))
APP_BUG_END = int(np.datetime64("2025-06-01T00:00:00", "s").astype(np.int64))

#: Relative order intensity per calendar month (November/December peak, summer dip).
SEASON = np.array([0.72, 0.68, 0.78, 0.80, 0.76, 0.60, 0.55, 0.60, 0.80, 0.85, 1.00, 1.00])

#: Marketing campaigns: name, first day, last day (inclusive).
CAMPAIGNS: tuple[tuple[str, str, str], ...] = (
    ("new_year_2024", "2024-01-01", "2024-01-14"),
    ("spring_sale_2024", "2024-03-15", "2024-04-14"),
    ("summer_clearance_2024", "2024-07-01", "2024-07-31"),
    ("back_to_office_2024", "2024-09-01", "2024-09-21"),
    ("black_friday_2024", "2024-11-22", "2024-12-02"),
    ("christmas_2024", "2024-12-03", "2024-12-24"),
    ("new_year_2025", "2025-01-01", "2025-01-14"),
    ("app5_launch_2025", "2025-03-01", "2025-03-31"),
    ("spring_sale_2025", "2025-04-01", "2025-04-30"),
    ("summer_clearance_2025", "2025-07-01", "2025-07-31"),
    ("back_to_office_2025", "2025-09-01", "2025-09-21"),
    ("black_friday_2025", "2025-11-21", "2025-12-01"),
    ("christmas_2025", "2025-12-02", "2025-12-24"),
)

_TP = list(TOUCHPOINTS)
_TP_IDX = {t: i for i, t in enumerate(_TP)}
_TP_CHANNEL = np.array([CHANNELS.index(TOUCHPOINTS[t][1]) for t in _TP], dtype=np.int64)
_EV = list(EVENTS)
_EV_IDX = {e: i for i, e in enumerate(_EV)}
_EV_STAGE = np.array([EVENTS[e] for e in _EV], dtype=object)
_MAX_IDS = {
    "customers": 999_999,
    "orders": 9_999_999,
    "events": 9_999_999,
    "surveys": 9_999_999,
    "tickets": 999_999,
    "conversations": 9_999_999,
}


# ---------------------------------------------------------------------------------------------
# Small vectorised helpers
# ---------------------------------------------------------------------------------------------
def _month_index(sec: np.ndarray) -> np.ndarray:
    """Months since 1970-01 of each timestamp (seconds)."""
    return sec.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)


def _month_of_year(sec: np.ndarray) -> np.ndarray:
    """Calendar month 0..11 of each timestamp (seconds)."""
    return _month_index(sec) % 12


def _ids(prefix: str, n: int, width: int) -> Any:
    """Make identifiers ``prefix`` + zero-padded 1..n as a pyarrow string array."""
    num = pc.cast(pa.array(np.arange(1, n + 1, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(num, width=width, padding="0"), "")


def _fmt_time(sec: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Format seconds as ``YYYY-MM-DD HH:MM:SS``; entries where ``mask`` is True become blanks."""
    arr = pa.array(np.asarray(sec, dtype=np.int64).astype("datetime64[s]"), mask=mask)
    return pc.cast(arr, pa.string())


def _fmt_date(sec: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Format seconds as ``YYYY-MM-DD``; entries where ``mask`` is True become blanks."""
    arr = pa.array((np.asarray(sec, dtype=np.int64) // DAY).astype("datetime64[D]"), mask=mask)
    return pc.cast(arr, pa.string())


def _fmt_money(x: np.ndarray) -> pa.Array:
    """Two-decimal text of positive amounts, exact (no binary rounding surprises)."""
    cents = np.round(np.asarray(x, dtype=np.float64) * 100).astype(np.int64)
    whole = pc.cast(pa.array(cents // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), width=2, padding="0")
    return pc.binary_join_element_wise(whole, frac, ".")


def _fmt_int(x: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pc.cast(pa.array(np.asarray(x, dtype=np.int64), mask=mask), pa.string())


def _fmt_bool(x: np.ndarray) -> pa.Array:
    return pa.array(np.where(np.asarray(x, dtype=bool), "True", "False"))


def _take(
    values: tuple[str, ...] | list[str] | np.ndarray, codes: np.ndarray, mask: np.ndarray | None = None
) -> pa.Array:
    """Text of category ``codes`` (indices into ``values``); masked entries become blanks."""
    dictionary = pa.array(list(values), type=pa.string())
    idx = pa.array(np.asarray(codes, dtype=np.int32), mask=mask)
    return pc.take(dictionary, idx)


def _choice(rng: np.random.Generator, p: list[float] | np.ndarray, size: int) -> np.ndarray:
    """Vectorised categorical draw: indices into ``p``."""
    cp = np.cumsum(np.asarray(p, dtype=np.float64))
    cp /= cp[-1]
    return np.searchsorted(cp, rng.random(size), side="right").astype(np.int64)


def _quote(col: pa.Array) -> pa.Array:
    """Quote text fields that contain a comma, a quote or a line break (RFC 4180, like pandas)."""
    needs = pc.match_substring_regex(col, '[",\\n\\r]')
    q, empty = pa.scalar('"', col.type), pa.scalar("", col.type)
    quoted = pc.binary_join_element_wise(q, pc.replace_substring(col, '"', '""'), q, empty)
    return pc.if_else(needs, quoted, col)


def _write(columns: dict[str, pa.Array], name: str, path: Path, append: bool = False) -> Path:
    """Write text columns as CSV in the schema's column order, fast and deterministically.

    Every column is already text (blanks are nulls). Tables without free text go through
    pyarrow's CSV writer unquoted; the surveys' comments are quoted where needed (RFC 4180, as
    pandas would) and their rows joined into lines, so identical inputs give identical bytes.
    With ``append`` the rows are added to an existing file, without a header (for chunked writes).
    """
    expected = TABLES[name].column_names
    if list(columns) != expected:  # pragma: no cover - a programming error in this module
        raise AssertionError(f"{name}: columns {list(columns)} differ from the schema {expected}")
    cols = [c.combine_chunks() if isinstance(c, pa.ChunkedArray) else c for c in columns.values()]
    cols = [c if c.type == pa.string() else pc.cast(c, pa.string()) for c in cols]
    if name not in ("surveys", "conversations"):
        with open(path, "ab" if append else "wb") as fh:
            if not append:
                fh.write((",".join(expected) + "\n").encode())
            pcsv.write_csv(
                pa.table(cols, names=expected),
                fh,
                pcsv.WriteOptions(include_header=False, quoting_style="none"),
            )
        return path
    cols[-1] = _quote(cols[-1])
    lines = pc.binary_join_element_wise(*cols, ",", null_handling="replace", null_replacement="")
    lines = pc.binary_join_element_wise(lines, "\n", "")
    with open(path, "ab" if append else "wb") as fh:
        if not append:
            fh.write((",".join(expected) + "\n").encode())
        if len(lines):
            offsets = np.frombuffer(lines.buffers()[1], dtype=np.int32)[
                lines.offset : lines.offset + len(lines) + 1
            ]
            fh.write(memoryview(lines.buffers()[2])[offsets[0] : offsets[-1]])
    return path


# ---------------------------------------------------------------------------------------------
# The tables
# ---------------------------------------------------------------------------------------------
def _customers(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """Draw the customers, sorted by signup time (ids grow with signup)."""
    day = np.arange(N_DAYS)
    sec = START + day * DAY
    moy = _month_of_year(sec)
    weights = (1.0 + 0.5 * day / N_DAYS) * (0.6 + 0.4 * SEASON[moy])
    in_release = _month_index(sec) == _month_index(np.array([APP_BUG_START]))[0]
    weights = weights * np.where(in_release, 1.5, 1.0)  # the app 5.0 launch campaign
    signup_day = _choice(rng, weights, n)
    signup = np.sort(START + signup_day * DAY + rng.integers(7 * HOUR, 22 * HOUR, n))
    b2b = rng.random(n) < 0.2
    persona = np.where(b2b, 3 + _choice(rng, [0.6, 0.4], n), _choice(rng, [0.38, 0.35, 0.27], n))
    region = _choice(rng, [0.22, 0.20, 0.20, 0.18, 0.20], n)
    acq = np.where(
        b2b,
        _choice(rng, [0.38, 0.04, 0.08, 0.22, 0.04, 0.08, 0.16], n),
        _choice(rng, [0.32, 0.20, 0.18, 0.03, 0.13, 0.06, 0.08], n),
    )
    launch = (_month_index(signup) == _month_index(np.array([APP_BUG_START]))[0]) & ~b2b
    acq = np.where(launch & (rng.random(n) < 0.45), ACQUISITION_CHANNELS.index("app"), acq)
    # Customer lifetime before churning (days): the app 5.0 cohort churns almost at once.
    affected = launch & (acq == ACQUISITION_CHANNELS.index("app"))
    mean_life = np.where(b2b, 30.0, 17.0) * MONTH_DAYS
    mean_life = np.where(affected, 0.8 * MONTH_DAYS, mean_life)
    life = rng.exponential(1.0, n) * mean_life
    # Each customer's own mood (random effect on survey scores).
    mood = rng.normal(0.0, 0.55, n)
    return {
        "signup": signup,
        "b2b": b2b,
        "persona": persona,
        "region": region,
        "acq": acq,
        "life": life,
        "mood": mood,
    }


def _orders(rng: np.random.Generator, cust: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Orders: repeat buying until churn, seasonality, channel habits, deliveries."""
    n = len(cust["signup"])
    b2b = cust["b2b"]
    signup = cust["signup"]
    end = np.minimum(signup + (cust["life"] * DAY).astype(np.int64), END)
    rate = np.where(b2b, 1.25, 0.45) * rng.gamma(2.0, 0.5, n) / SEASON.mean()  # candidates / month
    span_months = (end - signup) / (MONTH_DAYS * DAY)
    n_cand = rng.poisson(rate * span_months)
    ci = np.repeat(np.arange(n), n_cand)
    t = signup[ci] + (rng.random(len(ci)) * (end - signup)[ci]).astype(np.int64)
    keep = rng.random(len(ci)) < SEASON[_month_of_year(t)]
    ci, t = ci[keep], t[keep]
    # Most customers buy within days of signing up.
    first = rng.random(n) < 0.9
    t_first = signup + (rng.exponential(1.5, n) * DAY).astype(np.int64)
    first &= t_first < END
    ci = np.concatenate([ci, np.flatnonzero(first)])
    t = np.concatenate([t, t_first[first]])
    # Channel: the customer's home channel (from acquisition) or the segment's mix.
    home = np.array([0, 1, 2, 3, 0, 0, 0])[cust["acq"]]  # web, app, store, phone, social, email, referral
    m = len(ci)
    mix = np.where(
        b2b[ci], _choice(rng, [0.50, 0.05, 0.10, 0.35], m), _choice(rng, [0.45, 0.25, 0.22, 0.08], m)
    )
    channel = np.where(rng.random(m) < 0.55, home[ci], mix)
    # Opening hours: stores 9:00-19:59, phone 8:00-17:59, online any time with an evening peak.
    day0 = t - (t % DAY)
    online_hour = _choice(rng, [1, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 6, 7, 6, 6, 6, 6, 6, 7, 8, 9, 9, 7, 4], m)
    hour = np.select(
        [channel == 2, channel == 3], [rng.integers(9, 20, m), rng.integers(8, 18, m)], online_hour
    )
    t = np.maximum(day0 + hour * HOUR + rng.integers(0, HOUR, m), signup[ci] + MINUTE)
    ok = t < END
    ci, t, channel = ci[ok], t[ok], channel[ok]
    order = np.lexsort((ci, t))
    ci, t, channel = ci[order], t[order], channel[order]
    m = len(ci)
    bb = b2b[ci]
    items = np.where(bb, 2 + rng.negative_binomial(2, 0.13, m), 1 + rng.poisson(1.1, m))
    items = np.minimum(items, 500)
    unit = np.exp(rng.normal(np.where(bb, np.log(19.0), np.log(27.0)), 0.55, m))
    peak = _month_of_year(t) >= 10
    value = np.maximum(items * unit * np.where(peak, 1.12, 1.0), 1.99)
    # Deliveries (store purchases are taken home at once).
    store = channel == 2
    lead = np.where(channel == 3, 3, 2) + rng.integers(0, 3, m) + bb
    order_day = t // DAY
    promised = order_day + lead
    region = cust["region"][ci]
    p_late = 0.075 * np.where(peak, 2.6, 1.0) * np.where(region == 0, 1.6, 1.0)
    late = rng.random(m) < p_late
    late_days = 1 + rng.geometric(0.45, m)
    early = rng.choice(np.array([0, 0, 0, 1, 2]), m)
    delivered = np.where(late, promised + late_days, np.maximum(promised - early, order_day + 1))
    lost = rng.random(m) < 0.012
    undelivered = store | lost | (delivered >= END // DAY)
    return {
        "cust": ci,
        "t": t,
        "value": value,
        "channel": channel,
        "items": items,
        "store": store,
        "promised": promised,
        "delivered": delivered,
        "undelivered": undelivered,
        "lost": lost & ~store,
        "late_days": np.where(undelivered, 0, np.maximum(delivered - promised, 0)),
    }


def _tickets(
    rng: np.random.Generator, cust: dict[str, np.ndarray], orders: dict[str, np.ndarray], scale: float
) -> dict[str, np.ndarray]:
    """Support tickets from order problems and account questions; phone holds drive effort."""
    m = len(orders["t"])
    late = orders["late_days"] > 0
    lost = orders["lost"]
    app_bug = (orders["channel"] == 1) & (orders["t"] >= APP_BUG_START) & (orders["t"] < APP_BUG_END)
    p = 0.08 + 0.30 * late + 0.6 * lost + 0.12 * app_bug
    has = rng.random(m) < p
    oi = np.flatnonzero(has)
    k = len(oi)
    cat = _choice(
        rng, [0.15, 0.30, 0.20, 0.25, 0.0, 0.10], k
    )  # delivery returns billing product account tech
    cat = np.where(late[oi] | lost[oi], 0, cat)
    cat = np.where(app_bug[oi] & (rng.random(k) < 0.6), 5, cat)
    base = orders["t"][oi]
    delay = np.where(cat == 0, (orders["promised"][oi] + 1) * DAY - base, rng.exponential(6, k) * DAY)
    opened_o = base + np.maximum(delay, HOUR).astype(np.int64) + rng.integers(8 * HOUR, 18 * HOUR, k) % DAY
    ci_o = orders["cust"][oi]
    # Account, billing and technical questions not tied to one order.
    n = len(cust["signup"])
    n_extra = rng.poisson(0.28, n)
    ci_x = np.repeat(np.arange(n), n_extra)
    span = np.maximum(np.minimum(cust["life"][ci_x] * DAY + 30 * DAY, END - cust["signup"][ci_x]), DAY)
    opened_x = cust["signup"][ci_x] + (rng.random(len(ci_x)) * span).astype(np.int64)
    cat_x = _choice(rng, [0.0, 0.0, 0.4, 0.0, 0.4, 0.2], len(ci_x))
    ci = np.concatenate([ci_o, ci_x])
    opened = np.concatenate([opened_o, opened_x])
    cat = np.concatenate([cat, cat_x])
    src = np.concatenate([oi, np.full(len(ci_x), -1)])  # the order behind each ticket, or -1
    ok = opened < END
    ci, opened, cat, src = ci[ok], opened[ok], cat[ok], src[ok]
    order = np.lexsort((ci, opened))
    ci, opened, cat, src = ci[order], opened[order], cat[order], src[order]
    k = len(ci)
    b2b = cust["b2b"][ci]
    channel = np.where(
        b2b, _choice(rng, [0.45, 0.10, 0.43, 0.02], k), _choice(rng, [0.32, 0.33, 0.25, 0.10], k)
    )
    moy = _month_of_year(opened)
    busy = np.where(np.isin(moy, [10, 11, 0]), 1.7, 1.0)
    hold_min = np.clip(np.exp(rng.normal(np.log(5.0), 0.85, k)) * busy, 0.3, 75.0)
    wait = np.select(
        [channel == 0, channel == 1, channel == 2],
        [
            hold_min * MINUTE,
            np.exp(rng.normal(np.log(150), 0.8, k)),
            np.exp(rng.normal(np.log(6 * HOUR), 0.9, k)),
        ],
        np.exp(rng.normal(np.log(2.5 * HOUR), 1.0, k)),
    ).astype(np.int64)
    first = opened + np.maximum(wait, 5)
    no_answer = (channel >= 2) & (rng.random(k) < 0.02)
    in_contact = (channel <= 1) & (rng.random(k) < 0.72) | (channel >= 2) & (rng.random(k) < 0.5)
    handle = np.where(
        in_contact,
        rng.integers(3 * MINUTE, 25 * MINUTE, k),
        (rng.exponential(2.5, k) * DAY).astype(np.int64) + HOUR,
    )
    resolved = first + handle
    reopened = rng.random(k) < (0.07 + 0.10 * (hold_min > 15) * (channel == 0) + 0.06 * (cat == 5))
    resolved = resolved + reopened * (rng.exponential(3.0, k) * DAY).astype(np.int64)
    still_open = no_answer | (resolved >= END) | (rng.random(k) < 0.01)
    first_blank = no_answer | (first >= END)
    fcr = in_contact & ~reopened & ~still_open
    hold = np.where(channel == 0, (first - opened) / MINUTE, 0.0)
    sat = (
        4.3
        - 0.045 * hold
        - 1.3 * reopened
        - 0.7 * ~fcr
        - 1.2 * still_open
        + cust["mood"][ci]
        + rng.normal(0, 0.6, k)
    )
    csat = np.clip(np.round(sat), 1, 5).astype(np.int64)
    csat_blank = rng.random(k) > 0.35
    n_agents = int(min(999, max(10, round(40 * scale))))
    agent = rng.integers(1, n_agents + 1, k)
    return {
        "cust": ci,
        "channel": channel,
        "cat": cat,
        "opened": opened,
        "first": first,
        "first_blank": first_blank,
        "resolved": resolved,
        "still_open": still_open,
        "reopened": reopened,
        "fcr": fcr,
        "csat": csat,
        "csat_blank": csat_blank,
        "agent": agent,
        "hold": hold,
        "order": src,
    }


# ---------------------------------------------------------------------------------------------
# Journeys (events)
# ---------------------------------------------------------------------------------------------
# Gap classes: mean waiting time (seconds) before an event of that class.
_GAPS = np.array(
    [
        0.0,
        20 * HOUR,
        30 * HOUR,
        3 * MINUTE,
        5 * MINUTE,
        20 * HOUR,
        4 * MINUTE,
        3 * MINUTE,
        1.5 * DAY,
        15 * MINUTE,
        10 * MINUTE,
        1 * MINUTE,
        3 * DAY,
        1 * HOUR,
        6 * DAY,
        3 * DAY,
        8 * DAY,
    ]
)
(
    _G_START,
    _G_AW2,
    _G_CONS,
    _G_IN,
    _G_DEC,
    _G_LOOP,
    _G_CHECK,
    _G_PAY,
    _G_LATER,
    _G_TILL,
    _G_PHONE,
    _G_CONF,
    _G_DELIV,
    _G_INV,
    _G_RET,
    _G_SUP,
    _G_REV,
) = range(17)
_PATHS = (
    (0, 0),
    (1, 1),
    (2, 2),
    (3, 3),
    (1, 2),
    (0, 3),
    (1, 0),
    (0, 1),
)  # (browse, buy): web app store phone
_DIMS = (8, 5, 6, 3, 2, 2, 2, 2, 5, 2)  # path deepest aw views loop delivered invoice return support review


def _template(key: int) -> list[tuple[str, str, int]]:
    """Decode the (event, touchpoint, gap class) list of one journey template (from ``key``)."""
    parts = []
    for d in reversed(_DIMS):
        parts.append(key % d)
        key //= d
    path, deepest, aw, views, loop, delivered, invoice, ret, support, review = reversed(parts)
    browse, buy = _PATHS[path]
    ev: list[tuple[str, str, int]] = []

    def add(event: str, tp: str, gap: int) -> None:
        ev.append((event, tp, _G_START if not ev else gap))

    aw_events = {
        1: [("ad_seen", "social_ad")],
        2: [("ad_seen", "search_ad")],
        3: [("newsletter_opened", "newsletter")],
        4: [("store_window_seen", "store_window")],
        5: [("ad_seen", "social_ad"), ("newsletter_opened", "newsletter")],
    }.get(aw, [])
    for i, (e, tp) in enumerate(aw_events):
        add(e, tp, _G_AW2 if i else _G_START)
    if deepest >= 1:
        first_gap = _G_CONS
        if browse == 0:
            add("site_visit", "website", first_gap)
            for _ in range(views + 1):
                add("product_viewed", "product_page", _G_IN)
        elif browse == 1:
            add("app_open", "app_browse", first_gap)
            for _ in range(views + 1):
                add("product_viewed", "app_browse", _G_IN)
        elif browse == 2:
            add("store_browse", "store_visit", first_gap)
        else:
            add("sales_call", "sales_call", first_gap)
        if path == 5 and deepest >= 3:  # B2B: browse the web shop, then call the sales line
            add("sales_call", "sales_call", _G_LATER)
    dec_channel = buy if buy in (0, 1) else (browse if browse in (0, 1) and buy == 2 else None)
    if deepest >= 2 and dec_channel is not None:
        basket = "basket" if dec_channel == 0 else "app_basket"
        add("added_to_basket", basket, _G_DEC)
        add("basket_viewed", basket, _G_IN)
        if loop:
            add("product_viewed", "product_page" if browse == 0 else "app_browse", _G_LOOP)
            add("basket_viewed", basket, _G_IN)
    if deepest >= 3:
        if buy in (0, 1):
            co = "checkout" if buy == 0 else "app_checkout"
            add("checkout_started", co, _G_CHECK)
            add("payment_completed", co, _G_PAY)
        elif buy == 2:
            add("store_purchase", "store_till", _G_LATER if browse != 2 else _G_TILL)
        else:
            add("order_placed_phone", "phone_order", _G_PHONE)
    if deepest >= 4:
        if buy != 2:
            add("order_confirmed", "order_confirmation", _G_CONF)
            if delivered:
                add("order_delivered", "delivery", _G_DELIV)
        if invoice:
            add("invoice_sent", "invoice", _G_INV)
        if ret:
            add("return_requested", "returns", _G_RET)
        if support:
            add(
                "support_contact",
                ("support_phone", "support_chat", "support_email", "support_social")[support - 1],
                _G_SUP,
            )
        if review:
            add("review_written", "review_request", _G_REV)
    return ev


def _encode(*parts: np.ndarray) -> np.ndarray:
    key = np.zeros(len(parts[0]), dtype=np.int64)
    for p, d in zip(parts, _DIMS, strict=True):
        key = key * d + p
    return key


def _events(
    rng: np.random.Generator, cust: dict[str, np.ndarray], orders: dict[str, np.ndarray], scale: float
) -> dict[str, np.ndarray]:
    """Journeys: purchase journeys for a sample of orders, plus abandoned journeys and prospects."""
    # Purchase journeys: the analytics tool tracked about one order in ten.
    m = len(orders["t"])
    linked = np.flatnonzero(rng.random(m) < 0.10)
    L = len(linked)
    och = orders["channel"][linked]
    b2b_l = cust["b2b"][orders["cust"][linked]]
    switch = rng.random(L) < 0.22
    path_l = np.select(
        [och == 0, och == 1, och == 2, och == 3],
        [
            np.where(switch, 6, 0),
            np.where(switch, 7, 1),
            np.where(switch, 4, 2),
            np.where(switch | b2b_l, 5, 3),
        ],
    )
    invoice = np.where(b2b_l, 1, (rng.random(L) < 0.1).astype(np.int64))
    ret = (rng.random(L) < 0.08).astype(np.int64)
    support = np.where(rng.random(L) < 0.1, 1 + _choice(rng, [0.35, 0.3, 0.25, 0.1], L), 0)
    review = (rng.random(L) < 0.12).astype(np.int64)
    delivered = (~orders["undelivered"][linked]).astype(np.int64)
    any_post = (och != 2) | (invoice + ret + (support > 0) + review > 0)
    deepest_l = np.where(any_post & (rng.random(L) < 0.96), 4, 3)
    # Journeys that did not end in a purchase (most of them abandoned the basket).
    n_np = round(1.9 * L)
    deepest_n = _choice(rng, [0.13, 0.20, 0.67], n_np)
    path_n = np.where(
        deepest_n == 2,
        _choice(rng, [0.5, 0.3, 0, 0, 0, 0, 0.1, 0.1], n_np),
        _choice(rng, [0.45, 0.25, 0.15, 0.05, 0, 0, 0, 0], n_np),
    )
    prospect = rng.random(n_np) < 0.45
    n = len(cust["signup"])
    cn = rng.integers(0, n, n_np)
    t_np = np.where(
        prospect,
        START + (rng.random(n_np) * (END - START)).astype(np.int64),
        cust["signup"][cn] + (rng.random(n_np) * (END - cust["signup"][cn])).astype(np.int64),
    )
    zeros = np.zeros(n_np, dtype=np.int64)
    # Assemble both kinds of case.
    k = L + n_np
    path = np.concatenate([path_l, path_n])
    deepest = np.concatenate([deepest_l, deepest_n])
    aw = np.where(rng.random(k) < 0.09, 0, 1 + _choice(rng, [0.32, 0.28, 0.18, 0.12, 0.10], k))
    views = rng.integers(0, 3, k)
    loop = ((deepest >= 2) & (rng.random(k) < 0.15)).astype(np.int64)
    key = _encode(
        path,
        deepest,
        aw,
        views,
        loop,
        np.concatenate([delivered, zeros]),
        np.concatenate([invoice, zeros]),
        np.concatenate([ret, zeros]),
        np.concatenate([support, zeros]),
        np.concatenate([review, zeros]),
    )
    ukeys, tmpl = np.unique(key, return_inverse=True)
    templates = [_template(int(u)) for u in ukeys]
    t_len = np.array([len(t) for t in templates], dtype=np.int64)
    t_start = np.concatenate([[0], np.cumsum(t_len)[:-1]])
    flat = [x for t in templates for x in t]
    t_ev = np.array([_EV_IDX[e] for e, _, _ in flat], dtype=np.int64)
    t_tp = np.array([_TP_IDX[tp] for _, tp, _ in flat], dtype=np.int64)
    t_gap = np.array([g for _, _, g in flat], dtype=np.int64)
    t_purch = np.array(
        [next((i for i, (e, _, _) in enumerate(t) if EVENTS[e] == "purchase"), 0) for t in templates],
        dtype=np.int64,
    )
    lens = t_len[tmpl]
    total = int(lens.sum())
    case_of = np.repeat(np.arange(k), lens)
    row_start = np.concatenate([[0], np.cumsum(lens)[:-1]])
    pos = np.arange(total) - row_start[case_of]
    src = t_start[tmpl][case_of] + pos
    ev, tp = t_ev[src], t_tp[src]
    gap = rng.exponential(1.0, total) * _GAPS[t_gap[src]]
    gap = np.round(gap).astype(np.int64) + (t_gap[src] != _G_START) * rng.integers(1, 40, total)
    csum = np.cumsum(gap)
    # A template can have no events; such a case (last in the log) starts at ``total``: clip it.
    rel = csum - csum[np.minimum(row_start, max(total - 1, 0))][case_of]
    # Purchase journeys are placed so that the purchase happens at the order's time.
    t0 = np.concatenate([orders["t"][linked] - rel[row_start[:L] + t_purch[tmpl[:L]]], t_np])
    ts = t0[case_of] + rel
    customer = np.concatenate([orders["cust"][linked], np.where(prospect, -1, cn)])
    # Case-level device and campaign.
    device = _choice(rng, [0.42, 0.46, 0.12], k)
    camp = np.full(k, -1, dtype=np.int64)
    for i, (_name, first, last) in enumerate(CAMPAIGNS):
        lo = int(np.datetime64(first, "s").astype(np.int64))
        hi = int(np.datetime64(last, "s").astype(np.int64)) + DAY
        camp = np.where((t0 >= lo) & (t0 < hi) & (camp < 0), i, camp)
    camp = np.where(rng.random(k) < 0.45, camp, -1)
    # Case ids in order of the journey's start; events kept inside the two years.
    case_order = np.lexsort((np.arange(k), t0))
    case_rank = np.empty(k, dtype=np.int64)
    case_rank[case_order] = np.arange(k)
    keep = (ts >= START) & (ts < END)
    idx = np.flatnonzero(keep)
    idx = idx[np.lexsort((pos[idx], case_rank[case_of[idx]]))]
    c = case_of[idx]
    ch = _TP_CHANNEL[tp[idx]]
    offline = (ch == CHANNELS.index("store")) | (ch == CHANNELS.index("phone"))
    dev = device[c]
    mobile_only = (ch == CHANNELS.index("app")) | (ch == CHANNELS.index("social"))
    dev = np.where(mobile_only & (dev == 0), 1, dev)
    return {
        "case": case_rank[c].astype(np.int32),
        "cust": customer[c].astype(np.int32),
        "ts": ts[idx],
        "ev": ev[idx].astype(np.int8),
        "tp": tp[idx].astype(np.int8),
        "channel": ch.astype(np.int8),
        "device": dev.astype(np.int8),
        "offline": offline,
        "camp": camp[c].astype(np.int8),
    }


# ---------------------------------------------------------------------------------------------
# Surveys and their comments
# ---------------------------------------------------------------------------------------------
# Comment themes. Negative themes first; the phone-wait theme takes the hold minutes.
_NEG = {
    "late": [
        "My order arrived {d} days late",
        "The parcel came late and nobody told me why",
        "Delivery was late again",
        "Late delivery, I had to take another day off to wait for it",
        "Promised in two days, arrived {d} days late",
    ],
    "missing": [
        "The parcel never arrived",
        "My order never arrived and the tracking shows nothing",
        "Still waiting for my order, it never arrived",
    ],
    "damaged": [
        "The box arrived damaged",
        "Two items were damaged in transit",
        "The lamp arrived damaged and the packaging was torn",
    ],
    "price": [
        "Too expensive compared to other shops",
        "Prices went up again",
        "Shipping costs are far too high",
    ],
    "quality": [
        "The chair broke after a week",
        "Poor quality for what it costs",
        "The desk wobbles and the drawer sticks",
    ],
    "app_crash": [
        "The app keeps crashing at checkout",
        "Since the app update my saved basket is gone",
        "App 5.0 crashed three times and lost my basket",
        "The app crashed when I tried to pay",
    ],
    "checkout_bug": [
        "Checkout bug: the payment failed twice",
        "The checkout page froze and I was charged twice",
    ],
    "phone_wait": [
        "I was on hold for {m} minutes",
        "Waited {m} minutes on the phone before anyone answered",
        "Long wait on the phone, {m} minutes on hold",
    ],
    "unresolved": [
        "I had to explain my problem three times",
        "My issue is still not solved",
        "Nobody could answer my question",
    ],
}
_POS = {
    "staff": [
        "The staff member was really helpful",
        "Friendly and knowledgeable team",
        "The agent solved everything in one go",
    ],
    "fast_delivery": [
        "Arrived a day early and well packed",
        "Quick delivery and good packaging",
        "The parcel came on time, as promised",
    ],
    "returns_easy": ["Returns were easy and the refund came quickly", "Returning the item was simple"],
    "quality": [
        "Great quality, the lamp looks lovely",
        "Solid desk, easy to assemble",
        "Lovely products, exactly as pictured",
    ],
    "app_easy": ["The app makes reordering simple", "Easy to find what I needed on the website"],
    "value": ["Good value for money", "Fair prices and a good range"],
}
_MIX = ["Good products but {x}", "Fine overall, though {x}", "Okay experience, {x}"]
_MIX_X = {
    "late": "delivery was a bit late",
    "phone_wait": "I was on hold for {m} minutes",
    "generic": "the website could be faster",
    "price": "prices are a bit high",
    "app": "the app can be slow",
}
_NEG_PRE = ["", "", "Very disappointed. ", "Honestly... ", "Not happy: "]
_NEG_POST = ["", "", ".", ". Please fix this.", ". Not impressed.", "!"]
_POS_PRE = ["", "", "Great service! ", "Thank you. ", "Very pleased: "]
_POS_POST = ["", "", ".", ". Will order again.", "!", ". Thanks!"]
_GROUPS = {
    "delivery": ("delivery", "order_confirmation"),
    "purchase": ("checkout", "app_checkout", "store_till", "phone_order", "basket", "app_basket"),
    "returns": ("returns",),
    "support": ("support_phone", "support_chat", "support_email", "support_social"),
    "browse": (
        "website",
        "app_browse",
        "product_page",
        "store_visit",
        "sales_call",
        "newsletter",
        "invoice",
        "social_ad",
        "search_ad",
        "store_window",
        "review_request",
    ),
}
_TP_GROUP = np.zeros(len(_TP), dtype=np.int64)  # 0 browse 1 delivery 2 purchase 3 returns 4 support
for _g, _name in enumerate(("browse", "delivery", "purchase", "returns", "support")):
    _TP_GROUP[[_TP_IDX[t] for t in _GROUPS[_name]]] = _g
_EFFORTFUL = (
    "checkout",
    "app_checkout",
    "phone_order",
    "returns",
    "support_phone",
    "support_chat",
    "support_email",
    "support_social",
    "basket",
    "app_basket",
)


def _tp_in(tp: np.ndarray, names: tuple[str, ...]) -> np.ndarray:
    """Whether each touchpoint code is one of ``names``."""
    return np.isin(tp, [_TP_IDX[t] for t in names])


def _pick(rng: np.random.Generator, options: list[str], size: int) -> pd.Series:
    return pd.Series(np.asarray(options, dtype=object)[rng.integers(0, len(options), size)], dtype=object)


def _fill(text: pd.Series, placeholder: str, values: np.ndarray) -> pd.Series:
    """Replace ``placeholder`` in each text by the matching value (vectorised split and join)."""
    parts = text.str.split(placeholder, n=1, expand=True, regex=False)
    if parts.shape[1] == 1:
        return text
    has = parts[1].notna().to_numpy()
    vals = pd.Series(values.astype(np.int64).astype(str), index=text.index, dtype=object)
    return pd.Series(
        np.where(has, parts[0] + vals + parts[1].fillna(""), text), index=text.index, dtype=object
    )


def _comments(
    rng: np.random.Generator, theme: np.ndarray, late_days: np.ndarray, hold: np.ndarray
) -> np.ndarray:
    """Build one comment per row from its theme code ("neg:late", "pos:staff", "mix:late", ...)."""
    out = np.full(len(theme), "", dtype=object)
    for code in sorted(set(theme.tolist())):
        sel = np.flatnonzero(theme == code)
        kind, name = code.split(":")
        if kind == "neg":
            text = (
                _pick(rng, _NEG_PRE, len(sel))
                + _pick(rng, _NEG[name], len(sel))
                + _pick(rng, _NEG_POST, len(sel))
            )
        elif kind == "pos":
            text = (
                _pick(rng, _POS_PRE, len(sel))
                + _pick(rng, _POS[name], len(sel))
                + _pick(rng, _POS_POST, len(sel))
            )
        else:
            text = _pick(rng, _MIX, len(sel)).str.replace("{x}", _MIX_X[name], regex=False) + "."
        text = _fill(text, "{d}", np.maximum(late_days[sel], 1))
        text = _fill(text, "{m}", np.maximum(np.round(hold[sel]), 1))
        # Some people write in lower case.
        low = rng.random(len(sel)) < 0.12
        text = pd.Series(np.where(low, text.str.lower(), text), dtype=object)
        out[sel] = text.to_numpy()
    return out


def _surveys(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Survey invitations after deliveries, purchases, returns and support, plus browse surveys."""
    m = len(orders["t"])
    och = orders["channel"]
    # 1. after delivery (or after the promised day passed for a lost parcel)
    d_sel = np.flatnonzero(
        ~orders["store"] & (rng.random(m) < 0.42) & (~orders["undelivered"] | orders["lost"])
    )
    d_day = np.where(orders["lost"][d_sel], orders["promised"][d_sel] + 4, orders["delivered"][d_sel])
    d_sent = (d_day + 1) * DAY + rng.integers(9 * HOUR, 12 * HOUR, len(d_sel))
    # 2. after the purchase itself
    p_sel = np.flatnonzero(rng.random(m) < 0.16)
    p_tp = np.array([_TP_IDX[t] for t in ("checkout", "app_checkout", "store_till", "phone_order")])[
        och[p_sel]
    ]
    p_sent = orders["t"][p_sel] + rng.integers(1 * HOUR, 4 * HOUR, len(p_sel))
    # 3. after a return
    r_sel = np.flatnonzero(~orders["undelivered"] & (rng.random(m) < 0.05))
    r_sent = (orders["delivered"][r_sel] + 10) * DAY + rng.integers(9 * HOUR, 18 * HOUR, len(r_sel))
    # 4. after a support ticket was resolved
    k = len(tickets["opened"])
    s_sel = np.flatnonzero(~tickets["still_open"] & (rng.random(k) < 0.9))
    s_tp = np.array(
        [_TP_IDX[t] for t in ("support_phone", "support_chat", "support_email", "support_social")]
    )[tickets["channel"][s_sel]]
    s_sent = tickets["resolved"][s_sel] + HOUR
    # 5. browse and relationship surveys
    n = len(cust["signup"])
    b_n = rng.poisson(0.3, n)
    b_cust = np.repeat(np.arange(n), b_n)
    b_tp_names = [
        "website",
        "app_browse",
        "product_page",
        "store_visit",
        "newsletter",
        "sales_call",
        "invoice",
    ]
    b_tp = np.array([_TP_IDX[t] for t in b_tp_names])[
        np.where(
            cust["b2b"][b_cust],
            _choice(rng, [0.3, 0.05, 0.1, 0.05, 0.1, 0.2, 0.2], len(b_cust)),
            _choice(rng, [0.3, 0.25, 0.15, 0.2, 0.1, 0, 0], len(b_cust)),
        )
    ]
    b_sent = cust["signup"][b_cust] + (rng.random(len(b_cust)) * (END - cust["signup"][b_cust])).astype(
        np.int64
    )

    none = np.full(len(b_cust), -1)
    ci = np.concatenate(
        [orders["cust"][d_sel], orders["cust"][p_sel], orders["cust"][r_sel], tickets["cust"][s_sel], b_cust]
    )
    tp = np.concatenate(
        [np.full(len(d_sel), _TP_IDX["delivery"]), p_tp, np.full(len(r_sel), _TP_IDX["returns"]), s_tp, b_tp]
    )
    oid = np.concatenate([d_sel, p_sel, r_sel, np.full(len(s_sel), -1), none])
    tid = np.concatenate([np.full(len(d_sel) + len(p_sel) + len(r_sel), -1), s_sel, none])
    sent = np.concatenate([d_sent, p_sent, r_sent, s_sent, b_sent])
    ok = sent < END
    ci, tp, oid, tid, sent = ci[ok], tp[ok], oid[ok], tid[ok], sent[ok]
    order = np.lexsort((tp, ci, sent))
    ci, tp, oid, tid, sent = ci[order], tp[order], oid[order], tid[order], sent[order]
    s = len(ci)
    b2b = cust["b2b"][ci]
    responded = rng.random(s) < np.where(b2b, 0.12, 0.30)
    resp = sent + (np.exp(rng.normal(np.log(5 * HOUR), 1.2, s))).astype(np.int64) + MINUTE
    responded &= resp < END
    # What drives the scores.
    has_o = oid >= 0
    has_t = tid >= 0
    o = np.where(has_o, oid, 0)
    t = np.where(has_t, tid, 0)
    about_delivery = has_o & _tp_in(tp, ("delivery", "returns"))
    late_days = np.where(about_delivery, orders["late_days"][o], 0)
    lost = about_delivery & orders["lost"][o]
    hold = np.where(has_t, tickets["hold"][t], 0.0)
    reopened = has_t & tickets["reopened"][t]
    not_fcr = has_t & ~tickets["fcr"][t]
    app_bug = (
        _tp_in(tp, ("app_checkout", "app_browse", "app_basket"))
        & (sent >= APP_BUG_START)
        & (sent < APP_BUG_END)
    )
    tp_effect = {
        "store_till": 0.35,
        "checkout": 0.2,
        "phone_order": 0.15,
        "delivery": 0.15,
        "returns": -0.1,
        "support_phone": -0.15,
        "support_chat": -0.05,
        "support_email": -0.2,
        "support_social": -0.25,
    }
    eff = np.array([tp_effect.get(x, 0.1) for x in _TP])[tp]
    z = (
        cust["mood"][ci]
        + rng.normal(0, 0.75, s)
        + eff
        - 0.55 * b2b
        - (late_days > 0) * (1.5 + 0.2 * np.minimum(late_days, 5))
        - 2.6 * lost
        - 0.045 * hold
        - 0.9 * reopened
        - 0.4 * not_fcr
        - 1.3 * app_bug
        - 0.1 * (cust["persona"][ci] == 1)
    )
    nps = np.clip(np.round(8.45 + 1.9 * z), 0, 10).astype(np.int64)
    csat = np.clip(np.round(3.95 + 0.85 * z + rng.normal(0, 0.4, s)), 1, 5).astype(np.int64)
    z_no_hold = z + 0.045 * hold
    ces = np.clip(np.round(5.6 + 0.7 * z_no_hold - 0.09 * hold + rng.normal(0, 0.5, s)), 1, 7).astype(
        np.int64
    )
    nps_blank = ~responded | (rng.random(s) < 0.03)
    csat_blank = ~responded | (rng.random(s) < 0.10)
    ces_blank = ~responded | ~_tp_in(tp, _EFFORTFUL) | (rng.random(s) < 0.12)
    # Comments: themes fit the score and its causes.
    ncat = np.where(
        nps_blank,
        np.where(csat <= 2, 0, np.where(csat >= 5, 2, 1)),
        np.where(nps <= 6, 0, np.where(nps >= 9, 2, 1)),
    )  # 0 detractor 1 passive 2 promoter
    ncat = np.where(nps_blank & csat_blank, 1, ncat)
    p_comment = np.array([0.72, 0.45, 0.5])[ncat]
    has_c = responded & (rng.random(s) < p_comment)
    sel = np.flatnonzero(has_c)
    c = len(sel)
    group = _TP_GROUP[tp[sel]]
    u = rng.random(c)
    neg_generic = np.select(
        [group == 1, group == 2, group == 3, group == 4],
        [
            np.where(u < 0.5, "damaged", np.where(u < 0.75, "quality", "price")),
            np.where(u < 0.5, "price", np.where(u < 0.75, "quality", "checkout_bug")),
            np.where(u < 0.6, "quality", "price"),
            np.where(u < 0.7, "unresolved", "price"),
        ],
        np.where(u < 0.5, "price", "quality"),
    )
    app_theme = np.where(rng.random(c) < 0.75, "app_crash", "checkout_bug")
    ld, hd, ab = late_days[sel], hold[sel], app_bug[sel]
    neg = np.select(
        [lost[sel], ld > 0, (hd > 10) & (rng.random(c) < 0.85), ab, reopened[sel] | not_fcr[sel]],
        ["missing", "late", "phone_wait", app_theme, "unresolved"],
        neg_generic,
    )
    pos = np.select(
        [group == 1, group == 4, group == 3, group == 2],
        [
            np.where(u < 0.6, "fast_delivery", "quality"),
            np.where(u < 0.8, "staff", "value"),
            np.where(u < 0.8, "returns_easy", "staff"),
            np.where(u < 0.4, "value", np.where(u < 0.7, "app_easy", "quality")),
        ],
        np.where(u < 0.4, "quality", np.where(u < 0.7, "value", "app_easy")),
    )
    mix = np.select([ld > 0, hd > 10, ab, u < 0.5], ["late", "phone_wait", "app", "price"], "generic")
    nc = ncat[sel]
    theme = np.select(
        [nc == 0, nc == 2], [np.char.add("neg:", neg), np.char.add("pos:", pos)], np.char.add("mix:", mix)
    )
    comment = np.full(s, "", dtype=object)
    comment[sel] = _comments(rng, theme, ld, hd)
    return {
        "cust": ci,
        "b2b": b2b,
        "tp": tp,
        "oid": oid,
        "tid": tid,
        "sent": sent,
        "responded": responded,
        "resp": resp,
        "nps": nps,
        "csat": csat,
        "ces": ces,
        "nps_blank": nps_blank,
        "csat_blank": csat_blank,
        "ces_blank": ces_blank,
        "comment": comment,
        "has_c": has_c,
    }


# ---------------------------------------------------------------------------------------------
# Conversations: support chats, call summaries, emails and social posts
# ---------------------------------------------------------------------------------------------
def _pick_by(rng: np.random.Generator, keys: np.ndarray, options: dict[Any, list[str]]) -> np.ndarray:
    """One phrasing per row, drawn from ``options[key]`` for the row's key (a loop over keys only)."""
    out = np.full(len(keys), "", dtype=object)
    for key in sorted(set(keys.tolist())):
        sel = np.flatnonzero(keys == key)
        opts = np.asarray(options[key], dtype=object)
        out[sel] = opts[rng.integers(0, len(opts), len(sel))]
    return out


def _pick_all(rng: np.random.Generator, options: list[str], size: int) -> np.ndarray:
    return np.asarray(options, dtype=object)[rng.integers(0, len(options), size)]


def _lower(text: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """Lower-case the texts where ``rows`` is True (some people write in lower case)."""
    out = np.asarray(text, dtype=object).copy()
    idx = np.flatnonzero(rows)
    out[idx] = pd.Series(out[idx], dtype=object).str.lower().to_numpy(dtype=object)
    return out


def _fill_all(text: np.ndarray, days: np.ndarray, minutes: np.ndarray) -> np.ndarray:
    """Fill ``{d}`` and ``{m}`` of every text (only the rows that have them are split and joined)."""
    out = np.asarray(text, dtype=object).copy()
    for placeholder, values in (("{d}", np.maximum(days, 1)), ("{m}", np.maximum(np.round(minutes), 1))):
        rows = np.flatnonzero(pd.Series(out).str.contains(placeholder, regex=False).to_numpy(dtype=bool))
        if len(rows):
            out[rows] = _fill(pd.Series(out[rows], dtype=object), placeholder, values[rows]).to_numpy()
    rows = np.flatnonzero(pd.Series(out).str.contains("1 days", regex=False).to_numpy(dtype=bool))
    if len(rows):  # English singular
        out[rows] = (
            pd.Series(out[rows], dtype=object).str.replace(r"(?<!\d)1 days", "1 day", regex=True).to_numpy()
        )
    return out


def _conversations(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """One conversation per support ticket, and public social posts about the company.

    The ticket's text follows its channel (chat transcript, call summary, email, direct message),
    its category (and the order behind it: days late, lost parcel, the app 5.0 bug), whether it
    was reopened, the phone hold and the customer's satisfaction. Public posts come from late or
    lost parcels (so they peak in November-December and in the North, like the late deliveries),
    the app 5.0 bug (March-May 2025), long phone holds, good deliveries, and from people who are
    not customers. See cxkit/data/_texts.py for the phrasings.
    """
    # --- ticket conversations
    k = len(tickets["opened"])
    oi = tickets["order"]
    has_o = oi >= 0
    o = np.where(has_o, oi, 0)
    late_days = np.where(has_o, orders["late_days"][o], 0)
    lost = has_o & orders["lost"][o]
    cat = tickets["cat"]
    opened = tickets["opened"]
    in_bug = (opened >= APP_BUG_START) & (opened < APP_BUG_END)
    code = np.select(
        [(cat == 0) & (late_days > 0), (cat == 0) & lost, cat == 0, (cat == 5) & in_bug],
        [0, 1, 2, np.where(rng.random(k) < 0.85, 8, 7)],
        cat + 2,
    )
    csat, blank = tickets["csat"], tickets["csat_blank"]
    reopened, still_open = tickets["reopened"], tickets["still_open"]
    tone = np.where(
        blank,
        np.select([still_open | reopened, tickets["fcr"]], [0, 2], 1),
        np.select([csat <= 2, csat == 3], [0, 1], 2),
    )
    ch = tickets["channel"]  # 0 phone 1 chat 2 email 3 social (CONVERSATION_CHANNELS)
    hold = tickets["hold"]
    again = np.where(reopened, _pick_all(rng, _texts.REOPENED, k), "")
    case = np.zeros(k, dtype=np.int64)
    for c in sorted(set(code.tolist())):
        sel = np.flatnonzero(code == c)
        case[sel] = rng.integers(0, len(_texts.CASES[c]), len(sel))
    parts = {c: np.asarray(v, dtype=object) for c, v in _texts.CASES.items()}
    opener = np.empty(k, dtype=object)
    topic = np.empty(k, dtype=object)
    action = np.empty(k, dtype=object)
    for c, arr in parts.items():
        sel = code == c
        opener[sel], topic[sel], action[sel] = arr[case[sel]].T
    call = (
        "Customer called about "
        + topic
        + ". "
        + np.where(reopened, _pick_all(rng, _texts.CALL_REOPENED, k), "")
        + np.where(hold > 15, _pick_all(rng, _texts.HOLD, k), "")
        + "Agent "
        + action
        + ". "
        + _pick_by(rng, tone, _texts.CALL_MOOD)
    )
    chat = (
        "Customer: "
        + again
        + opener
        + " Agent: "
        + _pick_all(rng, _texts.AGENT_PRE, k)
        + action
        + ". Customer: "
        + _pick_by(rng, tone, _texts.CLOSING)
    )
    email = (
        _pick_all(rng, _texts.GREETING, k)
        + again
        + opener
        + _pick_by(rng, tone, _texts.EMAIL_TONE)
        + _pick_all(rng, _texts.SIGN, k)
    )
    dm = "@LarkspurCo " + again + opener + _pick_by(rng, tone, _texts.DM_TONE)
    text_t = np.select([ch == 0, ch == 1, ch == 2], [call, chat, email], dm)
    foreign_theme = np.select([code <= 1, code == 8], ["late", "app"], "other")
    foreign = (ch >= 2) & (rng.random(k) < 0.015)
    text_t = np.where(foreign, _pick_by(rng, foreign_theme, _texts.FOREIGN), text_t)
    written = ch >= 2  # emails and messages (a chat transcript keeps its speaker labels)
    low = written & ~foreign & (rng.random(k) < 0.1)
    text_t = _lower(text_t, low)
    text_t = _fill_all(text_t, late_days, hold)
    first_ok = ~tickets["first_blank"]
    ts_t = np.select(
        [ch == 0, ch == 1],
        [
            np.where(first_ok, tickets["first"] + rng.integers(3 * MINUTE, 20 * MINUTE, k), opened + MINUTE),
            np.where(first_ok, tickets["first"], opened) + rng.integers(0, 5 * MINUTE, k),
        ],
        opened,
    )
    ts_t = np.minimum(ts_t, END - 1)
    platform_t = np.where(ch == 3, _choice(rng, [0.45, 0.35, 0.2, 0.0], k), -1)

    # --- public posts by customers, from what happened to them
    b2b_o = cust["b2b"][orders["cust"]]
    m = len(orders["t"])
    promised, delivered = orders["promised"], orders["delivered"]
    o_late = (orders["late_days"] > 0) & ~orders["store"]
    post_late = np.flatnonzero((o_late | orders["lost"]) & (rng.random(m) < np.where(b2b_o, 0.04, 0.14)))
    lost_p = orders["lost"][post_late]
    wait = np.maximum(orders["late_days"][post_late], 1)
    day_l = np.where(
        lost_p,
        promised[post_late] + 2 + rng.integers(0, 5, len(post_late)),
        promised[post_late] + 1 + (rng.random(len(post_late)) * wait).astype(np.int64),
    )
    ts_l = day_l * DAY + rng.integers(8 * HOUR, 23 * HOUR, len(post_late))
    d_l = day_l - promised[post_late]
    app_bug = (orders["channel"] == 1) & (orders["t"] >= APP_BUG_START) & (orders["t"] < APP_BUG_END)
    post_app = np.flatnonzero(app_bug & (rng.random(m) < 0.12))
    ts_a = orders["t"][post_app] + rng.integers(5 * MINUTE, 3 * HOUR, len(post_app))
    ok_deliv = ~orders["undelivered"] & ~o_late
    post_good = np.flatnonzero(ok_deliv & (rng.random(m) < 0.012))
    ts_g = delivered[post_good] * DAY + rng.integers(9 * HOUR, 22 * HOUR, len(post_good))
    post_q = np.flatnonzero(~orders["undelivered"] & (rng.random(m) < 0.004))
    ts_q = (delivered[post_q] + rng.integers(2, 20, len(post_q))) * DAY + rng.integers(
        9 * HOUR, 22 * HOUR, len(post_q)
    )
    long_hold = np.flatnonzero((ch == 0) & (hold > 20) & (rng.random(k) < 0.35))
    elapsed = hold[long_hold] * (0.5 + 0.5 * rng.random(len(long_hold)))
    ts_h = opened[long_hold] + (elapsed * MINUTE).astype(np.int64)
    # --- public posts by people who are not (or not yet) customers
    n_nc = round(0.15 * len(cust["signup"]))
    nc_theme = _choice(rng, [0.4, 0.45, 0.15], n_nc)
    ts_n = START + (rng.random(n_nc) * (END - START)).astype(np.int64)
    themes = np.concatenate(
        [
            np.where(lost_p, "lost", "late"),
            np.full(len(post_app), "app"),
            np.full(len(post_good), "praise"),
            np.full(len(post_q), "quality"),
            np.full(len(long_hold), "hold"),
            np.asarray(["question", "mention", "praise"])[nc_theme],
        ]
    ).astype(object)
    p_cust = np.concatenate(
        [
            orders["cust"][post_late],
            orders["cust"][post_app],
            orders["cust"][post_good],
            orders["cust"][post_q],
            tickets["cust"][long_hold],
            np.full(n_nc, -1),
        ]
    )
    ts_p = np.concatenate([ts_l, ts_a, ts_g, ts_q, ts_h, ts_n])
    d_p = np.concatenate([d_l, np.zeros(len(ts_p) - len(d_l), dtype=np.int64)])
    m_p = np.concatenate([np.zeros(len(ts_l) + len(ts_a) + len(ts_g) + len(ts_q)), elapsed, np.zeros(n_nc)])
    n_p = len(ts_p)
    text_p = _pick_by(rng, themes, _texts.POST)
    f_theme = np.select(
        [np.isin(themes, ["late", "lost"]), themes == "app", themes == "praise"],
        ["late", "app", "praise"],
        "other",
    )
    foreign_p = rng.random(n_p) < 0.02
    text_p = np.where(foreign_p, _pick_by(rng, f_theme, _texts.FOREIGN), text_p)
    low_p = ~foreign_p & (rng.random(n_p) < 0.12)
    text_p = _lower(text_p, low_p)
    text_p = _fill_all(text_p, d_p, m_p)
    platform_p = _choice(rng, [0.4, 0.3, 0.2, 0.1], n_p)
    keep = ts_p < END
    # --- together, in time order
    cust_all = np.concatenate([tickets["cust"], p_cust[keep]])
    out = {
        "cust": cust_all,
        "ticket": np.concatenate([np.arange(k), np.full(int(keep.sum()), -1)]),
        "channel": np.concatenate([ch, np.full(int(keep.sum()), CONVERSATION_CHANNELS.index("social"))]),
        "platform": np.concatenate([platform_t, platform_p[keep]]),
        "public": np.concatenate([np.zeros(k, dtype=bool), np.ones(int(keep.sum()), dtype=bool)]),
        "ts": np.concatenate([ts_t, ts_p[keep]]),
        "text": np.concatenate([text_t, text_p[keep]]),
    }
    order = np.lexsort((np.arange(len(out["ts"])), out["ts"]))
    return {key: v[order] for key, v in out.items()}


# ---------------------------------------------------------------------------------------------
# The messy survey-tool export (a data-cleaning exercise)
# ---------------------------------------------------------------------------------------------
MESSY_ROWS = 760
MESSY_DUPLICATES = 50
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
MESSY_COLUMNS = (
    "Response ID",
    "Submitted",
    "Customer",
    "Touchpoint",
    "Scale",
    "How likely are you to recommend Larkspur & Co. to a friend or colleague? (0-10)",
    "Comment",
)


def _messy(rng: np.random.Generator, surveys: dict[str, np.ndarray]) -> pd.DataFrame:
    """Make a survey-tool export with the usual problems (see datasets/README.md)."""
    pool = np.flatnonzero(surveys["responded"] & ~surveys["nps_blank"])
    n = min(MESSY_ROWS, len(pool))
    rows = np.sort(rng.choice(pool, n, replace=False))
    nps = surveys["nps"][rows]
    resp = surveys["resp"][rows]
    legacy = rng.random(n) < 0.25  # a batch exported from the old panel tool, on a 1-10 scale
    raw = np.where(legacy, np.floor(nps * 0.9 + 1.5), nps).astype(np.int64)
    score = pd.Series(raw.astype(str), dtype=object)
    u = rng.random(n)
    words = pd.Series(np.asarray(_WORDS, dtype=object)[raw % 11], dtype=object)
    score = pd.Series(np.where(u < 0.04, words, score), dtype=object)
    space = (u >= 0.04) & (u < 0.12)
    score = pd.Series(
        np.where(space, np.where(rng.random(n) < 0.5, score + " ", " " + score), score), dtype=object
    )
    blank = (u >= 0.12) & (u < 0.16)
    score = pd.Series(
        np.where(blank, np.asarray(["N/A", "n/a", "", "-"], dtype=object)[rng.integers(0, 4, n)], score),
        dtype=object,
    )
    bad = (u >= 0.16) & (u < 0.17)
    score = pd.Series(np.where(bad, np.where(legacy, "0", "11"), score), dtype=object)
    fmt = _choice(rng, [0.5, 0.25, 0.25], n)
    stamp = pa.array(resp.astype("datetime64[s]"))
    iso = pc.strftime(stamp, format="%Y-%m-%d %H:%M").to_numpy(zero_copy_only=False)
    dmy = pc.strftime(stamp, format="%d/%m/%Y").to_numpy(zero_copy_only=False)
    day = (resp // DAY).astype("datetime64[D]")
    dnum = (day - day.astype("datetime64[M]")).astype(np.int64) + 1
    mon = np.array(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
    dtext = (
        dnum.astype(str).astype(object)
        + " "
        + mon[_month_of_year(resp)].astype(object)
        + " "
        + (day.astype("datetime64[Y]").astype(np.int64) + 1970).astype(str).astype(object)
    )
    submitted = np.select([fmt == 0, fmt == 1], [iso, dmy], dtext)
    cid = pd.Series(
        _ids("C", int(surveys["cust"].max()) + 1, 6).to_numpy(zero_copy_only=False)[surveys["cust"][rows]],
        dtype=object,
    )
    v = rng.random(n)
    cid = pd.Series(
        np.where(v < 0.06, cid.str.lower(), np.where(v < 0.12, " " + cid + " ", cid)), dtype=object
    )
    comment = pd.Series(surveys["comment"][rows], dtype=object)
    w = rng.random(n)
    comment = pd.Series(np.where((w < 0.1) & (comment != ""), "  " + comment + " ", comment), dtype=object)
    df = pd.DataFrame(
        {
            MESSY_COLUMNS[0]: pd.Series((10_000 + np.arange(n)).astype(str), dtype=object).radd("R-"),
            MESSY_COLUMNS[1]: submitted,
            MESSY_COLUMNS[2]: cid,
            MESSY_COLUMNS[3]: np.asarray(_TP, dtype=object)[surveys["tp"][rows]],
            MESSY_COLUMNS[4]: np.where(legacy, "1-10", "0-10"),
            MESSY_COLUMNS[5]: score,
            MESSY_COLUMNS[6]: comment,
        }
    )
    dup = rng.choice(n, min(MESSY_DUPLICATES, n), replace=False)
    df = pd.concat([df, df.iloc[np.sort(dup)]], ignore_index=True)
    df = df.iloc[np.argsort(rng.random(len(df)), kind="stable")].reset_index(drop=True)
    return df


# ---------------------------------------------------------------------------------------------
# The public entry point
# ---------------------------------------------------------------------------------------------
#: Customers per block of a Parquet run: each block is generated, written and freed in turn, so
#: the memory stays bounded (about 0.5 GB) whatever the scale.
BLOCK_SCALE = 25
#: The largest scale of a Parquet run (its identifiers get more digits above MAX_SCALE).
MAX_PARQUET_SCALE = 20_000
_ID_WIDTHS = {"C": 6, "O": 7, "T": 6, "J": 7, "S": 7, "V": 7}


def _block_sizes(scale: float) -> list[int]:
    """Return the customers of each block: blocks of ``BLOCK_SCALE``, the last one taking the rest.

    >>> _block_sizes(60), _block_sizes(1000)[-1], _block_sizes(10)
    ([100000, 140000], 100000, [40000])
    """
    n, size = round(BASE_CUSTOMERS * scale), round(BASE_CUSTOMERS * BLOCK_SCALE)
    sizes = [size] * max(n // size, 1)
    sizes[-1] += n - sum(sizes)
    return sizes


class _Ids:
    """Identifiers numbered on from block to block (``C000001``, ...), one digit more per 10x scale.

    Up to ``MAX_SCALE`` the widths are the course's (``C`` + 6 digits, ``O`` + 7, ...); above it,
    every identifier gets ``ceil(log10(scale / MAX_SCALE))`` more digits.
    """

    def __init__(self, scale: float) -> None:
        extra = 0 if scale <= MAX_SCALE else int(np.ceil(np.log10(scale / MAX_SCALE)))
        self.width = {p: w + extra for p, w in _ID_WIDTHS.items()}
        self.offset = dict.fromkeys(_ID_WIDTHS, 0)

    def __call__(self, prefix: str, n: int) -> Any:
        num = pc.cast(pa.array(np.arange(self.offset[prefix] + 1, self.offset[prefix] + n + 1)), pa.string())
        return pc.binary_join_element_wise(
            prefix, pc.utf8_lpad(num, width=self.width[prefix], padding="0"), ""
        )

    def too_many(self, prefix: str, n: int) -> bool:
        return self.offset[prefix] + n > 10 ** self.width[prefix] - 1

    def advance(self, counts: dict[str, int]) -> None:
        for prefix, n in counts.items():
            self.offset[prefix] += n


class _CSVSink:
    """Write each table's rows to ``out/<table>.csv`` (see :func:`_write`)."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.started: set[str] = set()

    def write(self, columns: dict[str, pa.Array], name: str, append: bool = False) -> Path:
        path = _write(columns, name, self.out / f"{name}.csv", append=append or name in self.started)
        self.started.add(name)
        return path

    def close(self) -> None:
        pass


def _typed(columns: dict[str, pa.Array], name: str) -> pa.Table:
    """Turn the text columns (as written to CSV) into the schema's types, for Parquet.

    Whole numbers become int64, numbers float64, ``True``/``False`` booleans, dates date32 and
    times ``timestamp[s]`` (no time zone); blanks stay nulls; other columns stay text.
    """
    kinds = {c.name: c.kind for c in TABLES[name].columns}
    arrays = []
    for col_name, col in columns.items():
        col = col.combine_chunks() if isinstance(col, pa.ChunkedArray) else col
        col = col if col.type == pa.string() else pc.cast(col, pa.string())
        kind = kinds[col_name]
        if kind == "int":
            col = pc.cast(col, pa.int64())
        elif kind == "float":
            col = pc.cast(col, pa.float64())
        elif kind == "bool":
            col = pc.equal(col, "True")
        elif kind == "date":
            col = pc.cast(pc.strptime(col, format="%Y-%m-%d", unit="s"), pa.date32())
        elif kind == "datetime":
            col = pc.strptime(col, format="%Y-%m-%d %H:%M:%S", unit="s")
        arrays.append(col)
    return pa.table(arrays, names=list(columns))


class _ParquetSink:
    """Write each table to ``out/<table>.parquet``, one row group per chunk of rows written."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.writers: dict[str, Any] = {}

    def write(self, columns: dict[str, pa.Array], name: str, append: bool = False) -> Path:
        import pyarrow.parquet as pq

        table = _typed(columns, name)
        path = self.out / f"{name}.parquet"
        if name not in self.writers:
            self.writers[name] = pq.ParquetWriter(path, table.schema)
        self.writers[name].write_table(table, row_group_size=1_000_000)
        return path

    def close(self) -> None:
        for w in self.writers.values():
            w.close()


def _check_args(seed: int, scale: float, format: str = "csv") -> None:
    if format not in ("csv", "parquet"):
        raise CXConfigError(f"format must be 'csv' or 'parquet'; found {format!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise CXConfigError(f"seed must be a whole number (the course uses 2024); found {seed!r}.")
    if seed < 0:
        raise CXConfigError(
            f"seed must be zero or a positive whole number (the course uses 2024); found {seed}."
        )
    if (
        isinstance(scale, bool)
        or not isinstance(scale, int | float | np.integer | np.floating)
        or not np.isfinite(scale)
    ):
        raise CXConfigError(f"scale must be a positive number (1 = the course data); found {scale!r}.")
    if scale <= 0:
        raise CXConfigError(
            f"scale must be greater than 0 (1 = the course data, 0.1 = a tenth); found {scale}."
        )
    if round(BASE_CUSTOMERS * scale) < 20:
        raise CXConfigError(
            f"scale {scale} is too small: it gives fewer than 20 customers; use at least 0.005."
        )
    if format == "parquet" and scale > MAX_PARQUET_SCALE:
        raise CXConfigError(f"scale {scale} is too large; use at most {MAX_PARQUET_SCALE} with Parquet.")
    if format == "csv" and scale > MAX_SCALE:
        raise CXConfigError(
            f"scale {scale} is too large for the identifier formats; use at most {MAX_SCALE}."
        )


def generate(
    *,
    seed: int = 2024,
    scale: float = 1.0,
    out: Path | str = "datasets",
    format: str = "csv",
    progress: bool = False,
) -> dict[str, Path]:
    """Write the fictional company's data sets as CSV (or Parquet) files.

    Parameters
    ----------
    seed : int, default 2024
        Random seed; the course data use 2024. The same seed and scale give byte-identical files.
    scale : float, default 1.0
        Size multiplier: ``round(4000 * scale)`` customers, and every other table in proportion.
        The course data use 1; ``scale=100`` gives over a million journey events.
    out : path-like, default "datasets"
        Folder to write into (created if needed). The messy survey export goes to ``out/raw/``.
    format : {"csv", "parquet"}, default "csv"
        ``"parquet"`` writes ``<table>.parquet`` files with typed columns (whole numbers, booleans,
        dates, ``timestamp[s]`` times) for DuckDB, polars or Spark, and no messy export. The
        customers are generated in blocks of ``BLOCK_SCALE`` (100,000 customers), each written as
        row groups and freed before the next, so the memory stays bounded at any scale (up to
        ``MAX_PARQUET_SCALE``; scale 1000 is about 44 million events). Block 0 uses the seed's own
        random streams, so up to ``scale=BLOCK_SCALE`` the Parquet rows are exactly the CSV rows;
        each further block draws from the seed's next child stream and numbers its identifiers on
        (customers are sorted by signup within a block; each block has its own agents). Above
        ``MAX_SCALE`` identifiers get one more digit per factor of ten.
    progress : bool, default False
        Show a progress bar over the generation steps on standard error.

    Returns
    -------
    dict of str to Path
        The path of each file written: the seven tables by name, and ``"surveys_messy_export"``.

    Raises
    ------
    CXConfigError
        If ``seed`` is negative or not a whole number, ``scale`` is not a positive number in range,
        or ``format`` is not ``"csv"`` or ``"parquet"``.

    Examples
    --------
    >>> paths = generate(seed=2024, scale=0.05, out="tmp-data", progress=False)
    >>> sorted(paths)  # doctest: +NORMALIZE_WHITESPACE
    ['conversations', 'customers', 'events', 'orders', 'surveys', 'surveys_messy_export', 'tickets',
     'touchpoints']
    """
    _check_args(seed, scale, format)
    from tqdm.auto import tqdm

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    if format == "csv":
        (out / "raw").mkdir(parents=True, exist_ok=True)
    root = np.random.SeedSequence(int(seed))
    sizes = _block_sizes(scale) if format == "parquet" else [round(BASE_CUSTOMERS * scale)]
    ids = _Ids(scale)
    sink: _CSVSink | _ParquetSink = _CSVSink(out) if format == "csv" else _ParquetSink(out)
    write = sink.write
    paths: dict[str, Path] = {}
    bar = tqdm(
        total=7 * len(sizes), desc=f"{COMPANY} data", unit="table", disable=not progress, file=sys.stderr
    )

    def block(
        rngs: list[np.random.Generator], rng_conv: np.random.Generator, n_cust: int, scale: float, first: bool
    ) -> None:
        """Generate one block of customers (the whole data set in CSV) and write its rows."""
        state: dict[str, dict[str, np.ndarray]] = {}
        counts = {"C": n_cust}  # rows per identifier prefix, for the next block's numbers

        def step_customers() -> None:
            c = _customers(rngs[0], n_cust)
            state["customers"] = c
            paths["customers"] = write(
                {
                    "customer_id": ids("C", n_cust),
                    "signup_date": _fmt_date(c["signup"]),
                    "segment": _take(SEGMENTS, c["b2b"].astype(np.int64)),
                    "region": _take(REGIONS, c["region"]),
                    "acquisition_channel": _take(ACQUISITION_CHANNELS, c["acq"]),
                    "persona": _take(PERSONAS, c["persona"]),
                },
                "customers",
            )

        def step_orders() -> None:
            o = _orders(rngs[1], state["customers"])
            state["orders"] = o
            m = counts["O"] = len(o["t"])
            if ids.too_many("O", m):
                raise CXConfigError(f"scale {scale} gives more orders than the O####### identifiers allow.")
            paths["orders"] = write(
                {
                    "order_id": ids("O", m),
                    "customer_id": pc.take(ids("C", n_cust), pa.array(o["cust"])),
                    "timestamp": _fmt_time(o["t"]),
                    "value": _fmt_money(o["value"]),
                    "channel": _take(ORDER_CHANNELS, o["channel"]),
                    "items": _fmt_int(o["items"]),
                    "promised_date": _fmt_date(o["promised"] * DAY, o["store"]),
                    "delivered_date": _fmt_date(o["delivered"] * DAY, o["undelivered"]),
                },
                "orders",
            )

        def step_tickets() -> None:
            t = _tickets(rngs[2], state["customers"], state["orders"], scale)
            state["tickets"] = t
            k = counts["T"] = len(t["opened"])
            paths["tickets"] = write(
                {
                    "ticket_id": ids("T", k),
                    "customer_id": pc.take(ids("C", n_cust), pa.array(t["cust"])),
                    "channel": _take(TICKET_CHANNELS, t["channel"]),
                    "category": _take(TICKET_CATEGORIES, t["cat"]),
                    "opened_at": _fmt_time(t["opened"]),
                    "first_response_at": _fmt_time(t["first"], t["first_blank"]),
                    "resolved_at": _fmt_time(t["resolved"], t["still_open"]),
                    "reopened": _fmt_bool(t["reopened"]),
                    "first_contact_resolution": _fmt_bool(t["fcr"]),
                    "csat": _fmt_int(t["csat"], t["csat_blank"]),
                    "agent": pc.binary_join_element_wise(
                        "A", pc.utf8_lpad(_fmt_int(t["agent"]), width=3, padding="0"), ""
                    ),
                },
                "tickets",
            )

        def step_events() -> None:
            e = _events(rngs[3], state["customers"], state["orders"], scale)
            n_cases = counts["J"] = int(e["case"].max()) + 1 if len(e["case"]) else 0
            if ids.too_many("J", n_cases):
                raise CXConfigError(f"scale {scale} gives more journeys than the J####### identifiers allow.")
            cust_ids = ids("C", n_cust)
            case_ids = ids("J", max(n_cases, 1))
            stages = pa.array(list(_EV_STAGE))
            campaigns = [c[0] for c in CAMPAIGNS]
            # Written in chunks of a million rows to keep the peak memory low at large scales.
            total = len(e["ts"])
            for lo in range(0, max(total, 1), 1_000_000):
                c = {k: v[lo : lo + 1_000_000] for k, v in e.items()}
                paths["events"] = write(
                    {
                        "case_id": pc.take(case_ids, pa.array(c["case"])),
                        "customer_id": pc.take(
                            cust_ids, pa.array(np.maximum(c["cust"], 0), mask=c["cust"] < 0)
                        ),
                        "timestamp": _fmt_time(c["ts"]),
                        "event": _take(_EV, c["ev"]),
                        "stage": pc.take(stages, pa.array(c["ev"])),
                        "channel": _take(CHANNELS, c["channel"]),
                        "touchpoint": _take(_TP, c["tp"]),
                        "device": _take(DEVICES, c["device"], c["offline"]),
                        "campaign": _take(campaigns, np.maximum(c["camp"], 0), c["camp"] < 0),
                    },
                    "events",
                    append=lo > 0,
                )

        def step_surveys() -> None:
            s = _surveys(rngs[4], state["customers"], state["orders"], state["tickets"])
            state["surveys"] = s
            n = counts["S"] = len(s["sent"])
            survey_ids = ids("S", n)
            cust_ids = ids("C", n_cust)
            order_ids = ids("O", len(state["orders"]["t"]))
            ticket_ids = ids("T", max(len(state["tickets"]["opened"]), 1))
            step = 500_000  # chunks keep the peak memory low at large scales
            for lo in range(0, max(n, 1), step):
                c = {key: v[lo : lo + step] for key, v in s.items()}
                paths["surveys"] = write(
                    {
                        "survey_id": survey_ids[lo : lo + step],
                        "customer_id": pc.take(cust_ids, pa.array(c["cust"])),
                        "segment": _take(SEGMENTS, c["b2b"].astype(np.int64)),
                        "touchpoint": _take(_TP, c["tp"]),
                        "channel": _take(CHANNELS, _TP_CHANNEL[c["tp"]]),
                        "order_id": pc.take(order_ids, pa.array(np.maximum(c["oid"], 0), mask=c["oid"] < 0)),
                        "ticket_id": pc.take(
                            ticket_ids, pa.array(np.maximum(c["tid"], 0), mask=c["tid"] < 0)
                        ),
                        "sent_at": _fmt_time(c["sent"]),
                        "responded": _fmt_bool(c["responded"]),
                        "response_date": _fmt_time(c["resp"], ~c["responded"]),
                        "nps": _fmt_int(c["nps"], c["nps_blank"]),
                        "csat": _fmt_int(c["csat"], c["csat_blank"]),
                        "ces": _fmt_int(c["ces"], c["ces_blank"]),
                        "comment": pa.array(c["comment"].astype(str), mask=~c["has_c"]),
                    },
                    "surveys",
                    append=lo > 0,
                )

        def step_touchpoints_and_raw() -> None:
            if not first:
                return
            names = list(TOUCHPOINTS)
            paths["touchpoints"] = write(
                {
                    "touchpoint": pa.array(names),
                    "stage": pa.array([TOUCHPOINTS[t][0] for t in names]),
                    "channel": pa.array([TOUCHPOINTS[t][1] for t in names]),
                    "owner": pa.array([TOUCHPOINTS[t][2] for t in names]),
                    "revenue": pa.array([str(TOUCHPOINTS[t][3]) for t in names]),
                    "phase": pa.array([TOUCHPOINTS[t][4] for t in names]),
                },
                "touchpoints",
            )
            if format != "csv":
                return
            messy = _messy(rngs[5], state["surveys"])
            path = out / "raw" / "surveys_messy_export.csv"
            messy.to_csv(path, index=False, lineterminator="\n")
            paths["surveys_messy_export"] = path

        def step_conversations() -> None:
            # Its own random stream, spawned after the six others: the earlier tables do not change.
            v = _conversations(rng_conv, state["customers"], state["orders"], state["tickets"])
            n = counts["V"] = len(v["ts"])
            if ids.too_many("V", n):  # pragma: no cover - needs scale far above MAX_SCALE
                raise CXConfigError(
                    f"scale {scale} gives more conversations than V####### identifiers allow."
                )
            n_tickets = max(len(state["tickets"]["opened"]), 1)
            paths["conversations"] = write(
                {
                    "conversation_id": ids("V", n),
                    "customer_id": pc.take(
                        ids("C", n_cust), pa.array(np.maximum(v["cust"], 0), mask=v["cust"] < 0)
                    ),
                    "ticket_id": pc.take(
                        ids("T", n_tickets), pa.array(np.maximum(v["ticket"], 0), mask=v["ticket"] < 0)
                    ),
                    "channel": _take(CONVERSATION_CHANNELS, v["channel"]),
                    "platform": _take(PLATFORMS, np.maximum(v["platform"], 0), v["platform"] < 0),
                    "public": _fmt_bool(v["public"]),
                    "timestamp": _fmt_time(v["ts"]),
                    "text": pa.array(v["text"], type=pa.string()),
                },
                "conversations",
            )

        steps: list[tuple[str, Callable[[], None]]] = [
            ("customers", step_customers),
            ("orders", step_orders),
            ("tickets", step_tickets),
            ("events", step_events),
            ("surveys", step_surveys),
            ("touchpoints", step_touchpoints_and_raw),
            ("conversations", step_conversations),
        ]
        for label, fn in steps:
            bar.set_postfix_str(label)
            fn()
            bar.update()
        ids.advance(counts)

    for b, n_cust in enumerate(sizes):
        # Block 0 draws from the seed's own streams (so one block is exactly the CSV data);
        # block b > 0 from the seed's next child stream, spawned in order: always the same.
        stream = root if b == 0 else root.spawn(1)[0]
        rngs = [np.random.default_rng(s) for s in stream.spawn(6)]
        rng_conv = np.random.default_rng(stream.spawn(1)[0])  # the seventh child: conversations
        block(rngs, rng_conv, n_cust, scale if len(sizes) == 1 else n_cust / BASE_CUSTOMERS, b == 0)
    bar.close()
    sink.close()
    return {
        name: paths[name]
        for name in (
            "customers",
            "orders",
            "events",
            "surveys",
            "tickets",
            "touchpoints",
            "conversations",
            "surveys_messy_export",
        )
        if name in paths
    }
