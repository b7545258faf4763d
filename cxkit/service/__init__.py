"""Service excellence: the framework as data, a team self-assessment, and support-ticket responsiveness.

* :mod:`~cxkit.service.excellence`: the seven principles, seven elements of good service and the
  service skills (``framework.yaml``), with the ISO 23592 levels and the ISO 10002 complaint-handling
  principles in the course's own words;
* :mod:`~cxkit.service.assessment`: the Likert questionnaire (``questionnaire.yaml``),
  ``self_assessment``, ``compare_assessments`` and their chart;
* :mod:`~cxkit.service.priorities`: ``fix_priorities`` (candidate fixes sized by impact, with its
  interval, against effort) and its matrix ``plot_fix_priorities``; the maturity questionnaire of
  module 10 (``maturity_questionnaire``, ``maturity_levels``) runs through the assessment above;
* :mod:`~cxkit.service.governance`: who owns which touchpoint and metric (``governance.yaml``,
  ``load_ownership``) and ``ownership_check`` against the data; :mod:`~cxkit.service.proactive`:
  ``proactive_notice``, the contacts a late-parcel notice would pre-empt;
* support tickets: :mod:`~cxkit.service.timings` (``first_response_time``, ``resolution_time``,
  ``backlog``), :mod:`~cxkit.service.calendar` (the ``BusinessCalendar`` of opening hours),
  :mod:`~cxkit.service.sla` (``sla_met``, ``sla_attainment``, ``csat_by_target``),
  :mod:`~cxkit.service.outcomes` (``fcr_rate``, ``reopen_rate``) and
  :mod:`~cxkit.service.complaints` (``is_complaint``, ``service_recovery``).

>>> from cxkit import service
>>> service.framework().principles[0].name
'Customer-centricity'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cxkit._lazy import lazy_exports

if TYPE_CHECKING:  # pragma: no cover
    from cxkit.service.assessment import (
        Questionnaire,
        compare_assessments,
        example_answers,
        load_questionnaire,
        maturity_levels,
        maturity_questionnaire,
        plot_self_assessment,
        self_assessment,
        self_assessment_alt,
    )
    from cxkit.service.calendar import BusinessCalendar
    from cxkit.service.complaints import COMPLAINT_RULE, ComplaintRule, is_complaint, service_recovery
    from cxkit.service.excellence import Framework, Practice, framework, load_framework
    from cxkit.service.governance import load_ownership, ownership_check
    from cxkit.service.outcomes import fcr_rate, reopen_rate
    from cxkit.service.priorities import (
        FIX_QUADRANTS,
        fix_priorities,
        fix_priorities_alt,
        load_fixes,
        plot_fix_priorities,
    )
    from cxkit.service.proactive import proactive_notice
    from cxkit.service.sla import csat_by_target, sla_attainment, sla_met
    from cxkit.service.timings import backlog, first_response_time, resolution_time

_A = "cxkit.service.assessment"
_F = "cxkit.service.excellence"
_TM = "cxkit.service.timings"
_S = "cxkit.service.sla"
_C = "cxkit.service.complaints"
_O = "cxkit.service.outcomes"
_P = "cxkit.service.priorities"
_G = "cxkit.service.governance"
_EXPORTS = {
    "load_ownership": _G,
    "ownership_check": _G,
    "proactive_notice": "cxkit.service.proactive",
    "FIX_QUADRANTS": _P,
    "fix_priorities": _P,
    "fix_priorities_alt": _P,
    "load_fixes": _P,
    "plot_fix_priorities": _P,
    "Framework": _F,
    "Practice": _F,
    "framework": _F,
    "load_framework": _F,
    "Questionnaire": _A,
    "load_questionnaire": _A,
    "maturity_levels": _A,
    "maturity_questionnaire": _A,
    "self_assessment": _A,
    "compare_assessments": _A,
    "example_answers": _A,
    "plot_self_assessment": _A,
    "self_assessment_alt": _A,
    "BusinessCalendar": "cxkit.service.calendar",
    "COMPLAINT_RULE": _C,
    "ComplaintRule": _C,
    "first_response_time": _TM,
    "resolution_time": _TM,
    "sla_met": _S,
    "sla_attainment": _S,
    "fcr_rate": _O,
    "reopen_rate": _O,
    "backlog": _TM,
    "csat_by_target": _S,
    "is_complaint": _C,
    "service_recovery": _C,
}
__all__ = [
    "COMPLAINT_RULE",
    "FIX_QUADRANTS",
    "BusinessCalendar",
    "ComplaintRule",
    "Framework",
    "Practice",
    "Questionnaire",
    "backlog",
    "compare_assessments",
    "csat_by_target",
    "example_answers",
    "fcr_rate",
    "first_response_time",
    "fix_priorities",
    "fix_priorities_alt",
    "framework",
    "is_complaint",
    "load_fixes",
    "load_framework",
    "load_ownership",
    "load_questionnaire",
    "maturity_levels",
    "maturity_questionnaire",
    "ownership_check",
    "plot_fix_priorities",
    "plot_self_assessment",
    "proactive_notice",
    "reopen_rate",
    "resolution_time",
    "self_assessment",
    "self_assessment_alt",
    "service_recovery",
    "sla_attainment",
    "sla_met",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
