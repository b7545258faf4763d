"""`make test`: its steps run a few at a time (tools/run_steps.py), a failure names its step.

Also the one-run notebook step: conftest.py gives a notebook's kernel ``CXKIT_STRICT`` by folder.
"""

from __future__ import annotations

import importlib.util
import re
import stat
import sys
from pathlib import Path

import pytest
import run_steps

ROOT = Path(__file__).resolve().parent.parent
#: Every step `make test` ran one after the other before: none may be left out.
STEPS = ["lint", "typecheck", "unit", "integration", "browser", "notebooks", "compat", "backends"]


def _fake_make(tmp_path: Path, script: str) -> str:
    """Write a stand-in for make: ``fake-make STEP`` runs ``script`` with the step's name in ``$1``."""
    path = tmp_path / "fake-make"
    path.write_text("#!/bin/sh\n" + script)
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return str(path)


def test_make_test_runs_every_step():
    text = (ROOT / "Makefile").read_text()
    steps = re.search(r"^TEST_STEPS := (.*)$", text, re.M).group(1).split()
    assert sorted(steps) == sorted(STEPS)
    assert re.search(r"^test: .*\n\t.*tools/run_steps.py .*\$\(TEST_STEPS\)$", text, re.M)


def test_a_failed_step_is_named_and_stops_the_steps_not_yet_started(tmp_path, capsys):
    make = _fake_make(tmp_path, 'echo "output of $1"\n[ "$1" != bad ]\n')
    code = run_steps.run_steps(["good", "bad", "after"], tmp_path / "logs", make, jobs=1)
    out = capsys.readouterr().out
    assert code == 1
    assert "make test FAILED in step bad" in out
    assert re.search(r"  after\s+not run", out)
    assert "output of after" not in out
    # Each step's output is printed whole between its own header and footer.
    assert re.search(r"= bad: FAILED \(exit 1\) in \d+ s =+\noutput of bad\n=+ end of bad", out)
    assert (tmp_path / "logs" / "good.log").read_text() == "output of good\n"


def test_every_step_passing_exits_0_with_each_steps_time(tmp_path, capsys):
    make = _fake_make(tmp_path, 'echo "output of $1"\n')
    assert run_steps.run_steps(["a", "b", "c"], tmp_path / "logs", make, jobs=2) == 0
    out = capsys.readouterr().out
    for name in ("a", "b", "c"):
        assert re.search(rf"  {name}\s+\d+ s  passed", out), out
        assert f"output of {name}\n" in out
    assert "every step passed" in out


def test_steps_run_at_the_same_time(tmp_path, capsys):
    """Step "waits" ends once "signals", given after it, has run: one step at a time would fail."""
    flag = tmp_path / "flag"
    make = _fake_make(
        tmp_path,
        f'if [ "$1" = signals ]; then touch {flag}; exit 0; fi\n'
        f"for i in $(seq 600); do [ -e {flag} ] && exit 0; sleep 0.1; done\nexit 1\n",
    )
    code = run_steps.run_steps(["waits", "signals"], tmp_path / "logs", make, jobs=2)
    assert code == 0, capsys.readouterr().out


def test_each_step_once():
    with pytest.raises(SystemExit) as stop:
        run_steps.main(["a", "b", "a"])
    assert stop.value.code == 2


def _root_conftest():
    spec = importlib.util.spec_from_file_location("cxkit_root_conftest", ROOT / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


def test_notebooks_are_strict_in_the_strict_folders_only():
    strictness = _root_conftest().notebook_strictness
    assert strictness(ROOT / "modules" / "07-cx-metrics.ipynb", ROOT, "modules,solutions") == "1"
    assert strictness(ROOT / "solutions" / "07-cx-metrics.ipynb", ROOT, "modules,solutions") == "1"
    assert strictness(ROOT / "exercises" / "07-cx-metrics.ipynb", ROOT, "modules,solutions") == "0"
    assert strictness(ROOT / "modules-old" / "07.ipynb", ROOT, "modules") == "0"  # a folder, not a prefix
    assert strictness(Path("/elsewhere/modules/07.ipynb"), ROOT, "modules") == "0"
