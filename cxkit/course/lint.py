"""The course's notebook standards, checked: ``cxkit lint-notebooks``.

Teaching notebooks (``modules/NN-*.ipynb``) must have

* a first cell in Markdown starting with ``# `` (the title);
* the headings ``## Learning objectives``, ``## Prerequisites``, ``## Summary`` and
  ``## What next`` (any case; extra words after them are fine);
* a line ``**Estimated time:** N minutes`` (or ``min``, ``mins``, ``hours``, ``h``; ``60-90 minutes``
  is fine): :func:`estimated_minutes` reads it, for the lint and for the workshop agendas alike;
* a knowledge check: a code cell calling ``quiz.show(``;
* something to play with: a code cell using ``widgets.``, ``cxkit.widgets`` or ``interact``;
* instructor notes: a Markdown cell starting ``## Instructor notes``, or a
  ``> **Instructor note**`` callout;
* headings that go down one level at a time (no jump from ``#`` to ``###``);
* no ``assert`` in a cell that teaches: the numbers the prose quotes are pinned in a check cell of
  their own, collapsed and left out of the slides (metadata ``{"jupyter": {"source_hidden": true},
  "tags": ["remove-cell"]}``, first line ``# Checks: the numbers the text quotes ...``); modules
  listed in :data:`ASSERT_RULE_PENDING` are not checked yet.

Teaching notebooks and solutions must show every figure with alt text: a code cell that draws
(``plt.``, ``.plot(``, ``subplots(``, a ``plot_...(`` call) calls ``style.show(fig, alt="...")``
with a non-empty ``alt``, and no output holds a bare ``image/png`` (which has no alt text).

Every committed notebook (``modules/``, ``solutions/``, ``exercises/``) has no saved widget state,
no committed widget output (a widget's text fallback such as ``VBox(children=(IntSlider(...``, or a
widget view with no text: before the cell runs, the learner would see that text where the widget
belongs), no output over 200 kB and under 200 kB of outputs in all, and no link in its Markdown to
a file of the course that does not exist (relative links are resolved from the notebook's folder;
web addresses and ``#anchors`` are not checked). Exercises have no outputs at all, no
``BEGIN SOLUTION`` marker, and are up to date with their solution. Every quiz bank in
``modules/quizzes/`` validates, and a teaching notebook with a quiz has its bank.

:func:`lint_all` returns the problems as ``"path: what is wrong and how to fix it"``; an empty
list means every notebook meets the standards.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

__all__ = [
    "ASSERT_RULE_PENDING",
    "MAX_OUTPUT_BYTES",
    "REQUIRED_HEADINGS",
    "estimated_minutes",
    "is_check_cell",
    "lint_all",
    "lint_notebook",
]

#: Limit for one output and for all outputs of a notebook together.
MAX_OUTPUT_BYTES = 200_000
#: Level-2 headings every teaching notebook has (compared case-insensitively, as prefixes).
REQUIRED_HEADINGS: tuple[str, ...] = ("Learning objectives", "Prerequisites", "Summary", "What next")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TIME = re.compile(
    r"\*\*Estimated time:\*\*\s*(?P<low>\d+(?:\.\d+)?)(?:\s*[-–]\s*(?P<high>\d+(?:\.\d+)?))?"
    r"\s*(?P<unit>minutes?|mins?|hours?|h)\b",
    re.I,
)
_DRAWS = re.compile(r"plt\.|\.plot\(|subplots\(|\bplot_\w*\(")
_MODULE = re.compile(r"^\d{2}-[\w-]+\.ipynb$")
_WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
#: The text fallback of an ipywidgets widget: ``VBox(children=(...``, ``IntSlider(value=3)``,
#: ``Output()``. Widgets' reprs always use keywords, so matplotlib's ``Text(0.5, 1.0, 'title')``
#: does not match.
_WIDGET_REPR = re.compile(
    r"^\s*(?:[A-Z]\w*(?:Box|Slider|Progress|Text|Textarea|Picker|Button|Buttons|Layout)|Tab|Accordion|Stack|"
    r"Dropdown|Select|SelectMultiple|Checkbox|Combobox|Password|Output|HTML|HTMLMath|Label|Image|Video|Audio|"
    r"Play|Valid|Controller|Box|HBox|VBox|GridBox|Text|Textarea|Button|interactive)"
    r"\((?:\)|[a-z_]\w*=)"
)
#: ``assert`` as a statement (not inside a word or a string on the same line's start).
_ASSERT = re.compile(r"^\s*assert\b", re.M)
#: The tag of a cell left out of slides and exports (a hidden check of the numbers the text quotes).
REMOVE_CELL = "remove-cell"
#: Teaching notebooks (by number) whose checks are still being moved out of their teaching cells
#: (issue 32 item 2): the ``assert`` rule skips them. Empty it once they comply.
ASSERT_RULE_PENDING: frozenset[str] = frozenset()
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: A course file named in a code span (```exercises/07-cx-metrics.ipynb```): checked from the course root.
_COURSE_PATH = re.compile(r"^(?:modules|exercises|solutions|datasets)/[\w.-]+(?:/[\w.-]+)*$")
_HTML_LINK = re.compile(r"""\b(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.I)


def estimated_minutes(text: str) -> int | None:
    r"""Return the minutes of the first ``**Estimated time:**`` line in ``text``, or None if none.

    The one reader of a notebook's estimated time: the lint (:func:`lint_notebook`), the workshop
    agendas (:mod:`cxkit.instructor.agenda`) and the facilitator notes' test all call it, so a line
    the lint accepts is a line the agendas can read.

    Parameters
    ----------
    text : str
        Markdown, e.g. the Markdown cells of a notebook joined with newlines.

    Returns
    -------
    int or None
        Whole minutes (rounded), or None when ``text`` has no line the standards accept.

    Notes
    -----
    Accepted: ``**Estimated time:**`` then a number (decimals allowed) or a range ``a-b`` (hyphen
    or en dash) and a unit, in any case: ``minute``, ``minutes``, ``min``, ``mins`` or ``hour``,
    ``hours``, ``h``. A range counts as its upper end, max(a, b), since a session plans for the
    longer time; hours are converted as minutes = 60 × hours.

    Examples
    --------
    >>> estimated_minutes("# 07 · Metrics\n\n**Estimated time:** 105 minutes")
    105
    >>> estimated_minutes("**Estimated time:** 90 mins"), estimated_minutes("**Estimated time:** 2 h")
    (90, 120)
    >>> estimated_minutes("**Estimated time:** 60–90 minutes")
    90
    >>> estimated_minutes("**Estimated time:** 1-1.5 hours")
    90
    >>> estimated_minutes("**Estimated time:** about an hour") is None
    True
    """
    found = _TIME.search(text)
    if not found:
        return None
    amount = max(float(found["low"]), float(found["high"] or 0))
    hours = found["unit"].casefold().startswith("h")
    return round(amount * (60 if hours else 1))


def _source(cell: dict[str, Any]) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else str(src)


def _headings(cells: list[dict[str, Any]]) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        fenced = False
        for line in _source(cell).splitlines():
            if line.lstrip().startswith(("```", "~~~")):
                fenced = not fenced
                continue
            m = None if fenced else _HEADING.match(line)
            if m:
                found.append((len(m.group(1)), m.group(2)))
    return found


def _code_lines(src: str) -> str:
    """Return the source without comments, imports and function definitions' headers."""
    keep = []
    for line in src.splitlines():
        stripped = line.strip()
        if stripped.startswith(("#", "import ", "from ", "def ")):
            continue
        keep.append(line)
    return "\n".join(keep)


def _has_alt(src: str) -> bool:
    """Whether the cell calls ``style.show(...)`` with a non-empty ``alt=``."""
    for m in re.finditer(r"style\.show\(", src):
        alt = re.compile(r"\balt\s*=\s*").search(src, m.end())
        if not alt:
            continue
        rest = src[alt.end() :]
        if re.match(r"[rRuUfF]{0,2}(\"\"\"|'''|\"|')\s*\1", rest):
            continue  # alt="" or alt="   "
        if re.match(r"[rRuUfF]{0,2}[\"']|[A-Za-z_(]", rest):
            return True
    return False


def _output_size(output: dict[str, Any]) -> int:
    return len(json.dumps(output, sort_keys=True).encode("utf-8"))


def _is_bare_png(output: dict[str, Any]) -> bool:
    return "image/png" in (output.get("data") or {})


def _widget_fallback(output: dict[str, Any]) -> str | None:
    """Return the start of a committed widget output's text (or a note that it has none), else ``None``."""
    data = output.get("data") or {}
    text = data.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else str(text)
    if _WIDGET_REPR.match(text):
        first = text.strip().splitlines()[0]
        return first if len(first) <= 40 else first[:40] + "..."
    if _WIDGET_VIEW in data and not text.strip():
        return "a widget view with no text"
    return None


def _link_targets(markdown: str) -> tuple[list[str], list[str]]:
    """Return the link and image addresses of a Markdown text, and the course paths in code spans.

    Code blocks are excepted: the Markdown is parsed by mistune, so a link inside ```code``` is not
    a link. The course paths are those named in code spans (``exercises/07-cx-metrics.ipynb``).
    """
    try:
        import mistune  # the Markdown parser of nbconvert, installed with Jupyter
    except ImportError:
        from cxkit.errors import CXConfigError

        raise CXConfigError(
            "Checking the notebooks' links needs the Markdown parser mistune, which comes with Jupyter "
            "(nbconvert); install the course's development tools (or `pip install mistune`)."
        ) from None

    links: list[str] = []
    named: list[str] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for tok in tokens:
            kind = tok.get("type")
            if kind in ("link", "image"):
                links.append(str((tok.get("attrs") or {}).get("url") or ""))
            elif kind in ("inline_html", "block_html"):
                links.extend(a or b for a, b in _HTML_LINK.findall(tok.get("raw") or ""))
            elif kind == "codespan" and _COURSE_PATH.match((tok.get("raw") or "").strip()):
                named.append(tok["raw"].strip())
            if tok.get("children"):
                walk(tok["children"])

    walk(mistune.create_markdown(renderer="ast")(markdown))  # type: ignore[arg-type]
    return links, named


def _dead_links(cells: list[dict[str, Any]], folder: Path, root: Path | None) -> list[tuple[int, str, Path]]:
    """``(cell number, link, resolved path)`` for every link to a missing file of the course.

    Links are relative to the notebook's folder; a course path in a code span
    (``solutions/07-cx-metrics.ipynb``) is relative to the course root, when ``root`` is known.
    """
    dead: list[tuple[int, str, Path]] = []
    for i, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "markdown":
            continue
        links, named = _link_targets(_source(cell))
        for url in links:
            target = unquote(url.split("#", 1)[0].split("?", 1)[0]).strip()
            if not target or _SCHEME.match(url) or url.startswith(("/", "#", "{")):
                continue  # a web address, an attachment, an anchor in this notebook, a template
            if not (folder / target).exists():
                dead.append((i, url, folder / target))
        if root is not None:
            dead.extend((i, name, root / name) for name in named if not (root / name).exists())
    return dead


def lint_notebook(path: Path, kind: str, root: Path | None = None) -> list[str]:
    """Problems of one notebook.

    Parameters
    ----------
    path : Path
    kind : str
        ``"modules"``, ``"solutions"`` or ``"exercises"``: which rules apply (anything else: only
        the rules for every committed notebook and the figure rules).
    root : Path, optional
        Paths in the messages are shown relative to it.
    """
    shown = _shown(path, root)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        cells: list[dict[str, Any]] = nb["cells"]
    except (OSError, ValueError, KeyError, TypeError) as err:
        return [f"{shown}: not a readable notebook ({err}); open and re-save it in JupyterLab."]
    found = _committed_problems(nb, cells, path, root)
    if kind == "exercises":
        found += _exercise_problems(cells)
    else:
        found += _figure_problems(cells)
        if kind == "modules":
            found += _module_problems(cells)
            if path.name[:2] not in ASSERT_RULE_PENDING:
                found += _assert_problems(cells)
    return [f"{shown}: {text}" for text in found]


def _shown(path: Path, root: Path | None) -> str:
    """Return ``path`` as shown in a message: relative to ``root`` when it is inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def _committed_problems(
    nb: dict[str, Any], cells: list[dict[str, Any]], path: Path, root: Path | None
) -> list[str]:
    """Rules for every committed notebook: no widget state or output, small outputs, no dead links."""
    bad: list[str] = []
    widgets_meta = (nb.get("metadata") or {}).get("widgets") or {}
    if _WIDGET_STATE in widgets_meta:
        bad.append(
            "saved widget state in the notebook metadata; in JupyterLab untick Settings > Save Widget State "
            "Automatically, or remove metadata.widgets (e.g. `jupyter nbconvert --clear-output`)."
        )
    total = 0
    for i, cell in enumerate(cells, start=1):
        for out in cell.get("outputs", []) or []:
            fallback = _widget_fallback(out)
            if fallback is not None:
                bad.append(
                    f"cell {i} has a committed widget output ({fallback!r}): before the cell runs the "
                    "learner sees that text where the widget belongs; clear the cell's output before "
                    "committing (or keep only a line such as 'Run this cell to see the widget')."
                )
            size = _output_size(out)
            total += size
            if size > MAX_OUTPUT_BYTES:
                bad.append(
                    f"cell {i} has an output of {size // 1000} kB (limit {MAX_OUTPUT_BYTES // 1000} kB); "
                    "show less (e.g. df.head()) or clear that output before committing."
                )
    if total > MAX_OUTPUT_BYTES:
        bad.append(
            f"outputs total {total // 1000} kB (limit {MAX_OUTPUT_BYTES // 1000} kB); clear large outputs "
            "before committing."
        )
    for i, url, missing in _dead_links(cells, path.parent, root):
        bad.append(
            f"cell {i} links to {url!r}, but {_shown(missing, root)} does not exist (dead link); fix the "
            "path, or name the module as coming (without a link) until it is written."
        )
    return bad


def _exercise_problems(cells: list[dict[str, Any]]) -> list[str]:
    """Rules for a generated exercise: no outputs, no solution markers."""
    bad: list[str] = []
    if any(cell.get("outputs") or cell.get("execution_count") for cell in cells):
        bad.append(
            "an exercise must have no outputs; it is generated: run `make exercises` instead of editing it."
        )
    if any("BEGIN SOLUTION" in _source(cell) for cell in cells):
        bad.append(
            "contains a BEGIN SOLUTION marker; exercises are generated from solutions/: run `make exercises`."
        )
    return bad


def _figure_problems(cells: list[dict[str, Any]]) -> list[str]:
    """Rules for figures (modules and solutions): every figure is shown with alt text."""
    bad: list[str] = []
    for i, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        src = _source(cell)
        if _DRAWS.search(_code_lines(src)) and not _has_alt(src):
            bad.append(
                f"cell {i} draws a figure without alt text; show it with "
                "style.show(fig, alt='what the figure shows and its main message')."
            )
        if any(_is_bare_png(out) for out in cell.get("outputs", []) or []):
            bad.append(
                f"cell {i} has a saved image output: figure without alt text; use style.show(fig, alt=...) "
                "instead of plt.show() and re-run the cell."
            )
    return bad


def _module_problems(cells: list[dict[str, Any]]) -> list[str]:
    """Rules for a teaching notebook: title, required headings, time, quiz, widget, heading levels, notes."""
    bad: list[str] = []
    first = cells[0] if cells else {}
    if first.get("cell_type") != "markdown" or not _source(first).lstrip().startswith("# "):
        bad.append("the first cell must be Markdown starting with '# ' and the notebook's title.")
    heads = _headings(cells)
    names = [text.strip().rstrip("?:.!").casefold() for level, text in heads if level == 2]
    for required in REQUIRED_HEADINGS:
        if not any(name.startswith(required.casefold()) for name in names):
            bad.append(f"no '## {required}' heading; add a Markdown cell with that heading.")
    markdown = "\n".join(_source(c) for c in cells if c.get("cell_type") == "markdown")
    if estimated_minutes(markdown) is None:
        bad.append("no estimated time; add a line '**Estimated time:** 45 minutes' under the title.")
    code = [_source(c) for c in cells if c.get("cell_type") == "code"]
    if not any("quiz.show(" in src for src in code):
        bad.append('no knowledge check; add a code cell `quiz.show("NN", n=...)` (bank in modules/quizzes/).')
    if not any(re.search(r"widgets\.|cxkit\.widgets|\binteract", src) for src in code):
        bad.append(
            "no interactive widget; add a cell using ipywidgets (`widgets.`), "
            "a cxkit.widgets widget or `interact`."
        )
    previous = 0
    for level, text in heads:
        if level > previous + 1:
            bad.append(
                f"heading '{'#' * level} {text}' jumps from level {previous} to {level}; "
                f"use {'#' * (previous + 1)} or add the missing level."
            )
        previous = level
    notes = any(
        c.get("cell_type") == "markdown"
        and (
            _source(c).lstrip().lower().startswith("## instructor notes")
            or "> **instructor note" in _source(c).lower()
        )
        for c in cells
    )
    if not notes:
        bad.append(
            "no instructor notes; add a Markdown cell '## Instructor notes' "
            "or a '> **Instructor note**' callout."
        )
    return bad


def is_check_cell(cell: dict[str, Any]) -> bool:
    """Whether ``cell`` is a hidden check cell: tagged ``remove-cell`` and collapsed (``source_hidden``).

    >>> is_check_cell({"cell_type": "code", "metadata": {"tags": ["remove-cell"],
    ...                "jupyter": {"source_hidden": True}}, "source": "assert 1"})
    True
    >>> is_check_cell({"cell_type": "code", "metadata": {"tags": ["remove-cell"]}, "source": "assert 1"})
    False
    """
    meta = cell.get("metadata") or {}
    hidden = bool((meta.get("jupyter") or {}).get("source_hidden"))
    return cell.get("cell_type") == "code" and REMOVE_CELL in (meta.get("tags") or []) and hidden


def _assert_problems(cells: list[dict[str, Any]]) -> list[str]:
    """Rule for a teaching notebook: ``assert`` only in hidden check cells, never in a cell that teaches."""
    bad: list[str] = []
    for i, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "code" or is_check_cell(cell):
            continue
        if _ASSERT.search(_source(cell)):
            bad.append(
                f"cell {i} teaches and checks a number (`assert`): move the check into its own code cell "
                "right after, first line '# Checks: the numbers the text quotes (collapsed; the course's "
                'tests use them too)\', metadata {"jupyter": {"source_hidden": true}, "tags": '
                '["remove-cell"]} (as modules 01-06 do).'
            )
    return bad


def _lint_banks(base: Path) -> list[str]:
    """Every quiz bank validates, and every teaching notebook with a quiz has its bank."""
    from cxkit.course.quiz import load_bank
    from cxkit.errors import CXConfigError

    problems: list[str] = []
    banks = sorted((base / "modules" / "quizzes").glob("*.yaml"))
    for bank in banks:
        try:
            load_bank(bank)
        except CXConfigError as err:
            problems.append(f"{bank.relative_to(base).as_posix()}: invalid quiz bank: {err}")
    numbers = {b.name[:2] for b in banks}
    for nb in sorted((base / "modules").glob("*.ipynb")):
        if (
            _MODULE.match(nb.name)
            and nb.name[:2] not in numbers
            and "quiz.show(" in nb.read_text(encoding="utf-8")
        ):
            problems.append(
                f"{nb.relative_to(base).as_posix()}: calls quiz.show but there is no bank "
                f"modules/quizzes/{nb.stem}.yaml; write one (see CONTRIBUTING.md)."
            )
    return problems


def lint_all(*, root: str | Path | None = None) -> list[str]:
    """Check every notebook in ``modules/``, ``solutions/`` and ``exercises/``.

    Parameters
    ----------
    root : path, optional
        The course repository (default: found from the cxkit package or the working directory).

    Returns
    -------
    list of str
        ``"path: problem and fix"``, one per problem; empty when all is well.
    """
    from cxkit._paths import repo_root
    from cxkit.course.exercises import build_all

    base = repo_root(root)
    problems: list[str] = []
    for kind in ("modules", "solutions", "exercises"):
        for path in sorted((base / kind).glob("*.ipynb")):
            rules = "other" if kind == "modules" and not _MODULE.match(path.name) else kind
            problems += lint_notebook(path, rules, base)
    problems += _lint_banks(base)
    if (base / "solutions").is_dir():
        for stale in build_all(check=True, root=base):
            problems.append(
                f"{stale.relative_to(base).as_posix()}: missing or out of date with its solution; "
                "run `make exercises` and commit the result."
            )
    return problems
