r"""The business calendar: opening hours and holidays, to measure ticket times in working time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from cxkit.errors import CXConfigError, CXDataError

__all__ = ["BusinessCalendar"]

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _clock(value: Any, name: str) -> int:
    """``"08:30"`` -> nanoseconds after midnight."""
    import pandas as pd

    try:
        t = pd.Timedelta(f"{value}:00") if isinstance(value, str) and value.count(":") == 1 else None
    except ValueError:
        t = None
    if t is None or not pd.Timedelta(0) <= t <= pd.Timedelta("24h"):
        raise CXConfigError(f"{name} must be a time of day such as '08:00'; got {value!r}.")
    return int(t.value)


@dataclass(frozen=True, kw_only=True)
class BusinessCalendar:
    r"""Opening hours and holidays, to measure response and resolution times in working time.

    Parameters
    ----------
    opens, closes : str, default "08:00" and "18:00"
        Opening hours of every working day, on the local wall clock.
    weekdays : str, default "Mon Tue Wed Thu Fri"
        The working days (three-letter English names).
    holidays : sequence of dates, default ()
        Closed days (e.g. ``["2025-12-25", "2025-12-26"]``).

    Notes
    -----
    Working time between :math:`s` and :math:`e` is computed for all tickets at once:

    .. math::

        w(s, e) = L\cdot B(d_s, d_e) - u(s) + u(e), \qquad
        u(t) = \begin{cases}\min(\max(t - d_t - o, 0), L) & d_t \text{ a working day}\\
        0 & \text{otherwise}\end{cases}

    with :math:`d_t` the day of :math:`t`, :math:`o` the opening time, :math:`L` the length of a
    working day, :math:`B(d_s, d_e)` the working days in :math:`[d_s, d_e)` (``numpy.busday_count``)
    and :math:`u(t)` the working time already spent on :math:`t`'s day. A ticket opened at night is
    counted from the next opening. Hours are read on the wall clock, so a day that changes to or
    from summer time still opens 08:00-18:00 (the change happens at night).

    Examples
    --------
    Opened on Friday 17:00, answered on Monday 09:30: one hour on Friday, 1.5 on Monday.

    >>> import pandas as pd
    >>> cal = BusinessCalendar()
    >>> cal.duration(pd.Series(pd.to_datetime(["2025-03-07 17:00"])),
    ...              pd.Series(pd.to_datetime(["2025-03-10 09:30"]))).tolist()
    [Timedelta('0 days 02:30:00')]
    """

    opens: str = "08:00"
    closes: str = "18:00"
    weekdays: str = "Mon Tue Wed Thu Fri"
    holidays: Sequence[Any] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        """Check the settings and keep them in the form numpy.busday_count takes."""
        import numpy as np

        o, c = _clock(self.opens, "opens"), _clock(self.closes, "closes")
        if o >= c:
            raise CXConfigError(f"opens must be before closes; got {self.opens!r} and {self.closes!r}.")
        days = self.weekdays.split() if isinstance(self.weekdays, str) else None
        if not days or any(d not in _WEEKDAYS for d in days):
            raise CXConfigError(
                f"weekdays must name working days from {' '.join(_WEEKDAYS)}, e.g. 'Mon Tue Wed Thu Fri'; "
                f"got {self.weekdays!r}."
            )
        try:
            hol = np.array(sorted(str(h)[:10] for h in self.holidays), dtype="datetime64[D]")
        except (ValueError, TypeError) as exc:
            raise CXConfigError(
                f"holidays must be dates such as '2025-12-25'; got {self.holidays!r}."
            ) from exc
        object.__setattr__(self, "_o", o)
        object.__setattr__(self, "_len", c - o)
        object.__setattr__(self, "_mask", " ".join(days))
        object.__setattr__(self, "_hol", hol)

    def _used(self, t: Any, day: Any) -> Any:
        import numpy as np

        since = (t - day).astype("int64") - self._o  # type: ignore[attr-defined]
        used = np.clip(since, 0, self._len)  # type: ignore[attr-defined]
        working = np.is_busday(day, weekmask=self._mask, holidays=self._hol)  # type: ignore[attr-defined]
        return np.where(working, used, 0)

    def duration(self, start: Any, end: Any) -> Any:
        """Working time from ``start`` to ``end`` (Series of timestamps), NaT where either is blank."""
        import numpy as np
        import pandas as pd

        s, e = pd.Series(start), pd.Series(end)
        if len(s) != len(e):
            raise CXDataError(
                "start and end have different lengths",
                value=f"{len(s)} and {len(e)}",
                expected="one end per start",
            )
        e = e.set_axis(s.index)
        if getattr(s.dt, "tz", None) is not None:
            s = s.dt.tz_localize(None)
        if getattr(e.dt, "tz", None) is not None:
            e = e.dt.tz_localize(None)
        blank = (s.isna() | e.isna()).to_numpy()
        sv = s.to_numpy(dtype="datetime64[ns]")
        ev = e.to_numpy(dtype="datetime64[ns]")
        sv = np.where(blank, sv[~blank][0] if (~blank).any() else np.datetime64("2000-01-01", "ns"), sv)
        ev = np.where(blank, sv, ev)
        sd, ed = sv.astype("datetime64[D]"), ev.astype("datetime64[D]")
        full = np.busday_count(sd, ed, weekmask=self._mask, holidays=self._hol)  # type: ignore[attr-defined]
        ns = full * self._len - self._used(sv, sd) + self._used(ev, ed)  # type: ignore[attr-defined]
        out = pd.to_timedelta(ns, unit="ns")
        return pd.Series(out, index=s.index).mask(blank)
