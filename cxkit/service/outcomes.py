r"""Ticket outcomes: first-contact resolution and reopens, as rates per group with their intervals.

Both return the one rate table of :func:`cxkit.stats.rate_table`: ``value`` (percent), ``n``
(tickets), ``low``, ``high``, ``moe``, ``too_small``, ``method``, ``confidence``, ``count`` (the
tickets resolved at first contact, or reopened).
"""

from __future__ import annotations

from typing import Any

from cxkit.service._tickets import _by_list, _flag, _frame, _rates
from cxkit.stats.rates import check_rate_options

__all__ = ["fcr_rate", "reopen_rate"]

_RATE_PARAMETERS = """confidence : float, default 0.95
        Level of the interval.
    method : str, default "wilson"
        Interval method for a proportion (:func:`cxkit.stats.methods_for` ``("proportion")``).
    min_n : int, default 30
        Groups with fewer tickets are flagged ``too_small``."""


def _flag_rate(tickets: Any, by: Any, flag: str, *, confidence: Any, method: Any, min_n: Any) -> Any:
    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    df = _frame(tickets)
    cols = _by_list(df, by)
    return _rates(_flag(df, flag), df, cols, confidence=confidence, method=method, min_n=min_n)


def fcr_rate(
    tickets: Any,
    *,
    by: Any = None,
    fcr: str = "first_contact_resolution",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""First-contact resolution: the share of tickets solved in the first contact, with its interval.

    :math:`\mathrm{FCR}_g = 100\,f_g/n_g`, with :math:`f_g` the tickets of group :math:`g` marked
    resolved at first contact (never true for a reopened ticket in the course data) and :math:`n_g`
    all its tickets, open ones included (an open ticket was not solved at first contact).

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
        Column(s) to group by; default one row, ``"all"``.
    fcr : str, default "first_contact_resolution"
        A True/False column.
    %s

    Returns
    -------
    DataFrame
        The rate table (:data:`cxkit.stats.RATE_COLUMNS`): ``value`` (percent), ``n`` (tickets),
        ``low``, ``high``, ``moe``, ``too_small``, ``method``, ``confidence``, ``count`` (tickets
        resolved at first contact).

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).
    CXConfigError
        A bad ``confidence``, ``method`` or ``min_n``.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical inference.
    *Journal of the American Statistical Association*, 22(158), 209-212.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"first_contact_resolution": [True, True, False, True]})
    >>> fcr_rate(t)[["n", "count", "value"]]  # doctest: +NORMALIZE_WHITESPACE
         n  count  value
    all  4      3   75.0
    """
    return _flag_rate(tickets, by, fcr, confidence=confidence, method=method, min_n=min_n)


def reopen_rate(
    tickets: Any,
    *,
    by: Any = None,
    reopened: str = "reopened",
    confidence: float = 0.95,
    method: str = "wilson",
    min_n: int = 30,
) -> Any:
    r"""Reopen rate: the share of tickets the customer had to reopen, with its interval.

    :math:`100\,o_g/n_g` with :math:`o_g` the reopened tickets of group :math:`g` and :math:`n_g`
    all its tickets. A high reopen rate means tickets were closed before the problem was solved.

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
        Column(s) to group by; default one row, ``"all"``.
    reopened : str, default "reopened"
        A True/False column.
    %s

    Returns
    -------
    DataFrame
        The rate table (:data:`cxkit.stats.RATE_COLUMNS`), ``count`` = reopened tickets.

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).
    CXConfigError
        A bad ``confidence``, ``method`` or ``min_n``.

    Examples
    --------
    >>> import pandas as pd
    >>> r = reopen_rate(pd.DataFrame({"reopened": [False, True, False, False]}))
    >>> r[["n", "count", "value"]]  # doctest: +NORMALIZE_WHITESPACE
         n  count  value
    all  4      1   25.0
    """
    return _flag_rate(tickets, by, reopened, confidence=confidence, method=method, min_n=min_n)


fcr_rate.__doc__ = (fcr_rate.__doc__ or "") % _RATE_PARAMETERS
reopen_rate.__doc__ = (reopen_rate.__doc__ or "") % _RATE_PARAMETERS
