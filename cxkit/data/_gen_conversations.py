"""The generator's conversations: support chats, call summaries, emails and social posts."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from cxkit.data import _texts
from cxkit.data._gen_base import (
    APP_BUG_END,
    APP_BUG_START,
    DAY,
    END,
    HOUR,
    MINUTE,
    START,
    _choice,
    _fill,
)
from cxkit.data.schema import (
    CONVERSATION_CHANNELS,
)


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
    k = len(tickets["opened"])
    text_t, ts_t, platform_t = _ticket_conversations(rng, orders, tickets)
    themes, p_cust, ts_p, d_p, m_p = _posts(rng, cust, orders, tickets)
    text_p, platform_p = _post_texts(rng, themes, d_p, m_p)
    keep = ts_p < END
    # --- together, in time order
    cust_all = np.concatenate([tickets["cust"], p_cust[keep]])
    out = {
        "cust": cust_all,
        "ticket": np.concatenate([np.arange(k), np.full(int(keep.sum()), -1)]),
        "channel": np.concatenate(
            [tickets["channel"], np.full(int(keep.sum()), CONVERSATION_CHANNELS.index("social"))]
        ),
        "platform": np.concatenate([platform_t, platform_p[keep]]),
        "public": np.concatenate([np.zeros(k, dtype=bool), np.ones(int(keep.sum()), dtype=bool)]),
        "ts": np.concatenate([ts_t, ts_p[keep]]),
        "text": np.concatenate([text_t, text_p[keep]]),
    }
    order = np.lexsort((np.arange(len(out["ts"])), out["ts"]))
    return {key: v[order] for key, v in out.items()}


def _ticket_conversations(
    rng: np.random.Generator, orders: dict[str, np.ndarray], tickets: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each ticket's conversation: its text, time and platform (-1 unless social)."""
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
    text_t = _ticket_text(rng, code, tone, tickets)
    foreign_theme = np.select([code <= 1, code == 8], ["late", "app"], "other")
    foreign = (ch >= 2) & (rng.random(k) < 0.015)
    text_t = np.where(foreign, _pick_by(rng, foreign_theme, _texts.FOREIGN), text_t)
    written = ch >= 2  # emails and messages (a chat transcript keeps its speaker labels)
    low = written & ~foreign & (rng.random(k) < 0.1)
    text_t = _lower(text_t, low)
    text_t = _fill_all(text_t, late_days, tickets["hold"])
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
    return text_t, ts_t, platform_t


def _ticket_text(
    rng: np.random.Generator, code: np.ndarray, tone: np.ndarray, tickets: dict[str, np.ndarray]
) -> np.ndarray:
    """Return each ticket's text in its channel's form: call summary, chat, email or direct message."""
    k = len(code)
    reopened, hold, ch = tickets["reopened"], tickets["hold"], tickets["channel"]
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
    return np.select([ch == 0, ch == 1, ch == 2], [call, chat, email], dm)


def _posts(
    rng: np.random.Generator,
    cust: dict[str, np.ndarray],
    orders: dict[str, np.ndarray],
    tickets: dict[str, np.ndarray],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the public posts: theme, customer (-1: not a customer), time, days late, minutes held."""
    # --- by customers, from what happened to them
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
    hold = tickets["hold"]
    long_hold = np.flatnonzero((tickets["channel"] == 0) & (hold > 20) & (rng.random(len(hold)) < 0.35))
    elapsed = hold[long_hold] * (0.5 + 0.5 * rng.random(len(long_hold)))
    ts_h = tickets["opened"][long_hold] + (elapsed * MINUTE).astype(np.int64)
    # --- by people who are not (or not yet) customers
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
    return themes, p_cust, ts_p, d_p, m_p


def _post_texts(
    rng: np.random.Generator, themes: np.ndarray, d_p: np.ndarray, m_p: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Return each post's text (some in another language, some in lower case) and its platform."""
    n_p = len(themes)
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
    return text_p, platform_p
