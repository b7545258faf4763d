"""The service-excellence framework as data: principles, elements of good service and service skills.

The texts live once, in ``framework.yaml`` beside this module (the course's own wording); this
module loads them into small typed objects, checks every field, and hands them to module 06, the
self-assessment (:mod:`cxkit.service.assessment`) and the facilitator notes.

>>> from cxkit.service import framework
>>> fw = framework()
>>> [p.name for p in fw.principles][:3]
['Customer-centricity', 'Responsiveness', 'Empathy and understanding']
>>> len(fw.principles), len(fw.elements), len(fw.skills)
(7, 7, 9)
>>> fw.item("admit_mistakes").iso_level
2
>>> fw.level(4).name
'Surprising service'
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXDataError

__all__ = [
    "FRAMEWORK_PATH",
    "Framework",
    "IsoLevel",
    "Practice",
    "Scenario",
    "ScenarioBank",
    "framework",
    "load_framework",
]

#: The one file holding the framework's texts.
FRAMEWORK_PATH = Path(__file__).with_name("framework.yaml")

_PRACTICE_FIELDS = ("id", "name", "meaning", "behaviours", "evidence", "iso_level", "scenario")
_SCENARIO_FIELDS = ("situation", "before", "after", "question", "answer")
_KINDS = ("principles", "elements", "skills")


@dataclass(frozen=True)
class Scenario:
    """A short workplace situation to discuss, with a weaker and a better response."""

    situation: str
    before: str
    after: str
    question: str
    answer: str


@dataclass(frozen=True)
class Practice:
    """One principle, element of good service or service skill.

    Attributes
    ----------
    id, name, meaning : str
        Short name used in code, the name as the course says it, and what it means.
    kind : {"principle", "element", "skill"}
        Which list of the framework it belongs to.
    behaviours : tuple of str
        What you can see someone do when it is practised.
    evidence : str
        The metric or evidence that shows it.
    iso_level : int
        The course's own mapping onto the four levels of ISO 23592's pyramid (1 to 4); the
        standard does not assign principles, elements or skills to levels.
    scenario : Scenario
        A situation to discuss in the workshop.
    """

    id: str
    name: str
    kind: str
    meaning: str
    behaviours: tuple[str, ...]
    evidence: str
    iso_level: int
    scenario: Scenario

    def to_markdown(self, *, answer: bool = False) -> str:
        """Return the practice and its scenario as Markdown (with the expected answer if ``answer``).

        >>> print(framework().item("patience").to_markdown().splitlines()[0][:47])
        **Patience** (course mapping: pyramid level 2):
        """
        sc = self.scenario
        text = (
            f"**{self.name}** (course mapping: pyramid level {self.iso_level}): {self.meaning}\n\n"
            f"*You can see it when:* {' '.join(self.behaviours)} *Evidence:* {self.evidence}\n\n"
            f"*Situation:* {sc.situation}\n\n- *Before:* {sc.before}\n- *After:* {sc.after}\n\n"
            f"**Discuss:** {sc.question}"
        )
        if answer:
            text += f"\n\n*Expected answer:* {sc.answer}"
        return text

    def to_html(self) -> str:
        """Return the practice and its scenario as HTML: meaning, signs, the situation, before and after.

        >>> "<b>Before:</b>" in framework().item("patience").to_html()
        True
        """
        sc = self.scenario
        e = html.escape
        return (
            f"<p>{e(self.meaning)}</p><p><i>You can see it when:</i> {e(' '.join(self.behaviours))} "
            f"<i>Evidence:</i> {e(self.evidence)}</p><p><i>Situation:</i> {e(sc.situation)}</p>"
            f'<p class="cx-before"><b>Before:</b> {e(sc.before)}</p>'
            f'<p class="cx-after"><b>After:</b> {e(sc.after)}</p><p><b>Discuss:</b> {e(sc.question)}</p>'
        )


#: The accordion's look: a bordered fold per practice, a large title, before and after marked.
_BANK_CSS = (
    "<style>.cxkit-scenario-bank details{border:1px solid #bbb;border-radius:4px;margin:4px 0;"
    "padding:2px 10px}.cxkit-scenario-bank summary{cursor:pointer;font-size:1.15em;font-weight:bold;"
    "padding:4px 0}.cxkit-scenario-bank .cx-before{border-left:5px solid #D55E00;padding-left:8px}"
    ".cxkit-scenario-bank .cx-after{border-left:5px solid #009E73;padding-left:8px}</style>"
)


@dataclass(frozen=True)
class ScenarioBank:
    """Scenarios to discuss, one fold per principle, element or skill (shown as an accordion).

    In a notebook (and on a slide) each practice is a ``<details>`` fold titled with its name and
    course level; the first is open and opening one closes the others, so the room sees one
    scenario at a time instead of screens of look-alike text. No kernel is needed to browse it.
    """

    title: str
    practices: tuple[Practice, ...]

    def _repr_html_(self) -> str:
        group = f"cxkit-scenarios-{self.practices[0].kind if self.practices else 'none'}"
        folds = "".join(
            f'<details name="{group}"{" open" if i == 0 else ""}><summary>{i + 1}. {html.escape(p.name)} '
            f"<small>(level {p.iso_level})</small></summary>{p.to_html()}</details>"
            for i, p in enumerate(self.practices)
        )
        return (
            f'<div class="cxkit-scenario-bank">{_BANK_CSS}<p><b>{html.escape(self.title)}</b>: '
            f"{len(self.practices)} scenarios; open one at a time.</p>{folds}</div>"
        )

    def __repr__(self) -> str:
        """Return the bank's title and practice names (the plain-text view)."""
        return f"ScenarioBank({self.title!r}: {', '.join(p.name for p in self.practices)})"


@dataclass(frozen=True)
class IsoLevel:
    """One level of ISO 23592's pyramid (1 = the core service promise ... 4 = surprising service)."""

    level: int
    name: str
    meaning: str


@dataclass(frozen=True)
class Framework:
    """The whole framework: ISO 23592 levels, ISO 10002 principles, principles, elements, skills."""

    levels: tuple[IsoLevel, ...]
    complaint_principles: tuple[tuple[str, str], ...]
    principles: tuple[Practice, ...]
    elements: tuple[Practice, ...]
    skills: tuple[Practice, ...]

    @property
    def practices(self) -> tuple[Practice, ...]:
        """Every principle, element and skill, in that order."""
        return self.principles + self.elements + self.skills

    def item(self, id: str) -> Practice:
        """Return the principle, element or skill with this ``id`` (``CXConfigError`` lists the ids)."""
        for p in self.practices:
            if p.id == id:
                return p
        raise CXConfigError(
            f"Unknown principle, element or skill {id!r}. The valid ids are: "
            + ", ".join(p.id for p in self.practices)
            + "."
        )

    def level(self, level: int) -> IsoLevel:
        """Return the ISO 23592 level numbered ``level`` (1 to 4)."""
        for lv in self.levels:
            if lv.level == level:
                return lv
        raise CXConfigError(f"level must be one of {[lv.level for lv in self.levels]}; got {level!r}.")

    def scenario_bank(self, kind: str) -> ScenarioBank:
        """Return the scenarios of the ``"principles"``, ``"elements"`` or ``"skills"`` as an accordion.

        >>> bank = framework().scenario_bank("principles")
        >>> len(bank.practices), bank._repr_html_().count("<details")
        (7, 7)
        """
        lists = {"principles": self.principles, "elements": self.elements, "skills": self.skills}
        titles = {
            "principles": "The seven principles",
            "elements": "The seven elements of good service",
            "skills": "The service skills",
        }
        if kind not in lists:
            raise CXConfigError(f"kind must be one of {sorted(lists)}; got {kind!r}.")
        return ScenarioBank(titles[kind], lists[kind])

    def handout_markdown(self, *, answers: bool = False) -> str:
        """Return every principle, element and skill with its scenario as one Markdown handout.

        ``answers=True`` adds the expected answers (the facilitator's version).

        >>> text = framework().handout_markdown(answers=True)
        >>> text.count("**Discuss:**"), text.count("*Expected answer:*")
        (23, 23)
        """
        titles = {
            "principle": "The seven principles",
            "element": "The seven elements of good service",
            "skill": "The service skills",
        }
        parts = []
        for kind, items in (
            ("principle", self.principles),
            ("element", self.elements),
            ("skill", self.skills),
        ):
            parts.append(f"### {titles[kind]}")
            parts.extend(p.to_markdown(answer=answers) for p in items)
        return "\n\n".join(parts) + "\n"

    def to_frame(self) -> Any:
        """Return one row per principle, element and skill (kind, name, meaning, evidence, level).

        ``iso_level`` is the course's own mapping onto ISO 23592's pyramid, not the standard's.
        """
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "kind": p.kind,
                    "name": p.name,
                    "meaning": p.meaning,
                    "evidence": p.evidence,
                    "iso_level": p.iso_level,
                }
                for p in self.practices
            ],
            index=pd.Index([p.id for p in self.practices], name="id"),
        )


def _text(value: Any, where: str, field: str, path: Path) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CXDataError(
            "missing or empty text", dataset=path.name, column=field, row=where, expected="a non-empty text"
        )
    return " ".join(value.split())


def _practice(raw: Any, kind: str, path: Path, n_levels: int) -> Practice:
    where = f"{kind} {raw.get('id', '?') if isinstance(raw, dict) else '?'}"
    if not isinstance(raw, dict):
        raise CXDataError("not a mapping", dataset=path.name, row=where, expected="id, name, meaning, ...")
    unknown = sorted(set(raw) - set(_PRACTICE_FIELDS))
    missing = [f for f in _PRACTICE_FIELDS if f not in raw]
    if unknown or missing:
        raise CXDataError(
            "wrong fields",
            dataset=path.name,
            row=where,
            value=", ".join(unknown + [f"missing {m}" for m in missing]),
            expected="the fields " + ", ".join(_PRACTICE_FIELDS),
        )
    behaviours = raw["behaviours"]
    if not isinstance(behaviours, list) or not behaviours:
        raise CXDataError(
            "no observable behaviours", dataset=path.name, column="behaviours", row=where, expected="a list"
        )
    level = raw["iso_level"]
    if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= n_levels:
        raise CXDataError(
            "ISO 23592 level out of range",
            dataset=path.name,
            column="iso_level",
            row=where,
            value=level,
            expected=f"a whole number from 1 to {n_levels}",
        )
    sc = raw["scenario"]
    if not isinstance(sc, dict) or sorted(sc) != sorted(_SCENARIO_FIELDS):
        raise CXDataError(
            "wrong scenario fields",
            dataset=path.name,
            column="scenario",
            row=where,
            expected=", ".join(_SCENARIO_FIELDS),
        )
    return Practice(
        id=_text(raw["id"], where, "id", path),
        name=_text(raw["name"], where, "name", path),
        kind=kind[:-1],
        meaning=_text(raw["meaning"], where, "meaning", path),
        behaviours=tuple(_text(b, where, "behaviours", path) for b in behaviours),
        evidence=_text(raw["evidence"], where, "evidence", path),
        iso_level=level,
        scenario=Scenario(**{f: _text(sc[f], where, f"scenario.{f}", path) for f in _SCENARIO_FIELDS}),
    )


def load_framework(*, path: str | Path | None = None) -> Framework:
    """Read and check a framework YAML file (default: the course's ``framework.yaml``).

    Parameters
    ----------
    path : str or Path, optional
        A YAML file with the same fields as the course's (see the comment at its top).

    Returns
    -------
    Framework

    Raises
    ------
    CXFileNotFoundError
        The file does not exist.
    CXDataError
        A missing field, an empty text, an ISO level out of range or an id used twice; the message
        names the file, the entry and the field.

    Examples
    --------
    >>> fw = load_framework()
    >>> fw.item("responsiveness").evidence.startswith("First response")
    True
    """
    import yaml

    from cxkit.errors import CXFileNotFoundError

    p = FRAMEWORK_PATH if path is None else Path(path)
    if not p.is_file():
        raise CXFileNotFoundError(f"No framework file at {p}.")
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    needed = ("iso_23592_levels", "iso_10002_principles", *_KINDS)
    if not isinstance(raw, dict) or any(k not in raw for k in needed):
        raise CXDataError("missing sections", dataset=p.name, expected="the sections " + ", ".join(needed))
    levels = tuple(
        IsoLevel(
            level=int(lv["level"]),
            name=_text(lv["name"], f"level {lv['level']}", "name", p),
            meaning=_text(lv["meaning"], f"level {lv['level']}", "meaning", p),
        )
        for lv in raw["iso_23592_levels"]
    )
    complaint = tuple(
        (_text(c["name"], "iso_10002", "name", p), _text(c["meaning"], "iso_10002", "meaning", p))
        for c in raw["iso_10002_principles"]
    )
    lists = {k: tuple(_practice(r, k, p, len(levels)) for r in raw[k]) for k in _KINDS}
    seen: set[str] = set()
    for pr in lists["principles"] + lists["elements"] + lists["skills"]:
        if pr.id in seen:
            raise CXDataError(
                "id used twice", dataset=p.name, column="id", value=pr.id, expected="unique ids"
            )
        seen.add(pr.id)
    return Framework(levels, complaint, lists["principles"], lists["elements"], lists["skills"])


@lru_cache(maxsize=1)
def framework() -> Framework:
    """Return the course's framework (read once per session; see :func:`load_framework`).

    >>> framework().principles[1].name
    'Responsiveness'
    """
    return load_framework()
