"""Exercises from one source: ``solutions/`` is edited by hand, ``exercises/`` is generated.

An instructor writes the worked solution in ``solutions/NN-slug.ipynb`` and marks what the
learner must do, with nbgrader's markers:

* in a code cell, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are replaced
  by a prompt comment and a placeholder that runs without error: every variable the solution
  assigns becomes ``name = ...  # your answer here`` (an Ellipsis, which ``cxkit.check`` reports
  as "not answered yet"); a block that assigns nothing becomes ``...``;
* in a code cell, a ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS`` block is removed;
* in a markdown cell, the text between ``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->``
  is replaced by ``_Write your answer here._``.

The student notebook has no outputs, no execution counts and no saved widget state, and is
written as deterministic JSON, so regenerating it is byte-identical::

    cxkit exercises build            # or: make exercises
    cxkit exercises build --check    # list the exercises out of date with their solutions
    cxkit exercises start 00         # a working copy in my-work/, never overwritten

Public API: :func:`build_all`, :func:`start` (returns a :class:`WorkingCopy`),
:func:`make_exercise`, :func:`render_exercise`, :func:`repo_root`.
"""

from __future__ import annotations

import ast
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxkit._paths import backup_file, repo_root
from cxkit.errors import CXConfigError, CXWorkExistsError

__all__ = [
    "PLACEHOLDER_COMMENT",
    "WorkingCopy",
    "backup_file",
    "build_all",
    "make_exercise",
    "render_exercise",
    "repo_root",
    "start",
]

#: Comment appended to every placeholder line of a generated exercise.
PLACEHOLDER_COMMENT = "# your answer here"
PROMPT = "# YOUR CODE HERE: replace the ... below with your code and answer."
MARKDOWN_PROMPT = "_Write your answer here._"

_BEGIN_SOLUTION = re.compile(r"^(\s*)#+\s*BEGIN SOLUTION\s*$")
_END_SOLUTION = re.compile(r"^\s*#+\s*END SOLUTION\s*$")
_BEGIN_HIDDEN = re.compile(r"^\s*#+\s*BEGIN HIDDEN TESTS\s*$")
_END_HIDDEN = re.compile(r"^\s*#+\s*END HIDDEN TESTS\s*$")
_MD_SOLUTION = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->.*?<!--\s*END SOLUTION\s*-->", re.DOTALL)
_NOTEBOOK = re.compile(r"^(\d{2})-[\w-]+\.ipynb$")


# ---------------------------------------------------------------------------------------------
# Turning a solution into an exercise
# ---------------------------------------------------------------------------------------------


def _assigned_names(block: list[str]) -> list[str]:
    """Names assigned at the top level of a solution block, in order, without repeats."""
    try:
        tree = ast.parse(textwrap.dedent("\n".join(block)))
    except SyntaxError:
        return []
    names: list[str] = []

    def add(target: ast.AST) -> None:
        if isinstance(target, ast.Name):
            if target.id not in names:
                names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                add(elt)

    for node in tree.body:
        if isinstance(node, ast.Assign):
            for t in node.targets:
                add(t)
        elif isinstance(node, (ast.AnnAssign, ast.AugAssign)):
            add(node.target)
    return names


def _strip_code(source: str, where: str) -> str:
    out: list[str] = []
    lines = source.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _BEGIN_SOLUTION.match(line)
        if m:
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and not _END_SOLUTION.match(lines[j]):
                if _BEGIN_SOLUTION.match(lines[j]):
                    raise CXConfigError(
                        f"{where}: BEGIN SOLUTION inside another solution block (line {j + 1})."
                    )
                j += 1
            if j == len(lines):
                raise CXConfigError(f"{where}: BEGIN SOLUTION on line {i + 1} has no matching END SOLUTION.")
            names = _assigned_names(lines[i + 1 : j])
            out.append(indent + PROMPT)
            if names:
                out.extend(f"{indent}{name} = ...  {PLACEHOLDER_COMMENT}" for name in names)
            else:
                out.append(f"{indent}...  {PLACEHOLDER_COMMENT}")
            i = j + 1
            continue
        if _BEGIN_HIDDEN.match(line):
            j = i + 1
            while j < len(lines) and not _END_HIDDEN.match(lines[j]):
                j += 1
            if j == len(lines):
                raise CXConfigError(
                    f"{where}: BEGIN HIDDEN TESTS on line {i + 1} has no matching END HIDDEN TESTS."
                )
            i = j + 1
            continue
        if _END_SOLUTION.match(line) or _END_HIDDEN.match(line):
            raise CXConfigError(f"{where}: {line.strip()!r} on line {i + 1} has no matching BEGIN marker.")
        out.append(line)
        i += 1
    return "\n".join(out).strip("\n")


def _strip_markdown(source: str, where: str) -> str:
    text = _MD_SOLUTION.sub(MARKDOWN_PROMPT, source)
    if re.search(r"<!--\s*(BEGIN|END) SOLUTION\s*-->", text):
        raise CXConfigError(
            f"{where}: a <!-- BEGIN SOLUTION --> marker has no matching <!-- END SOLUTION -->."
        )
    return text


def make_exercise(nb: Any, *, source_name: str = "notebook") -> Any:
    """Return the student version of a solution notebook (a new ``nbformat`` notebook).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The solution notebook (left unchanged).
    source_name : str
        Used in error messages and recorded in the notebook metadata.

    Raises
    ------
    CXConfigError
        If a marker has no partner; the message names the notebook, cell and line.
    """
    import nbformat

    out = nbformat.v4.new_notebook()
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k not in ("widgets", "cxkit")}
    meta["cxkit"] = {
        "generated_from": source_name,
        "do_not_edit": "edit the solution, then run `make exercises`",
    }
    out.metadata = nbformat.from_dict(meta)
    for index, cell in enumerate(nb.cells):
        where = f"{source_name}, cell {index + 1}"
        cell_id = cell.get("id") or f"cell-{index:03d}"
        cell_meta = {
            k: v
            for k, v in cell.get("metadata", {}).items()
            if k not in ("execution", "collapsed", "scrolled")
        }
        if cell.cell_type == "code":
            text = _strip_code(cell.source, where)
            if not text.strip() and cell.source.strip():
                continue  # the cell held only hidden tests
            new = nbformat.v4.new_code_cell(text)
        elif cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(_strip_markdown(cell.source, where))
        else:
            new = nbformat.v4.new_raw_cell(cell.source)
        new.id = cell_id
        new.metadata = nbformat.from_dict(cell_meta)
        out.cells.append(new)
    return out


def render_exercise(solution_path: str | Path, root: str | Path | None = None) -> str:
    """Return the exact text of the exercise generated from ``solution_path`` (deterministic JSON)."""
    import nbformat

    path = Path(solution_path)
    base = repo_root(root)
    try:
        name = path.resolve().relative_to(base).as_posix()
    except ValueError:
        name = path.name
    nb = nbformat.read(path, as_version=4)
    text = nbformat.writes(make_exercise(nb, source_name=name), version=4)
    return text if text.endswith("\n") else text + "\n"


def _solutions(base: Path) -> list[Path]:
    return sorted(p for p in (base / "solutions").glob("*.ipynb") if _NOTEBOOK.match(p.name))


def build_all(*, check: bool = False, root: str | Path | None = None) -> list[Path]:
    """Regenerate ``exercises/`` from ``solutions/``.

    Parameters
    ----------
    check : bool
        If true, write nothing and return the exercises that are missing or out of date.
    root : path, optional
        The course repository (default: :func:`repo_root`). Nothing is written outside its
        ``exercises/`` folder.

    Returns
    -------
    list of Path
        The exercises written (only those whose content changed), or with ``check`` the ones
        out of date.
    """
    base = repo_root(root)
    out_dir = base / "exercises"
    changed: list[Path] = []
    for sol in _solutions(base):
        target = out_dir / sol.name
        text = render_exercise(sol, base)
        current = target.read_text(encoding="utf-8") if target.exists() else None
        if current == text:
            continue
        changed.append(target)
        if not check:
            out_dir.mkdir(exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
    return changed


# ---------------------------------------------------------------------------------------------
# A learner's working copy
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WorkingCopy:
    """What :func:`start` made: the learner's copy and, with ``force``, the backup of the old one.

    It is path-like (``open(copy)``, ``Path(copy)`` and ``nbformat.read(copy, 4)`` use
    :attr:`path`).

    Attributes
    ----------
    path : Path
        The learner's working copy, ``my-work/NN-slug.ipynb``.
    backup : Path or None
        Where the previous copy was saved (``my-work/NN-slug.backup-YYYYmmdd-HHMMSS.ipynb``), or
        ``None`` when there was no previous copy.
    """

    path: Path
    backup: Path | None = None

    def __fspath__(self) -> str:
        """Return the working copy's path, so the object can be passed where a path is expected."""
        return str(self.path)

    def __str__(self) -> str:
        """Return the working copy's path as text."""
        return str(self.path)


def _normalise_number(number: str | int) -> str:
    text = str(number).strip()
    head = text.split("-", 1)[0]
    return head.zfill(2) if head.isdigit() else text


def start(
    number: str | int,
    *,
    force: bool = False,
    root: str | Path | None = None,
    workdir: str | Path = "my-work",
) -> WorkingCopy:
    """Copy exercise ``number`` into ``my-work/`` for the learner to work on.

    Parameters
    ----------
    number : str or int
        The module number: ``"07"``, ``"7"`` or ``7``.
    force : bool
        Replace an existing copy, after saving it as ``NN-slug.backup-YYYYmmdd-HHMMSS.ipynb``.
    root : path, optional
        The course repository (default: :func:`repo_root`).
    workdir : path
        The learner's folder, relative to ``root`` (git-ignored).

    Returns
    -------
    WorkingCopy
        ``.path``: the learner's copy; ``.backup``: the file the previous copy was saved to
        (``None`` if there was none). ``cxkit exercises start`` prints both.

    Raises
    ------
    CXConfigError
        If there is no exercise with that number (the message lists the exercises).
    CXWorkExistsError
        If the copy exists and ``force`` is false: it is the learner's work.
    """
    base = repo_root(root)
    nn = _normalise_number(number)
    available = sorted(p for p in (base / "exercises").glob("*.ipynb") if _NOTEBOOK.match(p.name))
    matches = [p for p in available if p.name[:2] == nn]
    if not matches:
        listing = ", ".join(p.stem for p in available) or "(none yet)"
        raise CXConfigError(f"There is no exercise {str(number)!r}. The exercises are: {listing}.")
    source = matches[0]
    work = base / workdir
    target = work / source.name
    backup: Path | None = None
    if target.exists():
        shown = target.relative_to(base).as_posix() if target.is_relative_to(base) else str(target)
        if not force:
            raise CXWorkExistsError(
                f"{shown} already exists and is your own work, so it was not overwritten. "
                f"Open it to continue. To start again from a fresh copy, run "
                f"`cxkit exercises start {nn} --force`: your current file is first saved as "
                f"{source.stem}.backup-<date>-<time>.ipynb next to it."
            )
        backup = backup_file(target)
    work.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return WorkingCopy(path=target, backup=backup)
