"""Module 07 in the browser: the NPS simulator follows its sliders and draws its chart."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
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
