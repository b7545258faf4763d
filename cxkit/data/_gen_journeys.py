"""The generator's journeys: event templates per path and the events table."""

from __future__ import annotations

import numpy as np

from cxkit.data._gen_base import (
    _EV_IDX,
    _TP_CHANNEL,
    _TP_IDX,
    CAMPAIGNS,
    DAY,
    END,
    HOUR,
    MINUTE,
    START,
    _choice,
)
from cxkit.data.schema import (
    CHANNELS,
    EVENTS,
)

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
    linked, bought = _purchase_cases(rng, cust, orders)
    L = len(linked)
    path_n, deepest_n, prospect, cn, t_np = _other_cases(rng, cust, L)
    n_np = len(path_n)
    zeros = np.zeros(n_np, dtype=np.int64)
    # Assemble both kinds of case.
    k = L + n_np
    path = np.concatenate([bought["path"], path_n])
    deepest = np.concatenate([bought["deepest"], deepest_n])
    aw = np.where(rng.random(k) < 0.09, 0, 1 + _choice(rng, [0.32, 0.28, 0.18, 0.12, 0.10], k))
    views = rng.integers(0, 3, k)
    loop = ((deepest >= 2) & (rng.random(k) < 0.15)).astype(np.int64)
    after = [
        np.concatenate([bought[name], zeros]) for name in ("delivered", "invoice", "ret", "support", "review")
    ]
    key = _encode(path, deepest, aw, views, loop, *after)
    case_of, pos, ev, tp, rel, first_row, purchase_row = _expand(rng, key)
    # Purchase journeys are placed so that the purchase happens at the order's time.
    t0 = np.concatenate([orders["t"][linked] - rel[first_row[:L] + purchase_row[:L]], t_np])
    ts = t0[case_of] + rel
    customer = np.concatenate([orders["cust"][linked], np.where(prospect, -1, cn)])
    # Case-level device and campaign.
    device = _choice(rng, [0.42, 0.46, 0.12], k)
    camp = _campaigns(rng, t0)
    # Case ids in order of the journey's start; events kept inside the two years.
    case_order = np.lexsort((np.arange(k), t0))
    case_rank = np.empty(k, dtype=np.int64)
    case_rank[case_order] = np.arange(k)
    keep = (ts >= START) & (ts < END)
    idx = np.flatnonzero(keep)
    idx = idx[np.lexsort((pos[idx], case_rank[case_of[idx]]))]
    c = case_of[idx]
    ch = _TP_CHANNEL[tp[idx]]
    offline = np.isin(ch, [CHANNELS.index("store"), CHANNELS.index("phone"), CHANNELS.index("carrier")])
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


def _purchase_cases(
    rng: np.random.Generator, cust: dict[str, np.ndarray], orders: dict[str, np.ndarray]
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Return the orders the analytics tool tracked (about one in ten) and their journeys' shape."""
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
    shape = {
        "path": path_l,
        "deepest": deepest_l,
        "delivered": delivered,
        "invoice": invoice,
        "ret": ret,
        "support": support,
        "review": review,
    }
    return linked, shape


def _other_cases(
    rng: np.random.Generator, cust: dict[str, np.ndarray], L: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the journeys that did not end in a purchase (most abandoned the basket).

    Their path, deepest stage, whether a prospect (no customer id), customer and start time.
    """
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
    return path_n, deepest_n, prospect, cn, t_np


def _expand(
    rng: np.random.Generator, key: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Expand each case's template key into events with random gaps.

    Returns, per event, its case, position in the case, event, touchpoint and time since the case's
    first event; per case, its first event's row and the purchase's position in its template.
    """
    k = len(key)
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
    gap = rng.exponential(1.0, total) * _GAPS[t_gap[src]]
    gap = np.round(gap).astype(np.int64) + (t_gap[src] != _G_START) * rng.integers(1, 40, total)
    csum = np.cumsum(gap)
    # A template can have no events; such a case (last in the log) starts at ``total``: clip it.
    rel = csum - csum[np.minimum(row_start, max(total - 1, 0))][case_of]
    return case_of, pos, t_ev[src], t_tp[src], rel, row_start, t_purch[tmpl]


def _campaigns(rng: np.random.Generator, t0: np.ndarray) -> np.ndarray:
    """Return the campaign (index in CAMPAIGNS, or -1) of each case: 45% of those started in one."""
    camp = np.full(len(t0), -1, dtype=np.int64)
    for i, (_name, first, last) in enumerate(CAMPAIGNS):
        lo = int(np.datetime64(first, "s").astype(np.int64))
        hi = int(np.datetime64(last, "s").astype(np.int64)) + DAY
        camp = np.where((t0 >= lo) & (t0 < hi) & (camp < 0), i, camp)
    return np.where(rng.random(len(t0)) < 0.45, camp, -1)
