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
* :mod:`~cxkit.service.tickets`: ``first_response_time``, ``resolution_time``, ``sla_attainment``,
  ``fcr_rate``, ``reopen_rate``, ``backlog``, the ``BusinessCalendar``, and the complaints view
  (``is_complaint``, ``service_recovery``).

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
    from cxkit.service.excellence import Framework, Practice, framework, load_framework
    from cxkit.service.governance import load_ownership, ownership_check
    from cxkit.service.priorities import (
        FIX_QUADRANTS,
        fix_priorities,
        fix_priorities_alt,
        load_fixes,
        plot_fix_priorities,
    )
    from cxkit.service.proactive import proactive_notice
    from cxkit.service.tickets import (
        COMPLAINT_RULE,
        BusinessCalendar,
        ComplaintRule,
        backlog,
        csat_by_target,
        fcr_rate,
        first_response_time,
        is_complaint,
        reopen_rate,
        resolution_time,
        service_recovery,
        sla_attainment,
        sla_met,
    )

_A = "cxkit.service.assessment"
_F = "cxkit.service.excellence"
_T = "cxkit.service.tickets"
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
    "BusinessCalendar": _T,
    "COMPLAINT_RULE": _T,
    "ComplaintRule": _T,
    "first_response_time": _T,
    "resolution_time": _T,
    "sla_met": _T,
    "sla_attainment": _T,
    "fcr_rate": _T,
    "reopen_rate": _T,
    "backlog": _T,
    "csat_by_target": _T,
    "is_complaint": _T,
    "service_recovery": _T,
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
