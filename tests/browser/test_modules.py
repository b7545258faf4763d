"""The course in a real browser: JupyterLab in headless Chromium runs each module with a widget.

nbval proves the kernel side; these tests prove what a learner sees: the notebook runs from the
top without an error, figures appear with alt text, and widgets render and respond.
"""

from __future__ import annotations

import re

import pytest
from jlab import close_all, open_notebook, run_all_cells

pytestmark = pytest.mark.browser


def _figures_with_alt(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img", "imgs => imgs.filter(i => i.naturalWidth > 0).map(i => i.alt)"
    )


def test_lab_serves_the_start_page(lab, page):
    assert lab.status() == 200
    open_notebook(page, lab, "modules/00-start-here.ipynb")
    page.locator(".jp-Notebook h1", has_text="00 · Start here").first.wait_for()
    close_all(page)


def test_start_page_runs_with_widgets_and_figures(lab, page):
    open_notebook(page, lab, "modules/00-start-here.ipynb")
    errors = run_all_cells(page)
    assert errors == []

    # The widget check: moving the slider changes the text under it.
    label = page.locator(".widget-html-content", has_text="makes this customer a").first
    label.scroll_into_view_if_needed()
    assert "A score of 8 makes this customer a passive" in label.text_content()
    handle = page.locator(".widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    handle.focus()
    handle.press("ArrowRight")
    page.wait_for_function(
        "() => document.body.textContent.includes('A score of 9 makes this customer a promoter')", timeout=15_000
    )

    # The figure is there, drawn, and described.
    page.locator(".jp-OutputArea-output img").first.scroll_into_view_if_needed()
    alts = _figures_with_alt(page)
    assert alts and all(len(alt) > 40 for alt in alts), alts

    # The quiz renders, and answering and checking it shows a score.
    quiz = page.locator(".widget-vbox", has_text="how this course works").first
    quiz.scroll_into_view_if_needed()
    quiz.locator(".widget-radio-box input").first.check()
    quiz.get_by_role("button", name=re.compile("Submit", re.I)).first.click()
    page.wait_for_function("() => /Score: \\d+ \\/ \\d+/.test(document.body.textContent)", timeout=15_000)
    page.screenshot(path=str(_artifact("start-page.png")), full_page=False)
    close_all(page)


def _artifact(name: str):
    from conftest import ARTIFACTS

    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def test_module_07_nps_simulator_responds(lab, page):
    open_notebook(page, lab, "modules/07-cx-metrics.ipynb")
    assert run_all_cells(page, timeout_ms=240_000) == []
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
    # The second tab draws how the margin of error shrinks with n.
    simulator.get_by_text("How n changes the margin").first.click()
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.length > 20)",
        arg=simulator.element_handle(), timeout=30_000,
    )
    assert _figures_with_alt(page)
    close_all(page)
