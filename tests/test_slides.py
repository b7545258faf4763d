"""Slides (cxkit/course/slides.py, ``cxkit slides``): one offline reveal.js deck per module.

The browser half (reveal.js starts with the network cut off, the math renders, the speaker view
shows the notes) is tests/browser/test_slides.py.
"""

from __future__ import annotations

import copy
import hashlib
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from cxkit._paths import repo_root
from cxkit.cli import main
from cxkit.course import slides
from cxkit.errors import CXConfigError

pytestmark = pytest.mark.course

REPO = repo_root()
MODULES = sorted(p for p in (REPO / "modules").glob("[0-9][0-9]-*.ipynb"))
#: The modules whose source notebooks carry explicit slide metadata and speaker notes.
TAGGED = ("02", "07")


def _types(nb) -> list[str]:
    return [slides.slide_type(c) or "-" for c in nb.cells]


class _Loads(HTMLParser):
    """Collect every URL the page would load: script/img/iframe/source src, link href, CSS url()."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script":
            self.scripts += 1
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and a.get("src"):
            self.loads.append(a["src"])
        if tag == "link" and a.get("href"):
            self.loads.append(a["href"])
        if tag == "object" and a.get("data"):
            self.loads.append(a["data"])


def _external(html: str) -> list[str]:
    parser = _Loads()
    parser.feed(html)
    urls = [u for u in parser.loads if not u.startswith("data:")]
    # @import and url(...) in the inlined style sheets
    urls += re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]+)", html)
    urls += [u for u in re.findall(r"url\(\s*['\"]?([^'\")]+)", html) if re.match(r"(https?:)?//", u)]
    return urls


# -- the default structure of an untagged notebook ---------------------------------------------


def _untagged():
    return new_notebook(
        cells=[
            new_markdown_cell("# 99 · Demo\n\n**Estimated time:** 45 minutes"),
            new_markdown_cell("## Learning objectives\n\n- one"),
            new_code_cell("x = 1", outputs=[new_output("stream", text="1\n")]),
            new_markdown_cell("### A detail\n\nText."),
            new_markdown_cell("\n".join(f"line {i}" for i in range(20))),  # too long: a new subslide
            new_code_cell("import ipywidgets as widgets\nwidgets.IntSlider()"),
            new_markdown_cell(""),
            new_markdown_cell("<!-- BEGIN SOLUTION -->\nThe answer.\n<!-- END SOLUTION -->"),
            new_markdown_cell("## Instructor notes\n\nTiming."),
            new_markdown_cell("### Notes detail\n\nStill instructor notes."),
            new_markdown_cell("## References\n\n- A book."),
        ]
    )


def test_default_structure_follows_the_headings():
    assert _types(slides.default_slide_types(_untagged())) == [
        "slide",  # title
        "slide",  # ## Learning objectives
        "-",
        "subslide",  # ### A detail
        "subslide",  # 20 lines do not fit after it
        "subslide",  # nor does anything after a full slide
        "skip",  # empty
        "skip",  # a solution
        "skip",  # ## Instructor notes ...
        "skip",  # ... and its subsections
        "slide",  # ## References: the next section is shown again
    ]


def test_default_structure_leaves_the_notebook_alone():
    nb = _untagged()
    before = copy.deepcopy(nb)
    slides.default_slide_types(nb)
    slides.prepare(nb)
    assert nb == before


def test_explicit_slide_types_are_kept():
    nb = _untagged()
    for cell in nb.cells:
        cell.metadata["slideshow"] = {"slide_type": "fragment"}
    nb.cells[0].metadata["slideshow"] = {"slide_type": "slide"}
    nb.cells[4].metadata["slideshow"] = {"slide_type": "notes"}
    assert _types(slides.prepare(nb)) == _types(nb)
    assert slides.has_slide_types(nb)
    assert not slides.has_slide_types(_untagged())


def test_a_widget_cell_says_to_run_it_in_jupyterlab():
    deck = slides.prepare(_untagged())
    outputs = deck.cells[5].outputs
    assert len(outputs) == 1
    assert "run this cell in JupyterLab" in outputs[0].data["text/plain"]
    assert deck.cells[2].outputs[0].text == "1\n"  # other outputs untouched


def test_a_figure_is_shown_without_its_plotting_code():
    fig = new_code_cell(
        "fig, ax = plt.subplots()",
        outputs=[new_output("display_data", {"text/html": "<figure><img alt='x' src='data:,'></figure>"})],
    )
    nb = new_notebook(cells=[new_markdown_cell("# T"), fig, new_code_cell("x = 1")])
    deck = slides.prepare(nb)
    assert deck.cells[1].metadata["transient"] == {"remove_source": True}
    assert "transient" not in deck.cells[2].metadata
    html = slides.render(nb)
    assert "<figure><img alt=" in html
    assert "fig, ax" not in html


def test_a_cell_tagged_remove_cell_is_left_out_of_the_deck():
    check = new_code_cell(
        "assert total == 153", metadata={"tags": ["remove-cell"], "jupyter": {"source_hidden": True}}
    )
    nb = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("total = 153"), check])
    deck = slides.prepare(nb)
    assert slides.slide_type(deck.cells[2]) == "skip"
    assert slides.slide_type(deck.cells[1]) != "skip"
    assert "assert total" not in slides.render(nb)


def test_expected_slide_count_counts_slides_and_subslides():
    # title, Learning objectives, A detail, the long cell, the widget, References
    assert slides.expected_slide_count(_untagged()) == 6


@pytest.mark.parametrize(
    ("text", "math"),
    [
        ("$P$ promoters", True),
        ("$$x = 1$$", True),
        (r"\(a\)", True),
        (r"\begin{aligned}a\end{aligned}", True),
        ("costs 5 dollars", False),
        (r"a \$5 price", False),
    ],
)
def test_has_math(text, math):
    assert slides.has_math(new_notebook(cells=[new_markdown_cell(text)])) is math


@pytest.mark.parametrize(
    ("text", "mermaid"),
    [
        ("```mermaid\njourney\n  title T\n```", True),
        ("Text\n\n``` mermaid\ngraph LR\nA-->B\n```", True),
        ("Between `` ```mermaid `` fences", False),
        ("```python\nprint(1)\n```", False),
    ],
)
def test_has_mermaid(text, mermaid):
    assert slides.has_mermaid(new_notebook(cells=[new_markdown_cell(text)])) is mermaid


def test_inlined_scripts_cannot_end_the_script_element():
    js = 'a = "</script><script>"; b = /<!--x/; c = "</SCRIPT>"'
    safe = slides._script(js)
    assert not re.search(r"<(/?script|!--)", safe, flags=re.I)
    assert safe.count("\\x3C") == 4


def test_unknown_module_names_the_modules():
    with pytest.raises(CXConfigError, match=r"no module '42'.*07"):
        slides.find_module("42")


# -- every module builds; no URL is loaded from outside the file ----------------------------------


@pytest.mark.parametrize("module", MODULES, ids=lambda p: p.name[:2])
def test_every_module_builds_an_offline_deck(module: Path, tmp_path: Path):
    digest = hashlib.sha256(module.read_bytes()).hexdigest()
    path = slides.build_deck(module.name[:2], out=tmp_path, run=False)
    assert path == tmp_path / f"{module.stem}.slides.html"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # one file, nothing beside it
    html = path.read_text(encoding="utf-8")
    assert _external(html) == []
    assert "Reveal.initialize(" in html
    assert "CxNotes" in html
    # every module has speaker notes (its own, or from its instructor and facilitator notes)
    assert html.count('<aside class="notes">') >= 3
    nb = nbformat.read(module, as_version=4)
    # MathJax (2 MB) is written in only when the deck has mathematics
    assert ("window.MathJax = {" in html) is slides.has_math(nb)
    # mermaid (5.5 MB) only when a Markdown cell has a ```mermaid block
    assert ("mermaid.initialize(" in html) is slides.has_mermaid(nb)
    assert "unpkg.com" not in html
    assert "cdnjs" not in html
    assert "require.js" not in html
    # the learner's notebook is never rewritten
    assert hashlib.sha256(module.read_bytes()).hexdigest() == digest


@pytest.mark.parametrize("number", TAGGED)
def test_tagged_modules_have_slides_and_speaker_notes(number: str):
    nb = nbformat.read(slides.find_module(number), as_version=4)
    types = _types(nb)
    assert slides.has_slide_types(nb)
    assert all(t in slides.SLIDE_TYPES for t in types)
    assert types.count("notes") >= 5
    assert types.count("slide") >= 8
    assert "fragment" in types or "subslide" in types
    html = slides.render(nb)
    assert html.count('<aside class="notes">') == types.count("notes")
    # the instructor-notes section is not projected
    heads = [i for i, c in enumerate(nb.cells) if c.source.startswith("## Instructor notes")]
    assert heads
    assert types[heads[0]] == "skip"


def test_cli_builds_the_named_module(tmp_path: Path, capsys):
    assert main(["slides", "02", "--no-run", "--out", str(tmp_path)]) == 0
    assert "wrote " in capsys.readouterr().out
    assert (tmp_path / "02-the-customer-journey.slides.html").is_file()


@pytest.mark.parametrize("argv", [["slides"], ["slides", "02", "--all"], ["slides", "42"]])
def test_cli_refuses_a_bad_request(argv: list[str], capsys):
    assert main(argv) == 2
    assert capsys.readouterr().err.startswith("cxkit")


# -- issue 32 item 1: figures and widget snapshots on the slides, checks never ---------------------


def _slides_part(html: str) -> str:
    """Return the slides of a deck (between the slide container and the scripts after it)."""
    return html.split('<div class="slides">', 1)[1].split("</main>", 1)[0]


def test_assert_lines_never_reach_a_slide():
    cell = new_code_cell("total = 153\nassert total == 153, (\n    'the text says 153')\ntotal")
    nb = new_notebook(cells=[new_markdown_cell("# T"), cell])
    deck = slides.prepare(nb)
    assert deck.cells[1].source == "total = 153\ntotal"
    only_checks = new_notebook(cells=[new_markdown_cell("# T"), new_code_cell("assert 1 == 1")])
    assert slides.slide_type(slides.prepare(only_checks).cells[1]) == "skip"
    assert '<span class="k">assert</span>' not in _slides_part(slides.render(nb))


def test_a_widget_snapshot_replaces_its_live_view():
    view = {"model_id": "abc", "version_major": 2, "version_minor": 0}
    snapshot = f'<div class="{slides.SNAPSHOT_CLASS}"><b>NPS = 20</b></div>'
    widget = new_code_cell(
        "NPSSimulator()",
        outputs=[
            new_output(
                "display_data", {slides._WIDGET_VIEW: view, "text/html": snapshot, "text/plain": "VBox()"}
            )
        ],
    )
    bare = new_code_cell(
        "widgets.IntSlider()", outputs=[new_output("display_data", {slides._WIDGET_VIEW: view})]
    )
    deck = slides.prepare(new_notebook(cells=[new_markdown_cell("# T"), widget, bare]))
    assert list(deck.cells[1].outputs[0].data) == ["text/html", "text/plain"]
    assert deck.cells[1].metadata["transient"] == {"remove_source": True}  # the picture, not the code
    assert "run this cell in JupyterLab" in deck.cells[2].outputs[0].data["text/plain"]


def test_widget_html_marks_the_chosen_option_and_skips_hidden_widgets():
    import ipywidgets as W

    hidden = W.HTML("secret", layout=W.Layout(display="none"))
    tabs = W.Tab([W.Label("first page"), W.Label("second page")], titles=["One", "Two"], selected_index=1)
    html = slides.widget_html(
        W.VBox(
            [W.IntSlider(value=7, description="n"), W.Checkbox(value=True, description="late"), hidden, tabs]
        )
    )
    assert '<span class="cx-w-label">n</span> <span class="cx-w-value">7</span>' in html
    assert 'cx-w-option cx-w-chosen">\u2611 late' in html
    assert "secret" not in html
    assert '<span class="cx-w-tab cx-w-chosen">Two</span>' in html
    assert "second page" in html
    assert "first page" not in html


def test_untagged_modules_get_speaker_notes_from_their_instructor_and_facilitator_notes():
    nb = nbformat.read(slides.find_module("03"), as_version=4)
    assert not slides.has_slide_types(nb)  # no notes of its own (issue 32)
    facilitator = (REPO / "workshops" / "notes" / "03-journey-mapping.md").read_text(encoding="utf-8")
    deck = slides.speaker_notes(nb, facilitator)
    notes = [c.source for c in deck.cells if slides.slide_type(c) == "notes"]
    assert len(notes) >= 3
    assert notes[0].startswith("**Instructor notes.**")
    assert "**Timing.**" in notes[0]
    assert any(n.startswith("**Discussion prompts") for n in notes)
    assert any(n.startswith("**Running the activities.**") for n in notes)
    html = slides.render(deck)
    assert html.count('<aside class="notes">') == len(notes)
    # the tagged modules keep the notes their authors wrote
    tagged = nbformat.read(slides.find_module("07"), as_version=4)
    assert slides.speaker_notes(tagged, facilitator) == tagged


#: The deck that runs its module here: 07 (the metrics' figures). The browser step runs 03's deck
#: (persona, maps, blueprint) and 07's again from the same cache (build/slides/.executed/); every
#: module runs in `make notebooks` already, and running all twelve for their decks would add about
#: 5 minutes of CPU to `make test`. CXKIT_ALL_DECKS=1 runs them all (`make slides` builds them all).
DECKS_RUN = (
    MODULES if os.environ.get("CXKIT_ALL_DECKS") == "1" else [m for m in MODULES if m.name[:2] == "07"]
)


@pytest.mark.slow
@pytest.mark.parametrize("module", DECKS_RUN, ids=lambda p: p.name[:2])
def test_each_deck_shows_every_figure_and_no_check(module: Path, tmp_path: Path):
    """The deck runs its module: at least one image per figure the module draws; no check cell, no assert."""
    nb = nbformat.read(module, as_version=4)
    html = _slides_part(slides.build_deck(module.name[:2], out=tmp_path).read_text(encoding="utf-8"))
    drawn = sum(
        c.source.count("style.show(")
        for c in slides.prepare(nb).cells
        if c.cell_type == "code" and slides.slide_type(c) not in ("skip", "notes")
    )
    assert drawn >= 1
    assert html.count("<img ") >= drawn
    assert '<span class="k">assert</span>' not in html
    assert "Checks: the numbers the text quotes" not in html
    assert "Traceback" not in html
