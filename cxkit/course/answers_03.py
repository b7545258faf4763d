"""Expected answers of exercise 03 (solutions/03-journey-mapping.ipynb) and of module 03's quiz.

Each function computes its expected value with cxkit from the ready-made journey maps
(``datasets/journeys/``) and the course data: the maps through :mod:`cxkit.journey.model`, the
measured values through :func:`cxkit.journey.fill.fill_from_data` (scores from
:func:`cxkit.metrics.breakdown` clustered by customer, drop-off from
:func:`cxkit.journey.analytics.funnel`). Hints diagnose; the last one names the section of module
03 that shows the method.
"""

from __future__ import annotations

from typing import Any

from cxkit.course.answers import _load, question

_MODULE = "Module 03 shows the method in its section"


def _map(name: str) -> Any:
    from cxkit._paths import repo_root
    from cxkit.journey.model import load_journey

    return load_journey(repo_root() / "datasets" / "journeys" / f"{name}.yaml")


def _data() -> dict[str, Any]:
    return {name: _load(name) for name in ("surveys", "tickets", "events", "customers")}


def _filled(name: str, segment: str | None) -> Any:
    from cxkit.journey import fill_from_data

    return fill_from_data(_map(name), data=_data(), segment=segment)


@question(
    "03.q1",
    kind="choice",
    prompt="The stage of the Busy Parent map where the as-is emotion is lowest",
    choices=lambda: _map("busy-parent").stage_names,
    hints=(
        "Each stage has an `emotion` from -2 (very negative) to +2; look for the smallest one.",
        "`emotion_to_be` is the intended feeling after the fixes, not today's.",
        f"{_MODULE} 'Emotions: the curve' (the journey map as data).",
    ),
    mistakes={
        "That is where the to-be (intended) emotion is lowest; the question asks for today's (as-is).": (
            lambda: (
                min(
                    (s for s in _map("busy-parent").stages if s.emotion_to_be is not None),
                    key=lambda s: s.emotion_to_be,
                ).name
            )
        ),
    },
)
def _lowest_stage() -> str:
    return min(_map("busy-parent").stages, key=lambda s: s.emotion).name


def _delivery_nps(segment: str | None) -> float:
    table = _filled("busy-parent", segment)
    row = table[(table["touchpoint"] == "delivery") & (table["measure"] == "NPS")]
    return float(row["value"].iloc[0])


@question(
    "03.q2",
    kind="number",
    abs_tol=0.05,
    prompt="NPS of the delivery surveys of consumers (B2C), the evidence of the Busy Parent insight",
    hints=(
        "An NPS is in points, from -100 to +100; keep the answered delivery surveys of B2C customers.",
        "The insight's evidence is a data query: `query.evaluate()` computes it; so does "
        "`fill_from_data(journey, segment='B2C')` in the row of the delivery touchpoint.",
        f"{_MODULE} 'Evidence: from an insight to the data'.",
    ),
    mistakes={
        "That is the NPS of every segment's delivery surveys; the persona is a consumer (B2C).": (
            lambda: _delivery_nps(None)
        ),
        "That is the B2B delivery NPS; the Busy Parent is a consumer (B2C).": lambda: _delivery_nps("B2B"),
    },
)
def _nps_delivery_b2c() -> float:
    return _delivery_nps("B2C")


def _purchase_row(segment: str | None) -> Any:
    table = _filled("office-manager", segment)
    return table[(table["stage"] == "purchase") & (table["measure"] == "drop-off")].iloc[0]


@question(
    "03.q3",
    kind="percent",
    abs_tol=0.05,
    prompt="Drop-off (%) into the purchase stage of the Office Manager map, B2B journeys",
    hints=(
        "The drop-off into a stage is the share of the journeys that reached the previous stage of the "
        "map and never reached this one: 100 minus the conversion.",
        "The Office Manager map has no decision stage, so the previous stage is consideration; keep "
        "the journeys of B2B customers only.",
        f"{_MODULE} 'Filling the map from the data'.",
    ),
    mistakes={
        "That is the conversion (the share that went on to purchase); the drop-off is 100 minus it.": (
            lambda: 100 - float(_purchase_row("B2B")["value"])
        ),
        "That is the drop-off of every journey, prospects and consumers included; keep B2B customers.": (
            lambda: float(_purchase_row(None)["value"])
        ),
    },
)
def _drop_off_purchase_b2b() -> float:
    return float(_purchase_row("B2B")["value"])


def _unscored(segment: str | None) -> int:
    table = _filled("office-manager", segment)
    scored = set(table.loc[table["measure"] == "NPS", "touchpoint"])
    return len(set(_map("office-manager").touchpoint_stages()) - scored)


def _small_count(segment: str | None) -> int:
    table = _filled("office-manager", segment)
    scores = table[table["measure"] == "NPS"]
    return int(scores["too_small"].sum())


@question(
    "03.q4",
    kind="count",
    prompt="Touchpoints of the Office Manager map whose B2B NPS rests on fewer than 30 answers",
    hints=(
        "Fill the map for segment B2B and count the NPS rows flagged too_small (n < 30).",
        "Count touchpoints with a score, not the ticket or drop-off rows.",
        f"{_MODULE} 'Filling the map from the data'.",
    ),
    mistakes={
        "You filled the map for all customers: pass segment='B2B' (business customers are few).": (
            lambda: _small_count(None)
        ),
    },
)
def _small_touchpoints() -> int:
    return _small_count("B2B")
