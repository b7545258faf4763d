"""Where the course teaches each concept of its curriculum and each CCXP domain.

The coverage table is data, ``modules/coverage.yaml``: for every concept of the curriculum (one
row of ``CURRICULUM.md`` per module, its concepts split at the semicolons of the "concepts that
must be taught" column) and for each of the five domains of the CXPA's Certified Customer
Experience Professional exam, the places that teach it, each written ``notebook#heading``.

:func:`coverage_problems` lists what is wrong: a concept or domain with no place, a notebook that
does not exist, a heading that is not (or no longer) in its notebook, and, given the curriculum's
text, a concept of the curriculum missing from the table or one the curriculum no longer has.
:func:`coverage_markdown` renders the table the README shows::

    python -m cxkit.course.coverage --markdown   # the README's table
    python -m cxkit.course.coverage --check      # exit 1 and list the problems
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxkit._paths import repo_root
from cxkit.errors import CXConfigError

__all__ = [
    "Concept",
    "Coverage",
    "Domain",
    "Place",
    "coverage_markdown",
    "coverage_problems",
    "curriculum_concepts",
    "load_coverage",
    "notebook_headings",
]

#: Where the table lives, relative to the course's root.
COVERAGE_FILE = "modules/coverage.yaml"
_ROW = re.compile(r"^\|\s*(\d\d)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*$")


@dataclass(frozen=True)
class Place:
    """One place that teaches something: a notebook and one of its headings."""

    notebook: str
    heading: str

    @classmethod
    def parse(cls, text: str, *, where: str) -> Place:
        """Read ``"modules/07-cx-metrics.ipynb#Trends over time"``."""
        if not isinstance(text, str):
            raise CXConfigError(
                f"{COVERAGE_FILE}, {where}: {text!r} is not a place; expected a string "
                "'path/to/notebook.ipynb#Heading text' (quote it when the heading has ': ')"
            )
        notebook, sep, heading = text.partition("#")
        if not sep or not notebook.endswith(".ipynb") or not heading.strip():
            raise CXConfigError(
                f"{COVERAGE_FILE}, {where}: {text!r} is not a place; expected "
                "'path/to/notebook.ipynb#Heading text'"
            )
        return cls(notebook.strip(), heading.strip())

    def __str__(self) -> str:
        """Write the place as the table does: ``notebook#heading``."""
        return f"{self.notebook}#{self.heading}"


@dataclass(frozen=True)
class Concept:
    """A concept of the curriculum and where it is taught."""

    module: str
    concept: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Domain:
    """A CCXP domain and where the course prepares for it."""

    name: str
    places: tuple[Place, ...]


@dataclass(frozen=True)
class Coverage:
    """The coverage table: the curriculum's concepts and the CCXP domains."""

    titles: dict[str, str]
    concepts: tuple[Concept, ...]
    domains: tuple[Domain, ...]


def _places(entry: dict[str, Any], *, where: str) -> tuple[Place, ...]:
    raw = entry.get("taught_in") or []
    if not isinstance(raw, list):
        raise CXConfigError(f"{COVERAGE_FILE}, {where}.taught_in: expected a list of places, got {raw!r}")
    return tuple(Place.parse(p, where=f"{where}.taught_in[{i}]") for i, p in enumerate(raw))


def load_coverage(path: str | Path | None = None) -> Coverage:
    """Read the coverage table (default: the course's ``modules/coverage.yaml``).

    Raises
    ------
    CXConfigError
        When the file is not the expected shape; the message names the path inside the file.
    """
    import yaml

    file = Path(path) if path is not None else repo_root() / COVERAGE_FILE
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CXConfigError(f"{file}: not valid YAML ({exc})") from None
    if not isinstance(data, dict) or not isinstance(data.get("curriculum"), list):
        raise CXConfigError(f"{file}: expected a mapping with a 'curriculum' list")
    titles: dict[str, str] = {}
    concepts: list[Concept] = []
    for i, row in enumerate(data["curriculum"]):
        module = str(row.get("module", ""))
        if not re.fullmatch(r"\d\d", module):
            raise CXConfigError(f"{file}, curriculum[{i}].module: expected two digits, got {module!r}")
        titles[module] = str(row.get("title", ""))
        for j, entry in enumerate(row.get("concepts") or []):
            where = f"curriculum[{i}].concepts[{j}]"
            if not isinstance(entry, dict):
                raise CXConfigError(f"{file}, {where}: expected 'concept:' and 'taught_in:', got {entry!r}")
            text = " ".join(str(entry.get("concept", "")).split())
            if not text:
                raise CXConfigError(f"{file}, {where}.concept: empty")
            concepts.append(Concept(module, text, _places(entry, where=where)))
    domains = tuple(
        Domain(" ".join(str(d.get("domain", "")).split()), _places(d, where=f"ccxp[{i}]"))
        for i, d in enumerate(data.get("ccxp") or [])
    )
    return Coverage(titles, tuple(concepts), domains)


def curriculum_concepts(text: str) -> dict[str, list[str]]:
    """Split the curriculum's table into its concepts, by module.

    A concept is one semicolon-separated part of the "concepts that must be taught" column
    (semicolons inside parentheses do not split).

    Examples
    --------
    >>> curriculum_concepts("| 02 | Journey | a; b (c; d); e | 001 |")
    {'02': ['a', 'b (c; d)', 'e']}
    """
    out: dict[str, list[str]] = {}
    for line in text.splitlines():
        m = _ROW.match(line)
        if not m:
            continue
        parts, depth, current = [], 0, ""
        for ch in m.group(3):
            depth += (ch == "(") - (ch == ")")
            if ch == ";" and depth == 0:
                parts.append(current)
                current = ""
            else:
                current += ch
        parts.append(current)
        out[m.group(1)] = [" ".join(p.split()) for p in parts if p.strip()]
    return out


def notebook_headings(path: str | Path) -> list[str]:
    """List the Markdown headings of a notebook, without their ``#`` marks.

    The headings the notebook standards see (:mod:`cxkit.course.lint`): lines in fenced code
    blocks are not headings.
    """
    from cxkit.course.lint import _headings

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    return [text for _level, text in _headings(nb.get("cells", []))]


def coverage_problems(
    coverage: Coverage | None = None, *, root: str | Path | None = None, curriculum: str | None = None
) -> list[str]:
    """List what is wrong with the coverage table; an empty list means nothing is.

    Parameters
    ----------
    coverage
        The table (default: :func:`load_coverage`).
    root
        The course's root folder, where the notebooks are (default: this course).
    curriculum
        The text of ``CURRICULUM.md``; when given, its concepts and the table's must be the same.
    """
    coverage = coverage if coverage is not None else load_coverage()
    base = Path(root) if root is not None else repo_root()
    problems: list[str] = []
    headings: dict[str, list[str] | None] = {}

    def check(place: Place, what: str) -> None:
        if place.notebook not in headings:
            file = base / place.notebook
            headings[place.notebook] = notebook_headings(file) if file.is_file() else None
        found = headings[place.notebook]
        if found is None:
            problems.append(f"{what}: {place.notebook} does not exist")
        elif place.heading not in found:
            problems.append(f"{what}: {place.notebook} has no heading {place.heading!r}")

    for c in coverage.concepts:
        what = f"module {c.module}, {c.concept!r}"
        if not c.places:
            problems.append(f"{what}: taught nowhere (add a place under taught_in)")
        for place in c.places:
            check(place, what)
    for d in coverage.domains:
        if not d.places:
            problems.append(f"CCXP domain {d.name!r}: taught nowhere")
        for place in d.places:
            check(place, f"CCXP domain {d.name!r}")
    if curriculum is not None:
        wanted = {(m, c) for m, cs in curriculum_concepts(curriculum).items() for c in cs}
        have = {(c.module, c.concept) for c in coverage.concepts}
        problems += [
            f"module {m}, {c!r}: in the curriculum, missing from the table" for m, c in sorted(wanted - have)
        ]
        problems += [
            f"module {m}, {c!r}: in the table, not in the curriculum" for m, c in sorted(have - wanted)
        ]
    return problems


def _link(place: Place) -> str:
    number = Path(place.notebook).name[:2]
    label = (
        f"{number} · {place.heading}"
        if number.isdigit()
        else f"{Path(place.notebook).stem} · {place.heading}"
    )
    return f"[{label}]({place.notebook})"


def coverage_markdown(coverage: Coverage | None = None) -> str:
    """Render the coverage table as Markdown (the README's table)."""
    coverage = coverage if coverage is not None else load_coverage()
    lines = ["| module | concept | taught in |", "| --- | --- | --- |"]
    for c in coverage.concepts:
        module = f"{c.module} {coverage.titles.get(c.module, '')}".strip()
        lines.append(f"| {module} | {c.concept} | {'<br>'.join(_link(p) for p in c.places)} |")
    lines += ["", "| CCXP domain | taught in |", "| --- | --- |"]
    for d in coverage.domains:
        lines.append(f"| {d.name} | {'<br>'.join(_link(p) for p in d.places)} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Print the table (``--markdown``) or check it (``--check``)."""
    parser = argparse.ArgumentParser(
        prog="python -m cxkit.course.coverage", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--markdown", action="store_true", help="print the README's table")
    parser.add_argument("--check", action="store_true", help="list the problems; exit 1 if any")
    args = parser.parse_args(argv)
    if args.check:
        problems = coverage_problems()
        print("\n".join(problems) or "coverage: every concept and domain is taught")
        return 1 if problems else 0
    print(coverage_markdown(), end="")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
