"""Service excellence: the framework as data, a team self-assessment, and support-ticket responsiveness.

* :mod:`~cxkit.service.excellence`: the seven principles, seven elements of good service and the
  service skills (``framework.yaml``), with the ISO 23592 levels and the ISO 10002 complaint-handling
  principles in the course's own words;
* :mod:`~cxkit.service.assessment`: the Likert questionnaire (``questionnaire.yaml``),
  ``self_assessment``, ``compare_assessments`` and their chart;
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
        plot_self_assessment,
        self_assessment,
        self_assessment_alt,
    )
    from cxkit.service.excellence import Framework, Practice, framework, load_framework
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
_EXPORTS = {
    "Framework": _F,
    "Practice": _F,
    "framework": _F,
    "load_framework": _F,
    "Questionnaire": _A,
    "load_questionnaire": _A,
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
    "framework",
    "is_complaint",
    "load_framework",
    "load_questionnaire",
    "plot_self_assessment",
    "reopen_rate",
    "resolution_time",
    "self_assessment",
    "self_assessment_alt",
    "service_recovery",
    "sla_attainment",
    "sla_met",
]
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
