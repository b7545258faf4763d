"""The CX dashboard in a real browser: served by `make dashboard` (Voila), in JupyterLab, and exported.

- Voila: ``make dashboard`` on a free port serves the notebook with no code shown; from its
  preheated kernel the first screen (title once, score cards, trend; the explanation folded) is on
  screen before the interactive view has loaded; the score cards show the numbers the plain core
  computes, and a filter change shows the new ones.
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
        # The preheated kernel has started and run the notebook (its CPU time stops growing): the
        # first visitor gets a computed page, as a manager opening it on Monday morning does.
        while "is filled with 1 kernel" not in log_path.read_text():
            assert proc.poll() is None, log_path.read_text()[-3000:]
            assert time.monotonic() < deadline + 180, log_path.read_text()[-3000:]
            time.sleep(0.5)
        _wait_until_kernels_idle(proc.pid, deadline + 300)
        yield address
    finally:
        stop_server(proc)
        log.close()


def _wait_until_kernels_idle(pid: int, deadline: float) -> None:
    """Wait until the kernels under process ``pid`` have used no CPU for 3 s (the notebook has run)."""
    import psutil

    def kernel_cpu() -> float:
        total = 0.0
        for child in psutil.Process(pid).children(recursive=True):
            try:
                if "ipykernel" in " ".join(child.cmdline()):
                    times = child.cpu_times()
                    total += times.user + times.system
            except psutil.Error:
                pass
        return total

    last, still = kernel_cpu(), 0
    while still < 6 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = kernel_cpu()
        still = still + 1 if now - last < 0.02 else 0
        last = now


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
    width = page.evaluate(
        "() => (document.querySelector('.widget-vbox.cxd') || document.querySelector('.cxd')).scrollWidth"
    )
    assert width <= 1280, width
    for img in page.locator(".cxd img").all():  # the live view's and the first screen's
        assert len(img.get_attribute("alt") or "") > 40


_CARDS_CLEAR = """([margin, selector]) => {
  const problems = [];
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  for (const card of document.querySelectorAll(selector)) {
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
  const root = document.querySelector('.widget-vbox.cxd') || document.querySelector('.cxd');
  const box = root.getBoundingClientRect();
  return [...root.querySelectorAll('*')]
    .map(el => [el.tagName, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5))
    .map(([tag, r]) => `${tag} [${r.left}, ${r.right}] outside the dashboard [${box.left}, ${box.right}]`);
}"""


#: The live view's cards (the plain first-screen copy, hidden once the view is drawn, is not one).
LIVE_CARDS = ".widget-vbox.cxd .cxd-card"


def _assert_cards_clear(page, margin: int = 8, selector: str = LIVE_CARDS) -> None:
    """Check that every score card lies inside the view with ``margin`` px to spare, unclipped.

    And that nothing in the dashboard (a table, a figure) is wider than it: its box clips it.
    """
    page.locator(selector).first.scroll_into_view_if_needed()
    assert page.locator(selector).count() == 4  # NPS, CSAT, CES and the response rate
    assert page.evaluate(_CARDS_CLEAR, [margin, selector]) == []
    assert page.evaluate(_WIDER_THAN_THE_PAGE) == []


_SHOWN = """(attr) => [...document.querySelectorAll(`[${attr}="nps"]`)]
  .some(e => e.offsetParent !== null && e.textContent.trim() !== '')"""

#: What the first screen (1280x720, nothing scrolled) shows: titles, cards and the trend's bottom.
_FIRST_SCREEN = """() => {
  const seen = el => {
    const r = el.getBoundingClientRect();
    return el.offsetParent !== null && r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
  };
  const shown = sel => [...document.querySelectorAll(sel)].filter(seen);
  const fold = shown('details.cxd-how, details[data-cxd-first="how"]');
  return {
    titles: shown('h1').map(h => h.textContent.trim()),
    cards: shown('.cxd-card').map(c => c.querySelector('.cxd-name').textContent.trim().split(' ')[0]),
    trend: shown('.cxd img').length,
    fold: fold.map(d => [d.querySelector('summary').textContent.trim(), d.open]),
  };
}"""


def test_voila_shows_the_first_screen_at_once_from_the_preheated_kernel(voila, core, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    try:
        start = time.monotonic()
        page.goto(voila, wait_until="commit")
        page.wait_for_function(
            f"() => ({_SHOWN})('data-cxd-first-value') || ({_SHOWN})('data-cxd-value')", polling=50
        )
        seconds = time.monotonic() - start
        live = page.evaluate(f"() => ({_SHOWN})('data-cxd-value')")
        first = page.evaluate(_FIRST_SCREEN)
        page.screenshot(path="/tmp/dash-voila-first.png")
        print(f"first screen after {seconds:.2f} s (live view already drawn: {live})")
        with open("/tmp/dash-voila-first-seconds.txt", "w") as f:
            f.write(f"{seconds:.2f}\n")
        # The title once; the three scores and the response rate; the trend; the explanation folded.
        assert first["titles"] == ["Customer experience dashboard"], first
        assert first["cards"] == ["NPS", "CSAT", "CES", "Response"], first
        assert first["trend"] == 1, first
        assert first["fold"] == [["How to read this", False]], first
        # Shown from the page as served (before the widgets load), not 12 s of spinner: generous
        # bound on a shared machine (bench/README.md gives the measured figure).
        assert seconds < 6, seconds
        expected = _expected(core, "all", "all")
        _wait_for_values(page, expected)
        after = page.evaluate(_FIRST_SCREEN)  # the live view replaced the copy: still one title
        assert after["titles"] == ["Customer experience dashboard"], after
        assert after["cards"] == ["NPS", "CSAT", "CES", "Response"], after
        assert after["trend"] == 1, after
    finally:
        page.close()


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
        assert text.count("Customer experience dashboard") == 1  # the title once
        _assert_readable(page)
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-voila.png")
        for i, heading in enumerate(("Alerts", "Top drivers", "Follow-up queue", "Journey funnel")):
            page.locator(".cxd h2", has_text=heading).first.scroll_into_view_if_needed()
            page.screenshot(path=f"/tmp/dash-voila-{i + 1}.png")

        _choose(page, "Segment", "B2B")
        _wait_for_values(page, _expected(core, "all", "B2B"))
        _choose(page, "Period", "2025")
        expected = _expected(core, "2025", "B2B")
        _wait_for_values(page, expected)
        assert _card_values(page) == expected
        assert "2025, B2B customers" in page.locator("[data-cxd=selection]").first.inner_text()
        # The change from 2024 with its interval, clustered by customer.
        change = page.locator('[data-cxd-change="nps"]').first.inner_text()
        assert change.startswith("vs 2024:")
        assert "clustered" in change
        _assert_cards_clear(page)
        page.screenshot(path="/tmp/dash-voila-b2b-2025.png")
        _choose(page, "Owner", "Logistics")
        core.set(owner="Logistics")
        expected = {m: score_text(r, m) for m, r in core.scores.items()}
        core.set(owner="all")
        _wait_for_values(page, expected)
        assert "touchpoints of Logistics" in page.locator("[data-cxd=selection]").first.inner_text()
        page.screenshot(path="/tmp/dash-voila-logistics.png")
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
        page.locator('.widget-vbox.cxd [data-cxd="nps"]').first.scroll_into_view_if_needed()
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
        first = page.evaluate(_FIRST_SCREEN)
        assert first["titles"] == ["Customer experience dashboard"], first
        assert first["cards"] == ["NPS", "CSAT", "CES", "Response"], first
        assert first["trend"] == 1, first
        assert first["fold"] == [["How to read this", False]], first
        page.screenshot(path="/tmp/dash-report-first.png")
        _assert_cards_clear(page, selector=".cxd .cxd-card")
        page.screenshot(path="/tmp/dash-report.png", full_page=True)
    finally:
        context.close()
