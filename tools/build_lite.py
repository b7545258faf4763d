"""Build the course as a static JupyterLite site (no server: Python runs in the browser via Pyodide).

``make lite`` runs this. It

1. builds cxkit as a pure-Python wheel;
2. stages the course notebooks (modules/, exercises/, solutions/) and datasets/ as the site's
   contents, adapting each notebook copy to the in-browser kernel: the kernel is named
   ``python`` there (not ``python3``), and a first cell installs cxkit with ``%pip`` (piplite),
   which the site serves itself;
3. runs ``jupyter lite build`` (jupyterlite-core + the Pyodide kernel; the widget renderer comes
   from jupyterlab_widgets in the build environment);
4. makes the site's front page open ``modules/00-start-here.ipynb``.

The site is written to ``_output/`` (``--output DIR`` to change). Serve it with any static web
server, e.g. ``python -m http.server -d _output``. At run time the browser loads Pyodide (with
pandas 3.0) from its CDN, so the site needs an internet connection but no Jupyter server.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
START_PAGE = "modules/00-start-here.ipynb"
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions")
LITE_KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
INSTALL_CELL = (
    "# In-browser Python (JupyterLite) only: install the course library served with this site.\n"
    "%pip install -q cxkit"
)


def adapt_notebook(path: Path, target: Path) -> None:
    """Copy a notebook for the Pyodide kernel: lite kernel name, and cxkit installed first."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata["kernelspec"] = dict(LITE_KERNEL)
    cell = nbformat.v4.new_code_cell(INSTALL_CELL)
    cell.metadata["tags"] = ["jupyterlite-setup"]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, target)


def stage_contents(staging: Path) -> Path:
    contents = staging / "contents"
    for folder in NOTEBOOK_FOLDERS:
        for nb in sorted((ROOT / folder).glob("*.ipynb")):
            adapt_notebook(nb, contents / folder / nb.name)
        for extra in sorted((ROOT / folder).glob("quizzes/*.yaml")):
            target = contents / folder / "quizzes" / extra.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(extra, target)
    shutil.copytree(ROOT / "datasets", contents / "datasets")
    shutil.copy2(ROOT / "README.md", contents / "README.md")
    return contents


def build_wheel(staging: Path) -> Path:
    wheels = staging / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)],
        check=True,
    )
    (wheel,) = wheels.glob("cxkit-*-py3-none-any.whl")
    return wheel


def redirect_front_page(output: Path) -> None:
    target = f"lab/index.html?path={START_PAGE}"
    (output / "index.html").write_text(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<meta http-equiv=\"refresh\" content=\"0; url={target}\"><title>cxkit course</title></head>"
        f"<body><p>Opening the course: <a href=\"{target}\">start here</a>.</p></body></html>\n",
        encoding="utf-8",
    )


def build(output: Path) -> Path:
    staging = ROOT / "build" / "lite"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.rmtree(output, ignore_errors=True)
    staging.mkdir(parents=True)
    wheel = build_wheel(staging)
    contents = stage_contents(staging)
    jupyter = Path(sys.executable).with_name("jupyter")
    subprocess.run(
        [str(jupyter), "lite", "build", "--lite-dir", str(staging), "--contents", str(contents),
         "--piplite-wheels", str(wheel), "--output-dir", str(output), "--no-sourcemaps"],
        check=True, cwd=staging,
    )
    redirect_front_page(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the course as a JupyterLite site.")
    parser.add_argument("--output", default=str(ROOT / "_output"), help="site folder (default: _output)")
    args = parser.parse_args(argv)
    site = build(Path(args.output).resolve())
    print(f"JupyterLite site written to {site}; serve it with: python -m http.server -d {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
