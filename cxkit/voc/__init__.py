"""Voice of the customer: acting on what customers say (today: the follow-up queue).

>>> from cxkit.voc import follow_up_queue
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.voc.follow_up import FOLLOW_UP_RULE, follow_up_queue

_EXPORTS = {"follow_up_queue": "cxkit.voc.follow_up", "FOLLOW_UP_RULE": "cxkit.voc.follow_up"}
__all__ = ["FOLLOW_UP_RULE", "follow_up_queue"]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
