"""Service excellence: the framework as data, a team self-assessment, and support-ticket responsiveness.

* :mod:`~cxkit.service.excellence`: the seven principles, seven elements of good service and the
  service skills (``framework.yaml``), with the ISO 23592 levels and the ISO 10002 complaint-handling
  principles in the course's own words;
* :mod:`~cxkit.service.assessment`: the Likert questionnaire (``questionnaire.yaml``),
  ``self_assessment``, ``compare_assessments`` and their chart;
* :mod:`~cxkit.service.priorities`: ``fix_value`` (what a fix is worth a year, from behaviour:
  customers affected × effect on coming back × margin, with its interval), ``fix_priorities``
  (every candidate fix's value against its effort) and its matrix ``plot_fix_priorities``; the
  maturity questionnaire of module 10 (``maturity_questionnaire``, ``maturity_levels``) runs
  through the assessment above;
* :mod:`~cxkit.service.governance`: who owns which touchpoint and metric (``governance.yaml``,
  ``load_ownership``) and ``ownership_check`` against the data; :mod:`~cxkit.service.proactive`:
  ``proactive_notice``, the contacts a late-parcel notice would pre-empt;
* support tickets: :mod:`~cxkit.service.timings` (``first_response_time``, ``resolution_time``,
  ``backlog``), :mod:`~cxkit.service.calendar` (the ``BusinessCalendar`` of opening hours),
  :mod:`~cxkit.service.sla` (``sla_met``, ``sla_attainment``, ``csat_by_target``),
  :mod:`~cxkit.service.outcomes` (``fcr_rate``, ``reopen_rate``),
  :mod:`~cxkit.service.complaints` (``is_complaint``, ``service_recovery``),
  :mod:`~cxkit.service.demand` (``failure_demand``, ``contact_rate``) and the figures of
  :mod:`~cxkit.service.figures` (``plot_response_times``, ``plot_csat_by_target``, ``plot_backlog``).

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
    from cxkit.service.demand import FAILURE_RULE, FailureRule, contact_rate, failure_demand
    from cxkit.service.excellence import Framework, Practice, framework, load_framework
    from cxkit.service.figures import plot_backlog, plot_csat_by_target, plot_response_times
    from cxkit.service.governance import load_ownership, metric_targets, ownership_check
    from cxkit.service.outcomes import fcr_rate, reopen_rate
    from cxkit.service.priorities import (
        FIX_QUADRANTS,
        PROBLEMS,
        fix_priorities,
        fix_priorities_alt,
        fix_value,
        load_fixes,
        plot_fix_priorities,
    )
    from cxkit.service.proactive import proactive_notice
    from cxkit.service.sla import csat_by_target, sla_attainment, sla_met
    from cxkit.service.timings import backlog, first_response_time, resolution_time

_EXPORTS = {
    "compare_assessments": "cxkit.service.assessment",
    "example_answers": "cxkit.service.assessment",
    "load_questionnaire": "cxkit.service.assessment",
    "maturity_levels": "cxkit.service.assessment",
    "maturity_questionnaire": "cxkit.service.assessment",
    "plot_self_assessment": "cxkit.service.assessment",
    "Questionnaire": "cxkit.service.assessment",
    "self_assessment": "cxkit.service.assessment",
    "self_assessment_alt": "cxkit.service.assessment",
    "BusinessCalendar": "cxkit.service.calendar",
    "COMPLAINT_RULE": "cxkit.service.complaints",
    "ComplaintRule": "cxkit.service.complaints",
    "is_complaint": "cxkit.service.complaints",
    "service_recovery": "cxkit.service.complaints",
    "Framework": "cxkit.service.excellence",
    "framework": "cxkit.service.excellence",
    "load_framework": "cxkit.service.excellence",
    "Practice": "cxkit.service.excellence",
    "load_ownership": "cxkit.service.governance",
    "metric_targets": "cxkit.service.governance",
    "ownership_check": "cxkit.service.governance",
    "contact_rate": "cxkit.service.demand",
    "FAILURE_RULE": "cxkit.service.demand",
    "failure_demand": "cxkit.service.demand",
    "FailureRule": "cxkit.service.demand",
    "plot_backlog": "cxkit.service.figures",
    "plot_csat_by_target": "cxkit.service.figures",
    "plot_response_times": "cxkit.service.figures",
    "fcr_rate": "cxkit.service.outcomes",
    "reopen_rate": "cxkit.service.outcomes",
    "fix_priorities": "cxkit.service.priorities",
    "fix_priorities_alt": "cxkit.service.priorities",
    "FIX_QUADRANTS": "cxkit.service.priorities",
    "fix_value": "cxkit.service.priorities",
    "PROBLEMS": "cxkit.service.priorities",
    "load_fixes": "cxkit.service.priorities",
    "plot_fix_priorities": "cxkit.service.priorities",
    "proactive_notice": "cxkit.service.proactive",
    "csat_by_target": "cxkit.service.sla",
    "sla_attainment": "cxkit.service.sla",
    "sla_met": "cxkit.service.sla",
    "backlog": "cxkit.service.timings",
    "first_response_time": "cxkit.service.timings",
    "resolution_time": "cxkit.service.timings",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
