"""The generator's customers, orders and support tickets (the commerce tables)."""

from __future__ import annotations

import numpy as np

from cxkit.data._gen_base import (
    APP_BUG_END,
    APP_BUG_START,
    DAY,
    END,
    HOUR,
    LATE_LEAVE,
    LATE_PAUSE_DAYS,
    MINUTE,
    MONTH_DAYS,
    MOOD_LIFE_BETA,
    MOOD_SD,
    N_DAYS,
    SEASON,
    START,
    TICKET_LEAVE,
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
    # Each customer's own mood (random effect on survey scores and, planted effect 2, on lifetime).
    mood = rng.normal(0.0, MOOD_SD, n)
    # Customer lifetime before churning (days): the app 5.0 cohort churns almost at once. A happier
    # customer stays longer: the mean lifetime is multiplied by exp(beta * mood), beta per segment,
    # divided by E[exp(beta * mood)] = exp(beta^2 sd^2 / 2) so that the segment's mean is unchanged.
    beta = np.where(b2b, MOOD_LIFE_BETA["B2B"], MOOD_LIFE_BETA["B2C"])
    mean_life = np.where(b2b, 36.0, 21.0) * MONTH_DAYS * np.exp(beta * mood - (beta * MOOD_SD) ** 2 / 2)
    affected = launch & (acq == ACQUISITION_CHANNELS.index("app"))
    mean_life = np.where(affected, 0.8 * MONTH_DAYS, mean_life)
    life = rng.exponential(1.0, n) * mean_life
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
    # Each customer's orders in time order, for the effects of one order on the next ones.
    order = np.lexsort((t, ci))
    ci, t, channel = ci[order], t[order], channel[order]
    m = len(ci)
    bb = b2b[ci]
    # Deliveries (store purchases are taken home at once): drawn for every candidate order.
    store = channel == 2
    lead = np.where(channel == 3, 3, 2) + rng.integers(0, 3, m) + bb
    region = cust["region"][ci]
    p_late = 0.075 * np.where(_month_of_year(t) >= 10, 2.6, 1.0) * np.where(region == 0, 1.6, 1.0)
    late = rng.random(m) < p_late
    late_days = 1 + rng.geometric(0.45, m)
    early = rng.choice(np.array([0, 0, 0, 1, 2]), m)
    lost = rng.random(m) < 0.012
    # Planted effect 1 (datasets/README.md): a parcel that arrives late makes the customer leave
    # at once with probability LATE_LEAVE[segment]; one who stays pauses: every later purchase
    # comes a pause later (whole days, exponential with mean LATE_PAUSE_DAYS).
    hit = late & ~store & ~lost
    leaves = hit & (rng.random(m) < np.where(bb, LATE_LEAVE["B2B"], LATE_LEAVE["B2C"]))
    pause = np.where(hit, np.ceil(rng.exponential(LATE_PAUSE_DAYS, m)), 0).astype(np.int64) * DAY
    first_of = np.r_[True, ci[1:] != ci[:-1]] if m else np.zeros(0, dtype=bool)
    group = np.cumsum(first_of) - 1
    before = np.cumsum(pause) - pause  # the pauses of the earlier orders, per customer
    t = t + before - before[np.flatnonzero(first_of)][group]
    promised = t // DAY + lead
    delivered = np.where(late, promised + late_days, np.maximum(promised - early, t // DAY + 1))
    cut = np.full(n, END, dtype=np.int64)
    np.minimum.at(cut, ci[leaves], delivered[leaves] * DAY)
    keep = (t < end[ci]) & (t < cut[ci]) & (t < END)
    # The kept orders in time order (customer order within a second).
    order = np.flatnonzero(keep)[np.lexsort((ci[keep], t[keep]))]
    ci, t, channel, store, lost = ci[order], t[order], channel[order], store[order], lost[order]
    promised, delivered = promised[order], delivered[order]
    m = len(ci)
    bb = b2b[ci]
    items = np.where(bb, 2 + rng.negative_binomial(2, 0.13, m), 1 + rng.poisson(1.1, m))
    items = np.minimum(items, 500)
    unit = np.exp(rng.normal(np.where(bb, np.log(19.0), np.log(27.0)), 0.55, m))
    peak = _month_of_year(t) >= 10
    value = np.maximum(items * unit * np.where(peak, 1.12, 1.0), 1.99)
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


def _leave_after_tickets(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Planted effect 3: a support problem handled badly makes more customers leave.

    A ticket is handled badly when it was reopened, not resolved at first contact, or is still
    open. After it, the customer leaves with probability ``TICKET_LEAVE["badly"]`` (at the
    resolution, or 14 days after opening for a ticket never resolved), against
    ``TICKET_LEAVE["well"]`` after a ticket handled well. A customer who leaves places no later
    order and opens no later ticket: both tables are cut, and each ticket's order index follows.
    """
    n = len(cust["signup"])
    badly = tickets["reopened"] | ~tickets["fcr"] | tickets["still_open"]
    leaves = rng.random(len(badly)) < np.where(badly, TICKET_LEAVE["badly"], TICKET_LEAVE["well"])
    when = np.where(tickets["still_open"], tickets["opened"] + 14 * DAY, tickets["resolved"])
    cut = np.full(n, END, dtype=np.int64)
    np.minimum.at(cut, tickets["cust"][leaves], when[leaves])
    keep_o = orders["t"] < cut[orders["cust"]]
    new_index = np.cumsum(keep_o) - 1
    src = tickets["order"]
    keep_t = (tickets["opened"] <= cut[tickets["cust"]]) & ((src < 0) | keep_o[np.maximum(src, 0)])
    orders = {k: v[keep_o] for k, v in orders.items()}
    tickets = {k: v[keep_t] for k, v in tickets.items()}
    tickets["order"] = np.where(tickets["order"] >= 0, new_index[np.maximum(tickets["order"], 0)], -1)
    return orders, tickets


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
