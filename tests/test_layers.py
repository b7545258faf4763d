"""cxkit's packages keep their layers: no private name crosses a package, and the README states the contract.

`lint-imports` (``make lint``, contracts in ``.importlinter``) checks the layers, that private
*modules* stay inside their package and that no package's modules import each other in a cycle.
import-linter sees modules, not names, so the private *names* (``from cxkit.widgets.sla_explorer
import _fmt``) are checked here by reading every module's imports with ``ast``.
"""

from __future__ import annotations

import ast
import configparser
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def private_imports_across_packages(src: Path = ROOT) -> list[str]:
    """Return ``file:line: import`` for every private name or module taken from another package.

    ``src`` holds the ``cxkit`` folder. A package is ``cxkit.<name>`` (a folder) or a top-level
    module; top-level private modules (``cxkit._checks``, ``cxkit._paths``) are meant for sharing.
    """
    lib = src / "cxkit"

    def package(module: str) -> str:
        parts = module.split(".")
        return ".".join(parts[:2]) if len(parts) >= 2 and (lib / parts[1]).is_dir() else module

    def is_module(dotted: str) -> bool:
        path = src.joinpath(*dotted.split("."))
        return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()

    problems = []
    for path in sorted(lib.rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        module = ".".join(parts[:-1] if is_package else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Modules of other packages bound to a name (`from cxkit.journey import layout as d`):
        # `d._canvas` reaches a private name as surely as `from ... import _canvas` does.
        bound: dict[str, str] = {}
        for node in sorted(ast.walk(tree), key=lambda n: getattr(n, "lineno", 0)):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in bound
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                problems.append(
                    f"{path.relative_to(src).as_posix()}:{node.lineno}: {bound[node.value.id]}.{node.attr}"
                )
                continue
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = module.split(".") if is_package else module.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    source = ".".join([*base, *([node.module] if node.module else [])])
                else:
                    source = node.module or ""
                imported = [(source, alias.name) for alias in node.names]
            elif isinstance(node, ast.Import):
                imported = [(alias.name, "") for alias in node.names]
            else:
                continue
            for target, name in imported:
                if target.split(".")[0] != "cxkit":
                    continue
                if name and is_module(f"{target}.{name}"):  # `from cxkit.data import _texts`
                    target, name = f"{target}.{name}", ""
                if package(target) == package(module):
                    continue
                if not name and is_module(target):
                    alias = next(a for a in node.names if target.endswith(a.name.split(".")[-1]))
                    bound[alias.asname or alias.name.split(".")[-1]] = target
                inner = target.split(".")[2:] if package(target) != target else []
                if any(p.startswith("_") for p in inner) or name.startswith("_"):
                    shown = f"{target} import {name}" if name else target
                    problems.append(f"{path.relative_to(src).as_posix()}:{node.lineno}: {shown}")
    return problems


def test_no_private_name_is_imported_across_packages():
    problems = private_imports_across_packages()
    assert not problems, (
        "a package imports another package's private names; move the helper to a module meant for "
        "sharing (cxkit/_checks.py, cxkit/data/parse.py, cxkit/_paths.py, cxkit.style) under a public "
        "name:\n" + "\n".join(problems)
    )


def test_the_check_finds_private_imports(tmp_path):
    """The test above can fail: names and modules taken from another package are reported."""
    for folder in ("dashboard", "widgets", "metrics", "journey"):
        (tmp_path / "cxkit" / folder).mkdir(parents=True)
    (tmp_path / "cxkit" / "_checks.py").write_text("")
    (tmp_path / "cxkit" / "metrics" / "_validate.py").write_text("")
    (tmp_path / "cxkit" / "journey" / "layout.py").write_text("")
    (tmp_path / "cxkit" / "dashboard" / "render.py").write_text(
        "from cxkit.widgets.sla_explorer import _fmt\n"
        "from cxkit._checks import require_columns\n"  # shared: allowed
        "from cxkit.dashboard.core import _private\n"  # its own package: allowed
        "def f():\n    from cxkit.metrics._validate import require_columns\n"
        "from cxkit.metrics import _validate\n"
        "from cxkit.journey import layout as d\n"
        "d.canvas(d._BAND)\n"
    )
    assert private_imports_across_packages(tmp_path) == [
        "cxkit/dashboard/render.py:1: cxkit.widgets.sla_explorer import _fmt",
        "cxkit/dashboard/render.py:5: cxkit.metrics._validate import require_columns",
        "cxkit/dashboard/render.py:6: cxkit.metrics._validate",
        "cxkit/dashboard/render.py:8: cxkit.journey.layout._BAND",
    ]


def _readme_layers() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- layers: [^>]*-->\n```\n(.*?)```", text, re.S)
    assert block, "README.md has no layers block (<!-- layers: ... --> then a code block)"
    return [line.strip() for line in block.group(1).splitlines() if line.strip()]


def _contract_layers() -> list[str]:
    config = configparser.ConfigParser()
    config.read(ROOT / ".importlinter", encoding="utf-8")
    raw = config["importlinter:contract:layers"]["layers"]
    return [line.strip() for line in raw.splitlines() if line.strip()]


def test_readme_states_the_import_contract():
    assert _readme_layers() == _contract_layers()


def test_every_package_is_in_a_layer():
    lib = ROOT / "cxkit"
    named = {name.strip("() ") for line in _contract_layers() for name in line.split("|")}
    present = {p.stem for p in lib.glob("*.py") if p.stem != "__init__"} | {
        p.name for p in lib.iterdir() if (p / "__init__.py").is_file()
    }
    assert named == present


@pytest.mark.slow
def test_import_contract_holds():
    """The contracts of ``.importlinter`` (also run by ``make lint``)."""
    import subprocess
    import sys

    lint = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run(
        [str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.returncode == 0, done.stdout[-4000:]
