"""The coverage table: every curriculum concept and CCXP domain is taught at a heading that exists."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from cxkit._paths import repo_root
from cxkit.course.coverage import (
    Concept,
    Coverage,
    Domain,
    Place,
    coverage_markdown,
    coverage_problems,
    curriculum_concepts,
    load_coverage,
)
from cxkit.errors import CXConfigError

pytestmark = pytest.mark.course

ROOT = repo_root()
CURRICULUM = Path(os.environ.get("CXKIT_CURRICULUM", ROOT.parent / "shared" / "CURRICULUM.md"))
CCXP_DOMAINS = [
    "Customer insight and understanding",
    "CX strategy",
    "Metrics, measurement and ROI",
    "Design, implementation and innovation",
    "Culture and accountability",
]


def test_every_concept_and_domain_is_taught_at_a_heading_that_exists():
    assert coverage_problems() == []


def test_the_five_ccxp_domains_are_listed():
    assert [d.name for d in load_coverage().domains] == CCXP_DOMAINS


def test_every_module_of_the_course_is_in_the_table():
    modules = sorted(p.name[:2] for p in (ROOT / "modules").glob("[0-9][0-9]-*.ipynb"))
    assert sorted(load_coverage().titles) == modules


@pytest.mark.skipif(
    not CURRICULUM.is_file(), reason="the curriculum (../shared/CURRICULUM.md) is not beside the repo"
)
def test_the_table_has_exactly_the_curriculums_concepts():
    text = CURRICULUM.read_text(encoding="utf-8")
    assert coverage_problems(curriculum=text) == []
    assert sum(map(len, curriculum_concepts(text).values())) == len(load_coverage().concepts)


def test_the_readme_shows_the_table():
    assert coverage_markdown() in (ROOT / "README.md").read_text(encoding="utf-8")


# The check can fail: each kind of gap is reported.


def _notebook(tmp_path: Path, *headings: str) -> None:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": f"## {h}"} for h in headings]
    nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "modules").mkdir(exist_ok=True)
    (tmp_path / "modules" / "07-x.ipynb").write_text(json.dumps(nb), encoding="utf-8")


def _table(*places: str, domain_places: tuple[str, ...] = ("modules/07-x.ipynb#Scores",)) -> Coverage:
    concept = Concept("07", "exact definitions", tuple(Place.parse(p, where="t") for p in places))
    domain = Domain("Metrics", tuple(Place.parse(p, where="t") for p in domain_places))
    return Coverage({"07": "Metrics"}, (concept,), (domain,))


def test_a_renamed_heading_is_a_problem(tmp_path):
    _notebook(tmp_path, "Scores", "Trends")
    assert coverage_problems(_table("modules/07-x.ipynb#Trends"), root=tmp_path) == []
    problems = coverage_problems(_table("modules/07-x.ipynb#Trends over time"), root=tmp_path)
    assert problems == [
        "module 07, 'exact definitions': modules/07-x.ipynb has no heading 'Trends over time'"
    ]


def test_a_missing_notebook_and_an_untaught_concept_are_problems(tmp_path):
    _notebook(tmp_path, "Scores")
    assert coverage_problems(_table(), root=tmp_path) == [
        "module 07, 'exact definitions': taught nowhere (add a place under taught_in)"
    ]
    problems = coverage_problems(_table("modules/08-y.ipynb#Scores", domain_places=()), root=tmp_path)
    assert problems == [
        "module 07, 'exact definitions': modules/08-y.ipynb does not exist",
        "CCXP domain 'Metrics': taught nowhere",
    ]


def test_a_concept_the_curriculum_has_and_the_table_lacks_is_a_problem(tmp_path):
    _notebook(tmp_path, "Scores")
    curriculum = "| 07 | Metrics | exact definitions; trends over time | 004 |"
    problems = coverage_problems(_table("modules/07-x.ipynb#Scores"), root=tmp_path, curriculum=curriculum)
    assert problems == ["module 07, 'trends over time': in the curriculum, missing from the table"]


def test_a_place_that_yaml_read_as_a_mapping_is_refused(tmp_path):
    bad = tmp_path / "coverage.yaml"
    bad.write_text(
        "curriculum:\n  - module: '07'\n    concepts:\n      - concept: x\n"
        "        taught_in:\n          - modules/07-x.ipynb#Who answers: the rates\n",
        encoding="utf-8",
    )
    with pytest.raises(CXConfigError, match=r"curriculum\[0\]\.concepts\[0\]\.taught_in\[0\].*quote it"):
        load_coverage(bad)


def test_curriculum_concepts_split_at_semicolons_outside_parentheses():
    text = (
        "| 03 | Mapping | why map (a, b); the method (goals; personas) and more; personas | 000 |\n| x | y |"
    )
    assert curriculum_concepts(text) == {
        "03": ["why map (a, b)", "the method (goals; personas) and more", "personas"]
    }
