"""The generator's messy survey-tool export (a data-cleaning exercise)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from cxkit.data._gen_base import (
    _TP,
    DAY,
    _choice,
    _ids,
    _month_of_year,
)

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
