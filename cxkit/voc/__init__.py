"""Voice of the customer: what customers say, in their own words, and acting on it.

Sentiment (VADER), themes (a keyword taxonomy kept as data, and a TF-IDF + NMF topic model),
the themes that drive low scores, and the follow-up queue. English texts only: blank and
other-language texts are flagged, not scored (see :mod:`cxkit.voc.text`).

>>> from cxkit.voc import sentiment, themes, drivers, close_the_loop, follow_up_queue
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.voc.driver_analysis import adjust_p_values, driver_model, drivers
    from cxkit.voc.follow_up import FOLLOW_UP_RULE, follow_up_queue
    from cxkit.voc.loop import CLOSE_THE_LOOP_RULE, close_the_loop
    from cxkit.voc.sources import gather_feedback
    from cxkit.voc.taxonomy import load_taxonomy
    from cxkit.voc.text import check_texts
    from cxkit.voc.topics import TopicModel, choose_n_topics, themes
    from cxkit.voc.vader import sentiment

_EXPORTS = {
    "adjust_p_values": "cxkit.voc.driver_analysis",
    "driver_model": "cxkit.voc.driver_analysis",
    "drivers": "cxkit.voc.driver_analysis",
    "follow_up_queue": "cxkit.voc.follow_up",
    "FOLLOW_UP_RULE": "cxkit.voc.follow_up",
    "close_the_loop": "cxkit.voc.loop",
    "CLOSE_THE_LOOP_RULE": "cxkit.voc.loop",
    "gather_feedback": "cxkit.voc.sources",
    "load_taxonomy": "cxkit.voc.taxonomy",
    "check_texts": "cxkit.voc.text",
    "themes": "cxkit.voc.topics",
    "TopicModel": "cxkit.voc.topics",
    "choose_n_topics": "cxkit.voc.topics",
    "sentiment": "cxkit.voc.vader",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
