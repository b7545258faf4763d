"""The course glossary (modules/glossary.md) is complete where modules rely on it, and its links hold.

Modules explain a term where it first appears (in bold) and the glossary collects it with a plain
definition and the module section that first uses it. Later modules extend the same table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.course

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "modules" / "glossary.md"
ROW = re.compile(r"^\| \*\*(?P<term>[^*]+)\*\* \| (?P<definition>[^|]+) \| (?P<where>[^|]+) \|$")
LINK = re.compile(r"\[(?P<label>[^\]]+)\]\((?P<target>[^)]+)\)")

#: Jargon module 07 must explain where it first uses it (issue 9): each is bold there and in the glossary.
MODULE_07_JARGON = (
    "p-value",
    "z-test",
    "power",
    "normal quantile",
    "coverage",
    "trinomial",
    "cluster-robust",
    "relationship NPS",
    "transactional",
)


def _rows() -> list[dict[str, str]]:
    rows = [
        m.groupdict() for line in GLOSSARY.read_text(encoding="utf-8").splitlines() if (m := ROW.match(line))
    ]
    assert len(rows) >= 30
    return rows


def _markdown(notebook: str) -> str:
    nb = json.loads((ROOT / "modules" / notebook).read_text(encoding="utf-8"))
    return "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")


def _headings(notebook: str) -> list[str]:
    return re.findall(r"^#{2,3} (.+)$", _markdown(notebook), re.M)


def test_terms_are_in_alphabetical_order_once_each() -> None:
    terms = [r["term"].casefold() for r in _rows()]
    assert terms == sorted(terms)
    assert len(set(terms)) == len(terms)


def test_every_term_names_an_existing_module_and_one_of_its_sections() -> None:
    for row in _rows():
        links = LINK.findall(row["where"])
        assert len(links) == 1, row
        ((_label, target),) = links
        assert (GLOSSARY.parent / target).exists(), f"{row['term']}: {target} does not exist"
        section = re.search(r"\*([^*]+)\*", row["where"])
        assert section, f"{row['term']}: name the section that first uses it, in italics"
        assert any(h.startswith(section.group(1)) for h in _headings(target)), (row["term"], section.group(1))


@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "modules").glob("[0-9][0-9]-*.ipynb")))
def test_modules_link_to_the_glossary(notebook: str) -> None:
    assert "](glossary.md)" in _markdown(notebook)


@pytest.mark.parametrize("term", MODULE_07_JARGON)
def test_module_07_jargon_is_explained_in_bold_and_in_the_glossary(term: str) -> None:
    text = _markdown("07-cx-metrics.ipynb")
    assert re.search(rf"\*\*{re.escape(term)}\*\*", text, re.I), f"module 07 never explains {term!r} in bold"
    assert any(r["term"].casefold().startswith(term.casefold()) for r in _rows()), (
        f"{term!r} not in the glossary"
    )
