"""The generator's customers, orders and support tickets (the commerce tables)."""

from __future__ import annotations

import numpy as np

from cxkit.data._gen_base import (
    APP_BUG_END,
    APP_BUG_START,
    DAY,
    END,
    HOUR,
    MINUTE,
    MONTH_DAYS,
    N_DAYS,
    SEASON,
    START,
    _choice,
    _month_index,
    _month_of_year,
)
from cxkit.data.schema import (
    ACQUISITION_CHANNELS,
)


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
    ci, opened, cat, src = _ticket_openings(rng, cust, orders)
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


def _ticket_openings(
    rng: np.random.Generator, cust: dict[str, np.ndarray], orders: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return each ticket's customer, opening time, category and order (or -1), in time order."""
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
    return ci[order], opened[order], cat[order], src[order]
