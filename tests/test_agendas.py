"""Workshop agendas: every agenda loads, its days add up, every reference exists, bad files fail clearly.

The agendas are ``workshops/agendas/*.yaml``; their module minutes are read from the modules'
``**Estimated time:**`` and the facilitator notes' timing tables (never typed in the agenda), which
this file checks independently of the loader.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader

from cxkit.cli import main
from cxkit.course.lint import estimated_minutes, lint_notebook
from cxkit.errors import CXAgendaError, CXFileNotFoundError
from cxkit.instructor.agenda import (
    agenda_markdown,
    agenda_names,
    agenda_pdf,
    load_agenda,
    module_facts,
    write_agenda,
)
from cxkit.instructor.handouts import HANDOUTS

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
NAMES = ["half-day", "one-day", "two-day"]


def _clock(t: str) -> int:
    h, m = t.split(":")
    return int(h) * 60 + int(m)


def _module(number: str) -> Path:
    found = sorted((ROOT / "modules").glob(f"{number}-*.ipynb"))
    assert found, f"module {number} does not exist"
    return found[0]


def _estimated(path: Path) -> int:
    cells = nbformat.read(path, as_version=4).cells
    minutes = estimated_minutes("\n".join(c.source for c in cells if c.cell_type == "markdown"))
    assert minutes is not None, path
    return minutes


def _timing_rows(slug: str) -> dict[str, int]:
    text = (ROOT / "workshops" / "notes" / f"{slug}.md").read_text(encoding="utf-8")
    table = text.split("## Timing", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in [ln for ln in table.splitlines() if ln.startswith("|")][2:]:
        cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
        if cells[0].lower() != "total":
            rows[cells[0]] = int(cells[-1])
    return rows


def test_the_three_agendas_are_there():
    assert agenda_names() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_day_is_filled_exactly_and_the_times_follow_on(name):
    agenda = load_agenda(name)
    for day in agenda.days:
        assert sum(b.minutes for b in day.blocks) == _clock(day.end) - _clock(day.start)
        assert day.blocks[0].start == day.start
        assert day.blocks[-1].end == day.end
        for before, after in zip(day.blocks, day.blocks[1:], strict=False):
            assert before.end == after.start, (before.title, after.title)
        for b in day.blocks:
            assert b.minutes > 0
            assert _clock(b.end) - _clock(b.start) == b.minutes
        assert any(b.kind == "break" for b in day.blocks)


@pytest.mark.parametrize("name", NAMES)
def test_module_minutes_come_from_the_modules_and_their_notes(name):
    for day in load_agenda(name).days:
        for b in day.blocks:
            if b.kind == "module":
                path = _module(b.module)
                expected = sum(_timing_rows(path.stem)[p] for p in b.parts) if b.parts else _estimated(path)
                assert b.minutes == expected, b.title
            elif b.kind == "exercise":
                assert b.minutes == _estimated(ROOT / "solutions" / _module(b.module).name)


@pytest.mark.parametrize("name", NAMES)
def test_every_module_activity_and_handout_exists(name):
    agenda = load_agenda(name)
    for day in agenda.days:
        for b in day.blocks:
            if b.module:
                path = _module(b.module)
                notes = ROOT / "workshops" / "notes" / f"{path.stem}.md"
                text = path.read_text(encoding="utf-8") + (
                    notes.read_text(encoding="utf-8") if notes.exists() else ""
                )
                for act in b.activities:
                    assert act in text, (b.title, act)
            for h in b.handouts:
                assert h in HANDOUTS, h


def test_the_one_day_and_half_day_agendas_use_every_handout():
    used = {h for n in ("half-day", "one-day") for h in load_agenda(n).handouts}
    assert used == set(HANDOUTS)


@pytest.mark.parametrize("name", NAMES)
def test_markdown_shows_every_block_with_its_times(name):
    agenda = load_agenda(name)
    text = agenda_markdown(agenda)
    assert text.startswith(f"# {agenda.title}\n")
    for day in agenda.days:
        assert f"## {day.name}: {day.start}–{day.end}" in text
        for b in day.blocks:
            assert f"| {b.start}–{b.end} |" in text
            assert b.title in text
    for prep in agenda.prepare:
        assert prep in text


@pytest.mark.parametrize(
    ("name", "length"), [("half-day", "1 day"), ("one-day", "1 day"), ("two-day", "2 days")]
)
def test_markdown_states_the_length_in_days_in_plain_words(name, length):
    agenda = load_agenda(name)
    total = sum(d.minutes for d in agenda.days)
    line = next(ln for ln in agenda_markdown(agenda).splitlines() if ln.startswith("**Length:**"))
    assert line == f"**Length:** {length}, {total // 60} h {total % 60:02d} min including breaks."


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_pdf_has_the_paper_size_and_the_agenda_text(paper, size):
    agenda = load_agenda("half-day")
    reader = PdfReader(io.BytesIO(agenda_pdf(agenda, paper=paper)))
    for page in reader.pages:
        assert abs(float(page.mediabox.width) - size[0]) <= 1
        assert abs(float(page.mediabox.height) - size[1]) <= 1
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert agenda.title in text
    assert "09:00–09:10" in text
    assert "12:15–12:30" in text
    assert "03 · Journey mapping" in text
    assert agenda.outcomes[0] in text


# --- a small course of our own: the minutes follow the module ------------------------------------


def _tiny_course(tmp_path: Path, minutes: int, agenda: str, *, estimated: str | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            f"# 07 · Metrics\n\n**Estimated time:** {estimated or f'{minutes} minutes'}"
        ),
        nbformat.v4.new_markdown_cell("## Play with it"),
        nbformat.v4.new_code_cell("NPSSimulator()"),
    ]
    (tmp_path / "modules").mkdir()
    nbformat.write(nb, tmp_path / "modules" / "07-metrics.ipynb")
    (tmp_path / "workshops" / "notes").mkdir(parents=True)
    (tmp_path / "workshops" / "notes" / "07-metrics.md").write_text(
        "# 07 · Metrics: facilitator notes\n\n## Timing\n\n| part | minutes |\n| --- | ---: |\n"
        f"| Talk | {minutes - 10} |\n| Quiz | 10 |\n| **Total** | **{minutes}** |\n\n"
        "## Running the activities\n\n**The simulator (pairs).** Move the slider.\n",
        encoding="utf-8",
    )
    path = tmp_path / "a.yaml"
    path.write_text(textwrap.dedent(agenda), encoding="utf-8")
    return path


AGENDA = """
title: Taster
audience: Anyone
days:
  - start: "09:00"
    end: "10:30"
    blocks:
      - module: "07"
        activities: [Play with it, NPSSimulator, The simulator]
      - break: Coffee
        minutes: 15
      - module: "07"
        parts: [Quiz]
      - flex: Questions
        min_minutes: 5
        max_minutes: 30
"""


def test_minutes_follow_the_module_and_the_flex_block_takes_the_rest(tmp_path):
    path = _tiny_course(tmp_path, 45, AGENDA)
    day = load_agenda(path, root=tmp_path).days[0]
    assert [b.minutes for b in day.blocks] == [45, 15, 10, 20]
    assert [b.start for b in day.blocks] == ["09:00", "09:45", "10:00", "10:10"]


@pytest.mark.parametrize(
    ("estimated", "minutes"),
    [
        ("45 minutes", 45),
        ("1 minute", 1),
        ("45 min", 45),
        ("90 mins", 90),
        ("2 hours", 120),
        ("1 hour", 60),
        ("2 h", 120),
        ("1.5 h", 90),
        ("30-45 minutes", 45),
        ("60–90 MINS", 90),
    ],
)
def test_every_estimated_time_the_lint_accepts_is_timed_by_the_agenda(tmp_path, estimated, minutes):
    _tiny_course(tmp_path, 45, AGENDA, estimated=estimated)
    module = tmp_path / "modules" / "07-metrics.ipynb"
    assert not [p for p in lint_notebook(module, "modules", tmp_path) if "estimated time" in p]
    assert module_facts("07", root=tmp_path).minutes == minutes


def test_an_estimated_time_in_short_form_fills_the_agenda(tmp_path):
    path = _tiny_course(tmp_path, 45, AGENDA, estimated="0.75 h")
    assert [b.minutes for b in load_agenda(path, root=tmp_path).days[0].blocks] == [45, 15, 10, 20]


def test_a_longer_module_breaks_the_flex_bounds(tmp_path):
    path = _tiny_course(tmp_path, 80, AGENDA)
    with pytest.raises(CXAgendaError) as err:
        load_agenda(path, root=tmp_path)
    assert str(err.value).startswith("a.yaml, at days[0].blocks[3]: the timings do not add up")
    assert "-15 minutes left" in str(err.value)


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [
        (
            ('module: "07"\n        activities', 'module: "08"\n        activities'),
            "days[0].blocks[0].module",
            "'08'",
        ),
        (("parts: [Quiz]", "parts: [Quizz]"), "days[0].blocks[2].parts[0]", "no such part"),
        (("NPSSimulator,", "NPSSimulater,"), "days[0].blocks[0].activities[1]", "unknown activity"),
        (
            ("minutes: 15", "minutes: 15\n        handouts: [poster]"),
            "days[0].blocks[1].handouts[0]",
            "'poster'",
        ),
        (('end: "10:30"', 'end: "10:3"'), "days[0].end", "HH:MM"),
        (("audience: Anyone", "audience: Anyone\nduration: 2h"), "a.yaml: unknown field", "'duration'"),
        (
            ("- break: Coffee", "- break: Coffee\n        session: Talk"),
            "days[0].blocks[1]",
            "exactly one kind",
        ),
        (("max_minutes: 30", "max_minutes: 30\n        minutes: 5"), "days[0].blocks[3]", "unknown field"),
        (("minutes: 15", "minutes: fifteen"), "days[0].blocks[1].minutes", "'fifteen'"),
        (
            ("      - flex: Questions\n        min_minutes: 5\n        max_minutes: 30\n", ""),
            "days[0].end",
            "10:10",
        ),
    ],
)
def test_a_bad_agenda_names_the_file_the_path_and_the_value(tmp_path, change, path, message):
    old, new = change
    assert old in AGENDA
    file = _tiny_course(tmp_path, 45, AGENDA.replace(old, new))
    with pytest.raises(CXAgendaError) as err:
        load_agenda(file, root=tmp_path)
    text = str(err.value)
    assert text.startswith("a.yaml")
    assert path in text
    assert message in text


def test_an_unknown_agenda_lists_the_agendas():
    with pytest.raises(CXFileNotFoundError, match="half-day, one-day, two-day"):
        load_agenda("three-day")


# --- the command: writes Markdown and PDF, never loses an instructor's edits ---------------------


def test_the_command_writes_and_keeps_edited_files(tmp_path, capsys):
    out = tmp_path / "build"
    assert main(["workshop", "agenda", "half-day", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == [
        ".cxkit-generated.json",
        "half-day-a4.pdf",
        "half-day-letter.pdf",
        "half-day.md",
    ]
    md = out / "half-day.md"
    assert md.read_text(encoding="utf-8") == agenda_markdown(load_agenda("half-day"))
    assert main(["workshop", "agenda", "half-day", "--out", str(out), "--paper", "a4"]) == 0
    assert not list(out.glob("*.backup-*")), "an unchanged file is replaced without a backup"
    md.write_text("my own timings", encoding="utf-8")
    capsys.readouterr()
    assert main(["workshop", "agenda", "half-day", "--out", str(out), "--paper", "a4"]) == 0
    backups = list(out.glob("half-day.backup-*.md"))
    assert len(backups) == 1
    assert backups[0].read_text(encoding="utf-8") == "my own timings"
    assert "your version is saved as" in capsys.readouterr().out
    assert set(json.loads((out / ".cxkit-generated.json").read_text())) >= {"half-day.md", "half-day-a4.pdf"}


def test_the_command_reports_a_bad_agenda_without_a_traceback(tmp_path, capsys):
    assert main(["workshop", "agenda", "nope", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("cxkit: No agenda 'nope'")


def test_write_agenda_rejects_an_unknown_paper(tmp_path):
    from cxkit.errors import CXConfigError

    with pytest.raises(CXConfigError, match="a4, letter"):
        write_agenda("half-day", out=tmp_path, papers=("a5",))


@pytest.mark.parametrize("name", NAMES)
def test_jsonschema_accepts_every_agenda_file_against_the_published_schema(name):
    import jsonschema
    import yaml

    from cxkit.instructor.agenda import SCHEMA

    raw = yaml.safe_load((ROOT / "workshops" / "agendas" / f"{name}.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(raw, SCHEMA)
    for day in raw["days"]:
        for block in day["blocks"]:
            kind = next(k for k in SCHEMA["$defs"] if k in block)
            jsonschema.validate(block, SCHEMA["$defs"][kind])


# -- issue 27 item 6 / issue 32 item 3: what the agendas hold and how they name it ---------------------


def _minutes_of(t: str) -> int:
    return _clock(t)


def test_the_two_day_agenda_holds_every_module():
    held = {b.module for d in load_agenda("two-day").days for b in d.blocks if b.kind == "module"}
    assert held == {f"{n:02d}" for n in range(12)}


@pytest.mark.parametrize("name", ["half-day", "one-day"])
def test_a_shorter_agenda_says_why_it_leaves_modules_out(name):
    agenda = load_agenda(name)
    held = {b.module for d in agenda.days for b in d.blocks if b.kind == "module"}
    left_out = sorted({f"{n:02d}" for n in range(12)} - held)
    why = " ".join(agenda.prepare)
    assert "Left out" in why
    for number in left_out:
        assert re.search(rf"\b{number}\b|{int(number):02d}-\d\d", why), (
            f"{name} leaves out {number} without saying why"
        )
    assert "01" in held  # what customer experience is: every workshop starts there


@pytest.mark.parametrize("name", NAMES)
def test_activities_are_named_as_the_room_knows_them(name):
    for d in load_agenda(name).days:
        for b in d.blocks:
            for activity in b.activities:
                assert not re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z]+)+", activity), (
                    f"{name}: class name {activity!r}"
                )


@pytest.mark.parametrize("name", NAMES)
def test_no_module_runs_in_the_last_15_minutes_of_a_day(name):
    for d in load_agenda(name).days:
        for b in d.blocks:
            if b.kind == "module":
                assert _minutes_of(b.end) <= _minutes_of(d.end) - 15, f"{name}: {b.title} ends at {b.end}"
