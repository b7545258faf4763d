"""Nothing given away: an exercise's expected answer is not on screen in its module (issue 27 item 4).

For every task that is not a reading-check, the expected value of each of its checks is looked for
in the module's prose and stored outputs (and, for module 01, behind the factor sorter's "Show the
answers"): a number as it would be printed (1 or 2 decimals, with or without a thousands
separator; whole numbers from 100 up, since smaller ones occur everywhere), a set when all its
members appear in one output or paragraph, a text when an output prints it alone on a line. A hit
fails the test unless it is a verified coincidence listed in ``COINCIDENCES`` with its reason.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import nbformat
import pytest

from cxkit.course import answers
from cxkit.course.tasks import tasks

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parent.parent

#: (question, a marker of the output or paragraph) -> why the hit is another quantity that happens to
#: print the same. Keyed by a piece of the text that shows it, not by cell number, so that a module
#: can gain or lose cells without this list going stale.
COINCIDENCES: dict[tuple[str, str], str] = {
    ("04.q2", "170–178"): "a page range of a reference (27, 170-178)",
    (
        "04.q4",
        "social_ad, search_ad",
    ): "the catalogue lists every touchpoint by phase, not the consumers' quadrant",
    ("04.q4", "| newsletters |"): "the prose names touchpoints of the catalogue, not the consumers' quadrant",
    ("04.q4", "impact_low"): "the quadrant table of all customers; the task asks for consumers (B2C) only",
    (
        "04.q5",
        "tickets about a return",
    ): "123 return tickets by e-mail; the task's 123.2 is an impact in NPS points",
    ("06.q2", "hours"): "the 90th-percentile social wait, 40.2 hours; the task asks a share in percent",
    ("07.q1", "response_date"): "a monthly NPS of 4.5 points; the task asks a mean CES by channel",
    (
        "07.q21",
        "answers_per_customer",
    ): "1.6 answers per customer; the task's 1.6 is the plan's design effect",
    (
        "08.q2",
        "Mantel-Haenszel",
    ): "part of -20.9, the low end of a Mantel-Haenszel interval (table and prose)",
    ("10.q1", "store_till"): "113 answers of the store till; the task counts unhappy phone-support customers",
}


_IMAGE = re.compile(r"data:image/[\w+.-]+;base64,[A-Za-z0-9+/=\s]+")


def _chunks(nb) -> list[tuple[int, str]]:
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found.append((i, cell.source))
        elif cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if "text" in out:
                    found.append((i, out["text"]))
                for key in ("text/plain", "text/html", "text/markdown"):
                    if key in out.get("data", {}):
                        found.append((i, _IMAGE.sub("", out["data"][key])))
    return found


def _renderings(value) -> set[str]:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return set()
    whole = float(value).is_integer()
    if abs(value) < 100 and whole:
        return set()
    out = set()
    for d in (0, 1, 2):
        if d == 0 and not whole and abs(value) < 100:
            continue
        r = round(float(value), d)
        out |= {f"{r:.{d}f}", f"{r:,.{d}f}"}
    return out


def hits(nb, value, *, excuse: tuple[str, ...] = ()) -> list[int]:
    """Return the cells of ``nb`` whose prose or stored outputs show ``value`` (see the module docstring).

    A text holding one of the ``excuse`` markers (a verified coincidence) does not count.
    """
    cells = []
    for i, text in _chunks(nb):
        if any(marker in text for marker in excuse):
            continue
        if any(
            re.search(r"(?<![\d.,])" + re.escape(r) + r"(?![\d]|[.,]\d)", text) for r in _renderings(value)
        ):
            cells.append(i)
        elif isinstance(value, str) and re.search(r"^\s*'?" + re.escape(value) + r"'?\s*$", text, re.M):
            cells.append(i)
        elif isinstance(value, (list, tuple, set)) and value:
            if all(re.search(r"\b" + re.escape(str(v)) + r"\b", text) for v in value):
                cells.append(i)
    return sorted(set(cells))


def _module(nn: str):
    return nbformat.read(next((ROOT / "modules").glob(f"{nn}-*.ipynb")), 4)


@pytest.mark.parametrize("nn", [f"{n:02d}" for n in range(1, 12)])
def test_no_expected_answer_is_on_screen_in_its_module(nn):
    answers._load_module_files()
    nb = _module(nn)
    shown = []
    for t in tasks(nn):
        if t.kind == "reading-check":
            continue
        for q in t.checks:
            if q not in answers.REGISTRY:
                continue
            excuse = tuple(marker for (qid, marker) in COINCIDENCES if qid == q)
            shown += [
                f"{t.id} ({q}) is shown in module {nn}, cell {cell}"
                for cell in hits(nb, answers.expected(q), excuse=excuse)
            ]
    assert not shown, "; ".join(shown)


def test_no_answer_hides_behind_the_factor_sorters_reveal():
    from cxkit.widgets import FactorSorter

    revealed = []
    for sorting in ("part", "stage"):
        sorter = FactorSorter(sorting=sorting)
        revealed += [set(sorter.in_bin(b.id)) for b in sorter.bins]
    for t in tasks("01"):
        if t.kind == "reading-check":
            continue
        for q in t.checks:
            value = answers.expected(q)
            if isinstance(value, (list, tuple, set)):
                assert set(value) not in revealed, f"{t.id}: 'Show the answers' reveals {q}"
                assert not set(value) & set(FactorSorter().factors), (
                    f"{t.id}: {q} sorts the sorter's own factors"
                )


def test_reading_checks_say_so_in_their_heading():
    for nn in [f"{n:02d}" for n in range(12)]:
        for t in tasks(nn):
            assert (t.kind == "reading-check") == t.title.endswith("(reading check)"), t.id


def test_the_scan_finds_a_planted_give_away():
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell("The delivery NPS is 37.3 points."),
            nbformat.v4.new_code_cell(
                "x",
                outputs=[nbformat.v4.new_output("stream", name="stdout", text="Complaints: 1,082\nemail\n")],
            ),
            nbformat.v4.new_markdown_cell("Page 27, 170-178; seats: seat_map and wallet_pass."),
        ]
    )
    assert hits(nb, 37.33459) == [0]
    assert hits(nb, 1082) == [1]
    assert hits(nb, "email") == [1]
    assert hits(nb, ["seat_map", "wallet_pass"]) == [2]
    assert hits(nb, 17.8) == []
    assert hits(nb, 7) == []  # small whole numbers occur everywhere: not searched
    assert hits(nb, 1082, excuse=("Complaints",)) == []
