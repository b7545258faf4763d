"""One export list per package: ``__all__``, ``dir()``, the lazy table and the type checkers' imports agree.

Every package ``__init__.py`` of cxkit has one table ``_EXPORTS = {name: "cxkit.pkg.module"}``;
``__all__ = sorted(_EXPORTS)``; ``__getattr__, __dir__ = lazy_exports(...)`` (cxkit/_lazy.py); and
``if TYPE_CHECKING:`` imports exactly the names of ``_EXPORTS`` from the same modules, for type
checkers and editors. These tests read the ``TYPE_CHECKING`` imports with ``ast`` and compare.
"""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = sorted(".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "cxkit").rglob("__init__.py"))


def type_checking_imports(init: Path) -> dict[str, tuple[str, str]]:
    """Return ``{exported name: (module, name in the module)}`` from ``if TYPE_CHECKING:`` in ``init``."""
    tree = ast.parse(init.read_text(encoding="utf-8"))
    found: dict[str, tuple[str, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            for stmt in node.body:
                assert isinstance(stmt, ast.ImportFrom), f"{init}: {ast.unparse(stmt)} under TYPE_CHECKING"
                assert stmt.level == 0, f"{init}: a relative import under TYPE_CHECKING"
                for alias in stmt.names:
                    name = alias.asname or alias.name
                    assert name not in found, f"{init}: {name} is imported twice under TYPE_CHECKING"
                    found[name] = (str(stmt.module), alias.name)
    return found


def _table(exports: dict[str, str]) -> dict[str, tuple[str, str]]:
    """``{"quiz": "cxkit.course:quiz", "nps": "cxkit.metrics.scores"}`` as ``{name: (module, attr)}``."""
    out = {}
    for name, target in exports.items():
        module, _, attr = target.partition(":")
        out[name] = (module, attr or name)
    return out


def _init(package: str) -> Path:
    return ROOT.joinpath(*package.split(".")) / "__init__.py"


def test_every_package_is_found():
    assert {"cxkit", "cxkit.metrics", "cxkit.journey", "cxkit.widgets", "cxkit.course"} <= set(PACKAGES)


@pytest.mark.parametrize("package", PACKAGES)
def test_all_dir_table_and_type_checking_imports_agree(package):
    pkg = importlib.import_module(package)
    exports = getattr(pkg, "_EXPORTS", None)
    assert isinstance(exports, dict), f"{package} has no _EXPORTS table"
    assert exports, f"{package}'s _EXPORTS table is empty"
    assert pkg.__all__ == sorted(exports), f"{package}.__all__ is not sorted(_EXPORTS)"
    public_dir = [name for name in dir(pkg) if not name.startswith("_")]
    assert public_dir == sorted(exports), f"dir({package}) shows other names than _EXPORTS"
    assert type_checking_imports(_init(package)) == _table(exports), (
        f"{package}: the TYPE_CHECKING imports and _EXPORTS name different things"
    )


@pytest.mark.parametrize("package", PACKAGES)
def test_every_exported_name_resolves_to_its_module(package):
    pkg = importlib.import_module(package)
    for name, (module, attr) in _table(pkg._EXPORTS).items():
        value = getattr(pkg, name)
        source = importlib.import_module(module)
        expected = getattr(source, attr, None)
        if expected is None:  # a sub-module named by "package:submodule"
            expected = importlib.import_module(f"{module}.{attr}")
        assert value is expected, f"{package}.{name} is not {module}.{attr}"


def test_the_check_reads_type_checking_imports(tmp_path):
    """The comparison above can fail: a name missing from TYPE_CHECKING, or from another module."""
    init = tmp_path / "__init__.py"
    init.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from cxkit.metrics.scores import nps\n"
        "    from cxkit.course import quiz as quiz\n"
        "    from cxkit.metrics.tables import trend as breakdown\n"
    )
    found = type_checking_imports(init)
    assert found == {
        "nps": ("cxkit.metrics.scores", "nps"),
        "quiz": ("cxkit.course", "quiz"),
        "breakdown": ("cxkit.metrics.tables", "trend"),
    }
    table = _table(
        {"nps": "cxkit.metrics.scores", "quiz": "cxkit.course:quiz", "breakdown": "cxkit.metrics.tables"}
    )
    assert found != table  # breakdown is imported from trend


def test_importing_cxkit_loads_no_package():
    """The tables are lazy: importing the packages loads none of their exports' modules."""
    code = (
        "import sys, cxkit, cxkit.metrics, cxkit.service, cxkit.course;"
        "print(sorted(m for m in sys.modules if m.startswith('cxkit.') and m.count('.') > 1))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT)},
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", ["analytics", "model", "export"])
def test_journey_exports_its_analytics_model_and_export_names(module):
    """``from cxkit.journey import funnel`` works: the package exports what its modules offer."""
    import cxkit.journey

    names = importlib.import_module(f"cxkit.journey.{module}").__all__
    assert not set(names) - set(cxkit.journey.__all__)


def test_journey_exports_its_drawing_functions():
    import cxkit.journey

    drawing = {"draw_journey_map", "draw_blueprint", "draw_persona", "draw_lifecycle", "draw_flow"}
    assert drawing <= set(cxkit.journey.__all__)
