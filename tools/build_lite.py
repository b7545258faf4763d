"""Build the course as a static JupyterLite site (no server: Python runs in the browser via Pyodide).

``make lite`` runs this (``python tools/build_lite.py --output DIR [--offline]``). It

1. builds cxkit as a pure-Python wheel;
2. stages the course notebooks (modules/, exercises/, solutions/) and datasets/ as the site's
   contents, adapting each notebook copy to the in-browser kernel: the kernel is named
   ``python`` there (not ``python3``), and a first cell installs cxkit with ``%pip`` (piplite),
   which the site serves itself, then checks that the packages the course needs imported;
3. runs ``jupyter lite build`` (jupyterlite-core + the Pyodide kernel; the widget renderer comes
   from jupyterlab_widgets in the build environment);
4. makes the site's front page open ``modules/00-start-here.ipynb``, keeping the front page's
   ``jupyter-config-data`` block, which every page of the site (lab/, repl/, ...) reads.

The site is written to ``_output/`` (``--output DIR`` to change). Serve it with any static web
server, e.g. ``python -m http.server -d _output``. At run time the browser loads Pyodide (with
pandas 3.0) from its CDN, so the published site needs an internet connection but no Jupyter server.

``--offline`` builds a site for testing on machines that reach only the package registries: it
serves Pyodide's core itself (the npm package ``pyodide``, the version the Pyodide kernel
expects), the pure-Python packages of Pyodide's lock file that the course and the kernel need
(the same versions, from PyPI; the lock's sha256 entries are rewritten to the PyPI files), and
ipywidgets with its two helpers (from PyPI, at the versions of requirements.lock); and it turns
the kernel's PyPI fallback off. Pyodide's WebAssembly builds (numpy, pandas, scipy, matplotlib,
PyYAML) exist only on Pyodide's CDN, so in an offline site they fail to load: the first cell of
each notebook then says so. Downloads are cached in ``build/lite-offline/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
START_PAGE = "modules/00-start-here.ipynb"
NOTEBOOK_FOLDERS = ("modules", "exercises", "solutions")
LITE_KERNEL = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
#: The packages a course notebook imports, as (import name, package name). Pyodide reports a
#: package that failed to download only in the browser console, and ``%pip install`` still
#: succeeds, so the first cell imports each one and names those that failed.
NEEDED = (
    ("pandas", "pandas"),
    ("numpy", "numpy"),
    ("scipy", "scipy"),
    ("matplotlib", "matplotlib"),
    ("ipywidgets", "ipywidgets"),
    ("yaml", "PyYAML"),
    ("pydantic", "pydantic"),  # the journey models (cxkit.journey.model)
)
INSTALL_CELL = f"""\
# In-browser Python (JupyterLite) only: install the course library served with this site,
# then check that the packages the course needs loaded (a failed download is otherwise silent).
%pip install -q cxkit
import importlib
_failed = []
for _module, _package in {NEEDED!r}:
    try:
        importlib.import_module(_module)
    except ImportError as _error:
        _failed.append(f"{{_package}} ({{type(_error).__name__}}: {{_error}})")
if _failed:
    print("These packages did not load in the browser: " + "; ".join(_failed) + ".\\n"
          "The in-browser Python downloads them when this cell runs: numpy, pandas, scipy, "
          "matplotlib, PyYAML and pydantic from Pyodide's CDN (cdn.jsdelivr.net), ipywidgets from PyPI. "
          "Check the internet connection (a proxy or firewall may block those sites), then "
          "restart the kernel (Kernel > Restart Kernel) and run this cell again. If they stay "
          "unreachable, run the course on your computer with `make lab`, or on Binder.")
else:
    print("Ready: cxkit and the packages it needs are installed.")"""

#: Where --offline keeps its downloads between builds.
OFFLINE_CACHE = ROOT / "build" / "lite-offline"
#: The files of the npm package ``pyodide`` that a site serves (the ES module the kernel
#: imports, the interpreter, the standard library, the package lock).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
#: What the Pyodide kernel loads from Pyodide's lock when it starts (micropip, then ipython and
#: jedi through piplite); the course's own needs come from cxkit's wheel metadata.
KERNEL_PACKAGES = ("micropip", "ipython", "jedi")
#: Not in Pyodide's lock: the published site gets them from PyPI at run time, the offline one
#: serves them (widgetsnbextension comes with the Pyodide kernel; vaderSentiment is cxkit.voc's
#: sentiment model, pure Python, and its one dependency, requests, is in Pyodide's lock).
PYPI_WHEELS = ("ipywidgets", "comm", "jupyterlab_widgets", "vaderSentiment")


class OfflineDownloadError(RuntimeError):
    """A registry (npm or PyPI) could not be reached or did not have a file the offline site needs."""


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
    """Build cxkit's wheel from a copy of its sources (two builds at once must not share build/).

    The slide decks' assets (reveal.js, MathJax, Mermaid: 8 MB) are left out: ``cxkit slides``
    is an instructor's command-line tool, and every learner's browser would download them with
    the wheel when the Lite kernel starts.
    """
    source, wheels = staging / "source", staging / "wheels"
    shutil.copytree(
        ROOT / "cxkit", source / "cxkit", ignore=shutil.ignore_patterns("__pycache__", "slides_assets")
    )
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--wheel-dir",
            str(wheels),
            str(source),
        ],
        check=True,
    )
    (wheel,) = wheels.glob("cxkit-*-py3-none-any.whl")
    return wheel


def redirect_front_page(output: Path) -> None:
    """Make the front page open the start page, keeping its ``jupyter-config-data`` block.

    JupyterLite's front page holds the site's root configuration, which every other page reads
    (``getPageConfig`` parses it out of ``index.html``); without it lab/ and repl/ stay blank.
    Only the front page's own script, which would redirect to the bare app, is replaced.
    """
    index = output / "index.html"
    html = index.read_text(encoding="utf-8")
    script = re.search(r"<script type=\"module\">[^<]*config-utils\.js[^<]*</script>", html)
    if 'id="jupyter-config-data"' not in html or script is None or "</html>" not in html:
        raise RuntimeError(f"{index} is not the JupyterLite front page this build knows how to adapt")
    target = f"lab/index.html?path={START_PAGE}"
    redirect = f'<title>cxkit course</title><meta http-equiv="refresh" content="0; url={target}">'
    html = html[: script.start()] + redirect + html[script.end() :]
    html = html.replace(
        "</html>", f'<body><p>Opening the course: <a href="{target}">start here</a>.</p></body>\n</html>', 1
    )
    index.write_text(html, encoding="utf-8")


# --- the offline site ------------------------------------------------------------------------------


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _wheel_key(filename: str) -> tuple[str, str]:
    """(canonical name, version) of a wheel file name."""
    name, version = filename.split("-")[:2]
    return _canonical(name), version


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run_download(command: list[str], what: str) -> None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except FileNotFoundError as err:
        raise OfflineDownloadError(f"Cannot download {what}: {command[0]} is not installed ({err}).") from err
    except subprocess.TimeoutExpired as err:
        raise OfflineDownloadError(
            f"Cannot download {what}: the registry did not answer in 10 minutes."
        ) from err
    if done.returncode != 0:
        raise OfflineDownloadError(
            f"Cannot download {what} (`{' '.join(command)}` failed): is the registry reachable from this "
            f"machine? The offline JupyterLite site needs the npm registry and PyPI.\n{done.stderr[-2000:]}"
        )


def fetch_pyodide_core(version: str, cache: Path) -> Path:
    """Return the npm package ``pyodide`` at ``version``, unpacked in the cache (one download)."""
    unpacked = cache / f"pyodide-{version}"
    if all((unpacked / name).is_file() for name in PYODIDE_FILES):
        return unpacked
    npm_dir = cache / "npm"
    npm_dir.mkdir(parents=True, exist_ok=True)
    tarball = npm_dir / f"pyodide-{version}.tgz"
    if not tarball.is_file():
        npm = shutil.which("npm") or "npm"
        _run_download(
            [npm, "pack", f"pyodide@{version}", "--pack-destination", str(npm_dir), "--silent"],
            f"Pyodide {version} from the npm registry",
        )
    partial = Path(tempfile.mkdtemp(dir=cache))
    with tarfile.open(tarball) as tar:
        for name in PYODIDE_FILES:
            member = tar.getmember(f"package/{name}")
            with tar.extractfile(member) as src, (partial / name).open("wb") as dst:
                shutil.copyfileobj(src, dst)
    shutil.rmtree(unpacked, ignore_errors=True)
    partial.rename(unpacked)
    return unpacked


def _requirement_names(wheel: Path) -> list[str]:
    """Return the distribution names a wheel requires (its METADATA ``Requires-Dist`` without extras)."""
    with zipfile.ZipFile(wheel) as zf:
        metadata = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        lines = zf.read(metadata).decode("utf-8").splitlines()
    names = []
    for line in lines:
        if line.startswith("Requires-Dist:") and "extra ==" not in line:
            names.append(re.match(r"\s*([A-Za-z0-9._-]+)", line.split(":", 1)[1]).group(1))
    return names


def pure_closure(lock: dict, roots: list[str]) -> dict[str, dict]:
    """Return the pure-Python packages of Pyodide's lock that ``roots`` need, dependencies included."""
    by_name = {_canonical(key): spec for key, spec in lock["packages"].items()}
    seen: set[str] = set()
    todo = [_canonical(r) for r in roots]
    while todo:
        name = todo.pop()
        if name in seen or name not in by_name:
            continue
        seen.add(name)
        todo.extend(_canonical(d) for d in by_name[name].get("depends", []))
    return {
        name: by_name[name] for name in sorted(seen) if by_name[name]["file_name"].endswith("-none-any.whl")
    }


def _pip_download(specs: list[str], dest: Path, python_version: str, what: str) -> None:
    missing = [
        s
        for s in specs
        if not any(
            _wheel_key(w.name) == (_canonical(s.split("==")[0]), s.split("==")[1]) for w in dest.glob("*.whl")
        )
    ]
    if not missing:
        return
    dest.mkdir(parents=True, exist_ok=True)
    _run_download(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--quiet",
            "--disable-pip-version-check",
            "--no-deps",
            "--only-binary=:all:",
            "--python-version",
            python_version,
            "--platform",
            "any",
            "--dest",
            str(dest),
            *missing,
        ],
        what,
    )


def _locked_versions(names: tuple[str, ...]) -> list[str]:
    """``name==version`` for each name, at the version requirements.lock pins."""
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        found = re.match(r"([A-Za-z0-9._-]+)==([^\s;#]+)", line)
        if found:
            pins[_canonical(found.group(1))] = found.group(2)
    missing = [n for n in names if _canonical(n) not in pins]
    if missing:
        raise OfflineDownloadError(f"requirements.lock pins no version of {', '.join(missing)}")
    return [f"{n}=={pins[_canonical(n)]}" for n in names]


def prepare_offline(staging: Path, cxkit_wheel: Path, cache: Path = OFFLINE_CACHE) -> list[Path]:
    """Stage Pyodide and the packages an offline site serves; return the extra piplite wheels.

    Pyodide goes to ``staging/static/pyodide/`` (where the Pyodide kernel's build step looks for a
    local copy and points ``pyodideUrl`` at it), with the pure-Python wheels it needs next to it
    and its lock rewritten to their file names and sha256; the kernel's PyPI fallback is turned
    off in ``staging/jupyter-lite.json``.
    """
    from jupyterlite_pyodide_kernel.constants import PYODIDE_PYTHON_VERSION, PYODIDE_VERSION

    cache.mkdir(parents=True, exist_ok=True)
    core = fetch_pyodide_core(PYODIDE_VERSION, cache)
    lock = json.loads((core / "pyodide-lock.json").read_text())

    widget_specs = _locked_versions(PYPI_WHEELS)
    widget_dir = cache / "piplite"
    _pip_download(
        widget_specs,
        widget_dir,
        PYODIDE_PYTHON_VERSION,
        "ipywidgets, comm, jupyterlab_widgets and vaderSentiment from PyPI",
    )
    widget_wheels = [
        next(
            w
            for w in widget_dir.glob("*.whl")
            if _wheel_key(w.name) == (_canonical(s.split("==")[0]), s.split("==")[1])
        )
        for s in widget_specs
    ]

    roots = [*KERNEL_PACKAGES, *_requirement_names(cxkit_wheel)]
    for wheel in widget_wheels:
        roots.extend(_requirement_names(wheel))
    pure = pure_closure(lock, roots)
    wheel_dir = cache / f"wheels-{PYODIDE_VERSION}"
    _pip_download(
        [f"{spec['name']}=={spec['version']}" for spec in pure.values()],
        wheel_dir,
        PYODIDE_PYTHON_VERSION,
        f"{len(pure)} pure-Python packages of Pyodide {PYODIDE_VERSION} from PyPI",
    )

    target = staging / "static" / "pyodide"
    target.mkdir(parents=True)
    for name in PYODIDE_FILES:
        shutil.copy2(core / name, target / name)
    downloaded = {_wheel_key(w.name): w for w in wheel_dir.glob("*.whl")}
    for key, spec in lock["packages"].items():
        wheel = downloaded.get((_canonical(key), spec["version"]))
        if _canonical(key) in pure and wheel is not None:
            shutil.copy2(wheel, target / wheel.name)
            spec["file_name"], spec["sha256"] = wheel.name, _sha256(wheel)
    (target / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")

    config = {
        "jupyter-config-data": {
            "litePluginSettings": {
                "@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}
            }
        }
    }
    (staging / "jupyter-lite.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    return widget_wheels


def build(output: Path, *, offline: bool = False) -> Path:
    """Build the site into ``output`` (replaced); ``offline`` as described in the module docstring."""
    (ROOT / "build").mkdir(exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="lite-", dir=ROOT / "build"))
    try:
        shutil.rmtree(output, ignore_errors=True)
        wheel = build_wheel(staging)
        wheels = [wheel, *(prepare_offline(staging, wheel) if offline else [])]
        contents = stage_contents(staging)
        jupyter = Path(sys.executable).with_name("jupyter")
        command = [
            str(jupyter),
            "lite",
            "build",
            "--lite-dir",
            str(staging),
            "--contents",
            str(contents),
            "--output-dir",
            str(output),
            "--no-sourcemaps",
        ]
        for w in wheels:
            command += ["--piplite-wheels", str(w)]
        subprocess.run(command, check=True, cwd=staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    redirect_front_page(output)
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the course as a JupyterLite site.")
    parser.add_argument("--output", default=str(ROOT / "_output"), help="site folder (default: _output)")
    parser.add_argument(
        "--offline",
        action="store_true",
        help="serve Pyodide and its pure-Python packages from the site (for tests; no CDN)",
    )
    args = parser.parse_args(argv)
    try:
        site = build(Path(args.output).resolve(), offline=args.offline)
    except OfflineDownloadError as err:
        print(f"build_lite: {err}", file=sys.stderr)
        return 2
    print(f"JupyterLite site written to {site}; serve it with: python -m http.server -d {site}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
