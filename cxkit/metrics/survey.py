"""Survey operations: the response rate of invitations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.metrics._validate import CSAT_METHODS, _as_list, _require_columns
from cxkit.metrics.scores import _proportion_result
from cxkit.stats.checks import _check_choice, _check_confidence, _check_count, _check_min_n
from cxkit.stats.intervals import _prop_interval
from cxkit.stats.results import MetricResult

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd


def response_rate(
    df: pd.DataFrame | None = None,
    by: str | Sequence[str] | None = None,
    responded_column: str = "responded",
    confidence: float = 0.95,
    *,
    responses: int | None = None,
    invitations: int | None = None,
    method: str = "wilson",
    min_n: int = 30,
) -> MetricResult | pd.DataFrame:
    r"""The share of survey invitations that were answered, with a Wilson interval.

    .. math::

        \hat r = \frac{\text{responses}}{\text{invitations}}, \qquad
        \frac{\hat r + \dfrac{z^2}{2n}}{1 + \dfrac{z^2}{n}}
        \pm \frac{z}{1 + \dfrac{z^2}{n}}\sqrt{\frac{\hat r(1-\hat r)}{n} + \frac{z^2}{4n^2}}.

    Parameters
    ----------
    df : pandas.DataFrame, optional
        One row per invitation with a True/False ``responded_column``.
    by : str or list of str, optional
        Group by these columns; ``None`` gives the overall rate.
    responded_column : str, default "responded"
        The True/False column: did the customer answer?
    confidence : float, default 0.95
        Confidence level.
    responses, invitations : int, optional
        Give the two counts instead of a table.
    method : {"wilson", "wald"}, default "wilson"
        Interval method (see :func:`csat`).
    min_n : int, default 30
        With ``by``: groups with fewer invitations are flagged ``too_small``.

    Returns
    -------
    MetricResult or pandas.DataFrame
        The overall rate in percent (``by=None``), or a table per group with the columns
        ``value, n, low, high, moe, too_small, responses`` (``n`` = invitations).

    Raises
    ------
    CXDataError
        A missing column, a blank or non-True/False value in ``responded_column``, no
        invitations, or responses greater than invitations.
    CXConfigError
        Neither a table nor the two counts given; unknown ``method``.

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
    import pandas as pd

    confidence = _check_confidence(confidence)
    method = _check_choice(method, CSAT_METHODS, "response-rate interval method")
    if df is None:
        if responses is None or invitations is None:
            raise CXConfigError("response_rate needs a table (df=...) or both counts "
                                "(responses=..., invitations=...).")
        x = _check_count(responses, "responses")
        n = _check_count(invitations, "invitations")
        if n == 0:
            raise CXDataError("no invitations to compute a rate from", column="invitations", value=0,
                              expected="at least 1")
        if x > n:
            raise CXDataError("more responses than invitations", column="responses", value=x,
                              expected=f"at most {n} (the invitations)")
        return _rate_result(x, n, confidence, method)
    _require_columns(df, [responded_column, *_as_list(by)], "survey table")
    col = df[responded_column]
    if col.isna().any():
        pos = int(np.argmax(col.isna().to_numpy()))
        raise CXDataError("blank value", column=responded_column, row=df.index[pos], value=None,
                          expected="True or False")
    if not pd.api.types.is_bool_dtype(col):
        ok = col.isin([True, False, 0, 1]).to_numpy()
        if not ok.all():
            pos = int(np.argmax(~ok))
            raise CXDataError("not True/False", column=responded_column, row=df.index[pos],
                              value=col.iloc[pos], expected="True or False")
    answered = col.to_numpy().astype(np.int64)
    keys = _as_list(by)
    if not keys:
        if len(answered) == 0:
            raise CXDataError("no invitations to compute a rate from (the table is empty)",
                              column=responded_column, expected="at least one row")
        return _rate_result(int(answered.sum()), len(answered), confidence, method)
    min_n = _check_min_n(min_n)
    g = pd.DataFrame({"n": np.ones(len(answered), dtype=np.int64), "responses": answered}, index=df.index)
    grouped = g.groupby([df[k] for k in keys], observed=True, sort=True).sum()
    n = grouped["n"].to_numpy()
    x = grouped["responses"].to_numpy()
    low, high = _prop_interval(x, n, confidence, method)
    out = pd.DataFrame(index=grouped.index)
    out["value"] = 100 * x / n
    out["n"] = n
    out["low"] = 100 * low
    out["high"] = 100 * high
    out["moe"] = (out["high"] - out["low"]) / 2
    out["too_small"] = n < min_n
    out["responses"] = x
    out.attrs.update({"metric": "response_rate", "method": method, "confidence": confidence, "min_n": min_n})
    return out


def _rate_result(x: int, n: int, confidence: float, method: str) -> MetricResult:
    return _proportion_result("Response rate", x, n, ("responses", "non-responses"), confidence, method)
