"""The course in a real browser: JupyterLab in headless Chromium runs every module.

nbval proves the kernel side; these tests prove what a learner sees at a projector's 1280x720:
each module (every ``modules/NN-*.ipynb``, so new modules are covered) runs from the top without
an error, its figures appear with alt text, and the widgets render and respond. Each test opens
its notebook in a fresh JupyterLab workspace (see ``jlab.fresh_workspace_path``).

For the record, and for a person to look at, each module's first figure, first widget and quiz
are saved as 1280x720 screenshots: ``test-artifacts/NN-figure.png``, ``NN-widget.png`` and
``NN-quiz.png`` (for the modules that have them).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jlab import ARTIFACTS, ROOT, close_all, open_notebook, run_all_cells

pytestmark = pytest.mark.browser

MODULES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "modules").glob("[0-9][0-9]-*.ipynb"))
#: What each screenshot shows: the first rendered figure, the first widget that is not a quiz,
#: and the first quiz (cxkit.quiz marks its form with the class ``cxkit-quiz``).
SHOTS = {
    "figure": ".jp-OutputArea-output:has(img)",
    "widget": ".jp-OutputArea-output:has(.jupyter-widgets):not(:has(.cxkit-quiz))",
    "quiz": ".jp-OutputArea-output:has(.cxkit-quiz)",
}


def _figures_with_alt(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img", "imgs => imgs.filter(i => i.naturalWidth > 0).map(i => i.alt)"
    )


def _save_screenshots(page, number: str) -> list[str]:
    """Scroll to the first figure, widget and quiz in turn and save the 1280x720 view of each."""
    saved = []
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, selector in SHOTS.items():
        target = page.locator(selector).first
        if page.locator(selector).count() == 0:
            continue
        target.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(400)  # cells scrolled into view render (content-visibility) and images decode
        path = ARTIFACTS / f"{number}-{kind}.png"
        page.screenshot(path=str(path))
        saved.append(path.name)
    return saved


def _check_start_page(page) -> None:
    """00: moving the slider changes the text under it; answering the quiz shows a score."""
    label = page.locator(".widget-html-content", has_text="makes this customer a").first
    label.scroll_into_view_if_needed()
    assert "A score of 8 makes this customer a passive" in label.text_content()
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(
        "() => document.body.textContent.includes('A score of 9 makes this customer a promoter')",
        timeout=15_000,
    )
    quiz = page.locator(".widget-vbox", has_text="how this course works").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(".widget-radio-box input").first.check()
    quiz.get_by_role("button", name=re.compile("Submit", re.I)).first.click()
    page.wait_for_function("() => /Score: \\d+ \\/ \\d+/.test(document.body.textContent)", timeout=15_000)


def _check_nps_simulator(page) -> None:
    """07: the NPS simulator's readout follows its sliders, and its second tab draws a figure."""
    simulator = page.locator(".widget-tab", has=page.locator(".widget-slider")).first
    simulator.scroll_into_view_if_needed()
    readout = simulator.locator(".widget-html-content", has_text="NPS =").first
    before = readout.text_content()
    assert "NPS =" in before
    handle = simulator.locator(".widget-slider .noUi-handle").first
    handle.focus()
    for _ in range(20):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[readout.element_handle(), before], timeout=15_000
    )
    from cxkit.widgets.nps_simulator import TAB_TITLES

    for title in TAB_TITLES:  # every tab title is shown whole, not cut with an ellipsis
        tab = simulator.locator(".lm-TabBar-tabLabel", has_text=title).first
        assert tab.text_content() == title
        assert tab.evaluate("el => el.scrollWidth <= el.clientWidth"), f"tab title {title!r} is clipped"
    simulator.locator(".lm-TabBar-tabLabel", has_text=TAB_TITLES[1]).first.click()
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.length > 20)",
        arg=simulator.element_handle(),
        timeout=30_000,
    )


#: Interactions particular to a module, after the common checks, and what it must show.
MODULE_CHECKS = {"00": _check_start_page, "07": _check_nps_simulator}
MUST_SHOW = {"00": {"figure", "widget", "quiz"}, "07": {"figure", "widget", "quiz"}}


def test_each_page_starts_in_a_fresh_workspace(lab, page):
    """JupyterLab reopens a workspace's earlier tabs: a second page load must not show the first notebook."""
    open_notebook(page, lab, MODULES[0])
    close_all(page)
    open_notebook(page, lab, MODULES[-1])
    tabs = page.evaluate("() => [...window.jupyterapp.shell.widgets('main')].map(w => w.title.label)")
    assert tabs == [Path(MODULES[-1]).name], tabs
    close_all(page)


def test_every_module_is_covered():
    assert "modules/00-start-here.ipynb" in MODULES
    assert "modules/07-cx-metrics.ipynb" in MODULES


@pytest.mark.parametrize("module", MODULES, ids=lambda m: Path(m).stem)
def test_module_runs_with_figures_and_widgets(lab, page, module):
    number = Path(module).name[:2]
    open_notebook(page, lab, module)
    assert run_all_cells(page, timeout_ms=300_000) == []
    saved = _save_screenshots(page, number)
    print(f"{module}: saved {', '.join(saved) or 'no screenshots (no figure, widget or quiz)'}")
    assert MUST_SHOW.get(number, set()) <= {name.split("-")[1][:-4] for name in saved}, saved
    alts = _figures_with_alt(page)
    assert all(len(alt) > 40 for alt in alts), alts
    if number in MODULE_CHECKS:
        MODULE_CHECKS[number](page)
    close_all(page)
