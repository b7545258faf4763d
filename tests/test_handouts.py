"""The printable handouts: A4 and US Letter, vector only, with the text and numbers cxkit computes.

All handouts are built once per test session (about half a minute) into a temporary folder by
the same function as ``cxkit handouts`` and ``make handouts``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from cxkit.cli import main
from cxkit.instructor.handouts import HANDOUTS, build_handouts, formula_card_values

pytestmark = pytest.mark.slow

SIZES = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    build_handouts(out=out)
    return out


def _text(built: Path, hid: str, paper: str = "a4") -> str:
    reader = PdfReader(built / f"{hid}-{paper}.pdf")
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_every_handout_is_written_in_both_papers(built):
    expected = {f"{h}-{p}.pdf" for h in HANDOUTS for p in SIZES}
    assert {p.name for p in built.glob("*.pdf")} == expected
    # every blank form has its filled example
    blanks = {h for h in HANDOUTS if not h.endswith("-example")}
    assert {h.removesuffix("-canvas") + "-example" for h in blanks} == set(HANDOUTS) - blanks
    assert len(blanks) == 6


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("hid", list(HANDOUTS))
def test_pages_have_the_paper_size_and_orientation(built, hid, paper):
    reader = PdfReader(built / f"{hid}-{paper}.pdf")
    short, long_ = SIZES[paper]
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        if HANDOUTS[hid].landscape:
            w, h = h, w
        assert abs(w - short) <= 1, (hid, w, h)
        assert abs(h - long_) <= 1, (hid, w, h)


def _images(obj, seen=None) -> list[str]:
    """Return the names of raster images in a page's resources, looking inside form XObjects too."""
    seen = set() if seen is None else seen
    found = []
    xobjects = (obj.get("/Resources") or {}).get("/XObject") or {}
    for name, ref in xobjects.items():
        x = ref.get_object()
        if id(x) in seen:
            continue
        seen.add(id(x))
        if x.get("/Subtype") == "/Image":
            found.append(name)
        elif x.get("/Subtype") == "/Form":
            found += _images(x, seen)
    return found


@pytest.mark.parametrize("hid", list(HANDOUTS))
def test_no_raster_image_on_any_page(built, hid):
    for paper in SIZES:
        for page in PdfReader(built / f"{hid}-{paper}.pdf").pages:
            assert _images(page) == [], hid


def test_the_image_check_can_fail(tmp_path):
    """A PDF with a raster image (matplotlib's imshow) is caught by _images."""
    import numpy as np
    from matplotlib.figure import Figure

    fig = Figure()
    fig.add_subplot().imshow(np.arange(16).reshape(4, 4))
    fig.savefig(tmp_path / "raster.pdf")
    assert _images(PdfReader(tmp_path / "raster.pdf").pages[0])


def test_blank_forms_carry_the_models_fields(built):
    from cxkit.data.schema import STAGES
    from cxkit.journey import JOURNEY_LANES
    from cxkit.service import load_questionnaire

    canvas = _text(built, "journey-map-canvas", "letter")
    for stage in STAGES:
        assert stage.replace("_", " ").capitalize() in canvas
    for lane in ("Doing", "Touchpoints", "Thinking", "Feeling", "Pain points", "Opportunities"):
        assert lane in canvas
        assert lane in JOURNEY_LANES.values()
    blueprint = _text(built, "blueprint-canvas")
    for line in ("Line of interaction", "Line of visibility", "Line of internal interaction", "Backstage"):
        assert line in blueprint
    persona = _text(built, "persona-sheet")
    fields = ("Name", "Segment", "Description", "Goals", "Needs", "Motivations", "Frustrations", "Channels")
    for field in fields:
        assert field in persona
    form = _text(built, "self-assessment")
    q = load_questionnaire()
    for item in q.items:
        assert " ".join(item.text.split()[:6]) in form
    for label in q.labels:
        assert label in form
    inventory = _text(built, "touchpoint-inventory")
    for column in ("Touchpoint", "Stage", "Channel", "Owner", "Performance", "Impact", "Priority"):
        assert column in inventory


def test_formula_card_quotes_the_metric_docstrings(built):
    text = _text(built, "formula-card")
    assert "Promoters answer 9 or 10, passives 7 or 8, detractors 0 to 6." in text
    assert "Wilson score interval" in text
    assert "NPS" in text
    assert "CSAT" in text
    assert "CES" in text


def test_filled_formula_card_shows_cxkits_numbers(built):
    text = _text(built, "formula-card-example", "letter")
    v = formula_card_values()
    n = v["nps"]
    assert f"n = {n.n:,} answers; P = {n.counts['promoters']:,} promoters" in text
    assert f"D = {n.counts['detractors']:,} detractors" in text
    assert f"= {n.value:.1f} points" in text
    assert f"{n.low:.1f} to {n.high:.1f}" in text
    c = v["csat"]
    assert f"x = {c.counts['satisfied']:,} satisfied" in text
    assert f"= {c.value:.1f}%" in text
    e = v["ces"]
    assert f"CES = {e.value:.2f}" in text
    assert f"{e.low:.2f} to {e.high:.2f}" in text
    # and those are the course's numbers: NPS of every answered survey, computed the plain way
    from cxkit import data

    scores = data.load("surveys")["nps"].dropna()
    plain = 100 * ((scores >= 9).sum() - (scores <= 6).sum()) / len(scores)
    assert n.value == pytest.approx(plain)


def test_filled_examples_come_from_the_course_models(built):
    from cxkit import data
    from cxkit.journey.touchpoints import touchpoint_performance
    from cxkit.service import example_answers, self_assessment

    persona = _text(built, "persona-sheet-example")
    assert "Busy Parent" in persona
    assert "I can plan around a date, but not around a parcel that might come." in persona
    journey = _text(built, "journey-map-example")
    assert "Busy Parent" in journey
    assert "The parcel arrives on the promised day" in journey
    assert "The delivery promise" in _text(built, "blueprint-example")
    scored = self_assessment(example_answers(round="March"))
    sa = _text(built, "self-assessment-example")
    for pid, row in scored.iterrows():
        assert f"{row['score']:.2f} {row['low']:.2f} to {row['high']:.2f}" in sa, pid
    inventory = _text(built, "touchpoint-inventory-example", "letter")
    table = touchpoint_performance(data.load("surveys"), data.load("touchpoints"))
    for name, row in table.iterrows():
        assert f"{name.replace('_', ' ')} " in inventory
        assert f"{row['performance']:.1f}% (n {int(row['n'])})" in inventory, name
    unmeasured = set(data.load("touchpoints")["touchpoint"]) - set(table.index)
    assert unmeasured
    assert inventory.count("not measured no surveys here") == len(unmeasured)


def test_the_command_writes_only_what_is_asked_and_backs_up_edits(tmp_path, capsys):
    out = tmp_path / "h"
    assert main(["handouts", "--out", str(out), "--only", "persona-sheet", "--paper", "letter"]) == 0
    target = out / "persona-sheet-letter.pdf"
    assert [p.name for p in out.glob("*.pdf")] == [target.name]
    target.write_bytes(b"%PDF-1.4 edited by the instructor")
    assert main(["handouts", "--out", str(out), "--only", "persona-sheet", "--paper", "letter"]) == 0
    backups = list(out.glob("persona-sheet-letter.backup-*.pdf"))
    assert [b.read_bytes() for b in backups] == [b"%PDF-1.4 edited by the instructor"]
    assert "your version is saved as" in capsys.readouterr().out
    assert main(["handouts", "--out", str(out), "--only", "poster"]) == 2
    assert "No handout 'poster'" in capsys.readouterr().err


def test_make_handouts_runs_this_command_after_install():
    makefile = (Path(__file__).resolve().parents[1] / "Makefile").read_text(encoding="utf-8")
    assert "\nhandouts: install\n\t$(BIN)/cxkit handouts --out handouts\n" in makefile
    assert " handouts " in makefile.split(".PHONY:", 1)[1].split("\n\n", 1)[0]


# -- issue 32 item 3: the room's words, write-in lines clear of labels, a full formula card --------


def _developer_names() -> set[str]:
    """Public function and class names of the packages a handout reads from (cxkit's own words)."""
    import importlib

    names: set[str] = set()
    for mod in (
        "cxkit.metrics",
        "cxkit.service",
        "cxkit.journey",
        "cxkit.journey.touchpoints",
        "cxkit.stats",
    ):
        module = importlib.import_module(mod)
        names |= {n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))}
    # words that are also plain English or metric names a handout should use
    return {n for n in names if "_" in n or any(c.isupper() for c in n[1:])} - {"NPS", "CSAT", "CES"}


_PATH = r"\b(?:workshops|datasets|modules|solutions|exercises|cxkit)/\S*|\S+\.(?:py|md|ya?ml|csv|ipynb)\b"


@pytest.mark.parametrize("hid", list(HANDOUTS))
def test_handouts_use_no_developer_words(built, hid):
    import re

    text = _text(built, hid)
    assert "cxkit" not in text.lower()
    assert re.findall(_PATH, text) == []
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", text))
    assert words & _developer_names() == set()


def test_the_developer_word_check_can_fail():
    import re

    text = "Scored by cxkit.service.self_assessment; see workshops/README.md and NPSSimulator."
    assert re.findall(_PATH, text)
    assert {"self_assessment", "NPSSimulator"} & _developer_names()


def _canvas_artists(draw, size):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from cxkit.instructor._canvases import _figure, _rc

    with _rc():
        fig = _figure(size)
        FigureCanvasAgg(fig)
        ax = fig.add_axes((0.035, 0.035, 0.93, 0.93))
        draw(ax)
        renderer = fig.canvas.get_renderer()
        labels = {
            t.get_gid()[len("write-in-label-") :]: t.get_window_extent(renderer)
            for t in ax.texts
            if (t.get_gid() or "").startswith("write-in-label-")
        }
        lines = {
            ln.get_gid()[len("write-in-line-") :]: ln.get_window_extent(renderer)
            for ln in ax.lines
            if (ln.get_gid() or "").startswith("write-in-line-")
        }
    return labels, lines


@pytest.mark.parametrize("paper", list(SIZES))
@pytest.mark.parametrize("canvas", ["_journey_canvas", "_blueprint_canvas"])
def test_write_in_lines_start_after_their_labels(canvas, paper):
    from cxkit.instructor import _canvases

    labels, lines = _canvas_artists(getattr(_canvases, canvas), SIZES[paper])
    expected = {"Persona:", "Scenario:", "Goal:"} if canvas == "_journey_canvas" else {"Service:"}
    assert set(labels) == set(lines) == expected
    for name, box in labels.items():
        line = lines[name]
        assert line.x0 >= box.x1 + 2, f"the write-in line of {name!r} runs under its label"
        assert line.x1 - line.x0 > 80, f"the write-in line of {name!r} leaves no room to write"


def test_formula_card_draws_the_estimated_variance_whole():
    from cxkit.instructor._formula_card import _docstring_parts, _mathtext
    from cxkit.metrics import nps

    shown = [_mathtext(m) for m in _docstring_parts(nps)[1]]
    assert any(r"\widehat{\mathrm{Var}}" in m for m in shown)  # the hat over "Var", not over its "a"
    assert not any(r"\hat{\mathrm{Var}}" in m or r"\hat\mathrm{Var}" in m for m in shown)


@pytest.mark.parametrize("hid", ["formula-card", "formula-card-example"])
@pytest.mark.parametrize("paper", list(SIZES))
def test_formula_card_fills_its_page(built, hid, paper):
    page = PdfReader(built / f"{hid}-{paper}.pdf").pages[0]
    height = float(page.mediabox.height)
    ys: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip() and not text.strip().startswith("z is the normal"):
            ys.append(float(cm[5]) + float(tm[5]))

    page.extract_text(visitor_text=visit)
    body = [y for y in ys if y > 60]  # above the footnote
    assert body
    assert (height - min(body)) / height > 0.8, "the card leaves the bottom of its page empty"
