"""Re-execute committed notebooks in place, keeping the course's output policy.

Usage::

    .venv/bin/python tools/rerun_notebooks.py modules/07-cx-metrics.ipynb solutions/*.ipynb

Each notebook runs top to bottom in a fresh kernel from its own folder, in strict mode
(``CXKIT_STRICT=1``: a wrong registered answer stops the run), with this checkout's cxkit first
on the path. A code cell whose committed output was empty (a widget, a figure left for the learner
to draw) is left empty again, widget outputs are never kept, and saved widget state is dropped,
so ``cxkit lint-notebooks`` accepts the result; the cells' run times are not kept, so a re-run
changes a notebook only where its outputs change. A notebook that fails is left untouched and the
error is printed; the exit code is the number of failures.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

ROOT = Path(__file__).resolve().parent.parent
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def rerun(path: Path, *, timeout: int = 900) -> float:
    """Execute ``path`` in place; return the seconds it took."""
    nb = nbformat.read(path, as_version=4)
    empty = {c.get("id") for c in nb.cells if c.cell_type == "code" and not c.get("outputs")}
    start = time.perf_counter()
    env_before = {k: os.environ.get(k) for k in ("CXKIT_STRICT", "PYTHONPATH")}
    os.environ["CXKIT_STRICT"] = "1"
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env_before["PYTHONPATH"]]))
    try:
        NotebookClient(
            nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
        ).execute()
    finally:
        for k, v in env_before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        # When each cell ran changes at every run and says nothing to a reader: not kept, so a
        # re-run changes a notebook only where its outputs change.
        cell.metadata.pop("execution", None)
        if cell.get("id") in empty:
            cell.outputs = []
            cell.execution_count = None
            continue
        cell.outputs = [o for o in cell.outputs if WIDGET_VIEW not in o.get("data", {})]
    nb.metadata.pop("widgets", None)
    nb, _ = CoalesceStreamsPreprocessor().preprocess(nb, {})
    nbformat.write(nb, path)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    failures = 0
    for path in args.notebooks:
        try:
            seconds = rerun(path)
        except Exception as err:  # report every failing notebook, then go on
            failures += 1
            print(f"FAILED {path}: {type(err).__name__}: {str(err)[-2000:]}", file=sys.stderr)
            continue
        print(f"ran {path} in {seconds:.1f} s")
    return failures


if __name__ == "__main__":
    sys.exit(main())
