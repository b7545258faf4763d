"""The capstone notebook runs unchanged on a learner's own, messier exports and finds the same things.

``tests/fixtures/capstone/make_messy.py`` writes the course data as other tools export it (other
column names and words, day-first dates, decimal commas, a byte-order mark) plus a few bad rows.
papermill runs ``modules/11-capstone.ipynb`` with the fixture injected as its ``EXPORTS``
parameter; the run must complete, its drop report must name every bad row (line and reason), and
its findings must be those of the course data: the committed run of the notebook (whose outputs
nbval keeps in step) and the same steps computed by ``cxkit.course.answers_11``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "modules" / "11-capstone.ipynb"
FIXTURE = ROOT / "tests" / "fixtures" / "capstone" / "make_messy.py"

pytestmark = [pytest.mark.slow, pytest.mark.course]


def _make_messy():
    spec = importlib.util.spec_from_file_location("make_messy", FIXTURE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _tagged_output(nb, tag: str) -> str:
    (cell,) = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    return "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")


def _findings(nb) -> dict:
    return json.loads(_tagged_output(nb, "findings"))


def _execute(out: Path, parameters: dict) -> None:
    """Run the capstone with papermill, its kernel importing this checkout's cxkit."""
    papermill = pytest.importorskip("papermill")
    env = {"PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        papermill.execute_notebook(
            str(NOTEBOOK),
            str(out),
            parameters=parameters,
            cwd=str(ROOT / "modules"),
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=300,
        )
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def messy_exports(tmp_path_factory):
    pytest.importorskip("papermill")
    folder = tmp_path_factory.mktemp("capstone")
    return folder, _make_messy().make(folder / "exports")


@pytest.fixture(scope="module")
def messy_run(messy_exports):
    folder, exports = messy_exports
    out = folder / "11-capstone-messy.ipynb"
    _execute(out, {"EXPORTS": exports})
    bad = json.loads((folder / "exports" / "bad_rows.json").read_text(encoding="utf-8"))
    return nbformat.read(out, as_version=4), bad


def _learner_error(out: Path, parameters: dict):
    """Run the capstone, expecting it to stop; return the error the learner sees."""
    from papermill.exceptions import PapermillExecutionError

    with pytest.raises(PapermillExecutionError) as err:
        _execute(out, parameters)
    return err.value


def test_exports_without_the_events_run_and_say_what_they_skip(messy_exports, tmp_path):
    _, exports = messy_exports
    out = tmp_path / "out.ipynb"
    without_events = {k: v for k, v in exports.items() if k != "events"}
    _execute(out, {"EXPORTS": without_events})
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "cannot compute, and skips" in text
    assert "the funnel, its drop-off and the biggest leak" in text
    assert "they need an events table" in text
    findings = _findings(nb)
    committed = _findings(nbformat.read(NOTEBOOK, as_version=4))
    assert findings["biggest_leak"] is None
    assert findings["worst_touchpoint"] == committed["worst_touchpoint"]  # the rest runs as before
    assert findings["gap_points"] == committed["gap_points"]


def test_exports_without_surveys_stop_with_a_config_error_naming_them(messy_exports, tmp_path):
    _, exports = messy_exports
    err = _learner_error(tmp_path / "out.ipynb", {"EXPORTS": {"events": exports["events"]}})
    assert err.ename == "CXConfigError", (err.ename, err.evalue)
    assert "'surveys'" in err.evalue
    assert "EXPORTS" in err.evalue
    assert "EXPORTS = None" in err.evalue  # what to set


#: The tools' own exports (tests/fixtures/exports), by preset.
TOOL_FILES = {
    "qualtrics": "qualtrics_nps.csv",
    "surveymonkey": "surveymonkey_all_responses.csv",
    "google_forms": "google_forms_responses.csv",
    "typeform": "typeform_responses.csv",
    "zendesk": "zendesk_tickets.csv",
    "freshdesk": "freshdesk_tickets.csv",
    "ga4": "ga4_events_flat.csv",
}
#: The capstone on every fixture in four runs: the tables, the rows each drops, the NPS of every
#: answer (worked by hand: qualtrics 9, 3, 10 -> (2 - 1) / 3; surveymonkey 10, 6, 0, 8, 9 -> 0;
#: google forms 9, 7, 2, 2, 10 -> 0; typeform 10, 4, 0, 8 -> (1 - 2) / 4).
TOOL_RUNS = {
    "qualtrics alone": ({"surveys": "qualtrics"}, {"surveys": 4}, "33.33"),
    "surveymonkey, zendesk, ga4": (
        {"surveys": "surveymonkey", "tickets": "zendesk", "events": "ga4"},
        {"surveys": 1, "tickets": 1, "events": 0},
        "0.00",
    ),
    "google forms, freshdesk": (
        {"surveys": "google_forms", "tickets": "freshdesk"},
        {"surveys": 0, "tickets": 1},
        "0.00",
    ),
    "typeform, ga4": ({"surveys": "typeform", "events": "ga4"}, {"surveys": 0, "events": 0}, "-25.00"),
}


@pytest.mark.parametrize("run", sorted(TOOL_RUNS))
def test_the_capstone_runs_on_the_tools_own_exports(run, tmp_path):
    tables, dropped, overall = TOOL_RUNS[run]
    folder = ROOT / "tests" / "fixtures" / "exports"
    exports = {t: {"path": str(folder / TOOL_FILES[tool]), "source": tool} for t, tool in tables.items()}
    out = tmp_path / "out.ipynb"
    _execute(out, {"EXPORTS": exports})
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    findings = _findings(nb)
    assert findings["rows_dropped"] == dropped
    assert findings["worst_touchpoint"] is None  # the tools' surveys name no touchpoint
    assert f"The NPS of every answer: NPS = {overall} points" in text
    assert "no survey answer names its touchpoint" in text
    assert "respondents only" in text
    if "events" in tables:
        assert "No journey starts at 'awareness'" in text
    else:
        assert "they need an events table" in text
    assert findings["biggest_leak"] is None  # GA4's sessions start after the map's awareness stage


def test_no_orders_skips_the_sizing_and_says_why(messy_exports, tmp_path):
    """Without orders a fix has no behaviour to be priced on: step 6 says so and is skipped."""
    _, exports = messy_exports
    without_orders = {k: v for k, v in exports.items() if k != "orders"}
    out = tmp_path / "out.ipynb"
    _execute(out, {"EXPORTS": without_orders})
    nb = nbformat.read(out, as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "No orders table: a fix is priced on what customers do afterwards" in text
    findings = _findings(nb)
    assert findings["worst_touchpoint"] == "support_chat"
    assert findings["value_per_year"] is None
    assert findings["customers_per_year"] is None


def test_the_capstone_prices_no_point_of_nps():
    """Module 11 sizes a fix on behaviour (fix_value), never on a value per net promoter."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "VALUE_PER_NET_PROMOTER" not in code
    assert "fix_value(" in code


def test_the_notebook_has_a_parameters_cell_first_among_code_cells():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "parameters" in first.metadata.get("tags", [])
    assert "EXPORTS = None" in first.source


def test_the_drop_report_names_every_bad_row(messy_run):
    nb, bad = messy_run
    (report,) = [c for c in nb.cells if c.cell_type == "code" and "result.dropped[[" in c.source]
    text = "".join(o.get("text", "") for o in report.outputs)
    rows: dict[str, dict[int, str]] = {}
    table = None
    for line in text.splitlines():
        words = line.split()
        if words and words[0] in bad and line.endswith(":"):
            table = words[0]
        elif table and words and words[0].isdigit():
            rows.setdefault(table, {})[int(words[0])] = line
    for table, planted in bad.items():
        found = rows.get(table, {})
        assert sorted(found) == sorted(p["line"] for p in planted), (table, text)
        for p in planted:
            assert p["reason"] in found[p["line"]], (table, p, found[p["line"]])
    findings = _findings(nb)
    assert findings["rows_dropped"] == {table: len(planted) for table, planted in bad.items()}


def test_the_messy_exports_give_the_course_datas_findings(messy_run):
    from cxkit.course.answers_11 import _project

    nb, _ = messy_run
    messy = _findings(nb)
    committed = _findings(nbformat.read(NOTEBOOK, as_version=4))
    assert committed["rows_dropped"] == {}
    for key in committed:
        if key != "rows_dropped":
            assert messy[key] == committed[key], key
    expected = _project("busy-parent.yaml")
    assert messy["worst_touchpoint"] == expected["worst"] == "support_chat"
    assert messy["worst_nps"] == pytest.approx(expected["worst_nps"], abs=0.05)
    assert messy["gap_points"] == pytest.approx(expected["gap"], abs=0.05)
    assert messy["customers_per_year"] == expected["per_year"]
    assert messy["value_per_year"] == pytest.approx(expected["value"], abs=1)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))
