"""The course's models and data that the handouts show, each read once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _journey() -> Any:
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_journey

    return load_journey(repo_root() / "datasets" / "journeys" / "busy-parent.yaml")


@lru_cache(maxsize=1)
def _blueprint() -> Any:
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_blueprint

    return load_blueprint(repo_root() / "datasets" / "journeys" / "delivery-promise-blueprint.yaml")


@lru_cache(maxsize=1)
def _touchpoints() -> Any:
    from cxkit import data
    from cxkit.journey.touchpoints import touchpoint_performance

    return touchpoint_performance(data.load("surveys"), data.load("touchpoints"))


@lru_cache(maxsize=1)
def formula_card_values() -> dict[str, Any]:
    """Return the NPS, CSAT and CES of the answered course surveys, as cxkit computes them.

    The filled formula card shows these numbers (and ``tests/test_handouts.py`` checks the PDF
    against them): ``MetricResult`` objects of :func:`cxkit.metrics.nps`, :func:`~cxkit.metrics.csat`
    and :func:`~cxkit.metrics.ces` on every answer of ``surveys.csv``.

    >>> v = formula_card_values()
    >>> counts = v["nps"].counts
    >>> counts["promoters"] + counts["passives"] + counts["detractors"] == v["nps"].n
    True
    """
    from cxkit import data
    from cxkit.metrics import ces, csat, nps

    s = data.load("surveys")
    return {
        "nps": nps(s["nps"], dropna=True),
        "csat": csat(s["csat"], dropna=True),
        "ces": ces(s["ces"], dropna=True),
    }


@lru_cache(maxsize=1)
def _assessment() -> tuple[Any, Any]:
    from cxkit.service import example_answers, self_assessment

    answers = example_answers(round="March")
    return answers, self_assessment(answers)
