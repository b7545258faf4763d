"""Module 03 in the browser: the journey-map builder redraws when a feeling or a stage changes."""

from __future__ import annotations

#: What the module must show (screenshots saved by tests/browser/test_modules.py).
MUST_SHOW = {"figure", "widget", "quiz"}


def check(page) -> None:
    """03: move the as-is feeling of a stage and add a stage; the drawn map follows both."""
    builder = page.locator(".widget-vbox", has=page.locator("button", has_text="Add to stage")).first
    builder.scroll_into_view_if_needed()
    curve = builder.locator("svg polyline.as-is").first
    before = curve.get_attribute("points")
    assert before
    assert len(before.split()) == 5
    # the first slider is "Feeling (as-is)" of the selected stage
    handle = builder.locator(".widget-slider .noUi-handle").first
    handle.focus()
    # move away from the end of the scale the feeling is at (a press at +2 changes nothing)
    at_max = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
    for _ in range(3):
        handle.press("ArrowLeft" if at_max else "ArrowRight")
    # the view is redrawn as a whole: look up the curve again rather than keep the old element
    page.wait_for_function(
        "([el, before]) => { const c = el.querySelector('svg polyline.as-is');"
        " return c !== null && c.getAttribute('points') !== before; }",
        arg=[builder.element_handle(), before],
        timeout=15_000,
    )
    # add a stage: the map gets a sixth column and a sixth point on the curve
    builder.locator("input[placeholder='e.g. loyalty']").fill("loyalty")
    builder.locator("button", has_text="Add stage").click()
    page.wait_for_function(
        "el => el.querySelectorAll('th[scope=col]').length === 6 && "
        "el.querySelector('svg polyline.as-is').getAttribute('points').split(' ').length === 6",
        arg=builder.element_handle(),
        timeout=15_000,
    )
    assert builder.locator("th[scope=col]", has_text="Loyalty").count() == 1
    # the Mermaid export in a Markdown cell is drawn as a diagram, with the stages as sections
    # JupyterLab draws it as an SVG image inside .jp-RenderedMermaid
    diagram = page.locator(".jp-RenderedMermaid img").first
    diagram.wait_for(state="attached", timeout=30_000)
    from urllib.parse import unquote

    svg = unquote(diagram.get_attribute("src") or "")
    assert svg.startswith("data:image/svg+xml")
    for section in ("awareness", "consideration", "purchase", "post_purchase"):
        assert section in svg, section
    assert "Places the order by phone" in svg
    # no label of the controls is clipped at 1280x720
    for label in builder.locator(".widget-label").all():
        if label.is_visible():
            assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), label.text_content()
