"""Checkers of the artefact tasks: a persona, a map, a blueprint, an inventory, a reply, a case.

An artefact is CX work a learner saves in ``my-work/`` (or writes in the notebook): it has no
single right answer, so :func:`cxkit.check` reads what it can from it and scores it with the
task's rubric (:mod:`cxkit.course.rubric`), naming what is missing criterion by criterion, with
feedback that teaches the move and never gives a model answer::

    from cxkit.course.artefacts import template
    path = template("03.persona")            # my-work/procurement-lead-persona.yaml, never overwritten
    # ... fill it in from the evidence ...
    cxkit.check("03.persona", path)          # verdict + the rubric, criterion by criterion

The verdict is ``correct`` when every criterion is at its top level, ``close`` at half the rubric's
score or more, ``wrong`` below, ``unanswered`` for the placeholder ``...``, a missing file or an
untouched template. A file that breaks the journey schema is ``wrong`` with the schema's own
message (file, path in it, value, what was expected).

==================  ==============================  =============================================
id                  the artefact                    what the checker reads
==================  ==============================  =============================================
``03.persona``      persona from evidence (YAML)    the persona schema; evidence from comments,
                                                    tickets, behaviour; counts; each goal and
                                                    frustration traced to a finding
``03.map``          current-state map (YAML)        the journey schema; stages, steps,
                                                    touchpoints; the curve and its pain points;
                                                    unseen steps, moments of truth; evidence
``03.blueprint``    returns blueprint (YAML)        the blueprint schema and its links to the
                                                    map; lanes; fail points with recovery; waits
``04.inventory``    own touchpoint inventory (CSV)  rows complete; phases; channels; measures;
                                                    moments of truth
``06.reply``        reply to a complaint (text)     acknowledge, own, explain, fix, follow up
``09.coding``       20 comments hand-coded          labels; a reason for every disagreement with
                                                    VADER (agreement and Cohen's kappa reported)
``10.case``         impact/effort case (YAML)       problem, impact range and mechanism, effort
                                                    and owner, assumptions with tests, decision
``11.brief``        capstone brief (YAML)           decision, data, method, finding, limits
==================  ==============================  =============================================
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxkit._paths import read_yaml, repo_root
from cxkit.course.rubric import Assessment, load_rubric, record
from cxkit.errors import CXConfigError, CXError, CXMapError

__all__ = ["ARTEFACTS", "Verdict", "check_artefact", "coding_sample", "complaint", "template"]

_TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class Artefact:
    """One artefact task: its rubric, its template (a file in ``templates/``) and its checker."""

    id: str
    rubric: str
    checker: Callable[[Any], tuple[dict[str, int], dict[str, str], str]]
    template: str | None = None


ARTEFACTS: dict[str, Artefact] = {}


def _artefact(
    artefact_id: str, rubric: str, template: str | None = None
) -> Callable[[Callable[..., Any]], Any]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        ARTEFACTS[artefact_id] = Artefact(artefact_id, rubric, fn, template)
        return fn

    return register


@dataclass(frozen=True)
class Verdict:
    """What :func:`check_artefact` found; :func:`cxkit.check` shows it as an ``ArtefactResult``."""

    verdict: str
    message: str
    assessment: Assessment | None = None
    report: str = ""


class _Unanswered(Exception):
    """The artefact is not there yet (no file, the untouched template)."""


# ---------------------------------------------------------------------------------------------
# Templates and the checking entry point
# ---------------------------------------------------------------------------------------------


def template(artefact_id: str, path: str | Path | None = None, *, root: str | Path | None = None) -> Path:
    """Copy the artefact's template into ``my-work/`` and return its path; an existing file is kept.

    A learner's file is never overwritten: when ``path`` exists, it is returned as it is.

    Parameters
    ----------
    artefact_id : str
        One of the ids with a template (``"03.persona"``, ``"03.map"``, ``"03.blueprint"``,
        ``"04.inventory"``, ``"10.case"``, ``"11.brief"``).
    path : path, optional
        Where to write it (default: ``my-work/<template's name>`` in the course folder).

    Raises
    ------
    CXConfigError
        An id without a template (the message lists those with one).
    """
    art = ARTEFACTS.get(artefact_id)
    if art is None or art.template is None:
        with_template = ", ".join(k for k, a in ARTEFACTS.items() if a.template)
        raise CXConfigError(
            f"There is no template for {artefact_id!r}; the templates are for {with_template}."
        )
    target = Path(path) if path is not None else repo_root(root) / "my-work" / art.template
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text((_TEMPLATES / art.template).read_text(encoding="utf-8"), encoding="utf-8")
    return target


def _is_template(path: Path, artefact_id: str) -> bool:
    art = ARTEFACTS[artefact_id]
    if art.template is None:
        return False
    return path.read_text(encoding="utf-8") == (_TEMPLATES / art.template).read_text(encoding="utf-8")


def _file(answer: Any, artefact_id: str) -> Path:
    if answer is ... or answer is None:
        raise _Unanswered("replace the ... placeholder with the path of your file, then run this cell again.")
    path = Path(str(answer))
    if not path.is_file():
        raise _Unanswered(
            f"there is no file {str(answer)!r} yet. Make it with "
            f"cxkit.course.artefacts.template({artefact_id!r}), fill it in, and check it again."
        )
    if _is_template(path, artefact_id):
        raise _Unanswered(f"{path.name} is still the empty template: fill it in, then check it again.")
    return path


def check_artefact(artefact_id: str, answer: Any) -> Verdict:
    """Check an artefact and score it with its rubric (what :func:`cxkit.check` calls for artefact ids).

    The assessment is recorded (:func:`cxkit.course.rubric.record`) for the gradebook.

    Raises
    ------
    CXConfigError
        An unknown artefact id (the message lists them).
    """
    art = ARTEFACTS.get(artefact_id)
    if art is None:
        raise CXConfigError(
            f"There is no artefact {artefact_id!r}; the artefacts are {', '.join(ARTEFACTS)}."
        )
    rubric = load_rubric(art.rubric)
    try:
        levels, notes, report = art.checker(answer)
    except _Unanswered as exc:
        return Verdict("unanswered", str(exc))
    except CXError as exc:
        record(artefact_id, 0, rubric.max_score)
        return Verdict("wrong", f"it cannot be read yet: {exc}")
    assessment = rubric.assess(levels, notes=notes)
    record(artefact_id, assessment.score, assessment.max_score)
    if assessment.complete:
        verdict, message = "correct", f"every criterion of '{rubric.title}' is met."
    else:
        missing = [rubric.criterion(c).name.lower() for c in assessment.missing()]
        verdict = "close" if assessment.score * 2 >= assessment.max_score else "wrong"
        message = f"{assessment.score} of {assessment.max_score}; still missing: {'; '.join(missing)}."
    return Verdict(verdict, message, assessment=assessment, report=report)


def _level(count: int, *, top: int, some: int = 1) -> int:
    """2 when ``count >= top``, 1 when ``count >= some``, else 0."""
    return 2 if count >= top else 1 if count >= some else 0


def _mapping(path: Path, artefact_id: str) -> dict[str, Any]:
    raw = read_yaml(path, error=CXMapError, expected=f"YAML as in the template of {artefact_id}")
    if not isinstance(raw, dict):
        raise CXMapError(
            "not a mapping", path=path.name, value=type(raw).__name__, expected="the template's fields"
        )
    return raw


def _filled(value: Any) -> bool:
    """Tell whether the learner filled in a value (not empty, not the template's ``...`` or ``TODO``)."""
    if value is None:
        return False
    if isinstance(value, (list, dict)):
        return any(_filled(v) for v in (value.values() if isinstance(value, dict) else value))
    text = str(value).strip()
    return bool(text) and text not in ("...", "TODO") and not text.startswith("TODO")


# ---------------------------------------------------------------------------------------------
# 03: persona, current-state map, blueprint
# ---------------------------------------------------------------------------------------------

_SOURCES = ("comments", "tickets", "behaviour")


@_artefact("03.persona", "persona", "procurement-lead-persona.yaml")
def _persona(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    from cxkit.journey.schema_journey import Persona

    path = _file(answer, "03.persona")
    raw = _mapping(path, "03.persona")
    notes: dict[str, str] = {}
    persona = Persona.from_dict(raw.get("persona"), source=path.name, path="persona")
    complete = all(_filled(getattr(persona, f)) for f in ("goals", "frustrations", "channels"))
    schema = 2 if complete and persona.segment == "B2B" else 1
    if persona.segment != "B2B":
        notes["schema"] = (
            f"The persona's segment is {persona.segment}; the Procurement Lead buys for a business (B2B)."
        )
    evidence = [e for e in raw.get("evidence") or [] if isinstance(e, dict) and _filled(e.get("finding"))]
    kinds = {str(e.get("source", "")).strip().lower() for e in evidence} & set(_SOURCES)
    absent = [s for s in _SOURCES if s not in kinds]
    if absent:
        notes["sources"] = f"No finding from {', '.join(absent)} yet."
    counted = sum(
        1 for e in evidence if isinstance(e.get("n"), int) and not isinstance(e.get("n"), bool) and e["n"] > 0
    )
    numbers = 0 if not evidence or counted == 0 else 2 if counted == len(evidence) else 1
    claims = [*persona.goals, *persona.frustrations]
    supported = {str(s).strip() for e in evidence for s in (e.get("supports") or [])}
    traced = [c for c in claims if c.strip() in supported]
    untraced = [c for c in claims if c.strip() not in supported]
    if untraced:
        notes["traced"] = f"Not traced to a finding yet: {untraced[0]!r}" + (
            f" and {len(untraced) - 1} more." if len(untraced) > 1 else "."
        )
    trace = 0 if not traced else 2 if not untraced else 1
    levels = {
        "schema": schema,
        "sources": _level(len(kinds), top=3, some=2),
        "numbers": numbers,
        "traced": trace,
    }
    report = (
        f"{len(evidence)} finding(s) from {len(kinds)} kind(s) of evidence; "
        f"{len(traced)} of {len(claims)} goals and frustrations traced."
    )
    return levels, notes, report


@_artefact("03.map", "journey-map", "procurement-lead-map.yaml")
def _journey_map(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    from cxkit.journey.model import load_journey

    path = _file(answer, "03.map")
    journey = load_journey(path)
    notes: dict[str, str] = {}
    right_persona = journey.persona.segment == "B2B" and "procurement" in journey.persona.name.lower()
    if not right_persona:
        notes["schema"] = (
            f"The map's persona is {journey.persona.name} ({journey.persona.segment}); "
            "the task asks for the Procurement Lead (B2B)."
        )
    stages = journey.stages
    bare = [s.name for s in stages if not s.steps or not s.touchpoints]
    if bare:
        notes["stages"] = f"Without steps or touchpoints: {', '.join(bare)}."
    stage_level = 0 if len(stages) < 3 else 2 if not bare else 1
    emotions = [s.emotion for s in stages]
    lowest = [s for s in stages if s.emotion == min(emotions)]
    any_pain = any(s.pain_points for s in stages)
    flat = max(emotions) == min(emotions)
    feel = 0 if not any_pain or flat else 2 if all(s.pain_points for s in lowest) else 1
    if feel == 1:
        notes["feelings"] = f"The lowest stage ({lowest[0].name}) has no pain point."
    unseen = sum(
        1 for has in (any(s.invisible_steps for s in stages), any(s.moments_of_truth for s in stages)) if has
    )
    queries = [e for i in journey.insights for e in i.evidence if e.query is not None]
    quotes = [e for i in journey.insights for e in i.evidence if e.query is None]
    evidence = 2 if queries else 1 if quotes else 0
    levels = {
        "schema": 2 if right_persona else 1,
        "stages": stage_level,
        "feelings": feel,
        "unseen": _level(unseen, top=2),
        "evidence": evidence,
    }
    pains = sum(len(s.pain_points) for s in stages)
    report = (
        f"{len(stages)} stages, {pains} pain points, {len(journey.insights)} insight(s), "
        f"{len(queries)} data query(ies)."
    )
    return levels, notes, report


@_artefact("03.blueprint", "blueprint", "returns-blueprint.yaml")
def _blueprint(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    from cxkit.journey.model import load_blueprint

    path = _file(answer, "03.blueprint")
    bp = load_blueprint(path)
    notes: dict[str, str] = {}
    about_returns = "return" in f"{bp.name} {bp.description}".lower()
    if not about_returns:
        notes["schema"] = "Its name and description do not say it is the returns process."
    acts = bp.actions
    with_back = sum(1 for a in acts if a.backstage)
    used = {
        lane
        for lane in ("physical_evidence", "frontstage", "backstage", "support")
        if any(getattr(a, lane) for a in acts)
    }
    lanes = (
        2 if len(used) == 4 and with_back * 2 >= len(acts) else 1 if {"backstage", "support"} & used else 0
    )
    if lanes < 2:
        empty = [
            lane.replace("_", " ")
            for lane in ("physical_evidence", "frontstage", "backstage", "support")
            if lane not in used
        ]
        notes["lanes"] = (
            f"Empty lanes: {', '.join(empty)}."
            if empty
            else f"Backstage is filled for {with_back} of {len(acts)} actions."
        )
    recovered = sum(1 for f in bp.fail_points if f.recovery.strip())
    fails = 2 if recovered >= 2 else 1 if bp.fail_points else 0
    if fails == 1:
        notes["fail-points"] = f"{len(bp.fail_points)} fail point(s), {recovered} with a recovery."
    waits = 2 if bp.wait_points else 1 if any(f.time_standard for f in bp.fail_points) else 0
    levels = {"schema": 2 if about_returns else 1, "lanes": lanes, "fail-points": fails, "waits": waits}
    report = f"{len(acts)} actions, {len(bp.fail_points)} fail point(s), {len(bp.wait_points)} wait point(s)."
    return levels, notes, report


# ---------------------------------------------------------------------------------------------
# 04: the learner's own touchpoint inventory
# ---------------------------------------------------------------------------------------------

_INVENTORY_COLUMNS = ("touchpoint", "channel", "phase", "owner", "measured_by", "moment_of_truth")


@_artefact("04.inventory", "touchpoint-inventory", "touchpoint-inventory.csv")
def _inventory(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    import pandas as pd

    from cxkit.errors import CXDataError

    path = _file(answer, "04.inventory")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing_cols = [c for c in _INVENTORY_COLUMNS if c not in table.columns]
    if missing_cols:
        raise CXDataError(
            f"{path.name} has no column {missing_cols[0]!r}; "
            f"the template's columns are {', '.join(_INVENTORY_COLUMNS)}."
        )
    table = table[table["touchpoint"].str.strip() != ""]
    notes: dict[str, str] = {}
    core = ["touchpoint", "channel", "phase", "owner"]
    full = table[core].apply(lambda col: col.str.strip() != "").all(axis=1)
    if len(table) < 8:
        notes["complete"] = f"{len(table)} touchpoint(s) listed."
    elif not full.all():
        notes["complete"] = f"Row {int((~full).to_numpy().argmax()) + 2} of the file has an empty cell."
    complete = 0 if len(table) < 8 else 2 if full.all() else 1
    phases = {p.strip().lower() for p in table["phase"]} & {"before", "during", "after"}
    if len(phases) < 3:
        notes["phases"] = (
            "No touchpoint "
            + " or ".join(p for p in ("before", "during", "after") if p not in phases)
            + " the purchase."
        )
    channels = {c.strip().lower() for c in table["channel"] if c.strip()}
    measured = (table["measured_by"].str.strip() != "").sum()
    measures = 2 if measured == len(table) and len(table) else 1 if measured else 0
    mot = table["moment_of_truth"].str.strip().str.lower().isin(["yes", "y", "true", "1"])
    mot_measured = (table.loc[mot, "measured_by"].str.strip() != "").all()
    priority = 0 if not mot.any() else 2 if mot_measured else 1
    levels = {
        "complete": complete,
        "phases": _level(len(phases), top=3, some=2),
        "channels": _level(len(channels), top=4, some=3),
        "measured": measures,
        "priority": priority,
    }
    unmeasured = int((table["measured_by"].str.strip().str.lower() == "none").sum())
    report = (
        f"{len(table)} touchpoints, {len(channels)} channels, {int(mot.sum())} moment(s) of truth, "
        f"{unmeasured} touchpoint(s) nothing measures."
    )
    return levels, notes, report


# ---------------------------------------------------------------------------------------------
# 06: a reply to a real complaint
# ---------------------------------------------------------------------------------------------

#: The complaint of exercise 06's task: a conversation of datasets/conversations.csv.
COMPLAINT_ID = "V0000742"

_APOLOGY = re.compile(r"\b(sorry|apologi[sz]e|apologies)\b")
_FIRST_PERSON = re.compile(
    r"\b(i will|i'll|i have|i've|i am|i'm|we will|we'll|we have|we've|"
    r"my responsibility|our mistake|our fault|we got|we let)\b"
)
_BLAME = re.compile(
    r"(carrier's responsibility|not our (fault|responsibility)|you should have|our policy|"
    r"please fill in|claim form|you will need to)"
)
_EXPLAIN = re.compile(
    r"\b(because|the reason|happened|was caused|due to|what went wrong|we found|"
    r"we are checking|i am checking|i'm checking)\b"
)
_REMEDY = re.compile(
    r"\b(refund\w*|replace\w*|re-?deliver\w*|re-?send\w*|resent|credit\w*|rebook\w*|collect\w*|"
    r"sent (you )?a new|new delivery|dispatch\w*|compensat\w*)\b"
)
_WHEN = re.compile(
    r"\b(today|tonight|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"within \w+ (hours?|days?)|by (the )?(end|\d)|this (morning|afternoon|evening|week)|"
    r"\d{1,2}(:\d{2})? ?(am|pm)|\d{1,2} (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w*)\b"
)
_CHECK_BACK = re.compile(
    r"\b(i will|i'll|we will|we'll) (call|phone|e-?mail|contact|check|follow|write|ring|get back)\w*"
    r"|\bfollow(ing)? up\b"
)
_DIRECT = re.compile(
    r"(direct line|my direct|call me|reply to this|my name is|ext(ension)?\.? ?\d|\+?\d[\d ]{6,}|@\w)"
)
_INVITE = re.compile(
    r"\b(let us know|contact us|get in touch|any (other )?questions|do not hesitate|don't hesitate)\b"
)


def complaint(conversation_id: str | None = None) -> str:
    """Return the text of a complaint of ``datasets/conversations.csv`` (exercise 06's by default).

    Raises
    ------
    CXConfigError
        No conversation with that id.
    """
    from cxkit.data import load

    cid = conversation_id or COMPLAINT_ID
    table = load("conversations")
    row = table[table["conversation_id"] == cid]
    if row.empty:
        raise CXConfigError(f"There is no conversation {cid!r} in conversations.csv.")
    return str(row["text"].iloc[0])


def _complaint_words() -> set[str]:
    stop = {
        "the",
        "and",
        "for",
        "was",
        "this",
        "that",
        "with",
        "you",
        "your",
        "have",
        "has",
        "not",
        "but",
        "are",
        "our",
        "its",
        "now",
        "again",
        "still",
        "hello",
        "thanks",
        "regards",
    }
    return {w for w in re.findall(r"[a-z]+", complaint().lower()) if len(w) > 3 and w not in stop}


@_artefact("06.reply", "complaint-reply")
def _reply(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    from cxkit.errors import CXDataError

    if answer is ... or answer is None:
        raise _Unanswered("write your reply as text in `reply`, then run this cell again.")
    if not isinstance(answer, str):
        raise CXDataError(f"The reply must be text (a str), got {type(answer).__name__}.")
    text = " ".join(answer.lower().split()).replace("’", "'")
    if len(text.split()) < 15:
        raise _Unanswered("the reply has fewer than 15 words: write it out as you would send it.")
    notes: dict[str, str] = {}
    apology = bool(_APOLOGY.search(text))
    shared = sorted(_complaint_words() & set(re.findall(r"[a-z]+", text)))
    acknowledge = 2 if apology and shared else 1 if apology or shared else 0
    if acknowledge == 1:
        notes["acknowledge"] = (
            "There is an apology but not the customer's own problem."
            if apology
            else "The problem is named but there is no apology."
        )
    blame = _BLAME.search(text)
    owns = bool(_FIRST_PERSON.search(text))
    own = 0 if not owns else 1 if blame else 2
    if blame:
        notes["own"] = f"'{blame.group(0)}' hands the problem back to someone else."
    explain = 2 if _EXPLAIN.search(text) and not blame else 1 if _EXPLAIN.search(text) else 0
    remedy = _REMEDY.search(text)
    when = _WHEN.search(text)
    fix = 2 if remedy and when else 1 if remedy else 0
    if fix == 1:
        notes["fix"] = f"'{remedy.group(0) if remedy else ''}' has no time attached."
    back = bool(_CHECK_BACK.search(text)) and bool(_WHEN.search(text))
    direct = bool(_DIRECT.search(text))
    follow = 2 if back and direct else 1 if back or direct or _INVITE.search(text) else 0
    if follow == 1:
        notes["follow-up"] = "A check-back with a day, or a direct way to reach you, is missing."
    levels = {"acknowledge": acknowledge, "own": own, "explain": explain, "fix": fix, "follow-up": follow}
    report = (
        f"{len(text.split())} words. The checker reads the words only; "
        "ask a peer to read the tone with the same rubric."
    )
    return levels, notes, report


# ---------------------------------------------------------------------------------------------
# 09: hand-coding comments against VADER
# ---------------------------------------------------------------------------------------------

LABELS = ("negative", "neutral", "positive")


def coding_sample(n: int = 20) -> Any:
    """Return the comments exercise 09 asks to hand-code: ``n`` survey comments, a fixed sample.

    The sample is drawn with a fixed seed from the answered surveys with a comment, balanced over
    the three NPS groups (detractors, passives, promoters), so that every tone is there. Columns:
    ``survey_id``, ``comment``.
    """
    from cxkit.data import load

    surveys = load("surveys")
    answered = surveys[surveys["comment"].notna() & surveys["nps"].notna()].copy()
    answered["group"] = answered["nps"].map(
        lambda s: "detractor" if s <= 6 else "passive" if s <= 8 else "promoter"
    )
    per = -(-n // 3)
    parts = [g.sample(min(per, len(g)), random_state=9) for _, g in answered.groupby("group", sort=True)]
    import pandas as pd

    sample = pd.concat(parts).sort_values("survey_id").head(n)
    return sample[["survey_id", "comment"]].reset_index(drop=True)


@_artefact("09.coding", "hand-coding")
def _coding(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    import pandas as pd
    from sklearn.metrics import cohen_kappa_score  # type: ignore[import-untyped]

    from cxkit.errors import CXDataError
    from cxkit.voc import sentiment

    if answer is ... or answer is None:
        raise _Unanswered("fill in the `my_label` column of `coding`, then run this cell again.")
    if not isinstance(answer, pd.DataFrame) or not {"survey_id", "my_label", "reason"} <= set(answer.columns):
        raise CXDataError(
            "`coding` must be the table of the task with the columns survey_id, comment, my_label, reason."
        )
    sample = coding_sample()
    table = sample.merge(answer[["survey_id", "my_label", "reason"]], on="survey_id", how="left")
    labels = table["my_label"].fillna("").astype(str).str.strip().str.lower()
    if (labels == "").all() or labels.isin(["...", "todo"]).all():
        raise _Unanswered("no comment has a label yet: write negative, neutral or positive in `my_label`.")
    notes: dict[str, str] = {}
    valid = labels.isin(LABELS)
    if not valid.all():
        first = int((~valid).to_numpy().argmax())
        notes["coded"] = (
            f"Comment {first + 1} ({table['survey_id'].iloc[first]}) has the label {labels.iloc[first]!r}; "
            "use negative, neutral or positive."
        )
    coded = 0 if not valid.all() else 1 if (labels == labels.iloc[0]).all() else 2
    vader = sentiment(table["comment"])["label"].fillna("neutral")
    differ = valid & (labels != vader)
    reasons = table["reason"].fillna("").astype(str).str.strip()
    explained = int((differ & (reasons.str.len() >= 5)).sum())
    n_differ = int(differ.sum())
    read = 2 if explained == n_differ else 1 if explained else 0
    if read < 2:
        notes["disagreements"] = f"{n_differ - explained} of the {n_differ} disagreements have no reason yet."
    agree = float((labels[valid] == vader[valid]).mean() * 100) if valid.any() else 0.0
    kappa = (
        float(cohen_kappa_score(labels[valid], vader[valid], labels=list(LABELS)))
        if valid.sum() > 1
        else float("nan")
    )
    report = (
        f"You and VADER agree on {int((valid & ~differ).sum())} of {int(valid.sum())} comments "
        f"({agree:.0f} %); "
        f"Cohen's kappa {kappa:.2f} (agreement beyond chance: 0 = chance, 1 = perfect)."
    )
    return {"coded": coded, "disagreements": read}, notes, report


# ---------------------------------------------------------------------------------------------
# 10: an impact/effort case; 11: the capstone brief
# ---------------------------------------------------------------------------------------------


def _section(raw: dict[str, Any], key: str) -> dict[str, Any]:
    value = raw.get(key)
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@_artefact("10.case", "impact-case", "impact-case.yaml")
def _case(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    path = _file(answer, "10.case")
    raw = _mapping(path, "10.case")
    notes: dict[str, str] = {}
    problem = _section(raw, "problem")
    has_evidence = _filled(problem.get("evidence"))
    reach = _number(problem.get("customers_per_year")) and problem["customers_per_year"] > 0
    prob = 2 if _filled(problem.get("statement")) and has_evidence and reach else 1 if has_evidence else 0
    impact = _section(raw, "impact")
    low, high = impact.get("low"), impact.get("high")
    both = _number(low) and _number(high)
    ranged = both and float(low) < float(high)  # type: ignore[arg-type]
    mechanism = _filled(impact.get("mechanism"))
    if both and not ranged:
        notes["impact"] = f"The low estimate ({low}) is not below the high one ({high})."
    imp = 2 if ranged and mechanism else 1 if ranged or mechanism else 0
    fix = _section(raw, "fix")
    eff = sum(1 for k in ("effort", "owner") if _filled(fix.get(k)))
    assumptions = [
        a for a in raw.get("assumptions") or [] if isinstance(a, dict) and _filled(a.get("assumption"))
    ]
    tested = sum(1 for a in assumptions if _filled(a.get("test")))
    assume = 2 if len(assumptions) >= 3 and tested == len(assumptions) else 1 if len(assumptions) >= 2 else 0
    if assume == 1:
        notes["assumptions"] = f"{len(assumptions)} assumption(s), {tested} with a test."
    decision = _section(raw, "decision")
    dec = (
        2
        if _filled(decision.get("choice")) and _filled(decision.get("stop_if"))
        else 1
        if _filled(decision.get("choice"))
        else 0
    )
    levels = {
        "problem": prob,
        "impact": imp,
        "effort": _level(eff, top=2),
        "assumptions": assume,
        "decision": dec,
    }
    report = (
        f"{len(assumptions)} assumption(s) written, {tested} with a test; "
        f"impact range {low} to {high} {impact.get('unit', '')}".strip()
        + "."
    )
    return levels, notes, report


@_artefact("11.brief", "capstone", "capstone-brief.yaml")
def _brief(answer: Any) -> tuple[dict[str, int], dict[str, str], str]:
    path = _file(answer, "11.brief")
    raw = _mapping(path, "11.brief")
    notes: dict[str, str] = {}

    def pair(section: str, first: str, second: str) -> int:
        s = _section(raw, section)
        return 2 if _filled(s.get(first)) and _filled(s.get(second)) else 1 if _filled(s.get(first)) else 0

    data = _section(raw, "data")
    described = sum(1 for k in ("source", "period", "rows") if _filled(data.get(k)))
    data_level = 2 if described == 3 and _filled(data.get("missing")) else 1 if described >= 2 else 0
    finding = _section(raw, "finding")
    has_n = _number(finding.get("n")) and finding["n"] > 0
    interval = finding.get("interval")
    has_interval = isinstance(interval, list) and len(interval) == 2 and all(_number(v) for v in interval)
    find = (
        2
        if _filled(finding.get("statement")) and has_n and has_interval
        else 1
        if _filled(finding.get("statement"))
        else 0
    )
    if find == 1:
        notes["finding"] = "The finding needs its n and its interval as [low, high]."
    rec = _section(raw, "recommendation")
    rec_parts = sum(1 for k in ("action", "owner", "metric", "limit") if _filled(rec.get(k)))
    levels = {
        "question": pair("decision", "what", "owner"),
        "data": data_level,
        "method": pair("method", "name", "uncertainty"),
        "finding": find,
        "recommendation": 2 if rec_parts == 4 else 1 if _filled(rec.get("action")) else 0,
    }
    return levels, notes, f"Data: {data.get('source', '?')}, {data.get('rows', '?')} rows."
