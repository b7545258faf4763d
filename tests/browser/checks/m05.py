"""Module 05 in the browser: the journey explorer follows its segment menu and draws its flow tab."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """05: choosing B2B in the explorer changes its summary; the Flow tab draws a figure with alt text."""
    from cxkit.widgets.journey_explorer import TAB_TITLES

    explorer = (
        page.locator(".widget-vbox", has=page.locator(".widget-dropdown select"))
        .filter(has_text="journeys")
        .last
    )
    explorer.scroll_into_view_if_needed()
    summary = explorer.locator(".widget-html-content", has_text="Of ").first
    assert "all journeys" in summary.text_content()
    explorer.locator(".widget-dropdown select").first.select_option("B2B")
    page.wait_for_function(
        "el => el.textContent.includes('B2B journeys')", arg=summary.element_handle(), timeout=15_000
    )
    bars = explorer.locator(".widget-html-content", has_text="of the first stage").first
    assert "decision:" in bars.text_content()
    for title in TAB_TITLES:  # every tab title is shown whole, not cut with an ellipsis
        tab = explorer.locator(".lm-TabBar-tabLabel", has_text=title).first
        assert tab.text_content() == title
        assert tab.evaluate("el => el.scrollWidth <= el.clientWidth"), f"tab title {title!r} is clipped"
    for select in explorer.locator(".widget-dropdown select").all():  # no menu cuts its choice
        assert select.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), "a menu's text is clipped"
    explorer.locator(".lm-TabBar-tabLabel", has_text=TAB_TITLES[1]).first.click()
    page.wait_for_function(
        "el => [...el.querySelectorAll('img')].some(i => i.naturalWidth > 0 && i.alt.includes('B2B'))",
        arg=explorer.element_handle(),
        timeout=30_000,
    )
