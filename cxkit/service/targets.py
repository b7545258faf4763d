"""SLA targets: checked once, written the same way by the SLA functions, the widget and the dashboard."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from cxkit.errors import CXConfigError

__all__ = ["check_targets", "format_target"]


def check_targets(targets: Any) -> dict[str, Any]:
    """Check SLA targets (channel -> a positive time) and return them as ``pd.Timedelta``."""
    import pandas as pd

    if not isinstance(targets, Mapping) or not targets:
        raise CXConfigError(
            "targets must be a dict from channel to a time, e.g. "
            f"{{'chat': pd.Timedelta('5min'), 'email': pd.Timedelta('8h')}}; got {targets!r}."
        )
    out = {}
    for key, value in targets.items():
        ok = isinstance(value, pd.Timedelta | _dt.timedelta) or (
            isinstance(value, str) and not value.strip().lstrip("-").replace(".", "").isdigit()
        )
        try:
            td = pd.Timedelta(value) if ok else None
        except ValueError:
            td = None
        if td is None or pd.isna(td) or td <= pd.Timedelta(0):
            raise CXConfigError(
                f"The target for {key!r} must be a positive time such as pd.Timedelta('4h') or '4h'; "
                f"got {value!r}."
            )
        out[str(key)] = td
    return out


def format_target(td: Any) -> str:
    """Return a target written as '10 min', '4 h' or '1 h 30 min'."""
    minutes = round(td.total_seconds() / 60)
    h, m = divmod(minutes, 60)
    if h and m:
        return f"{h} h {m} min"
    return f"{h} h" if h else f"{m} min"
