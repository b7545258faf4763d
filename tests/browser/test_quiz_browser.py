"""Module 07's quiz as a learner sees it: JupyterLab in headless Chromium at 1280x720.

Every option of the bank is shown whole (wrapped, never cut with "..."), a re-run of the quiz cell
starts blank with "Start again" in view, earlier answers come back only on request, and in group
mode the reveal is the instructor's own cell. The quiz is run in a scratch notebook made for the
test in a temporary folder of the course (deleted afterwards), so no committed notebook changes.
Screenshots in test-artifacts/: quiz-07.png (the form as it opens), quiz-07-options.png (the
longest options), quiz-07-submitted.png (verdicts, including a rounded number), quiz-07-retake.png
(the re-run cell: blank, with Start again and Restore), quiz-07-group.png (after the reveal).
"""

from __future__ import annotations

import secrets
import shutil

import nbformat
import pytest
import yaml
from jlab import close_all, open_notebook, run_all_cells
from nbformat.v4 import new_code_cell, new_notebook

from conftest import ARTIFACTS, ROOT

pytestmark = pytest.mark.browser

BANK = ROOT / "modules" / "quizzes" / "07-cx-metrics.yaml"
VIEWPORT = {"width": 1280, "height": 720}

# Each option label of the quiz form: its text, and where its text ends compared with the box that
# would clip it (the check box or radio widget) and the output area. `cut` is true when the label
# (or its text span) scrolls, that is, when part of its text is hidden.
_LABELS = """(root) => {
  const area = root.closest('.jp-OutputArea-output') || root;
  const areaRight = area.getBoundingClientRect().right;
  const found = [];
  const add = (el, kind) => {
    const widget = el.closest('.widget-checkbox, .widget-radio-box');
    const range = document.createRange();
    range.selectNodeContents(el);
    const rects = [...range.getClientRects()];
    const label = el.closest('label') || el;
    const cut = [el, label].some(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1);
    found.push({kind, text: el.innerText.replace(/\\s+/g, ' ').trim(), cut,
                textRight: Math.max(...rects.map(r => r.right)),
                widgetRight: widget.getBoundingClientRect().right,
                areaRight, lines: new Set(rects.map(r => Math.round(r.top))).size});
  };
  root.querySelectorAll('.widget-checkbox .widget-label-basic span').forEach(el => add(el, 'multiple'));
  root.querySelectorAll('.widget-radio-box label').forEach(el => add(el, 'single'));
  return found;
}"""


def _assert_whole(labels: list[dict]) -> None:
    assert {label["text"] for label in labels} == _bank_options()
    for label in labels:
        assert not label["cut"], f"cut: {label}"
        assert label["textRight"] <= label["widgetRight"] + 1, f"text past its widget: {label}"
        assert label["textRight"] <= label["areaRight"] + 1, f"text past the output's edge: {label}"


_STATE = """(root) => ({
  checked: root.querySelectorAll('input[type=checkbox]:checked, input[type=radio]:checked').length,
  numbers: [...root.querySelectorAll('.widget-text input')].map(i => i.value),
  feedback: root.querySelectorAll('.cxkit-quiz-feedback').length,
  text: root.innerText,
})"""


def _bank_options() -> set[str]:
    data = yaml.safe_load(BANK.read_text(encoding="utf-8"))
    return {
        " ".join(o["text"].replace("`", "").split()) for q in data["questions"] for o in q.get("options", [])
    }


def _n_questions() -> int:
    return len(yaml.safe_load(BANK.read_text(encoding="utf-8"))["questions"])


@pytest.fixture
def scratch():
    """Return a folder of the course for the test's notebooks (JupyterLab serves the course root)."""
    folder = ROOT / f"quiz-browser-{secrets.token_hex(4)}"
    folder.mkdir()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def small_page(browser, lab):
    """Return a page at 1280x720 on a fresh JupyterLab workspace (no tabs reopened from earlier tests)."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(lab.url("lab") + "&reset", wait_until="domcontentloaded")
    yield page
    context.close()


def _write(folder, name: str, *sources: str) -> str:
    nb = new_notebook(cells=[new_code_cell(src) for src in sources])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / name)
    return f"{folder.name}/{name}"


def _artifact(name: str):
    ARTIFACTS.mkdir(exist_ok=True)
    return str(ARTIFACTS / name)


def _rerun_first_cell(page) -> None:
    """Run the first cell again, as Shift+Enter does, and wait for its new quiz form."""
    page.evaluate("() => document.querySelectorAll('.cxkit-quiz').forEach(el => el.dataset.old = '1')")
    page.evaluate("""() => {
      const nb = window.jupyterapp.shell.currentWidget;
      nb.content.activeCellIndex = 0;
      window.jupyterapp.commands.execute('notebook:run-cell');
    }""")
    page.locator(".cxkit-quiz:not([data-old])").first.wait_for(timeout=60_000)


def test_quiz_07_options_whole_and_retake_blank(lab, small_page, scratch):
    page = small_page
    n = _n_questions()
    path = _write(scratch, "quiz.ipynb", f'from cxkit import quiz\nquiz.show("07", n={n}, seed=7)')
    open_notebook(page, lab, path)
    assert run_all_cells(page) == []
    form = page.locator(".cxkit-quiz").first
    form.wait_for()
    form.scroll_into_view_if_needed()
    page.screenshot(path=_artifact("quiz-07.png"))

    # Every option of the bank is on the form, whole: not cut, not past its widget or the output.
    _assert_whole(form.evaluate(_LABELS))
    long_option = form.get_by_text("If unhappy business customers ignore surveys", exact=False).first
    long_option.scroll_into_view_if_needed()
    page.screenshot(path=_artifact("quiz-07-options.png"))
    # In a narrow notebook (a side panel open, a zoomed page) long options wrap instead of being cut.
    form.evaluate("el => { el.style.width = '420px'; }")
    narrow = form.evaluate(_LABELS)
    _assert_whole(narrow)
    assert max(label["lines"] for label in narrow) >= 3, "long options should wrap in a 420 px form"
    form.evaluate("el => { el.style.width = ''; }")

    # Answer three questions and submit: a score and verdicts appear.
    form.locator(".widget-radio-box input").first.check()
    form.locator(".widget-checkbox input").first.check()
    # The share of detractors after a late delivery is 82.5 % to one decimal: 82 is told it is rounded.
    from cxkit.course import answers

    bank = yaml.safe_load((ROOT / "modules" / "quizzes" / "07-cx-metrics.yaml").read_text(encoding="utf-8"))
    questions = bank["questions"] if isinstance(bank, dict) else bank
    late_id = next(q["answer"] for q in questions if q["id"] == "late-detractors")
    late = answers.expected(late_id)
    assert round(late) == 82
    assert abs(82 - late) > 0.05
    late_box = form.locator(".widget-html", has_text="after a late delivery are detractors").first
    late_input = late_box.locator("xpath=following-sibling::*[1]//input")
    late_input.fill("82")
    form.get_by_role("button", name="Submit").click()
    page.wait_for_function("el => /Score: \\d+ \\/ \\d+/.test(el.innerText)", arg=form.element_handle())
    assert form.evaluate(_STATE)["feedback"] == n
    verdict = late_box.locator("xpath=following-sibling::*[2]")
    assert "Almost: 82 is the right value rounded to a whole number" in verdict.inner_text()
    verdict.scroll_into_view_if_needed()
    page.screenshot(path=_artifact("quiz-07-submitted.png"))

    # Re-running the cell: a blank form, no verdicts, no score; Start again and Restore in view.
    _rerun_first_cell(page)
    retake = page.locator(".cxkit-quiz:not([data-old])").first
    state = retake.evaluate(_STATE)
    assert state["checked"] == 0
    assert set(state["numbers"]) == {""}
    assert state["feedback"] == 0
    assert "Score:" not in state["text"]
    assert retake.get_by_role("button", name="Start again").is_visible()
    restore = retake.get_by_role("button", name="Restore my earlier answers (3)")
    assert restore.is_visible()
    restore.scroll_into_view_if_needed()
    page.screenshot(path=_artifact("quiz-07-retake.png"))

    # Earlier answers come back only on request, still unmarked until Submit.
    restore.click()
    page.wait_for_function(
        "el => el.querySelectorAll('input:checked').length === 2", arg=retake.element_handle()
    )
    state = retake.evaluate(_STATE)
    assert "82" in state["numbers"]
    assert state["feedback"] == 0
    assert "Score:" not in state["text"]
    retake.get_by_role("button", name="Start again").click()
    page.wait_for_function(
        "el => el.querySelectorAll('input:checked').length === 0", arg=retake.element_handle()
    )
    assert "Score:" not in retake.evaluate(_STATE)["text"]
    close_all(page)


def test_quiz_07_group_mode_reveal_is_a_separate_cell(lab, small_page, scratch):
    page = small_page
    path = _write(scratch, "group.ipynb", 'from cxkit import quiz\nquiz.show("07", group=True, n=3, seed=2)')
    open_notebook(page, lab, path)
    assert run_all_cells(page) == []
    form = page.locator(".cxkit-quiz").first
    form.wait_for()
    assert form.get_by_role("button", name="Reveal answers").count() == 0  # not on the room's form
    form.locator(".widget-radio-box input").first.check()
    form.get_by_role("button", name="Submit").click()
    page.wait_for_function("el => el.innerText.includes('Answers recorded')", arg=form.element_handle())
    assert form.evaluate(_STATE)["feedback"] == 0

    # The instructor's cell.
    page.evaluate("""() => {
      const nb = window.jupyterapp.shell.currentWidget;
      nb.model.sharedModel.insertCell(1, {cell_type: 'code', source: 'quiz.reveal("07")'});
      nb.content.activeCellIndex = 1;
      window.jupyterapp.commands.execute('notebook:run-cell');
    }""")
    key = page.locator(".cxkit-quiz-answers").first
    key.wait_for()
    assert key.locator("li").count() == 3
    page.wait_for_function("el => /Score: \\d+ \\/ 3/.test(el.innerText)", arg=form.element_handle())
    assert form.evaluate(_STATE)["feedback"] == 3
    form.scroll_into_view_if_needed()
    page.screenshot(path=_artifact("quiz-07-group.png"))
    close_all(page)
