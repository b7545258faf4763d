"""Workshop agendas as data: ``workshops/agendas/*.yaml``, checked, timed and rendered.

An agenda names its days, each with a start and an end time, and the day's blocks in order. A block
is exactly one of

* ``module: "07"``: a module of the course, whole, or only the ``parts:`` named (rows of the
  ``## Timing`` table of ``workshops/notes/NN-slug.md``). Its minutes are **not written in the
  agenda**: a whole module lasts its notebook's ``**Estimated time:**``, a part the minutes of its
  row in the timing table, so an agenda follows the modules when they change;
* ``exercise: "07"``: the exercise of module 07, for the ``**Estimated time:**`` of
  ``solutions/07-*.ipynb``;
* ``session: "Welcome"`` with ``minutes:`` (an item of the workshop's own: welcome, wrap-up);
* ``break: "Lunch"`` with ``minutes:``;
* ``flex: "Open lab"`` with ``min_minutes:`` and ``max_minutes:``: at most one per day, it takes
  the time left in the day, which must be within its bounds.

Any block may list ``activities:`` (each a heading of the module's notebook, a widget class the
module uses, or an activity in bold in the notes' *Running the activities*), ``handouts:`` (ids of
:data:`cxkit.instructor.handouts.HANDOUTS`) and ``notes:``. The agenda's ``prepare:`` lists what the
instructor gets ready. The structure is checked against a JSON Schema (:data:`SCHEMA`), then every
reference and the timing: the blocks of a day must fill it exactly, from ``start`` to ``end``. A
problem raises :class:`cxkit.errors.CXAgendaError` naming the file, the path inside it and the value.

>>> agenda = load_agenda("half-day")
>>> day = agenda.days[0]
>>> day.start, day.blocks[0].start, day.blocks[-1].end == day.end
('09:00', '09:00', True)
"""

from __future__ import annotations

import re
from dataclasses import KW_ONLY, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxkit.errors import CXAgendaError

__all__ = [
    "KINDS",
    "SCHEMA",
    "Agenda",
    "Block",
    "Day",
    "ModuleFacts",
    "agenda_markdown",
    "agenda_names",
    "agenda_pdf",
    "agendas_dir",
    "load_agenda",
    "module_facts",
    "write_agenda",
]

#: The kinds of block, in the order their key is looked for.
KINDS = ("module", "exercise", "session", "break", "flex")

_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d$"}
_NUMBER = {"type": "string", "pattern": r"^\d\d$"}
_TEXTS = {"type": "array", "items": {"type": "string", "minLength": 1}}
_MINUTES = {"type": "integer", "minimum": 1, "maximum": 600}
_COMMON = {"activities": _TEXTS, "handouts": _TEXTS, "notes": {"type": "string"}}
_BLOCKS: dict[str, dict[str, Any]] = {
    "module": {"required": ["module"], "properties": {"module": _NUMBER, "parts": _TEXTS}},
    "exercise": {"required": ["exercise"], "properties": {"exercise": _NUMBER}},
    "session": {"required": ["session", "minutes"], "properties": {"session": {"type": "string"}}},
    "break": {"required": ["break", "minutes"], "properties": {"break": {"type": "string"}}},
    "flex": {
        "required": ["flex", "min_minutes", "max_minutes"],
        "properties": {"flex": {"type": "string"}, "min_minutes": _MINUTES, "max_minutes": _MINUTES},
    },
}
for _kind, _spec in _BLOCKS.items():
    _spec["type"] = "object"
    _spec["additionalProperties"] = False
    _spec["properties"] = {**_spec["properties"], **_COMMON}
    if "minutes" in _spec["required"]:
        _spec["properties"]["minutes"] = _MINUTES

#: The JSON Schema of an agenda file (the blocks' own schemas are in ``SCHEMA["$defs"]``).
SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "cxkit workshop agenda",
    "type": "object",
    "additionalProperties": False,
    "required": ["title", "audience", "days"],
    "properties": {
        "title": {"type": "string", "minLength": 1},
        "audience": {"type": "string", "minLength": 1},
        "outcomes": _TEXTS,
        "prepare": _TEXTS,
        "days": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["start", "end", "blocks"],
                "properties": {
                    "name": {"type": "string"},
                    "start": _TIME,
                    "end": _TIME,
                    "blocks": {"type": "array", "minItems": 1, "items": {"type": "object"}},
                },
            },
        },
    },
    "$defs": _BLOCKS,
}


@dataclass(frozen=True)
class ModuleFacts:
    """What an agenda reads from a module: its title, times, timing parts and activities."""

    number: str
    slug: str
    title: str
    minutes: int
    parts: dict[str, int]
    exercise_minutes: int | None
    activities: frozenset[str]


@dataclass
class Block:
    """One timed block of a day (see the module docstring for the kinds)."""

    kind: str
    title: str
    minutes: int
    start: str = ""
    end: str = ""
    module: str | None = None
    parts: list[str] = field(default_factory=list)
    activities: list[str] = field(default_factory=list)
    handouts: list[str] = field(default_factory=list)
    notes: str = ""


@dataclass
class Day:
    """A day of the workshop: its name, start and end (``HH:MM``) and its blocks, timed."""

    name: str
    start: str
    end: str
    blocks: list[Block]

    @property
    def minutes(self) -> int:
        """The length of the day in minutes (end minus start)."""
        return _minutes(self.end) - _minutes(self.start)


@dataclass
class Agenda:
    """A workshop agenda, read by :func:`load_agenda`: every block timed, every reference checked."""

    name: str
    title: str
    audience: str
    days: list[Day]
    _: KW_ONLY
    outcomes: list[str] = field(default_factory=list)
    prepare: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def modules(self) -> list[str]:
        """The modules the workshop uses (whole or in part), in order of first use."""
        return list(dict.fromkeys(b.module for d in self.days for b in d.blocks if b.module))

    @property
    def handouts(self) -> list[str]:
        """The handouts the workshop uses, in order of first use."""
        return list(dict.fromkeys(h for d in self.days for b in d.blocks for h in b.handouts))


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def agendas_dir(root: str | Path | None = None) -> Path:
    """Return ``workshops/agendas/`` of the course folder."""
    from cxkit._paths import repo_root

    return repo_root(root) / "workshops" / "agendas"


def agenda_names(*, root: str | Path | None = None) -> list[str]:
    """Return the names of the course's agendas (``half-day``, ``one-day``, ``two-day``), sorted.

    >>> agenda_names()
    ['half-day', 'one-day', 'two-day']
    """
    return sorted(p.stem for p in agendas_dir(root).glob("*.yaml"))


def _estimated_minutes(path: Path) -> int | None:
    """Return the notebook's ``**Estimated time:**`` in minutes, read as the standards read it."""
    import nbformat

    from cxkit.course.lint import estimated_minutes

    cells = nbformat.read(path, as_version=4).cells
    return estimated_minutes("\n".join(c.source for c in cells if c.cell_type == "markdown"))


def _notes_facts(path: Path) -> tuple[dict[str, int], set[str]]:
    """Return the timing parts (name -> minutes, no total) and the bold activities of the notes."""
    text = path.read_text(encoding="utf-8")
    sections = dict(zip(*[iter(re.split(r"^## (.+)$", text, flags=re.MULTILINE)[1:])] * 2, strict=False))
    parts: dict[str, int] = {}
    rows = [ln for ln in sections.get("Timing", "").splitlines() if ln.startswith("|")][2:]
    for row in rows:
        cells = [c.strip().strip("*").strip() for c in row.strip().strip("|").split("|")]
        if cells[0].lower() != "total":
            parts[cells[0]] = int(cells[-1])
    activities = set()
    for lead in re.findall(r"^(?:- )?\*\*([^*]+?)\*\*", sections.get("Running the activities", ""), re.M):
        name = lead.strip().rstrip(".").strip()
        activities.add(name)
        activities.add(re.sub(r"\s*\(.*\)$", "", name))
    return parts, activities


@lru_cache(maxsize=64)
def _facts(root: Path, number: str) -> ModuleFacts | None:
    import nbformat

    from cxkit import widgets as _widgets

    widgets = set(_widgets.__all__)
    found = sorted((root / "modules").glob(f"{number}-*.ipynb"))
    if not found:
        return None
    path = found[0]
    nb = nbformat.read(path, as_version=4)
    headings: set[str] = set()
    title = path.stem
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"^(#+)\s+(.+?)\s*$", line)
                if m:
                    headings.add(m.group(2))
                    if len(m.group(1)) == 1 and title == path.stem:
                        title = re.sub(r"^\d\d\s*·\s*", "", m.group(2))
        else:
            headings.update(w for w in re.findall(r"\b([A-Z][A-Za-z]+)\b", cell.source) if w in widgets)
    minutes = _estimated_minutes(path)
    if minutes is None:
        return None
    notes = root / "workshops" / "notes" / f"{path.stem}.md"
    parts, bold = _notes_facts(notes) if notes.is_file() else ({}, set())
    solution = root / "solutions" / path.name
    exercise = _estimated_minutes(solution) if solution.is_file() else None
    return ModuleFacts(
        number, path.stem, title, minutes, parts, exercise, frozenset(headings | bold | set(parts))
    )


def module_facts(number: str, *, root: str | Path | None = None) -> ModuleFacts | None:
    """Return what an agenda uses of module ``number`` (``"07"``), or None if it does not exist.

    The minutes come from the notebook's ``**Estimated time:**`` line (the upper end of a range),
    the parts from the facilitator notes' ``## Timing`` table, the exercise's minutes from the
    solution notebook's estimated time, the activities from the notebook's headings, the widget
    classes its code calls and the activities in bold in the notes.

    >>> facts = module_facts("07")
    >>> facts.slug, facts.minutes, sum(facts.parts.values()) == facts.minutes
    ('07-cx-metrics', 105, True)
    """
    from cxkit._paths import repo_root

    return _facts(repo_root(root), number)


_TYPES: dict[str, Any] = {"object": dict, "array": list, "string": str, "integer": int}
_TYPE_NAMES = {"object": "a mapping", "array": "a list", "string": "a text", "integer": "a whole number"}


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _validate(raw: Any, schema: dict[str, Any], source: str, path: str = "") -> None:
    """Check ``raw`` against the subset of JSON Schema that :data:`SCHEMA` uses; raise the first problem.

    cxkit's runtime does not depend on jsonschema (a test dependency), so the few keywords used
    here (type, required, additionalProperties, properties, items, pattern, minimum, maximum,
    minItems, minLength) are checked directly; ``tests/test_agendas.py`` checks that jsonschema
    accepts every agenda too.
    """
    kind = schema.get("type")
    if kind and not (isinstance(raw, _TYPES[kind]) and not (kind == "integer" and isinstance(raw, bool))):
        raise CXAgendaError("invalid value", source=source, path=path, value=raw, expected=_TYPE_NAMES[kind])
    if kind == "object":
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in raw:
                raise CXAgendaError(
                    "missing field", source=source, path=path, value=key,
                    expected="the fields " + ", ".join(schema["required"]),
                )  # fmt: skip
        if schema.get("additionalProperties") is False:
            extra = [k for k in raw if k not in props]
            if extra:
                raise CXAgendaError(
                    "unknown field", source=source, path=path, value=str(extra[0]),
                    expected="one of " + ", ".join(sorted(props)),
                )  # fmt: skip
        for key, sub in props.items():
            if key in raw:
                _validate(raw[key], sub, source, _join(path, key))
    elif kind == "array":
        if len(raw) < schema.get("minItems", 0):
            raise CXAgendaError(
                "empty list", source=source, path=path, expected=f"at least {schema['minItems']} item(s)"
            )
        for k, item in enumerate(raw):
            _validate(item, schema.get("items", {}), source, _join(path, k))
    elif kind == "string":
        if len(raw) < schema.get("minLength", 0):
            raise CXAgendaError("empty text", source=source, path=path, expected="a non-empty text")
        if "pattern" in schema and not re.search(schema["pattern"], raw):
            expected = (
                "a time HH:MM (24-hour clock), e.g. '09:00'"
                if schema is _TIME
                else "a module number of two digits in quotes, e.g. '07'"
            )
            raise CXAgendaError("invalid value", source=source, path=path, value=raw, expected=expected)
    elif kind == "integer":
        lo, hi = schema.get("minimum"), schema.get("maximum")
        if (lo is not None and raw < lo) or (hi is not None and raw > hi):
            raise CXAgendaError(
                "invalid value",
                source=source,
                path=path,
                value=raw,
                expected=f"a whole number from {lo} to {hi}",
            )


def _block(raw: dict[str, Any], source: str, path: str, root: Path) -> Block:
    kinds = [k for k in KINDS if k in raw]
    if len(kinds) != 1:
        raise CXAgendaError(
            "a block must be exactly one kind",
            source=source,
            path=path,
            value=", ".join(kinds) or ", ".join(raw) or "nothing",
            expected="one of the keys " + ", ".join(KINDS),
        )
    kind = kinds[0]
    _validate(raw, _BLOCKS[kind], source, path)
    block = Block(
        kind=kind,
        title=str(raw[kind]),
        minutes=int(raw.get("minutes", 0)),
        activities=list(raw.get("activities", [])),
        handouts=list(raw.get("handouts", [])),
        notes=str(raw.get("notes", "")),
    )
    facts = None
    if kind in ("module", "exercise"):
        facts = _facts(root, raw[kind])
        if facts is None:
            raise CXAgendaError(
                f"no {kind} of that number",
                source=source,
                path=f"{path}.{kind}",
                value=raw[kind],
                expected="a module of modules/ (a notebook NN-slug.ipynb with its estimated time)",
            )
        block.module = facts.number
    if kind == "module" and facts is not None:
        _module_parts(block, facts, raw, source, path)
    elif kind == "exercise" and facts is not None:
        if facts.exercise_minutes is None:
            raise CXAgendaError(
                "the module has no exercise with an estimated time",
                source=source,
                path=f"{path}.exercise",
                value=raw[kind],
                expected=f"solutions/{facts.slug}.ipynb with an '**Estimated time:**' line",
            )
        block.title = f"Exercise {facts.number} · {facts.title}"
        block.minutes = facts.exercise_minutes
    _check_activities_and_handouts(block, facts, source, path)
    if kind == "flex":
        block.minutes = 0
        lo, hi = raw["min_minutes"], raw["max_minutes"]
        if lo > hi:
            raise CXAgendaError(
                "min_minutes is above max_minutes",
                source=source,
                path=f"{path}.min_minutes",
                value=lo,
                expected=f"at most max_minutes ({hi})",
            )
    return block


def _module_parts(block: Block, facts: ModuleFacts, raw: dict[str, Any], source: str, path: str) -> None:
    """Title a module block and time it: the parts it names from the timing table, or the whole module."""
    block.title = f"{facts.number} · {facts.title}"
    block.parts = list(raw.get("parts", []))
    if block.parts and not facts.parts:
        raise CXAgendaError(
            "parts of a module without a timing table",
            source=source,
            path=f"{path}.parts",
            value=facts.slug,
            expected=f"workshops/notes/{facts.slug}.md with a ## Timing table, or the whole module",
        )
    for i, part in enumerate(block.parts):
        if part not in facts.parts:
            raise CXAgendaError(
                "no such part in the module's timing table",
                source=source,
                path=f"{path}.parts[{i}]",
                value=part,
                expected="a row of workshops/notes/" + f"{facts.slug}.md: " + "; ".join(facts.parts),
            )
    block.minutes = sum(facts.parts[p] for p in block.parts) if block.parts else facts.minutes


def _check_activities_and_handouts(block: Block, facts: ModuleFacts | None, source: str, path: str) -> None:
    """Refuse an activity the module does not have, or a handout the kit does not build."""
    from cxkit.instructor.handouts import HANDOUTS

    for i, act in enumerate(block.activities):
        if facts is None or act not in facts.activities:
            raise CXAgendaError(
                "unknown activity",
                source=source,
                path=f"{path}.activities[{i}]",
                value=act,
                expected=(
                    "a heading of the module's notebook, a widget class it uses, a row of its timing "
                    "table or an activity in bold in its facilitator notes"
                    if facts is not None
                    else "activities only on a module or exercise block"
                ),
            )
    for i, h in enumerate(block.handouts):
        if h not in HANDOUTS:
            raise CXAgendaError(
                "unknown handout",
                source=source,
                path=f"{path}.handouts[{i}]",
                value=h,
                expected="one of " + ", ".join(HANDOUTS),
            )


def _day(raw: dict[str, Any], source: str, path: str, root: Path, index: int) -> Day:
    blocks = [_block(b, source, f"{path}.blocks[{k}]", root) for k, b in enumerate(raw["blocks"])]
    day = Day(str(raw.get("name", f"Day {index + 1}")), raw["start"], raw["end"], blocks)
    if day.minutes <= 0:
        raise CXAgendaError(
            "the day ends before it starts",
            source=source,
            path=f"{path}.end",
            value=day.end,
            expected=f"a time after the start ({day.start})",
        )
    fixed = sum(b.minutes for b in blocks)
    flexes = [k for k, b in enumerate(blocks) if b.kind == "flex"]
    if len(flexes) > 1:
        raise CXAgendaError(
            "more than one flex block in a day",
            source=source,
            path=f"{path}.blocks[{flexes[1]}]",
            value=blocks[flexes[1]].title,
            expected="at most one flex block per day",
        )
    left = day.minutes - fixed
    if flexes:
        k = flexes[0]
        raw_flex = raw["blocks"][k]
        lo, hi = raw_flex["min_minutes"], raw_flex["max_minutes"]
        if not lo <= left <= hi:
            raise CXAgendaError(
                "the timings do not add up",
                source=source,
                path=f"{path}.blocks[{k}]",
                value=f"{left} minutes left for the flex block {blocks[k].title!r}",
                expected=f"{lo} to {hi} minutes (the other blocks take {fixed} of the day's {day.minutes})",
            )
        blocks[k].minutes = left
    elif left != 0:
        raise CXAgendaError(
            "the timings do not add up",
            source=source,
            path=f"{path}.end",
            value=f"blocks of {fixed} minutes from {day.start} end at {_clock(_minutes(day.start) + fixed)}",
            expected=f"blocks filling the day from {day.start} to {day.end} ({day.minutes} minutes)",
        )
    t = _minutes(day.start)
    for b in blocks:
        b.start, b.end = _clock(t), _clock(t + b.minutes)
        t += b.minutes
    return day


def load_agenda(name: str | Path, *, root: str | Path | None = None) -> Agenda:
    """Read, check and time an agenda: a name of :func:`agenda_names` or a path to a YAML file.

    Parameters
    ----------
    name : str or Path
        ``"half-day"`` (the file ``workshops/agendas/half-day.yaml``), or a path to a ``.yaml`` file.
    root : str or Path, optional
        The course folder whose modules and notes the agenda refers to (default: this course's).

    Returns
    -------
    Agenda
        Every block with its ``minutes``, ``start`` and ``end``.

    Raises
    ------
    CXFileNotFoundError
        No such agenda.
    CXAgendaError
        The file breaks the schema or refers to a module, part, activity or handout that does not
        exist, or its days' blocks do not fill the day; the message names the file, the path in
        it and the value.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
    >>> _ = bad.write_text('''
    ... title: Taster
    ... audience: Anyone
    ... days:
    ...   - {start: "09:00", end: "10:00", blocks: [{module: "07"}]}
    ... ''')
    >>> load_agenda(bad)  # doctest: +NORMALIZE_WHITESPACE +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxkit.errors.CXAgendaError: bad.yaml, at days[0].end: the timings do not add up: found 'blocks of
    105 minutes from 09:00 end at 10:45'; expected blocks filling the day from 09:00 to 10:00 (60 minutes).
    """
    from cxkit._paths import read_yaml, repo_root
    from cxkit.errors import CXFileNotFoundError

    base = repo_root(root)
    path = Path(name)
    if path.suffix not in (".yaml", ".yml"):
        path = agendas_dir(base) / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(agenda_names(root=base))
        raise CXFileNotFoundError(f"No agenda {str(name)!r} (looked for {path}); the agendas are: {known}.")
    source = path.name
    raw = read_yaml(path, error=CXAgendaError, expected="YAML as in workshops/agendas/")
    _validate(raw, SCHEMA, source)
    days = [_day(d, source, f"days[{i}]", base, i) for i, d in enumerate(raw["days"])]
    return Agenda(
        name=path.stem,
        title=raw["title"],
        audience=raw["audience"],
        days=days,
        outcomes=list(raw.get("outcomes", [])),
        prepare=list(raw.get("prepare", [])),
        source=str(path),
    )


def _describe(block: Block) -> str:
    bits = []
    if block.parts:
        bits.append("Parts: " + "; ".join(block.parts) + ".")
    if block.activities:
        bits.append("Activities: " + "; ".join(block.activities) + ".")
    if block.notes:
        bits.append(" ".join(block.notes.split()))
    return " ".join(bits)


def agenda_markdown(agenda: Agenda) -> str:
    """Render an agenda as Markdown: a timed table per day, the handouts and what to prepare.

    >>> text = agenda_markdown(load_agenda("half-day"))
    >>> text.splitlines()[0].startswith("# ")
    True
    >>> "| 09:00–" in text
    True
    """
    from cxkit.instructor.handouts import HANDOUTS

    out = [f"# {agenda.title}", "", f"**Audience:** {agenda.audience}", ""]
    total = sum(d.minutes for d in agenda.days)
    days = f"{len(agenda.days)} day" + ("" if len(agenda.days) == 1 else "s")
    out += [
        f"**Length:** {days}, {total // 60} h {total % 60:02d} min including breaks.",
        "",
        "Generated by `cxkit workshop agenda "
        f"{agenda.name}` from `workshops/agendas/{agenda.name}.yaml`; module times come from the modules' "
        "estimated times and the facilitator notes' timing tables.",
        "",
    ]
    if agenda.outcomes:
        out += ["## Outcomes", "", *[f"- {o}" for o in agenda.outcomes], ""]
    for day in agenda.days:
        out += [f"## {day.name}: {day.start}–{day.end}", ""]
        out += ["| time | block | minutes | what happens | handouts |", "| --- | --- | ---: | --- | --- |"]
        for b in day.blocks:
            title = f"*{b.title}*" if b.kind == "break" else b.title
            out.append(
                f"| {b.start}–{b.end} | {title} | {b.minutes} | {_describe(b)} | "
                + ", ".join(HANDOUTS[h].title for h in b.handouts)
                + " |"
            )
        out.append("")
    if agenda.handouts:
        out += ["## Handouts to print", ""]
        out += [
            f"- {HANDOUTS[h].title} (`handouts/{h}-a4.pdf` or `-letter.pdf`): {HANDOUTS[h].description}"
            for h in agenda.handouts
        ]
        out.append("")
    notes = [f"`workshops/notes/{f.slug}.md`" for m in agenda.modules if (f := _facts_of(m))]
    out += ["## What to prepare", ""]
    out += [f"- {p}" for p in agenda.prepare]
    if notes:
        out.append("- Read the facilitator notes: " + ", ".join(notes) + ".")
    out.append("")
    return "\n".join(out)


def _facts_of(number: str) -> ModuleFacts | None:
    return module_facts(number)


def agenda_pdf(agenda: Agenda, *, paper: str = "a4") -> bytes:
    """Render an agenda as a printable PDF (A4 or US Letter, black on white) and return its bytes.

    >>> pdf = agenda_pdf(load_agenda("half-day"), paper="letter")
    >>> pdf[:5]
    b'%PDF-'
    """
    import io

    from reportlab.lib import colors  # type: ignore[import-untyped]
    from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # type: ignore[import-untyped]

    from cxkit.instructor._output import PAPER, register_font
    from cxkit.instructor.handouts import HANDOUTS

    regular, bold = register_font()
    body = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=12)
    small = ParagraphStyle("small", parent=body, fontSize=8.5, leading=10.5)
    h1 = ParagraphStyle("h1", parent=body, fontName=bold, fontSize=16, leading=20, spaceAfter=6)
    h2 = ParagraphStyle(
        "h2", parent=body, fontName=bold, fontSize=12, leading=15, spaceBefore=8, spaceAfter=4
    )

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        esc = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        esc = re.sub(r"`([^`]+)`", r"<font face='Courier'>\1</font>", esc)
        esc = re.sub(r"\*\*([^*]+)\*\*", r"<b>\1</b>", esc)
        return Paragraph(esc, style)

    buf = io.BytesIO()
    width, height = PAPER[paper]
    doc = SimpleDocTemplate(
        buf,
        pagesize=(width, height),
        leftMargin=42,
        rightMargin=42,
        topMargin=42,
        bottomMargin=42,
        title=agenda.title,
        author="cxkit",
        invariant=1,
    )
    story: list[Any] = [p(agenda.title, h1), p(f"**Audience:** {agenda.audience}")]
    if agenda.outcomes:
        story.append(p("**By the end, participants can:** " + " ".join(f"• {o}" for o in agenda.outcomes)))
    for day in agenda.days:
        story.append(p(f"{day.name}: {day.start}–{day.end}", h2))
        rows = [
            [p("**Time**", small), p("**Block**", small), p("**Min**", small), p("**What happens**", small)]
        ]
        shade = []
        for i, b in enumerate(day.blocks, start=1):
            title = b.title
            what = _describe(b)
            if b.handouts:
                what += " Handouts: " + ", ".join(HANDOUTS[h].title for h in b.handouts) + "."
            rows.append(
                [p(f"{b.start}–{b.end}", small), p(title, small), p(str(b.minutes), small), p(what, small)]
            )
            if b.kind == "break":
                shade.append(("BACKGROUND", (0, i), (-1, i), colors.Color(0.88, 0.88, 0.88)))
        avail = width - 84
        table = Table(rows, colWidths=[68, 150, 30, avail - 248], repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("LINEBELOW", (0, 0), (-1, 0), 1.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    *shade,
                ]
            )
        )
        story += [table, Spacer(1, 6)]
    if agenda.prepare:
        story.append(p("What to prepare", h2))
        story += [p(f"• {x}") for x in agenda.prepare]
        notes = [f"workshops/notes/{f.slug}.md" for m in agenda.modules if (f := _facts_of(m))]
        story.append(p("• Read the facilitator notes: " + ", ".join(notes) + "."))
    doc.build(story)
    return buf.getvalue()


def write_agenda(
    name: str | Path,
    *,
    out: str | Path = "workshops/build",
    papers: tuple[str, ...] = ("a4", "letter"),
    root: str | Path | None = None,
) -> list[tuple[Path, Path | None]]:
    """Write ``<name>.md`` and ``<name>-<paper>.pdf`` into ``out``; return (file, backup) pairs.

    A file in ``out`` that the instructor edited since the kit wrote it is first copied to
    ``<stem>.backup-YYYYmmdd-HHMMSS<ext>`` (see :func:`cxkit.instructor._output.write_generated`).
    """
    from cxkit.errors import CXConfigError
    from cxkit.instructor._output import PAPER, write_generated

    bad = [p for p in papers if p not in PAPER]
    if bad:
        raise CXConfigError(f"paper must be one of {', '.join(PAPER)}; got {bad[0]!r}.")
    agenda = load_agenda(name, root=root)
    folder = Path(out)
    written = []
    md = folder / f"{agenda.name}.md"
    written.append((md, write_generated(md, agenda_markdown(agenda))))
    for paper in papers:
        pdf = folder / f"{agenda.name}-{paper}.pdf"
        written.append((pdf, write_generated(pdf, agenda_pdf(agenda, paper=paper))))
    return written
