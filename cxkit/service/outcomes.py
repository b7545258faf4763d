r"""Ticket outcomes: first-contact resolution and reopens, as rates per group with their intervals."""

from __future__ import annotations

from typing import Any

from cxkit.service._tickets import _by_list, _flag, _frame, _rate_table
from cxkit.stats.checks import check_confidence

__all__ = ["fcr_rate", "reopen_rate"]


def fcr_rate(
    tickets: Any, by: Any = None, *, column: str = "first_contact_resolution", confidence: float = 0.95
) -> Any:
    r"""First-contact resolution: the share of tickets solved in the first contact, with a Wilson interval.

    :math:`\mathrm{FCR}_g = 100\,f_g/n_g`, with :math:`f_g` the tickets of group :math:`g` marked
    resolved at first contact (never true for a reopened ticket in the course data) and :math:`n_g`
    all its tickets, open ones included (an open ticket was not solved at first contact).

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
    column : str, default "first_contact_resolution"
        A True/False column.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Columns ``n``, ``fcr``, ``rate`` (percent), ``low``, ``high`` (Wilson interval).

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"first_contact_resolution": [True, True, False, True]})
    >>> fcr_rate(t)[["n", "fcr", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
         n  fcr  rate
    all  4    3  75.0
    """
    confidence = check_confidence(confidence)
    df = _frame(tickets)
    cols = _by_list(df, by)
    return _rate_table(_flag(df, column), df, cols, confidence, "fcr")[["n", "fcr", "rate", "low", "high"]]


def reopen_rate(tickets: Any, by: Any = None, *, column: str = "reopened", confidence: float = 0.95) -> Any:
    r"""Reopen rate: the share of tickets the customer had to reopen, with a Wilson interval.

    :math:`100\,o_g/n_g` with :math:`o_g` the reopened tickets of group :math:`g` and :math:`n_g`
    all its tickets. A high reopen rate means tickets were closed before the problem was solved.

    Parameters
    ----------
    tickets : DataFrame
    by : str or list of str, optional
    column : str, default "reopened"
        A True/False column.
    confidence : float, default 0.95

    Returns
    -------
    DataFrame
        Columns ``n``, ``reopened``, ``rate`` (percent), ``low``, ``high``.

    Raises
    ------
    CXDataError
        A missing column, or a value other than True/False (naming the ticket).

    Examples
    --------
    >>> import pandas as pd
    >>> r = reopen_rate(pd.DataFrame({"reopened": [False, True, False, False]}))
    >>> r[["n", "reopened", "rate"]]  # doctest: +NORMALIZE_WHITESPACE
         n  reopened  rate
    all  4         1  25.0
    """
    confidence = check_confidence(confidence)
    df = _frame(tickets)
    cols = _by_list(df, by)
    return _rate_table(_flag(df, column), df, cols, confidence, "reopened")[
        ["n", "reopened", "rate", "low", "high"]
    ]
