"""Every module has facilitator notes for the instructor, in one fixed shape.

``workshops/notes/NN-slug.md`` goes with ``modules/NN-slug.ipynb``: the same slug, the title line,
the six sections in order, none of them empty, and a timing table whose total is the module's
estimated time.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from cxkit.course.lint import estimated_minutes

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
NOTES = ROOT / "workshops" / "notes"
MODULES = sorted((ROOT / "modules").glob("[0-9][0-9]-*.ipynb"))
SECTIONS = [
    "Goals",
    "Timing",
    "Running the activities",
    "Discussion prompts and expected answers",
    "Common misconceptions and questions",
    "Adapting for B2B audiences",
]


def _sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## (.+)$", text, flags=re.MULTILINE)
    return {parts[i].strip(): parts[i + 1].strip() for i in range(1, len(parts), 2)}


def _estimated_minutes(module: Path) -> int:
    cells = nbformat.read(module, as_version=4).cells
    minutes = estimated_minutes("\n".join(c.source for c in cells if c.cell_type == "markdown"))
    assert minutes is not None, f"{module.name}: no '**Estimated time:** N minutes' (or N hours) line"
    return minutes


def _timing_total(section: str) -> tuple[int, int]:
    """Return (sum of the parts, stated total) of a ``part | minutes`` table."""
    rows = [line for line in section.splitlines() if line.startswith("|")]
    parts, total = 0, None
    for row in rows[2:]:
        cells = [c.strip().strip("*") for c in row.strip("|").split("|")]
        minutes = int(cells[-1].strip("*"))
        if cells[0].lower() == "total":
            total = minutes
        else:
            parts += minutes
    assert total is not None, "the timing table has no Total row"
    return parts, total


def test_every_module_has_notes_and_no_notes_are_orphans():
    modules = {m.stem for m in MODULES}
    notes = {n.stem for n in NOTES.glob("[0-9][0-9]-*.md")}
    assert modules - notes == set(), f"modules without facilitator notes: {sorted(modules - notes)}"
    assert notes - modules == set(), f"notes for modules that do not exist: {sorted(notes - modules)}"


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.stem)
def test_notes_have_the_sections_in_order_and_timings_add_up(module):
    text = (NOTES / f"{module.stem}.md").read_text(encoding="utf-8")
    number = module.stem[:2]
    assert text.startswith(f"# {number} · ")
    assert text.splitlines()[0].endswith(": facilitator notes")
    sections = _sections(text)
    assert list(sections) == SECTIONS, list(sections)
    assert all(sections.values()), [name for name, body in sections.items() if not body]
    parts, total = _timing_total(sections["Timing"])
    assert parts == total, f"the parts add up to {parts} minutes, the table says {total}"
    assert total == _estimated_minutes(module), "the total differs from the module's estimated time"


def test_a_wrong_total_is_caught():
    table = "| part | minutes |\n| --- | ---: |\n| a | 10 |\n| b | 5 |\n| **Total** | **20** |"
    assert _timing_total(table) == (15, 20)


# -- practice in the room (issue 27 item 6) -------------------------------------------------------------


def test_every_note_says_what_to_cut_when_time_runs_short():
    for path in sorted(NOTES.glob("[0-9][0-9]-*.md")):
        timing = _sections(path.read_text())["Timing"]
        assert "### When time runs short" in timing, path.name
        assert "Cut first" in timing, path.name


def test_notes_06_rehearse_a_complaint_in_threes_with_a_checklist_and_real_scenarios():
    from cxkit.data import load

    text = _sections((NOTES / "06-service-excellence.md").read_text())["Running the activities"]
    assert "**Role-play in threes" in text
    for role in ("**customer**", "**agent**", "**observer**"):
        assert role in text
    checklist = text[text.index("Observer checklist") :]
    for move in ("Acknowledge", "Own", "Explain", "Fix", "Follow up"):
        assert f"| {move}:" in checklist
    ids = set(re.findall(r"\bV\d{7}\b", text))
    assert len(ids) >= 3
    assert ids <= set(load("conversations")["conversation_id"])


def test_notes_03_use_the_paper_canvases_and_the_blueprint_exercise_exists():
    text = _sections((NOTES / "03-journey-mapping.md").read_text())["Running the activities"]
    for needed in ("Materials and room set-up", "journey-map-canvas", "blueprint-canvas", "sticky notes"):
        assert needed in text
    assert "blueprint exercise" in text.lower()
    solution = nbformat.read(ROOT / "solutions" / "03-journey-mapping.ipynb", as_version=4)
    assert any("## Task 8: a blueprint of the returns process" in c.source for c in solution.cells)
