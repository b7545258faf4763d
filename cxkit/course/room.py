"""The room exchange: a shared folder where each learner's group-quiz answers land, for the instructor.

In the spirit of nbgrader's exchange, but only a folder: on the workshop hub (``make hub``) a folder
every learner's server can write (``CXKIT_ROOM`` is set for everyone); on a single machine or a room
of laptops, any shared folder. ``quiz.show("07", group=True)`` sends the learner's answers there on
Submit; the instructor's ``quiz.reveal("07")`` reads every learner's last submission and shows the
room's answer distribution per question, then the right answers.

Layout of the folder (``<room>`` is ``CXKIT_ROOM`` or the ``room=`` argument)::

    <room>/quizzes/07-cx-metrics/<learner>.json                 the learner's last submission
    <room>/quizzes/07-cx-metrics/versions/<learner>.0001.json   every submission, numbered

A submission is one JSON file per learner per quiz, written atomically (a temporary file in the
same folder, then :func:`os.replace`), so a reader never sees half a file. Every submission is also
kept as a numbered version, claimed with an exclusive hard link (two submissions at once by the
same learner get two numbers, never one file); the last one counts. The learner's name is
``JUPYTERHUB_USER`` on the hub, else ``CXKIT_LEARNER``, else ``user@host``.

What a learner sees: their own answers (their form) and the room's totals (counts per option,
never who answered what). The files themselves are readable by everyone who can read the folder:
on a single-machine hub every server runs as the same system user (see ``workshops/README.md``).

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> for name, pick in [("ana", "events"), ("ben", "events"), ("chen", "orders")]:
...     _ = submit("07-cx-metrics", {"journey-log": pick}, learner=name, room=folder)
>>> [s.learner for s in submissions("07-cx-metrics", room=folder)]
['ana', 'ben', 'chen']
>>> _ = submit("07-cx-metrics", {"journey-log": "orders"}, learner="ana", room=folder)
>>> [(s.version, s.answers["journey-log"]) for s in history("07-cx-metrics", learner="ana", room=folder)]
[(1, 'events'), (2, 'orders')]
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import hashlib
import html
import json
import os
import re
import socket
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXDataWarning

__all__ = [
    "LEARNER_ENV",
    "ROOM_ENV",
    "RoomAssessmentForm",
    "Submission",
    "distribution_html",
    "history",
    "learner_name",
    "require_room",
    "room_dir",
    "submissions",
    "submit",
    "tally",
]

#: Environment variable naming the room's shared folder (set for every learner by ``make hub``).
ROOM_ENV = "CXKIT_ROOM"
#: Environment variable naming the learner, when not on a hub (``JUPYTERHUB_USER`` wins).
LEARNER_ENV = "CXKIT_LEARNER"
#: What the room collects: group quizzes, and forms (the self-assessment), each in its own folder.
KINDS: tuple[str, ...] = ("quizzes", "forms")
#: Version of the submission file's format.
FORMAT = 1

# Okabe & Ito's colour-blind-safe palette: bars blue, the right option(s) bluish green with a tick.
_BAR, _RIGHT, _TRACK = "#0072B2", "#009E73", "#EEEEEE"


@dataclass(frozen=True)
class Submission:
    """One learner's submission to one quiz: answers by question id (option texts, or a number)."""

    learner: str
    bank: str
    version: int
    submitted_at: str
    answers: dict[str, Any] = field(default_factory=dict)
    questions: tuple[str, ...] = ()

    def to_json(self) -> str:
        """Return the file's text."""
        data = {
            "format": FORMAT,
            "learner": self.learner,
            "bank": self.bank,
            "version": self.version,
            "submitted_at": self.submitted_at,
            "questions": list(self.questions),
            "answers": self.answers,
        }
        return json.dumps(data, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_file(cls, path: Path) -> Submission:
        """Read a submission file; a file that is not one raises ``ValueError``."""
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("answers"), dict):
            raise ValueError("not a cxkit room submission (no 'answers' mapping)")
        return cls(
            learner=str(data["learner"]),
            bank=str(data["bank"]),
            version=int(data["version"]),
            submitted_at=str(data.get("submitted_at", "")),
            answers=dict(data["answers"]),
            questions=tuple(str(q) for q in data.get("questions", ())),
        )


# ---------------------------------------------------------------------------------------------
# Where: the room's folder and the learner's name
# ---------------------------------------------------------------------------------------------


def room_dir(room: str | Path | None = None, /) -> Path | None:
    """Return the room's folder (``room``, else ``CXKIT_ROOM``), checked; ``None`` when neither is set.

    Raises
    ------
    CXConfigError
        The folder does not exist, is a file, or cannot be written; the message names the path and
        where it came from.

    Examples
    --------
    >>> room_dir("/no/such/room")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxkit.errors.CXConfigError: The room folder /no/such/room (the room= argument) does not exist. ...
    """
    source = "the room= argument"
    if room is None or str(room).strip() == "":
        env = os.environ.get(ROOM_ENV, "").strip()
        if not env:
            return None
        room, source = env, f"the environment variable {ROOM_ENV}"
    folder = Path(room).expanduser()
    fix = (
        "Ask the instructor for the room's folder (on the workshop hub it is set for you), or "
        f"create it (mkdir -p {folder}) and make it writable by every learner."
    )
    if not folder.exists():
        raise CXConfigError(f"The room folder {folder} ({source}) does not exist. {fix}")
    if not folder.is_dir():
        raise CXConfigError(f"The room folder {folder} ({source}) is a file, not a folder. {fix}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CXConfigError(f"The room folder {folder} ({source}) cannot be written by this user. {fix}")
    return folder.resolve()


def require_room(room: str | Path | None) -> Path:
    """Return :func:`room_dir`'s folder; no room set up is an error saying how to set one."""
    folder = room_dir(room)
    if folder is None:
        raise CXConfigError(
            f"No room folder: set the environment variable {ROOM_ENV} to the room's shared folder "
            "(the workshop hub sets it), or pass room='path/to/folder'."
        )
    return folder


def learner_name(learner: str | None = None) -> str:
    """Return the learner's name: ``learner``, else ``JUPYTERHUB_USER``, ``CXKIT_LEARNER``, or user@host."""
    for name in (learner, os.environ.get("JUPYTERHUB_USER"), os.environ.get(LEARNER_ENV)):
        if name is not None and str(name).strip():
            return str(name).strip()
    return f"{getpass.getuser()}@{socket.gethostname()}"


def _slug(name: str) -> str:
    """Return a file name for a learner: the name itself when safe, else a cleaned name and a hash."""
    clean = re.sub(r"[^A-Za-z0-9_@-]+", "_", name).strip("_") or "learner"
    if clean == name:
        return clean
    return f"{clean}-{hashlib.sha256(name.encode('utf-8')).hexdigest()[:8]}"


def _bank_folder(folder: Path, bank: str, kind: str = "quizzes") -> Path:
    if kind not in KINDS:
        raise CXConfigError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}.")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", bank):
        raise CXConfigError(
            f"A quiz's or form's name in the room is a file name such as '07-cx-metrics'; got {bank!r}."
        )
    return folder / kind / bank


# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def _write_temp(folder: Path, text: str) -> Path:
    """Write ``text`` to a new temporary file in ``folder`` (readable by the room), flushed to disk."""
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)  # the instructor may be another system user
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _claim(tmp: Path, target: Path) -> bool:
    """Give ``tmp``'s content the name ``target`` if that name is free (atomically); ``False`` if taken."""
    try:
        os.link(tmp, target)
        return True
    except FileExistsError:
        return False
    except OSError as err:  # a file system without hard links: an exclusive create instead
        if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as fh:
        fh.write(tmp.read_bytes())
    return True


def _versions(quiz_dir: Path, slug: str) -> list[int]:
    found = []
    for p in (quiz_dir / "versions").glob(f"{slug}.*.json"):
        number = p.name[len(slug) + 1 : -len(".json")]
        if number.isdigit():
            found.append(int(number))
    return sorted(found)


def submit(
    bank: str,
    answers: Mapping[str, Any],
    *,
    questions: Sequence[str] | None = None,
    learner: str | None = None,
    room: str | Path | None = None,
    kind: str = "quizzes",
) -> Submission:
    """Send a learner's answers to one quiz to the room; return the submission (with its version).

    Parameters
    ----------
    bank : str
        The bank's file name without ``.yaml`` (``"07-cx-metrics"``): the same for every learner,
        wherever their copy of the course is.
    answers : mapping
        Question id -> the option text (single), a list of option texts (multiple) or a number.
        A question left out or ``None`` is unanswered.
    questions : sequence of str, optional
        The ids of the questions the learner was shown (default: those of ``answers``).
    learner : str, optional
        Default: :func:`learner_name`.
    room : path, optional
        Default: ``CXKIT_ROOM``.
    kind : str
        ``"quizzes"``, or ``"forms"`` for a self-assessment (:class:`RoomAssessmentForm`).

    Raises
    ------
    CXConfigError
        No room folder, or a bad one (the message names the path).
    """
    folder = require_room(room)
    name = learner_name(learner)
    slug = _slug(name)
    quiz_dir = _bank_folder(folder, bank, kind)
    try:
        (quiz_dir / "versions").mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CXConfigError(f"Cannot write to the room folder {quiz_dir}: {err.strerror}.") from None
    clean = {str(k): v for k, v in answers.items() if v is not None}
    shown = tuple(questions) if questions is not None else tuple(clean)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    version = (_versions(quiz_dir, slug) or [0])[-1] + 1
    while True:
        sub = Submission(name, bank, version, now, clean, shown)
        tmp = _write_temp(quiz_dir, sub.to_json())
        try:
            if _claim(tmp, quiz_dir / "versions" / f"{slug}.{version:04d}.json"):
                os.replace(tmp, quiz_dir / f"{slug}.json")
                break
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        version += 1
    _settle(quiz_dir, slug)
    return sub


def _settle(quiz_dir: Path, slug: str) -> None:
    """Make the learner's current file the highest version (two submissions at once may cross)."""
    for _ in range(5):
        numbers = _versions(quiz_dir, slug)
        try:
            current = Submission.from_file(quiz_dir / f"{slug}.json").version
        except (OSError, ValueError, KeyError):
            current = 0
        if not numbers or current >= numbers[-1]:
            return
        newest = (quiz_dir / "versions" / f"{slug}.{numbers[-1]:04d}.json").read_text(encoding="utf-8")
        tmp = _write_temp(quiz_dir, newest)
        os.replace(tmp, quiz_dir / f"{slug}.json")


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def _read_all(paths: Sequence[Path]) -> list[Submission]:
    subs = []
    for p in paths:
        try:
            subs.append(Submission.from_file(p))
        except (OSError, ValueError, KeyError, TypeError) as err:
            warnings.warn(
                f"Skipped {p}: not a readable room submission ({err}).", CXDataWarning, stacklevel=3
            )
    return subs


def submissions(bank: str, *, room: str | Path | None = None, kind: str = "quizzes") -> list[Submission]:
    """Return the last submission of every learner to one quiz (or form), by learner name (empty if none)."""
    quiz_dir = _bank_folder(require_room(room), bank, kind)
    paths = sorted(p for p in quiz_dir.glob("*.json") if not p.name.startswith("."))
    return sorted(_read_all(paths), key=lambda s: s.learner)


def history(
    bank: str, *, learner: str | None = None, room: str | Path | None = None, kind: str = "quizzes"
) -> list[Submission]:
    """Return every submission of one learner to one quiz (or form), oldest first (the last one counts)."""
    quiz_dir = _bank_folder(require_room(room), bank, kind)
    slug = _slug(learner_name(learner))
    paths = [quiz_dir / "versions" / f"{slug}.{n:04d}.json" for n in _versions(quiz_dir, slug)]
    return _read_all(paths)


# ---------------------------------------------------------------------------------------------
# The room's totals
# ---------------------------------------------------------------------------------------------


def _choice_texts(q: Any, given: Any) -> list[str]:
    if q.type == "single":
        return [given] if isinstance(given, str) else []
    if isinstance(given, str):
        return [given]
    return [g for g in given if isinstance(g, str)] if isinstance(given, list) else []


def tally(questions: Sequence[Any], subs: Sequence[Submission]) -> Any:
    """Return the room's answers per question as a table: one row per option (or numeric value).

    Parameters
    ----------
    questions : sequence of :class:`cxkit.course.quiz.QuizQuestion`
        The questions to count, in the order shown.
    subs : sequence of :class:`Submission`
        One per learner (:func:`submissions`).

    Returns
    -------
    pandas.DataFrame
        Columns ``question``, ``option`` (its text, or a numeric answer given), ``learners`` (how
        many chose it), ``answered`` (how many answered the question), ``share`` (percent of
        ``answered``) and ``correct``. An option text not in the bank (an older copy) is counted
        under its own text with ``correct`` False; numeric answers are grouped by value.
    """
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for q in questions:
        given = [s.answers[q.id] for s in subs if s.answers.get(q.id) is not None]
        answered = len(given)
        if q.type in ("single", "multiple"):
            counts = {o.text: 0 for o in q.options}
            right = {o.text for o in q.options if o.correct}
            for g in given:
                for text in set(_choice_texts(q, g)):
                    counts[text] = counts.get(text, 0) + 1
            items = [(text, n, text in right) for text, n in counts.items()]
        else:
            values: dict[float, int] = {}
            for g in given:
                with contextlib.suppress(TypeError, ValueError):
                    values[float(g)] = values.get(float(g), 0) + 1
            expected, tol = q.expected_number(), q.numeric_tolerance()
            items = [
                (f"{v:g}", n, abs(v - expected) <= tol + 1e-9 * max(1.0, abs(expected)))
                for v, n in sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
            ]
        for text, n, ok in items:
            share = 100.0 * n / answered if answered else 0.0
            rows.append(
                {
                    "question": q.id,
                    "option": text,
                    "learners": n,
                    "answered": answered,
                    "share": share,
                    "correct": ok,
                }
            )
    return pd.DataFrame(rows, columns=["question", "option", "learners", "answered", "share", "correct"])


def _md(text: str) -> str:
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text))


def distribution_html(questions: Sequence[Any], subs: Sequence[Submission], *, answers: bool = True) -> str:
    """Return the room's answer distribution per question as HTML bars (with the right options marked).

    One bar per option (numeric questions: per value given), its count and share in words beside
    it; with ``answers`` the right options are drawn in bluish green with a tick and "right" in
    words (never colour alone; Okabe & Ito's colour-blind-safe palette). Readable at 1280x720: 18 px
    type, the bars 360 px wide.
    """
    table = tally(questions, subs)
    n = len(subs)
    parts = [
        '<div class="cxkit-room" style="font-size:18px;line-height:1.4">',
        f"<h3>The room's answers ({n} learner{'s' * (n != 1)} submitted)</h3>",
    ]
    for number, q in enumerate(questions, start=1):
        rows = table[table["question"] == q.id]
        answered = int(rows["answered"].iloc[0]) if len(rows) else 0
        parts.append(
            f'<div class="cxkit-room-question" style="margin:10px 0"><p><strong>{number}.</strong> '
            f"{_md(q.prompt)} <em>({answered} answered)</em></p>"
        )
        if not len(rows):
            parts.append("<p>Nobody answered this question.</p>")
        for _, row in rows.iterrows():
            right = answers and bool(row["correct"])
            colour = _RIGHT if right else _BAR
            mark = ' <strong style="color:#000">✔ right</strong>' if right else ""
            parts.append(
                '<div style="display:flex;align-items:center;gap:10px;margin:3px 0">'
                f'<div style="flex:0 0 340px;text-align:right">{_md(str(row["option"]))}</div>'
                f'<div role="img" aria-label="{int(row["learners"])} of {answered}" '
                f'style="flex:0 0 360px;height:22px;background:{_TRACK};border:1px solid #444">'
                f'<div style="width:{row["share"]:.1f}%;height:100%;background:{colour}"></div></div>'
                f'<div style="flex:0 0 auto">{int(row["learners"])} ({row["share"]:.0f}%){mark}</div></div>'
            )
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# The self-assessment form of the room
# ---------------------------------------------------------------------------------------------


def _form_class() -> type:
    from cxkit.widgets.self_assessment import SelfAssessmentForm

    return SelfAssessmentForm


class RoomAssessmentForm(_form_class()):  # type: ignore[misc]
    """The self-assessment form (:class:`cxkit.widgets.SelfAssessmentForm`) for a room.

    *Add my answers to the team* sends the learner's answers to the room (one file per learner in
    ``<room>/forms/<name>/``, the last counts, earlier ones kept) and shows the room's chart: every
    learner's last answers, scored by :func:`cxkit.service.self_assessment` (the team's scores, never
    anyone's own answers). :meth:`refresh` (or the *Show the room's latest* button) reads the room
    again: the instructor's projected form follows the room as people submit.

    Parameters
    ----------
    questionnaire : Questionnaire or path, optional
        Default: the course's.
    room : path, optional
        Default: ``CXKIT_ROOM``.
    learner : str, optional
        Default: :func:`learner_name`.
    name : str
        The exchange's name in the room (one per round: ``"self-assessment-june"``).

    Examples
    --------
    >>> import tempfile
    >>> folder = tempfile.mkdtemp()
    >>> for who, score in [("ana", 4), ("ben", 2)]:
    ...     form = RoomAssessmentForm(room=folder, learner=who)
    ...     _ = form.set(**dict.fromkeys(form.item_ids, score)).add_rater()
    >>> form.n_raters, float(form.result.loc["overall", "score"])
    (2, 3.0)
    """

    def __init__(
        self,
        questionnaire: Any = None,
        /,
        *,
        room: str | Path | None = None,
        learner: str | None = None,
        name: str = "self-assessment",
    ) -> None:
        self.room = require_room(room)
        self.learner = learner_name(learner)
        self.exchange = name
        super().__init__(questionnaire)
        self.team = self.room_team()

    def room_team(self, *, without: str | None = None) -> Any:
        """Return the room's answers: one row per learner (their last submission), no names."""
        import pandas as pd

        from cxkit.service.assessment import answers_table

        subs = submissions(self.exchange, room=self.room, kind="forms")
        rows = [s.answers for s in subs if s.learner != without]
        if not rows:
            return pd.DataFrame(columns=self.item_ids, dtype=float)
        return answers_table(pd.DataFrame(rows), self.questionnaire).reset_index(drop=True)

    def add_rater(self) -> RoomAssessmentForm:
        """Send the answers to the room (every statement answered), then show the room's chart.

        Raises
        ------
        CXDataError
            A statement is not answered (the message names the first one).
        """
        from cxkit.service.assessment import answers_table

        answers_table(dict(self.answers), self.questionnaire)  # every statement answered, on the scale
        answers = {k: int(v) for k, v in self.answers.items() if v is not None}
        submit(self.exchange, answers, learner=self.learner, room=self.room, kind="forms")
        self.team = self.room_team(without=self.learner)
        super().add_rater()  # adds this learner's row, clears the form, redraws the chart
        return self

    def refresh(self) -> RoomAssessmentForm:
        """Read the room again and redraw the chart (the instructor's view as people submit)."""
        self.team = self.room_team()
        self._sync_widgets()
        self._refresh_chart()
        return self

    def clear_team(self) -> RoomAssessmentForm:
        """Refuse: a room's answers are kept; start a new round with another ``name``."""
        raise CXConfigError(
            "The room's answers are kept: to start a new round, make a form with another name, "
            f"e.g. RoomAssessmentForm(name='{self.exchange}-2')."
        )

    def _build(self) -> dict[str, Any]:
        import ipywidgets as w

        ui = super()._build()
        refresh = w.Button(description="Show the room's latest", layout=w.Layout(width="200px"))
        refresh.on_click(lambda _b: self.refresh())
        ui["refresh"] = refresh
        box = ui["box"]
        # the room's form: "Start a new round" (which would clear the room's answers) becomes the refresh
        rows = [
            w.HBox([ui["add"], refresh]) if isinstance(c, w.HBox) and ui["clear"] in c.children else c
            for c in box.children
        ]
        where = w.HTML(f"<small>The room's folder: {html.escape(str(self.room))}</small>")
        box.children = (*rows, where)
        return ui
