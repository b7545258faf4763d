"""The metric targets of governance.yaml read as numbers: cxkit.service.metric_targets."""

from __future__ import annotations

import pytest

from cxkit.errors import CXDataError
from cxkit.service import metric_targets

_YAML = """roles: {CX team: Head of CX}
touchpoints: []
metrics:
  - {metric: NPS, responsible: CX team, consulted: x, informed: y, target: "+30"}
  - {metric: CSAT, responsible: CX team, consulted: x, informed: y, target: "80% satisfied"}
  - {metric: CES, responsible: CX team, consulted: x, informed: y, target: "5.5 of 7"}
  - {metric: churn, responsible: CX team, consulted: x, informed: y, target: "-2 points"}
"""


def test_course_targets_are_the_yaml_s():
    # governance.yaml: NPS "+30", CSAT "80% satisfied", CES "5.5 of 7".
    t = metric_targets()
    assert (t["NPS"], t["CSAT"], t["CES"]) == (30.0, 80.0, 5.5)


def test_leading_signed_number_of_each_target(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text(_YAML, encoding="utf-8")
    assert metric_targets(path=p) == {"NPS": 30.0, "CSAT": 80.0, "CES": 5.5, "churn": -2.0}


def test_a_target_without_a_number_names_the_metric(tmp_path):
    p = tmp_path / "g.yaml"
    p.write_text(_YAML.replace('"5.5 of 7"', '"easy"'), encoding="utf-8")
    with pytest.raises(CXDataError, match=r"column 'target', row CES: .*found 'easy'"):
        metric_targets(path=p)
