r"""Survey operations: the response rate of invitations, overall or per group.

:func:`response_rate` always returns one :class:`~cxkit.stats.MetricResult`; :func:`response_rates`
always returns a table, one row per group. Both use the ``response_rate`` declaration of
:mod:`cxkit.metrics.registry` and the engine every metric shares:

.. math::

    \hat r = \frac{\text{responses}}{\text{invitations}}, \qquad
    \frac{\hat r + \dfrac{z^2}{2n}}{1 + \dfrac{z^2}{n}}
    \pm \frac{z}{1 + \dfrac{z^2}{n}}\sqrt{\frac{\hat r(1-\hat r)}{n} + \frac{z^2}{4n^2}}
    \quad\text{(Wilson).}
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit._checks import as_list, require_columns
from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics._engine import check_method, estimate_rows, to_result, to_table
from cxkit.metrics.registry import METRIC_REGISTRY
from cxkit.stats.checks import check_confidence, check_count, check_min_n
from cxkit.stats.results import MetricResult

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["response_rate", "response_rates"]


def _responded(df: Any, responded: str) -> np.ndarray:
    """Return the True/False column as 0/1 int64; raise a CXDataError naming the first bad row."""
    import pandas as pd

    col = df[responded]
    if "sent_at" in df.columns and len(df) and df["sent_at"].isna().all() and col.eq(True).all():
        raise CXDataError(
            "the table holds responses only: no invitation is recorded (sent_at is blank in every row, "
            "as import_csv leaves it for an export of respondents), so the invitations that were not "
            "answered are unknown and a response rate cannot be computed. If you know how many were "
            "invited, use response_rate(responses=..., invitations=...)",
            column="sent_at",
            expected="the invitations, answered or not, with their sent_at",
        )
    if col.isna().any():
        pos = int(np.argmax(col.isna().to_numpy()))
        raise CXDataError(
            "blank value (was this invitation answered or not?)",
            column=responded,
            row=df.index[pos],
            value=None,
            expected="True or False",
        )
    if not pd.api.types.is_bool_dtype(col):
        ok = col.isin([True, False, 0, 1]).to_numpy()
        if not ok.all():
            pos = int(np.argmax(~ok))
            raise CXDataError(
                "not True/False",
                column=responded,
                row=df.index[pos],
                value=col.iloc[pos],
                expected="True or False",
            )
    return col.to_numpy().astype(np.int64)


def response_rate(
    df: pd.DataFrame | None = None,
    /,
    *,
    responses: int | None = None,
    invitations: int | None = None,
    responded: str = "responded",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
    by: Any = None,
) -> MetricResult:
    r"""Compute the share of survey invitations that were answered, with a Wilson interval (one result).

    .. math::

        \hat r = \frac{\text{responses}}{\text{invitations}}, \qquad
        \frac{\hat r + \dfrac{z^2}{2n}}{1 + \dfrac{z^2}{n}}
        \pm \frac{z}{1 + \dfrac{z^2}{n}}\sqrt{\frac{\hat r(1-\hat r)}{n} + \frac{z^2}{4n^2}}.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        One row per invitation with a True/False ``responded``.
    responses, invitations : int, optional
        Give the two counts instead of a table.
    responded : str, default "responded"
        The True/False column: did the customer answer?
    confidence : float, default 0.95
        Confidence level.
    method : {"wilson", "wald"}, default "wilson"
        Interval method (see :func:`~cxkit.metrics.csat`).
    min_n : int, default 30
        Fewer invitations than this are flagged in the printed result.
    by : optional
        Not accepted: a rate per group is :func:`response_rates`; passing ``by`` raises a
        :class:`~cxkit.errors.CXConfigError` that says so.

    Returns
    -------
    MetricResult
        The rate in percent; ``n`` = invitations; ``counts`` responses and non-responses.

    Raises
    ------
    CXDataError
        A missing column, a blank or non-True/False value in ``responded``, no
        invitations (an empty table), or more responses than invitations.
    CXConfigError
        Neither a table nor the two counts given; unknown ``method``.

    See Also
    --------
    response_rates : the rate per group, as a table.

    Notes
    -----
    The Wilson interval keeps good coverage for the low rates typical of surveys (5–30%) where
    the Wald interval under-covers (Brown, Cai & DasGupta 2001). A response rate also says who
    is *missing*: if unhappy customers answer less, every score is biased upwards, and no
    interval shows that.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    >>> from cxkit.metrics import response_rate
    >>> response_rate(responses=30, invitations=200)
    Response rate = 15.0% (n = 200; 95% CI 10.7 to 20.6, Wilson)
    """
    if by is not None:
        raise CXConfigError(
            f"response_rate gives one rate; for a rate per group use response_rates(df, {by!r})."
        )
    if df is not None and (responses is not None or invitations is not None):
        raise CXConfigError(
            "response_rate takes either a table (df) or the two counts (responses=, invitations=), "
            "not both: the counts would be ignored."
        )
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    metric = METRIC_REGISTRY["response_rate"]
    m = check_method(metric, method, cluster=False)
    if df is None:
        if responses is None or invitations is None:
            raise CXConfigError(
                "response_rate needs a table (df=...) or both counts (responses=..., invitations=...)."
            )
        x = check_count(responses, "responses")
        n = check_count(invitations, "invitations")
        if n == 0:
            raise CXDataError(
                "no invitations to compute a rate from", column="invitations", value=0, expected="at least 1"
            )
        if x > n:
            raise CXDataError(
                "more responses than invitations",
                column="responses",
                value=x,
                expected=f"at most {n} (the invitations)",
            )
        values, weights = np.array([1, 0], dtype=np.int64), np.array([x, n - x])
    else:
        require_columns(df, [responded], "invitation table")
        values = _responded(df, responded)
        weights = None
        if len(values) == 0:
            raise CXDataError(
                "no invitations to compute a rate from (the table is empty)",
                column=responded,
                expected="at least one row",
            )
    est = estimate_rows(
        metric,
        values,
        np.zeros(len(values), dtype=np.int64),
        1,
        options={},
        confidence=confidence,
        method=m,
        weights=weights,
    )
    return to_result(metric, est, 0, options={}, confidence=confidence, method=m, min_n=min_n)


def response_rates(
    df: pd.DataFrame,
    by: str | Sequence[str],
    *,
    responded: str = "responded",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> pd.DataFrame:
    r"""Compute the response rate per group of an invitation table, each with its Wilson interval.

    For each group :math:`g`, :math:`\hat r_g = \text{responses}_g / \text{invitations}_g` with the
    interval of :func:`response_rate`.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per invitation with a True/False ``responded``.
    by : str or list of str
        The column(s) to group by.
    responded : str, default "responded"
        The True/False column.
    confidence : float, default 0.95
        Confidence level.
    method : {"wilson", "wald"}, default "wilson"
        Interval method.
    min_n : int, default 30
        Groups with fewer invitations are flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row per group, the rate table's columns (:data:`cxkit.stats.RATE_COLUMNS`: ``value,
        n, low, high, moe, too_small, method, confidence, count``; ``n`` = invitations, ``count``
        = responses, ``value`` in percent), then ``clipped`` and ``n_blank`` (always 0: a blank
        answered-flag is an error).

    Raises
    ------
    CXDataError
        A missing column, a blank or non-True/False value, or an empty table.
    CXConfigError
        An unknown ``method``, no ``by`` column.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *Journal of the American Statistical Association*, 22(158), 209–212.

    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial
    proportion. *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.metrics import response_rates
    >>> df = pd.DataFrame({"segment": ["B2B"] * 4 + ["B2C"] * 6,
    ...                    "responded": [True, False, False, False, True, True, True, False, False, True]})
    >>> columns = ["value", "n", "count", "too_small"]
    >>> response_rates(df, "segment", min_n=5)[columns].round(1)  # doctest: +NORMALIZE_WHITESPACE
             value  n  count  too_small
    segment
    B2B       25.0  4      1       True
    B2C       66.7  6      4      False
    """
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    metric = METRIC_REGISTRY["response_rate"]
    m = check_method(metric, method, cluster=False)
    keys = as_list(by)
    if not keys:
        raise CXConfigError("by must name at least one column to group by, e.g. by='segment'.")
    require_columns(df, [responded, *keys], "invitation table")
    values = _responded(df, responded)
    if len(values) == 0:
        raise CXDataError(
            "no invitations to compute a rate from (the table is empty)",
            column=responded,
            expected="at least one row",
        )
    from cxkit.metrics.tables import grouped_estimate

    est, index, n_blank = grouped_estimate(
        df, [df[k] for k in keys], keys, metric, values, None, options={}, confidence=confidence, method=m
    )
    return to_table(
        metric, est, index, options={}, confidence=confidence, method=m, min_n=min_n, n_blank=n_blank
    )
