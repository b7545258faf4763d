"""The CX dashboard in a real browser: served by `make dashboard` (Voila), in JupyterLab, and exported.

- Voila: ``make dashboard`` on a free port serves the notebook with no code shown; the score cards
  show the numbers the plain core computes, and a filter change shows the new ones.
- JupyterLab: the dashboard notebook runs top to bottom and its filters drive the numbers.
- The static HTML report opens in Chromium with the network blocked, and no request leaves.

Screenshots at 1280x720 go to /tmp/dash-*.png (to look at) and, on failure, to test-artifacts/.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import time

import pytest
from jlab import ROOT, close_all, open_notebook, require_browser, run_all_cells, stop_server

from cxkit.dashboard import Dashboard
from cxkit.dashboard.render import score_text

NOTEBOOK = "dashboards/cx-dashboard.ipynb"


@pytest.fixture(scope="module")
def core() -> Dashboard:
    """Return the plain core on the course data: the numbers every view must show."""
    return Dashboard()


def _expected(core: Dashboard, period: str, segment: str) -> dict[str, str]:
    core.set(period=period, segment=segment)
    return {m: score_text(r, m) for m, r in core.scores.items()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def voila(tmp_path_factory):
    """`make dashboard` on a free port, headless, as a user runs it; yields its printed address."""
    require_browser()
    port = _free_port()
    log_path = tmp_path_factory.mktemp("voila") / "voila.log"
    log = log_path.open("w")
    env = dict(os.environ, PYTHONPATH=str(ROOT))  # the kernel imports this checkout's cxkit
    env.pop("DISPLAY", None)
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "dashboard", f"PORT={port}", "HEADLESS=1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    address = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 180
        while True:
            text = log_path.read_text()
            if address in text:  # printed once it listens; check that it does
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=5).close()
                    break
                except OSError:
                    pass
            assert proc.poll() is None, text[-3000:]
            assert time.monotonic() < deadline, text[-3000:]
            time.sleep(0.5)
        printed = log_path.read_text()
        assert f"Serving the CX dashboard at {address}" in printed
        yield address
    finally:
        stop_server(proc)
        log.close()


def _card_values(page) -> dict[str, str]:
    return {
        m: page.locator(f'[data-cxd-value="{m}"]').first.text_content().strip()
        for m in ("nps", "csat", "ces")
    }


def _wait_for_values(page, expected: dict[str, str], timeout: int = 120_000) -> None:
    page.wait_for_function(
        """(exp) => Object.entries(exp).every(([m, v]) => {
             const el = document.querySelector(`[data-cxd-value="${m}"]`);
             return el && el.textContent.trim() === v;
           })""",
        arg=expected,
        timeout=timeout,
    )


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Dropdown described ``label``, as a user does."""
    select = page.locator(".widget-dropdown", has_text=label).locator("select").first
    select.select_option(label=option)


def _assert_readable(page) -> None:
    """No filter label is clipped, and the dashboard is no wider than the 1280-pixel window."""
    for label in page.locator(".widget-dropdown .widget-label").all():
        assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), label.text_content()
    width = page.evaluate("() => document.querySelector('.cxd').scrollWidth")
    assert width <= 1280, width
    for img in page.locator(".cxd img").all():
        assert len(img.get_attribute("alt") or "") > 40


_CARDS_CLEAR = """(margin) => {
  const problems = [];
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  for (const card of document.querySelectorAll('.cxd .cxd-card')) {
    const r = card.getBoundingClientRect();
    const name = card.dataset.cxd;
    if (r.left < margin || r.right > vw - margin || r.top < margin || r.bottom > vh - margin)
      problems.push(`${name}: [${r.left}, ${r.right}] x [${r.top}, ${r.bottom}] not inside the `
                    + `${vw}x${vh} view with ${margin} px to spare`);
    // Clipped by a box it overflows (overflow other than visible), or its border on that box's edge?
    for (let el = card.parentElement; el; el = el.parentElement) {
      const cs = getComputedStyle(el);
      if (cs.overflowX === 'visible' && cs.overflowY === 'visible') continue;
      const b = el.getBoundingClientRect();
      const inner = {left: b.left + el.clientLeft, right: b.left + el.clientLeft + el.clientWidth};
      if (r.left < inner.left + 1 || r.right > inner.right - 1)
        problems.push(`${name}: [${r.left}, ${r.right}] reaches the edge of `
                      + `${el.tagName}.${el.className} [${inner.left}, ${inner.right}], which clips it`);
    }
  }
  return problems;
}"""


_WIDER_THAN_THE_PAGE = """() => {
  const box = document.querySelector('.cxd').getBoundingClientRect();
  return [...document.querySelectorAll('.cxd *')]
    .map(el => [el.tagName, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
    .map(([tag, r]) => `${tag} [${r.left}, ${r.right}] outside the dashboard [${box.left}, ${box.right}]`);
}"""


def _assert_cards_clear(page, margin: int = 8) -> None:
    """Check that every score card lies inside the view with ``margin`` px to spare, unclipped.

    And that nothing in the dashboard (a table, a figure) is wider than it: its box clips it.
    """
    page.locator(".cxd .cxd-cards").first.scroll_into_view_if_needed()
    assert page.locator(".cxd .cxd-card").count() == 3
    assert page.evaluate(_CARDS_CLEAR, margin) == []
    assert page.evaluate(_WIDER_THAN_THE_PAGE) == []


def test_make_dashboard_serves_it_in_voila_with_no_code(voila, core, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(120_000)
    try:
        page.goto(voila, wait_until="domcontentloaded")
        _wait_for_values(page, _expected(core, "all", "all"), timeout=240_000)
        text = page.locator("body").inner_text()
        assert "import cxkit" not in text  # Voila stripped the code cell
        code = page.locator(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .cm-editor, .jp-CodeMirrorEditor")
        assert code.count() == 0
        assert "Customer experience dashboard" in text
        assert "Follow-up queue" in text
        _assert_readable(page)
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-voila.png")
        for i, heading in enumerate(("Trend", "Journey funnel", "Follow-up queue")):
            page.locator(".cxd h2", has_text=heading).first.scroll_into_view_if_needed()
            page.screenshot(path=f"/tmp/dash-voila-{i + 1}.png")

        _choose(page, "Segment", "B2B")
        _wait_for_values(page, _expected(core, "all", "B2B"))
        _choose(page, "Period", "2025")
        expected = _expected(core, "2025", "B2B")
        _wait_for_values(page, expected)
        assert _card_values(page) == expected
        assert "2025, B2B customers" in page.locator("[data-cxd=selection]").first.inner_text()
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-voila-b2b-2025.png")
    finally:
        page.close()


def test_dashboard_notebook_runs_in_jupyterlab_and_its_filters_drive_it(lab, page, core):
    open_notebook(page, lab, NOTEBOOK)
    try:
        errors = run_all_cells(page)
        assert errors == []
        _wait_for_values(page, _expected(core, "all", "all"))
        _choose(page, "Period", "2024-Q4")
        _wait_for_values(page, _expected(core, "2024-Q4", "all"))
        _choose(page, "Segment", "B2C")
        expected = _expected(core, "2024-Q4", "B2C")
        _wait_for_values(page, expected)
        assert _card_values(page) == expected
        for label in page.locator(".widget-dropdown .widget-label").all():
            assert label.evaluate("el => el.scrollWidth <= el.clientWidth + 1"), label.text_content()
        page.locator('[data-cxd="nps"]').first.scroll_into_view_if_needed()
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-jlab.png")
    finally:
        close_all(page)


def test_exported_report_loads_nothing_from_the_network(core, browser, tmp_path):
    require_browser()
    core.set(period="2025-Q4", segment="all")
    path = core.to_html(tmp_path / "cx-dashboard.html")
    context = browser.new_context(viewport={"width": 1280, "height": 720}, offline=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    context.route(re.compile(r"^(?!file:|data:).*"), lambda route: route.abort())
    try:
        page.goto(path.as_uri(), wait_until="load")
        leaving = [u for u in requests if not u.startswith(("file:", "data:"))]
        assert leaving == []
        assert _card_values(page) == {m: score_text(r, m) for m, r in core.scores.items()}
        # The embedded figure decoded and drew (an image that failed to load has no natural width).
        assert page.evaluate("() => [...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert page.locator("img").count() >= 1
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-report.png", full_page=True)
    finally:
        context.close()
