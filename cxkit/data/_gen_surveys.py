"""The generator's surveys and their free-text comments."""

from __future__ import annotations

import numpy as np
import pandas as pd

from cxkit.data._gen_base import (
    _TP,
    _TP_IDX,
    APP_BUG_END,
    APP_BUG_START,
    DAY,
    END,
    HOUR,
    MINUTE,
    _choice,
    _fill,
)

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
    ci, tp, oid, tid, sent = _invitations(rng, cust, orders, tickets)
    s = len(ci)
    b2b = cust["b2b"][ci]
    responded = rng.random(s) < np.where(b2b, 0.12, 0.30)
    resp = sent + (np.exp(rng.normal(np.log(5 * HOUR), 1.2, s))).astype(np.int64) + MINUTE
    responded &= resp < END
    why = _causes(tp, oid, tid, sent, orders, tickets)
    nps, csat, ces = _scores(rng, cust, ci, tp, b2b, why)
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
    comment = np.full(s, "", dtype=object)
    comment[sel] = _comments(
        rng, _themes(rng, sel, ncat[sel], tp, why), why["late_days"][sel], why["hold"][sel]
    )
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


def _invitations(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the invitations (customer, touchpoint, order or -1, ticket or -1, sent), sorted by time."""
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
    b_cust, b_tp, b_sent = _browse_invitations(rng, cust)

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
    return ci[order], tp[order], oid[order], tid[order], sent[order]


def _browse_invitations(
    rng: np.random.Generator, cust: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the browse and relationship surveys: customer, touchpoint and time sent."""
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
    return b_cust, b_tp, b_sent


def _causes(
    tp: np.ndarray,
    oid: np.ndarray,
    tid: np.ndarray,
    sent: np.ndarray,
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Return what drives each invitation's scores: lateness, a lost parcel, hold time, the app bug..."""
    has_o = oid >= 0
    has_t = tid >= 0
    o = np.where(has_o, oid, 0)
    t = np.where(has_t, tid, 0)
    about_delivery = has_o & _tp_in(tp, ("delivery", "returns"))
    app_bug = (
        _tp_in(tp, ("app_checkout", "app_browse", "app_basket"))
        & (sent >= APP_BUG_START)
        & (sent < APP_BUG_END)
    )
    return {
        "late_days": np.where(about_delivery, orders["late_days"][o], 0),
        "lost": about_delivery & orders["lost"][o],
        "hold": np.where(has_t, tickets["hold"][t], 0.0),
        "reopened": has_t & tickets["reopened"][t],
        "not_fcr": has_t & ~tickets["fcr"][t],
        "app_bug": app_bug,
    }


#: How much a touchpoint lifts (or lowers) the scores of its surveys; 0.1 for the others.
_TP_EFFECT = {
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


def _scores(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    ci: np.ndarray,
    tp: np.ndarray,
    b2b: np.ndarray,
    why: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the NPS (0-10), CSAT (1-5) and CES (1-7) of each invitation from one latent mood."""
    s = len(ci)
    late_days, hold = why["late_days"], why["hold"]
    eff = np.array([_TP_EFFECT.get(x, 0.1) for x in _TP])[tp]
    z = (
        cust["mood"][ci]
        + rng.normal(0, 0.75, s)
        + eff
        - 0.55 * b2b
        - (late_days > 0) * (1.5 + 0.2 * np.minimum(late_days, 5))
        - 2.6 * why["lost"]
        - 0.045 * hold
        - 0.9 * why["reopened"]
        - 0.4 * why["not_fcr"]
        - 1.3 * why["app_bug"]
        - 0.1 * (cust["persona"][ci] == 1)
    )
    nps = np.clip(np.round(8.45 + 1.9 * z), 0, 10).astype(np.int64)
    csat = np.clip(np.round(3.95 + 0.85 * z + rng.normal(0, 0.4, s)), 1, 5).astype(np.int64)
    z_no_hold = z + 0.045 * hold
    ces = np.clip(np.round(5.6 + 0.7 * z_no_hold - 0.09 * hold + rng.normal(0, 0.5, s)), 1, 7).astype(
        np.int64
    )
    return nps, csat, ces


def _themes(
    rng: np.random.Generator, sel: np.ndarray, nc: np.ndarray, tp: np.ndarray, why: dict[str, np.ndarray]
) -> np.ndarray:
    """Return the theme of each comment (``neg:late``, ``pos:staff``, ``mix:price``...) from its causes."""
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
    ld, hd, ab = why["late_days"][sel], why["hold"][sel], why["app_bug"][sel]
    neg = np.select(
        [
            why["lost"][sel],
            ld > 0,
            (hd > 10) & (rng.random(c) < 0.85),
            ab,
            why["reopened"][sel] | why["not_fcr"][sel],
        ],
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
    return np.select(
        [nc == 0, nc == 2], [np.char.add("neg:", neg), np.char.add("pos:", pos)], np.char.add("mix:", mix)
    )
