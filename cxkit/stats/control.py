r"""Control limits: the p-chart of a share watched period after period (Shewhart's chart for attributes)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError

__all__ = ["p_chart"]


def _counts(values: Any, name: str) -> tuple[np.ndarray, Any]:
    """Return whole, non-negative numbers as an int array, and the input's index (or None)."""
    import pandas as pd

    index = values.index if isinstance(values, pd.Series) else None
    raw = np.asarray(values.to_numpy() if isinstance(values, pd.Series) else list(values), dtype=object)
    out = np.empty(len(raw), dtype=np.int64)
    for i, v in enumerate(raw):
        if isinstance(v, bool) or not isinstance(v, int | float | np.integer | np.floating) or v != v:
            raise CXDataError("not a number", column=name, row=i, value=v, expected="a whole number")
        if float(v) != math.floor(float(v)):
            raise CXDataError("not a whole number", column=name, row=i, value=v, expected="a whole number")
        if v < 0:
            raise CXDataError("negative count", column=name, row=i, value=v, expected="0 or more")
        out[i] = int(v)
    return out, index


def p_chart(
    counts: Any, sizes: Any, *, center: float | None = None, sigma: float = 3.0, min_n: int = 1
) -> Any:
    r"""Return the p-chart of a share per period: each period's share, the center line and its limits.

    Each period :math:`i` has :math:`x_i` units with the property (detractors, complaints) out of
    :math:`n_i`. The center line is the pooled share, and each period's limits follow its own
    sample size:

    .. math::

        \bar p = \frac{\sum_i x_i}{\sum_i n_i}, \qquad
        \mathrm{UCL}_i,\ \mathrm{LCL}_i = \bar p \pm k\,\sqrt{\frac{\bar p\,(1-\bar p)}{n_i}},

    with :math:`k = 3` (Shewhart's three-sigma limits), the LCL cut at 0 and the UCL at 1. A period
    whose share lies above its UCL (or below its LCL) is a signal: a change beyond the
    period-to-period noise of a stable process.

    Parameters
    ----------
    counts : array-like of int
        Units with the property in each period (a Series keeps its index in the result).
    sizes : array-like of int
        Units observed in each period (at least 1 each).
    center : float, optional
        A known or standard share, in percent (Montgomery's "standard given" chart); default the
        pooled share :math:`\bar p` of the periods given.
    sigma : float, default 3.0
        The width of the limits in standard errors, :math:`k`.
    min_n : int, default 1
        Periods with fewer units are ``too_small`` and never a signal (the normal approximation
        behind the limits needs a few expected units on each side).

    Returns
    -------
    pandas.DataFrame
        One row per period: ``count``, ``n``, ``value`` (the share, percent), ``center``, ``lcl``,
        ``ucl`` (percent), ``too_small`` and ``signal`` (``"above"``, ``"below"`` or ``""``).

    Raises
    ------
    CXDataError
        Counts and sizes of different lengths, a count that is not a whole number, negative or
        larger than its sample, a size below 1.
    CXConfigError
        ``sigma`` not above 0, ``center`` outside 0 to 100, a bad ``min_n``.

    Notes
    -----
    With many periods and many charts, some points fall outside three-sigma limits by chance
    (about 0.27% of the points of a stable process each, Montgomery 2019, section 6.2.2): a
    dashboard that watches 20 touchpoints for 3 months makes 60 looks, and expects about 0.16
    false signals. A signal is a reason to look, not a proof.

    References
    ----------
    Montgomery, D. C. (2019). *Introduction to Statistical Quality Control* (8th ed.). Wiley.
    Section 7.2.1, the control chart for fraction nonconforming, and its variable sample size
    form (equations 7.8 and 7.18).

    Examples
    --------
    >>> from cxkit.stats import p_chart
    >>> t = p_chart([1, 1, 1, 9], [20, 20, 20, 20])
    >>> t[["value", "center", "ucl"]].round(2)
       value  center    ucl
    0    5.0    15.0  38.95
    1    5.0    15.0  38.95
    2    5.0    15.0  38.95
    3   45.0    15.0  38.95
    >>> t["signal"].tolist()
    ['', '', '', 'above']
    """
    import pandas as pd

    from cxkit.stats.checks import check_min_n

    if isinstance(sigma, bool) or not isinstance(sigma, int | float) or not sigma > 0:
        raise CXConfigError(f"sigma must be a number above 0 (3 for three-sigma limits); got {sigma!r}.")
    min_n = check_min_n(min_n)
    x, index = _counts(counts, "counts")
    n, size_index = _counts(sizes, "sizes")
    if len(x) != len(n):
        raise CXDataError(
            "counts and sizes are not the same length",
            column="sizes",
            value=len(n),
            expected=f"one size per count ({len(x)})",
        )
    small = np.flatnonzero(n < 1)
    if len(small):
        raise CXDataError(
            "sample size below 1",
            column="sizes",
            row=int(small[0]),
            value=int(n[small[0]]),
            expected="at least 1",
        )
    over = np.flatnonzero(x > n)
    if len(over):
        i = int(over[0])
        raise CXDataError(
            "a count is more than its sample",
            column="counts",
            row=i,
            value=int(x[i]),
            expected=f"at most {n[i]}",
        )
    if center is None:
        p = float(x.sum() / n.sum()) if len(n) else float("nan")
    else:
        if isinstance(center, bool) or not isinstance(center, int | float) or not 0 <= center <= 100:
            raise CXConfigError(f"center is a share in percent, from 0 to 100; got {center!r}.")
        p = float(center) / 100
    share = x / np.maximum(n, 1)
    half = sigma * np.sqrt(p * (1 - p) / np.maximum(n, 1))
    ucl = np.minimum(p + half, 1.0)
    lcl = np.maximum(p - half, 0.0)
    too_small = n < min_n
    signal = np.where(too_small, "", np.where(share > ucl, "above", np.where(share < lcl, "below", "")))
    return pd.DataFrame(
        {
            "count": x,
            "n": n,
            "value": 100 * share,
            "center": 100 * p,
            "lcl": 100 * lcl,
            "ucl": 100 * ucl,
            "too_small": too_small,
            "signal": signal,
        },
        index=index if index is not None else size_index,
    )
