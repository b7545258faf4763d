"""Accessibility of the rendered course: axe-core (from the npm registry) in the same Chromium.

The check is scoped to what the course writes: rendered Markdown and cell outputs (figures,
tables, widgets, the quiz), after all cells have run. JupyterLab's own chrome (the code editor,
the collapse buttons of headings, the windowed list) is not ours and is left out. Serious and
critical violations fail the test; the rest are printed for the record.

One upstream violation is allowed by name: the handle of an ipywidgets slider (noUiSlider) has
no accessible name (axe rule aria-input-field-name on ``.noUi-handle``); the slider's visible
description sits in a separate label element that axe cannot associate. The course cannot fix
that from Python; every slider in the course has a visible description and a text readout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from jlab import close_all, open_notebook, run_all_cells

pytestmark = pytest.mark.browser
AXE = Path(__file__).with_name("node_modules") / "axe-core" / "axe.min.js"
UPSTREAM = {("aria-input-field-name", ".noUi-handle")}


def test_start_page_has_no_serious_accessibility_violations(lab, page):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci --prefix tests/browser` (make test does).")
    open_notebook(page, lab, "modules/00-start-here.ipynb")
    assert run_all_cells(page) == []
    # Render every cell (JupyterLab only renders what is in view) before the audit.
    page.evaluate("() => window.jupyterapp.shell.currentWidget.content.widgets.forEach(c => c.show())")
    page.evaluate("""async () => {
      const nb = window.jupyterapp.shell.currentWidget.content;
      for (let i = 0; i < nb.widgets.length; i++) {
        nb.scrollToItem(i);
        await new Promise(r => setTimeout(r, 30));
      }
    }""")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("""async () => {
      const context = {include: [['.jp-Notebook .jp-MarkdownOutput'], ['.jp-Notebook .jp-OutputArea']],
                       exclude: [['.jp-collapseHeadingButton']]};
      const r = await axe.run(context, {
        runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'best-practice']},
      });
      return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
                                     target: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
    }""")
    for v in result:
        print(f"{v['impact']}: {v['id']} ({v['nodes']} nodes): {v['help']} e.g. {v['target']}")
    serious = [
        v
        for v in result
        if v["impact"] in ("serious", "critical")
        and not all((v["id"], target.split(" > ")[-1]) in UPSTREAM for target in v["target"])
    ]
    assert serious == [], serious
    close_all(page)
