"""Driving JupyterLab from a Playwright page, through the app the server exposes to the page."""

from __future__ import annotations

from playwright.sync_api import Page

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
  return nb.content.widgets.every(c => c.model.type !== 'code' || c.model.executionCount !== null
                                       || c.model.sharedModel.getSource().trim() === '');
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
        page.goto(lab.url(f"lab/tree/{path}"), wait_until="domcontentloaded")
        try:
            page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell.currentWidget "
                                   "&& window.jupyterapp.shell.currentWidget.sessionContext", timeout=90_000)
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
