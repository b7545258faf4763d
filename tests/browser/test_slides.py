"""The offline slide decks in Chromium with the network cut off (``cxkit slides``).

Every request that is not to the deck's own file is aborted and recorded: the deck must start
reveal.js, render its mathematics (MathJax, SVG), show the module's figures and widget
snapshots and open the speaker view with the notes (without loading the deck again) without one.
Each slide of the tagged modules must fit the 1280x720 slide once cxkit's fitting has run (its type
shrinks no further than 70%). Screenshots of two slides go to test-artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from jlab import ARTIFACTS, PROJECTOR

from cxkit.course import slides

#: module -> (a slide with mathematics or a figure to photograph, as reveal.js indices h, v)
DECKS = {"07": (5, 0), "02": (1, 0)}


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("slides")
    # 02's deck is for its mathematics: no need to run the module for figures
    return {nn: slides.build_deck(nn, out=out, run=nn != "02") for nn in DECKS}


def _offline_page(browser, blocked: list[str]):
    context = browser.new_context(viewport=PROJECTOR)

    def route(r):
        if r.request.url.startswith(("file:", "data:", "about:", "blob:")):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.set_default_timeout(60_000)
    return context, page


def _open(page, deck: Path, math: bool) -> None:
    page.goto(deck.as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()")
    if math:
        page.wait_for_selector("body[data-math=ready]", state="attached")


@pytest.mark.parametrize("nn", list(DECKS))
def test_deck_runs_offline(browser, decks, nn: str):
    nb = nbformat.read(slides.find_module(nn), as_version=4)
    math = slides.has_math(nb)
    blocked: list[str] = []
    errors: list[str] = []
    context, page = _offline_page(browser, blocked)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        _open(page, decks[nn], math)
        assert page.evaluate("Reveal.getTotalSlides()") == slides.expected_slide_count(nb)
        if math:
            assert page.locator("mjx-container[jax=SVG] svg").count() >= 10
            assert page.locator("mjx-merror").count() == 0  # no TeX error boxes
        # every slide fits: walk them all and read the fitting factor and the overflow
        tight = []
        total = page.evaluate("Reveal.getTotalSlides()")
        page.evaluate("Reveal.slide(0, 0)")
        for k in range(total):
            state = page.evaluate(
                """() => { const s = Reveal.getCurrentSlide();
                return [s.dataset.cxScale, s.scrollHeight - s.clientHeight, s.scrollWidth - s.clientWidth,
                        (s.innerText || '').trim().slice(0, 40)]; }"""
            )
            if float(state[0]) < 0.7 or state[1] > 2 or state[2] > 2:
                tight.append((k, *state))
            page.evaluate("Reveal.next()")
        assert tight == [], f"slides that do not fit 1280x720 (index, scale, overflow y, x, text): {tight}"
        h, v = DECKS[nn]
        page.evaluate(f"Reveal.slide({h}, {v})")
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"slides-{nn}-{h}-{v}.png"))
    finally:
        context.close()
    assert blocked == [], "the deck tried to reach the network"
    assert errors == []


def test_speaker_view_shows_the_notes_and_loads_the_deck_once(browser, decks):
    nb = slides.prepare(nbformat.read(slides.find_module("07"), as_version=4))
    blocked: list[str] = []
    context, page = _offline_page(browser, blocked)
    loads: list[str] = []
    context.on("request", lambda r: loads.append(r.url) if r.url.startswith("file:") else None)
    try:
        _open(page, decks["07"], math=True)
        # the first slide with speaker notes, and the first words of its notes
        index = page.evaluate(
            """() => { const s = Reveal.getSlides().find(s => s.querySelector('aside.notes'));
            const i = Reveal.getIndices(s); return [i.h, i.v]; }"""
        )
        first_note = next(c.source for c in nb.cells if slides.slide_type(c) == "notes")
        words = first_note.replace("> **Instructor note (slides).** ", "").split(" `")[0][:40]
        page.evaluate(f"Reveal.slide({index[0]}, {index[1]})")
        with page.expect_popup() as popup_info:
            page.keyboard.press("s")
        speaker = popup_info.value
        speaker.set_viewport_size(PROJECTOR)
        notes = speaker.locator("#cx-notes-text")
        notes.wait_for(state="visible", timeout=5_000)
        assert words in notes.inner_text()
        # the current and the next slide are copies of the deck's own slides: no frame loads the deck again
        assert speaker.locator("iframe").count() == 0
        assert speaker.locator("#cx-current .cx-frame section").count() == 1
        assert speaker.locator("#cx-next .cx-frame section").count() == 1
        current = speaker.locator("#cx-current .cx-frame section").inner_text()
        assert current.strip()[:30] in page.evaluate("Reveal.getCurrentSlide().innerText")
        # the arrow keys in the speaker view move the deck
        before = page.evaluate("Reveal.getSlidePastCount()")
        speaker.keyboard.press("ArrowRight")
        page.wait_for_function(f"Reveal.getSlidePastCount() > {before}")
        speaker.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        speaker.screenshot(path=str(ARTIFACTS / "slides-07-speaker-view.png"))
    finally:
        context.close()
    assert blocked == []
    assert loads == [decks["07"].as_uri()], "the deck must load once, not again for the speaker view"


def test_figures_and_widget_snapshots_are_on_the_slides(browser, tmp_path):
    """Module 03's deck shows its persona, maps and blueprint as images, and the builder as a still."""
    deck = slides.build_deck("03", out=tmp_path)
    blocked: list[str] = []
    context, page = _offline_page(browser, blocked)
    try:
        _open(page, deck, math=False)
        shown = page.evaluate(
            """() => Reveal.getSlides().filter(s => s.querySelector('img, .cx-widget-snapshot'))
                .map(s => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; })"""
        )
        nb = nbformat.read(slides.find_module("03"), as_version=4)
        drawn = sum(c.source.count("style.show(") for c in nb.cells if c.cell_type == "code")
        assert len(shown) >= drawn
        for k, (h, v) in enumerate(shown):
            page.evaluate(f"Reveal.slide({h}, {v})")
            page.wait_for_timeout(200)
            sizes = page.evaluate(
                """() => [...Reveal.getCurrentSlide().querySelectorAll('img')].map(i => {
                    const r = i.getBoundingClientRect(); return [i.naturalWidth, r.width, r.height]; })"""
            )
            assert all(n > 0 and w > 200 and h > 100 for n, w, h in sizes), sizes
            with_code = page.evaluate(
                """() => [...Reveal.getCurrentSlide().querySelectorAll('img')].filter(
                    i => (i.closest('.jp-Cell') || document.body).querySelector('.jp-InputArea')).length"""
            )
            assert with_code == 0, "a figure is shown under its plotting code"
            page.screenshot(path=str(ARTIFACTS / f"slides-03-figure-{k}.png"))
    finally:
        context.close()
    assert blocked == []


def test_mermaid_block_is_drawn_offline(browser, tmp_path):
    """Module 03's Markdown ```mermaid block is an SVG diagram on its slide, not code text."""
    nb = nbformat.read(slides.find_module("03"), as_version=4)
    assert slides.has_mermaid(nb)
    deck = slides.build_deck("03", out=tmp_path)
    blocked: list[str] = []
    errors: list[str] = []
    context, page = _offline_page(browser, blocked)
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        _open(page, deck, slides.has_math(nb))
        page.wait_for_selector("body[data-mermaid]", state="attached")
        assert page.get_attribute("body", "data-mermaid") == "ready"
        svg = page.locator(".jp-Mermaid svg")
        assert svg.count() == 1
        text = svg.first.text_content() or ""
        for word in ("Office Manager restocks the office by phone and web", "awareness"):
            assert word in text
        assert "journey" not in page.locator(".jp-Mermaid").first.inner_text().split("\n")[0]
        h, v = page.evaluate(
            "() => { const s = document.querySelector('.jp-Mermaid').closest('section');"
            " const i = Reveal.getIndices(s); return [i.h, i.v || 0]; }"
        )
        page.evaluate(f"Reveal.slide({h}, {v})")
        page.wait_for_timeout(300)
        box = svg.first.bounding_box()
        assert box
        assert box["width"] > 200
        assert box["height"] > 100
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "slides-03-mermaid.png"))
    finally:
        context.close()
    assert blocked == []
    assert errors == []
