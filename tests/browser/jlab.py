"""Driving JupyterLab from a Playwright page, through the app the server exposes to the page.

Also the one place that knows how to start the browser (Debian's Chromium, driven by Playwright),
used by the fixtures in conftest.py and by tests/test_make_lab.py.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parents[2]
#: Screenshots the tests save (git-ignored): failures, and every module's figure, widget and quiz.
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CXKIT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]
#: The size of a classroom projector: every screenshot the tests save is taken at this size.
PROJECTOR = {"width": 1280, "height": 720}


def stop_server(process: subprocess.Popen, *, grace: float = 30, group: bool = True) -> None:
    """Stop a server started by a fixture: SIGTERM, then SIGKILL if it is still there after ``grace`` s.

    A Jupyter server shuts its kernels down on SIGTERM (up to 5 s each, longer on a loaded
    machine: CI once took more than 30 s while the Lite site was being built beside it). How fast a
    server stops is not what these tests check, so a slow shutdown ends with SIGKILL, not an error.
    With ``group``, the signals go to the process group (``make`` and what it started).
    """

    def send(sig: int) -> None:
        try:
            os.killpg(process.pid, sig) if group else process.send_signal(sig)
        except ProcessLookupError:
            pass

    send(signal.SIGTERM)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        send(signal.SIGKILL)
        process.wait(timeout=30)
    if group:  # make may exit before the server it started: leave nothing of the group behind
        send(signal.SIGKILL)


def require_browser() -> None:
    """Skip when Chromium is missing, or fail when ``CXKIT_REQUIRE_BROWSER=1`` (CI)."""
    if Path(CHROMIUM).exists():
        return
    message = f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`."
    if os.environ.get("CXKIT_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (CXKIT_REQUIRE_BROWSER=1: browser tests may not be skipped)")
    pytest.skip(message)


def launch_chromium(playwright):
    """Headless Debian Chromium, as every browser test uses it."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def fresh_workspace_path(path: str) -> str:
    """Return the address of ``path`` in a JupyterLab workspace of its own, never used before.

    JupyterLab restores the tabs of the workspace it opens (``/lab/tree/...`` uses the default
    one): earlier tests' notebooks would come back, and their hidden elements can match a test's
    selectors. A new workspace name per page load starts with nothing open but ``path``.
    """
    return f"lab/workspaces/t{secrets.token_hex(6)}/tree/{path}"


_KERNEL_IDLE = """() => {
  const app = window.jupyterapp;
  const nb = app && app.shell.currentWidget;
  const kernel = nb && nb.sessionContext && nb.sessionContext.session && nb.sessionContext.session.kernel;
  return !!kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
}"""

_ALL_RUN = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const session = nb && nb.sessionContext && nb.sessionContext.session;
  const kernel = session && session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  const code = nb.content.widgets.filter(c => c.model.type === 'code');
  // Run All stops at a cell that raises: the cells after it never run, so an error ends the wait.
  if (code.some(c => c.model.outputs.toJSON().some(o => o.output_type === 'error'))) return true;
  return code.every(c => c.model.executionCount !== null || c.model.sharedModel.getSource().trim() === '');
}"""

_ERRORS = """() => {
  const nb = window.jupyterapp.shell.currentWidget;
  const errors = [];
  nb.content.widgets.forEach((cell, i) => {
    if (cell.model.type !== 'code') return;
    for (const out of cell.model.outputs.toJSON()) {
      if (out.output_type === 'error') errors.push(`cell ${i}: ${out.ename}: ${out.evalue}`);
    }
  });
  return errors;
}"""


def open_notebook(page: Page, lab, path: str) -> None:
    """Open a notebook in JupyterLab and wait until its kernel is idle (generous time-outs)."""
    for attempt in range(2):  # one retry: the very first cold start can be slow
        page.goto(lab.url(fresh_workspace_path(path)), wait_until="domcontentloaded")
        try:
            page.wait_for_function(
                "() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                "&& window.jupyterapp.shell.currentWidget.sessionContext",
                timeout=90_000,
            )
            page.wait_for_function(_KERNEL_IDLE, timeout=90_000)
            return
        except Exception:
            if attempt:
                raise


def run_all_cells(page: Page, timeout_ms: int = 180_000) -> list[str]:
    """Run every cell as the Run menu does; return the errors the cells raised."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_timeout(500)
    page.wait_for_function(_ALL_RUN, timeout=timeout_ms, polling=500)
    return page.evaluate(_ERRORS)


def close_all(page: Page) -> None:
    """Shut the notebook's kernel so tests do not leave kernels behind."""
    page.evaluate("""async () => {
      const nb = window.jupyterapp.shell.currentWidget;
      if (nb && nb.sessionContext) { await nb.sessionContext.shutdown(); }
    }""")
