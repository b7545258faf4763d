"""Checks shared by the ticket modules of :mod:`cxkit.service`: the table, its times and flags, the groups.

Private to :mod:`cxkit.service` (timings, SLAs, outcomes, complaints).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cxkit._checks import as_list as _as_list
from cxkit._checks import require_columns as _require_columns
from cxkit.data.parse import read_dates
from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats.checks import check_choice
from cxkit.stats.rates import rate_table

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.calendar import BusinessCalendar

#: The units a time can be reported in, with their length.
UNITS: dict[str, str] = {"minutes": "1min", "hours": "1h", "days": "1D"}
_ALL = "all"


def _by_list(df: Any, by: Any) -> list[str]:

    if by is not None and not isinstance(by, str | list | tuple):
        raise CXConfigError(f"by must be None, a column name or a list of column names; got {by!r}.")
    cols = _as_list(by)
    for c in cols:
        if c not in df.columns:
            raise CXDataError(
                "no such column to group by",
                dataset="tickets",
                column=c,
                expected="one of: " + ", ".join(str(x) for x in df.columns),
            )
        blank = df[c].isna().to_numpy()
        if blank.any():
            pos = int(blank.argmax())
            raise CXDataError(
                "blank group value",
                dataset="tickets",
                column=c,
                row=f"{pos} ({_ticket_name(df, pos)})",
                expected="a value in every row (fill or drop the blanks first)",
            )
    return cols


_TICKET_COL = "ticket_id"


def _ticket_name(df: Any, pos: int) -> str:
    if _TICKET_COL in df.columns:
        return f"ticket {df[_TICKET_COL].iloc[pos]}"
    return f"index {df.index[pos]!r}"


def _times(
    df: Any, column: str, *, required: bool, date_format: str | None = None, dayfirst: bool | None = None
) -> Any:
    """Return the column as datetimes; blanks are NaT unless ``required``.

    Text is read by :func:`cxkit.data.parse.read_dates`: one way of writing dates for the column.
    """
    s = read_dates(
        df[column],
        date_format=date_format,
        dayfirst=dayfirst,
        dataset="tickets",
        column=column,
        row=lambda pos: f"{pos} ({_ticket_name(df, pos)})",
    )
    if required:
        blank = s.isna().to_numpy()
        if blank.any():
            pos = int(blank.argmax())
            raise CXDataError(
                "missing timestamp",
                dataset="tickets",
                column=column,
                row=f"{pos} ({_ticket_name(df, pos)})",
                expected="the time every ticket was opened",
            )
    return s


def _elapsed(
    df: Any,
    start: str,
    end: str,
    calendar: BusinessCalendar | None,
    *,
    date_format: str | None = None,
    dayfirst: bool | None = None,
) -> Any:
    """``end - start`` per ticket as a timedelta Series (NaT where ``end`` is blank), checked."""
    import numpy as np

    _require_columns(df, [start, end], "ticket table")
    s = _times(df, start, required=True, date_format=date_format, dayfirst=dayfirst)
    e = _times(df, end, required=False, date_format=date_format, dayfirst=dayfirst)
    s_tz, e_tz = getattr(s.dt, "tz", None), getattr(e.dt, "tz", None)
    if (s_tz is None) != (e_tz is None) and e.notna().any():
        raise CXDataError(
            "one column has a time zone and the other has none",
            dataset="tickets",
            column=end,
            value=f"{start} zone {s_tz}, {end} zone {e_tz}",
            expected="both columns with a zone, or both without",
        )
    before = (e < s).to_numpy()
    if before.any():
        pos = int(np.argmax(before))
        raise CXDataError(
            f"{end} is before {start}",
            dataset="tickets",
            column=end,
            row=f"{pos} ({_ticket_name(df, pos)})",
            value=f"{e.iloc[pos]} < {s.iloc[pos]}",
            expected=f"a time on or after the ticket's {start}",
        )
    if calendar is not None:
        return calendar.duration(s, e)
    return e - s


def _check_unit(unit: Any) -> str:
    return check_choice(unit, tuple(UNITS), "unit")


def _frame(df: Any) -> Any:

    _require_columns(df, [], "ticket table")
    return df


def _group_keys(df: Any, cols: list[str]) -> Any:
    """Return the grouping keys: the columns, or one constant key ``"all"``."""
    import pandas as pd

    if cols:
        return [df[c] for c in cols]
    return pd.Series(_ALL, index=df.index, name=None)


def _flag(df: Any, column: str) -> Any:
    """Return a True/False column, checked (a blank or another value names the ticket)."""
    import numpy as np

    if column not in df.columns:
        _by_list(df, column)
    s = df[column]
    vals = s.to_numpy(dtype=object)
    ok = np.array([v is True or v is False or isinstance(v, np.bool_) for v in vals], dtype=bool)
    if not ok.all():
        pos = int(np.argmin(ok))
        raise CXDataError(
            "not True or False",
            dataset="tickets",
            column=column,
            row=f"{pos} ({_ticket_name(df, pos)})",
            value=vals[pos] if vals[pos] is not None and vals[pos] == vals[pos] else "a blank",
            expected="True or False in every row",
        )
    return s.astype(bool)


def _rates(hits: Any, df: Any, cols: list[str], *, confidence: Any, method: Any, min_n: Any) -> Any:
    """Return the share of tickets with ``hits`` per group as a rate table (cxkit.stats.rate_table)."""
    import pandas as pd

    keys = _group_keys(df, cols)
    g = pd.Series(hits.to_numpy(dtype=float), index=df.index).groupby(keys, observed=True, sort=True)
    n = g.size()
    return rate_table(
        g.sum().to_numpy(), n.to_numpy(), index=n.index, confidence=confidence, method=method, min_n=min_n
    )
