r"""Control limits for a score followed over time: a p-chart of monthly NPS or CSAT."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError, CXDataError

__all__ = ["control_limits"]


def control_limits(table: Any, *, sigma: float = 3.0, run: int = 8) -> Any:
    r"""Add p-chart control limits to a :func:`trend` (or :func:`breakdown`) table of NPS or CSAT.

    A **p-chart** (Montgomery 2019, section 7.2; NIST/SEMATECH e-Handbook, section 6.3.2.3) draws
    each period's share against a centre line, the share over all periods, with limits
    :math:`\bar p \pm k\sqrt{\bar p(1-\bar p)/n_t}` that widen for periods with few answers.
    For CSAT (a share of satisfied answers) the formula is that one. The NPS is a *difference* of
    two shares, the mean of a per-answer score of +1, 0 or −1, whose per-answer variance is
    :math:`\sigma^2 = \bar p_+ + \bar p_- - (\bar p_+ - \bar p_-)^2`; with the shares pooled over
    all periods (:math:`\bar p_+ = \sum_t P_t / \sum_t n_t`, likewise :math:`\bar p_-`),

    .. math::

        \mathrm{CL} = 100(\bar p_+ - \bar p_-), \qquad
        \mathrm{LCL}_t, \mathrm{UCL}_t = \mathrm{CL} \mp 100\,k\,\sqrt{\sigma^2 / n_t},

    clipped to the score's range. Two rules flag a period: **outside** (beyond a limit; Western
    Electric rule 1) and **run** (one of ``run`` or more periods in a row on the same side of
    the centre line; Western Electric rule 4 with 8). ``signal`` is either.

    Parameters
    ----------
    table : DataFrame
        A table of :func:`trend` or :func:`breakdown` for ``"nps"`` (with the columns ``n``,
        ``value``, ``promoters``, ``detractors``) or ``"csat"`` (``n``, ``value``, ``satisfied``).
    sigma : float, default 3.0
        :math:`k`, the limits' distance from the centre in standard errors (3: Shewhart's).
    run : int, default 8
        How many periods in a row on one side of the centre make a run.

    Returns
    -------
    DataFrame
        The table's index, with ``value``, ``n``, ``centre``, ``lcl``, ``ucl``, ``outside``,
        ``run`` and ``signal``.

    Raises
    ------
    CXDataError
        A table without the counts of NPS or CSAT (the message names the missing column).
    CXConfigError
        A bad ``sigma`` or ``run``.

    Notes
    -----
    Every period is a look. With 3-sigma limits a stable process puts a period outside by chance with
    probability 0.0027, so over 24 months the chance of at least one false alarm is
    :math:`1 - 0.9973^{24} \approx 6\%`; the run rule adds its own false alarms (about 1 in 128
    for a given window of 8). That is the price of watching many periods, and why a chart's
    signal is a reason to look, not a proof. The limits assume independent answers: customers who
    answer in several periods make them too narrow (see ``cluster=`` for intervals). Limits from
    the same data they judge are Montgomery's "phase I" (trial) limits.

    References
    ----------
    Montgomery, D. C. (2019). *Introduction to Statistical Quality Control* (8th ed.), chapter 7
    (control charts for attributes, section 7.2: the p-chart with variable sample size). Wiley.

    NIST/SEMATECH (2012). *e-Handbook of Statistical Methods*, section 6.3.2.3 (proportions
    control charts). https://doi.org/10.18434/M32189

    Western Electric Company (1956). *Statistical Quality Control Handbook*. Indianapolis.

    Examples
    --------
    Three months of NPS counts: pooled, 60 promoters and 30 detractors of 150 answers, so the
    centre line is 100 × (0.4 − 0.2) = 20 and σ² = 0.6 − 0.04 = 0.56; with 50 answers a month the
    limits are 20 ± 100 × 3 × √(0.56/50) = 20 ± 31.75:

    >>> import pandas as pd
    >>> t = pd.DataFrame({"value": [30.0, 20.0, 10.0], "n": [50, 50, 50],
    ...                   "promoters": [25, 20, 15], "detractors": [10, 10, 10]})
    >>> c = control_limits(t)
    >>> c[["centre", "lcl", "ucl"]].round(2).iloc[0].tolist()
    [20.0, -11.75, 51.75]
    >>> bool(c["signal"].any())
    False
    """
    import pandas as pd

    if isinstance(sigma, bool) or not isinstance(sigma, numbers.Real) or not 0 < float(sigma) <= 6:
        raise CXConfigError(f"sigma must be a number above 0 and at most 6 (3 is usual); got {sigma!r}.")
    if isinstance(run, bool) or not isinstance(run, numbers.Integral) or not 2 <= int(run) <= 50:
        raise CXConfigError(f"run must be a whole number from 2 to 50 (8 is usual); got {run!r}.")
    if not isinstance(table, pd.DataFrame):
        raise CXDataError(
            "not a table", value=type(table).__name__, expected="a DataFrame from trend() or breakdown()"
        )
    nps_columns, csat_columns = ["n", "value", "promoters", "detractors"], ["n", "value", "satisfied"]
    columns = nps_columns if "promoters" in table.columns else csat_columns
    for col in columns:
        if col not in table.columns:
            raise CXDataError(
                "missing column",
                column=col,
                expected="a table of trend(df, 'nps') or trend(df, 'csat'), with the counts of each period",
            )
    t = table[table["n"] > 0]
    n = t["n"].to_numpy(dtype=float)
    if columns is nps_columns:
        p = t["promoters"].sum() / n.sum()
        d = t["detractors"].sum() / n.sum()
        centre, var, lo, hi = 100 * (p - d), (p + d) - (p - d) ** 2, -100.0, 100.0
    else:
        p = t["satisfied"].sum() / n.sum()
        centre, var, lo, hi = 100 * p, p * (1 - p), 0.0, 100.0
    half = 100 * float(sigma) * np.sqrt(var / n)
    value = t["value"].to_numpy(dtype=float)
    lcl, ucl = np.clip(centre - half, lo, hi), np.clip(centre + half, lo, hi)
    outside = (value < lcl) | (value > ucl)
    side = np.sign(value - centre)
    in_run = np.zeros(len(value), dtype=bool)
    start = 0
    for i in range(1, len(value) + 1):  # stretches of the same side; a point on the line breaks them
        if i == len(value) or side[i] != side[start] or side[i] == 0:
            if side[start] != 0 and i - start >= run:
                in_run[start:i] = True
            start = i
    return pd.DataFrame(
        {
            "value": value,
            "n": t["n"].to_numpy(),
            "centre": centre,
            "lcl": lcl,
            "ucl": ucl,
            "outside": outside,
            "run": in_run,
            "signal": outside | in_run,
        },
        index=t.index,
    )
