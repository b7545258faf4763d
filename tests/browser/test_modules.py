"""The course in a real browser: JupyterLab in headless Chromium runs every module.

nbval proves the kernel side; these tests prove what a learner sees at a projector's 1280x720:
each module (every ``modules/NN-*.ipynb``, so new modules are covered) runs from the top without
an error, its figures appear with alt text, and the widgets render and respond. Each test opens
its notebook in a fresh JupyterLab workspace (see ``jlab.fresh_workspace_path``).

For the record, and for a person to look at, each module's first figure, first widget and quiz
are saved as 1280x720 screenshots: ``test-artifacts/NN-figure.png``, ``NN-widget.png`` and
``NN-quiz.png`` (for the modules that have them).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from jlab import ARTIFACTS, ROOT, close_all, open_notebook, run_all_cells

pytestmark = pytest.mark.browser

MODULES = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "modules").glob("[0-9][0-9]-*.ipynb"))
#: What each screenshot shows: the first rendered figure, the first widget that is not a quiz,
#: and the first quiz (cxkit.quiz marks its form with the class ``cxkit-quiz``).
SHOTS = {
    "figure": ".jp-OutputArea-output:has(img)",
    "widget": ".jp-OutputArea-output:has(.jupyter-widgets):not(:has(.cxkit-quiz))",
    "quiz": ".jp-OutputArea-output:has(.cxkit-quiz)",
}


def _figures_with_alt(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-OutputArea-output img", "imgs => imgs.filter(i => i.naturalWidth > 0).map(i => i.alt)"
    )


def _save_screenshots(page, number: str) -> list[str]:
    """Scroll to the first figure, widget and quiz in turn and save the 1280x720 view of each."""
    saved = []
    ARTIFACTS.mkdir(exist_ok=True)
    for kind, selector in SHOTS.items():
        target = page.locator(selector).first
        if page.locator(selector).count() == 0:
            continue
        target.evaluate("el => el.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(400)  # cells scrolled into view render (content-visibility) and images decode
        path = ARTIFACTS / f"{number}-{kind}.png"
        page.screenshot(path=str(path))
        saved.append(path.name)
    return saved


def _module_checks() -> dict[str, object]:
    """Return the ``checks/mNN.py`` modules by module number (each has ``check(page)``, ``MUST_SHOW``)."""
    found = {}
    for path in sorted((Path(__file__).parent / "checks").glob("m[0-9][0-9].py")):
        found[path.stem[1:]] = importlib.import_module(f"checks.{path.stem}")
    return found


#: Interactions particular to a module, after the common checks, and what it must show.
CHECKS = _module_checks()


def test_each_page_starts_in_a_fresh_workspace(lab, page):
    """JupyterLab reopens a workspace's earlier tabs: a second page load must not show the first notebook."""
    open_notebook(page, lab, MODULES[0])
    close_all(page)
    open_notebook(page, lab, MODULES[-1])
    tabs = page.evaluate("() => [...window.jupyterapp.shell.widgets('main')].map(w => w.title.label)")
    assert tabs == [Path(MODULES[-1]).name], tabs
    close_all(page)


def test_every_module_is_covered():
    assert "modules/00-start-here.ipynb" in MODULES
    assert "modules/07-cx-metrics.ipynb" in MODULES
    numbers = {Path(m).name[:2] for m in MODULES}
    assert set(CHECKS) <= numbers, f"checks for modules that do not exist: {sorted(set(CHECKS) - numbers)}"
    assert all(callable(c.check) and c.MUST_SHOW for c in CHECKS.values())


#: The modules are run in two files, this one and ``test_modules_second_half.py``, so that
#: ``--dist loadfile`` runs them on both workers (each has its own JupyterLab): about 250 s of
#: browser work on one worker otherwise, the step's critical path.
FIRST_HALF = MODULES[: (len(MODULES) + 1) // 2]
SECOND_HALF = MODULES[len(FIRST_HALF) :]


def test_the_halves_cover_every_module_once():
    assert FIRST_HALF + SECOND_HALF == MODULES


@pytest.mark.parametrize("module", FIRST_HALF, ids=lambda m: Path(m).stem)
def test_module_runs_with_figures_and_widgets(lab, page, module):
    check_module(lab, page, module)


def check_module(lab, page, module: str) -> None:
    """Run ``module`` in JupyterLab: no error, its figures with alt text, its widgets as its check says."""
    number = Path(module).name[:2]
    open_notebook(page, lab, module)
    assert run_all_cells(page, timeout_ms=300_000) == []
    saved = _save_screenshots(page, number)
    print(f"{module}: saved {', '.join(saved) or 'no screenshots (no figure, widget or quiz)'}")
    checks = CHECKS.get(number)
    must_show = checks.MUST_SHOW if checks else set()
    assert must_show <= {name.split("-")[1][:-4] for name in saved}, saved
    alts = _figures_with_alt(page)
    assert all(len(alt) > 40 for alt in alts), alts
    if checks:
        checks.check(page)
    close_all(page)
