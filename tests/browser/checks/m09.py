"""Module 09 in the browser: the comment explorer follows its menus."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """09: choosing a theme and a sentiment in the comment explorer updates its counts and texts."""
    summary = page.locator(".widget-html-content", has_text="texts:").first
    summary.wait_for(timeout=60_000)
    summary.scroll_into_view_if_needed()
    before = summary.text_content()
    assert "no filter" in before, before
    explorer = page.locator(".widget-vbox", has=summary).first
    theme = explorer.locator("select").nth(0)
    theme.select_option(label="Late delivery")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before", arg=[summary.element_handle(), before], timeout=15_000
    )
    after_theme = summary.text_content()
    assert "theme Late delivery" in after_theme, after_theme
    sentiment = explorer.locator("select").nth(1)
    sentiment.select_option("positive")
    page.wait_for_function(
        "([el, before]) => el.textContent !== before",
        arg=[summary.element_handle(), after_theme],
        timeout=15_000,
    )
    assert "sentiment positive" in summary.text_content()
    # the list of texts is redrawn after the summary: wait for it rather than read it at once
    page.wait_for_function(
        "el => { const li = el.querySelector('li'); "
        "return li !== null && li.textContent.includes('positive'); }",
        arg=explorer.element_handle(),
        timeout=15_000,
    )
    listed = explorer.locator("li").first
    assert "positive" in listed.text_content()
    labels = explorer.locator(".widget-dropdown label")  # no clipped menu labels
    for i in range(labels.count()):
        assert labels.nth(i).evaluate("el => el.scrollWidth <= el.clientWidth"), labels.nth(i).text_content()
