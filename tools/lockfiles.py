"""Resolve the course's environments into hashed locks, and check that they agree.

``pyproject.toml`` says what each environment needs; this script turns it into three files:

``requirements.lock``
    What ``make install`` puts in ``.venv`` (``make lab``, ``make test``): the learner's runtime
    (cxkit's dependencies and the ``lab`` extra), the ``data`` extra, and the ``test`` and
    ``bench`` dependency groups. Every package pinned with its sha256 hashes, installed with
    ``pip install --require-hashes``.
``requirements-lite.lock``
    The JupyterLite build's own environment (``.venv-lite``, the ``lite`` group): the Lite kernel
    extension must not be in the learner's JupyterLab, where it breaks every page.
``environment.yml``
    Binder's and conda's environment: Python and the learner's runtime only, at the versions of
    ``requirements.lock``, so a Binder build installs no test or build tool.

``python tools/lockfiles.py compile --uv PATH`` runs the resolver (uv; ``make lock`` installs it in
a throw-away venv) and writes the three files. uv keeps the versions already in a lock unless
``--upgrade`` is given. ``python tools/lockfiles.py check`` exits 1 when the files disagree with
each other or with ``pyproject.toml`` (``tests/test_environment.py`` runs the same checks).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
LOCK = ROOT / "requirements.lock"
LITE_LOCK = ROOT / "requirements-lite.lock"
ENV = ROOT / "environment.yml"
PYTHON_PIN = "3.11"

# The groups of pyproject.toml each file resolves (extras of cxkit, then PEP 735 groups).
RUNTIME_EXTRAS = ("lab",)
LOCK_EXTRAS = ("lab", "data")
LOCK_GROUPS = ("test", "bench")
LITE_GROUPS = ("lite",)

# One line of a requirements file: "name==version", an optional "; marker", an optional "\".
_PIN = re.compile(r"^\s*(?:-\s+)?([A-Za-z0-9][A-Za-z0-9_.\-]*)==([^\s;\\#]+)\s*(?:;\s*([^\\#]*?))?\s*\\?\s*$")


def canonical(name: str) -> str:
    """PEP 503 normalised project name (``PyYAML`` and ``pyyaml`` are one package)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(spec: str) -> str:
    """Return the canonical project name of a requirement string (``"pandas>=3.0; ..."`` -> ``pandas``)."""
    return canonical(re.split(r"[<>=!~\[;@ ]", spec.strip(), maxsplit=1)[0])


def read_requirements(path: Path) -> list[tuple[str, str, str]]:
    """``(canonical name, version, marker)`` for every pinned requirement of a lock or environment.yml.

    A universal lock may pin one package twice, at two versions for two Python ranges; both
    lines are kept. The marker is ``""`` where the line has none.
    """
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _PIN.match(line)
        if m:
            out.append((canonical(m.group(1)), m.group(2), (m.group(3) or "").strip()))
    return out


def read_pins(path: Path) -> dict[str, str]:
    """``{canonical name: version}`` for every pinned line of a file (for a name pinned twice, the last)."""
    return {name: version for name, version, _ in read_requirements(path)}


def unhashed_lines(path: Path) -> list[str]:
    """List the pinned requirements of a lock that carry no ``--hash`` (``--require-hashes`` refuses them)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    missing = []
    for i, line in enumerate(lines):
        if _PIN.match(line):
            following = lines[i + 1] if i + 1 < len(lines) else ""
            if "--hash=sha256:" not in line and "--hash=sha256:" not in following:
                missing.append(line.strip().rstrip("\\").strip())
    return missing


def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


def runtime_requirements() -> list[str]:
    """List what a learner's environment needs: cxkit's dependencies and its ``lab`` extra."""
    project = pyproject()["project"]
    extras = project.get("optional-dependencies", {})
    return list(project["dependencies"]) + [r for e in RUNTIME_EXTRAS for r in extras[e]]


def group_requirements(*names: str) -> list[str]:
    """List the requirements of extras or dependency groups of pyproject.toml, by name."""
    data = pyproject()
    extras = data["project"].get("optional-dependencies", {})
    groups = data.get("dependency-groups", {})
    out = []
    for name in names:
        for item in extras.get(name, []) + groups.get(name, []):
            if isinstance(item, str):  # skip {include-group = ...} tables
                out.append(item)
    return out


def tool_names() -> set[str]:
    """Names of what only tests, builds, benchmarks or data generation ask for (never a learner)."""
    return {requirement_name(r) for r in group_requirements("test", "lite", "bench", "data")}


def dependents(path: Path) -> dict[str, set[str]]:
    """``{package: what requires it}`` from a uv lock's ``# via`` notes.

    ``cxkit (pyproject.toml)`` (cxkit's dependencies or an extra) is written ``<cxkit>``,
    ``cxkit (pyproject.toml:test)`` (a dependency group) ``<group:test>``.
    """
    graph: dict[str, set[str]] = {}
    current = None
    in_via = False
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _PIN.match(line)
        if m:
            current, in_via = canonical(m.group(1)), False
            graph.setdefault(current, set())
            continue
        note = line.strip()
        if current is None or not note.startswith("#"):
            continue
        note = note.lstrip("#").strip()
        if note.startswith("via"):
            in_via, note = True, note[3:].strip()
        if not in_via or not note or note.startswith("-c ") or note.startswith("-r "):
            continue
        group = re.fullmatch(r"\S+ \(pyproject\.toml(?::(\S+))?\)", note)
        if group:
            graph[current].add(f"<group:{group.group(1)}>" if group.group(1) else "<cxkit>")
        else:
            graph[current].add(canonical(note))
    return graph


def runtime_closure(path: Path = LOCK) -> set[str]:
    """Return the packages of a lock that the learner's runtime needs: its direct requirements and theirs.

    Read from the lock's own dependency notes, so it needs no installed environment.
    """
    graph = dependents(path)
    needed = {requirement_name(r) for r in runtime_requirements()} & set(graph)
    grew = True
    while grew:
        more = {p for p, parents in graph.items() if p not in needed and parents & needed}
        needed |= more
        grew = bool(more)
    return needed


def environment_yaml(lines: list[str]) -> str:
    body = "\n".join(f"      - {line}" for line in lines)
    return (
        "# Binder's (and conda's) environment of the cxkit course: what a learner needs and nothing\n"
        "# else (no test, build or data-generation tool). Generated by 'make lock' (tools/lockfiles.py)\n"
        "# from pyproject.toml at the versions of requirements.lock (tests/test_environment.py checks).\n"
        "# Binder then runs postBuild, which installs cxkit itself.\n"
        "name: cxkit-course\n"
        "channels:\n"
        "  - conda-forge\n"
        "dependencies:\n"
        f"  - python={PYTHON_PIN}\n"
        "  - pip\n"
        "  - pip:\n"
        f"{body}\n"
    )


def _uv_compile(uv: str, out: Path, *args: str, upgrade: bool = False, hashes: bool = True) -> None:
    cmd = [
        uv,
        "pip",
        "compile",
        *args,
        "--universal",
        "--python-version",
        PYTHON_PIN,
        "--custom-compile-command",
        "make lock",
        "--quiet",
        "-o",
        str(out),
    ]
    if hashes:
        cmd.append("--generate-hashes")
    if upgrade:
        cmd.append("--upgrade")
    subprocess.run(cmd, check=True, cwd=ROOT)


def compile_all(uv: str, *, upgrade: bool = False) -> None:
    """Resolve requirements.lock, requirements-lite.lock and environment.yml with uv.

    requirements.lock is resolved first; the learner's runtime and the Lite build are then
    resolved with it as constraints, so a package common to two files has one version.
    """
    extras = [a for e in LOCK_EXTRAS for a in ("--extra", e)]
    groups = [a for g in LOCK_GROUPS for a in ("--group", f"pyproject.toml:{g}")]
    _uv_compile(uv, LOCK, "pyproject.toml", *extras, *groups, upgrade=upgrade)
    lite_groups = [a for g in LITE_GROUPS for a in ("--group", f"pyproject.toml:{g}")]
    _uv_compile(uv, LITE_LOCK, *lite_groups, "-c", LOCK.name, upgrade=upgrade)
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Path(tmp) / "runtime.txt"
        runtime_extras = [a for e in RUNTIME_EXTRAS for a in ("--extra", e)]
        _uv_compile(uv, runtime, "pyproject.toml", *runtime_extras, "-c", str(LOCK), hashes=False)
        lines = [line.split("#")[0].strip() for line in runtime.read_text(encoding="utf-8").splitlines()]
        ENV.write_text(environment_yaml([line for line in lines if _PIN.match(line)]), encoding="utf-8")


def problems() -> list[str]:
    """Every disagreement between pyproject.toml, the two locks and environment.yml."""
    out = []
    lock = set(read_requirements(LOCK))
    lock_versions: dict[str, set[str]] = {}
    for name, version, _ in lock:
        lock_versions.setdefault(name, set()).add(version)
    env = read_requirements(ENV)
    for name, version, _ in env:
        if name not in lock_versions:
            out.append(f"{name}=={version} is in environment.yml but not in requirements.lock")
        elif version not in lock_versions[name]:
            out.append(
                f"{name}: requirements.lock pins {sorted(lock_versions[name])}, "
                f"environment.yml pins {version}"
            )
    env_names = {name for name, _, _ in env}
    runtime = {requirement_name(r) for r in runtime_requirements()}
    closure = runtime_closure(LOCK)
    tools = tool_names()
    for name in sorted(env_names - closure):
        what = "a test, build or data tool" if name in tools else "not needed by the learner's runtime"
        out.append(f"{name} is in environment.yml (a learner's Binder) but is {what}")
    for name in sorted(closure - env_names):
        out.append(f"{name} (needed by the runtime in requirements.lock) is not in environment.yml")
    wanted = runtime | {requirement_name(r) for r in group_requirements(*LOCK_EXTRAS, *LOCK_GROUPS)}
    for name in sorted(wanted - set(lock_versions)):
        out.append(f"{name} (pyproject.toml) is not pinned in requirements.lock")
    lite = read_requirements(LITE_LOCK)
    lite_names = {name for name, _, _ in lite}
    for name in sorted({requirement_name(r) for r in group_requirements(*LITE_GROUPS)} - lite_names):
        out.append(f"{name} (the lite group of pyproject.toml) is not pinned in requirements-lite.lock")
    for name, version, _ in lite:
        if name in lock_versions and version not in lock_versions[name]:
            out.append(
                f"{name}: requirements-lite.lock pins {version}, requirements.lock "
                f"{sorted(lock_versions[name])}"
            )
    for name in sorted(lock_versions):
        if name.startswith("jupyterlite"):
            out.append(
                f"{name} is in requirements.lock: the Lite build's packages belong in requirements-lite.lock"
            )
    for path in (LOCK, LITE_LOCK):
        out += [f"{path.name}: {line} has no --hash" for line in unhashed_lines(path)]
    if f"python={PYTHON_PIN}" not in ENV.read_text(encoding="utf-8"):
        out.append(f"environment.yml does not pin python={PYTHON_PIN}")
    return out


def constraints(path: Path, without: set[str]) -> str:
    """Write the pins of a lock as a pip constraints file (no hashes), leaving out some packages.

    ``make compat`` installs pandas 3.0.0 with every other package at its locked version.
    """
    out = []
    for name, version, marker in read_requirements(path):
        if name not in without:
            out.append(f"{name}=={version}" + (f" ; {marker}" if marker else ""))
    return "\n".join(out) + "\n"


def extraneous(path: Path, keep: set[str] = frozenset({"cxkit", "pip", "setuptools", "wheel"})) -> list[str]:
    """List the packages installed in the running environment that the lock does not list.

    ``make install`` removes them, so a ``.venv`` made from an older lock (one that still had
    jupyterlite-pyodide-kernel, for example) ends up with exactly the locked packages.
    """
    from importlib.metadata import distributions

    locked = {name for name, _, _ in read_requirements(path)}
    installed = {canonical(d.metadata["Name"]) for d in distributions() if d.metadata["Name"]}
    return sorted(installed - locked - set(keep))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    c = sub.add_parser("compile", help="resolve the locks and environment.yml from pyproject.toml")
    c.add_argument("--uv", required=True, help="path of the uv executable")
    c.add_argument("--upgrade", action="store_true", help="newest versions instead of the locked ones")
    sub.add_parser("check", help="exit 1 when the locks, environment.yml and pyproject.toml disagree")
    k = sub.add_parser("constraints", help="print a lock's pins as a pip constraints file")
    k.add_argument("lock", type=Path)
    k.add_argument("--without", action="append", default=[], help="a package to leave out (repeatable)")
    e = sub.add_parser("extraneous", help="print the installed packages a lock does not list")
    e.add_argument("lock", type=Path)
    args = parser.parse_args(argv)
    if args.command == "constraints":
        print(constraints(args.lock, {canonical(n) for n in args.without}), end="")
        return 0
    if args.command == "extraneous":
        print(" ".join(extraneous(args.lock)))
        return 0
    if args.command == "compile":
        compile_all(args.uv, upgrade=args.upgrade)
    found = problems()
    for p in found:
        print(p, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
