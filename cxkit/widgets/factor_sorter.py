"""The factor sorter: which factor shapes which part of the experience, and in which stage.

The factors and the two sortings live in data (``cx_factors.yaml`` next to this file, read by
:func:`load_factors`), so the handouts and the instructor kit reuse them. :class:`FactorSorter`
has a plain-Python core (:meth:`~FactorSorter.place`, :meth:`~FactorSorter.check`,
:attr:`~FactorSorter.score`, :meth:`~FactorSorter.reveal`) that is tested without a notebook, and a
:meth:`~FactorSorter.widget`: one menu per factor, *Check my sorting*, *Show the answers* and
*Start again*, and a line of feedback per factor that says why, never only "wrong".

For a room, project it and fill the menus with the room's votes, then press *Check my sorting*;
alone, sort, check, read the reasons, and change what you disagree with.

>>> from cxkit.widgets import FactorSorter
>>> sorter = FactorSorter(sorting="part")
>>> sorter.place("delivery", "ux").check()["delivery"][0]
'wrong'
>>> sorter.place("delivery", "other").score
(1, 1, 11)
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError
from cxkit.widgets.base import WidgetView

__all__ = ["FACTORS_PATH", "SORTINGS", "Factor", "FactorSorter", "SortingBin", "load_factors"]

#: The course's factors and sortings (package data).
FACTORS_PATH = Path(__file__).with_name("cx_factors.yaml")
#: The two sortings: the part of CX (UX, service, CRM, the rest) and the lifecycle stage.
SORTINGS: tuple[str, ...] = ("part", "stage")
_PROMPT = "(choose)"
_VERDICT_TEXT = {"right": "Right.", "defensible": "Defensible.", "wrong": "Not quite.", "unsorted": ""}


@dataclass(frozen=True)
class SortingBin:
    """One place a factor can be sorted into: its id, label and what it means."""

    id: str
    label: str
    meaning: str


@dataclass(frozen=True)
class Factor:
    """One factor: a concrete example and, per sorting, the answer, other defensible bins and why."""

    id: str
    label: str
    example: str
    answers: dict[str, str] = field(default_factory=dict)
    also: dict[str, tuple[str, ...]] = field(default_factory=dict)
    why: dict[str, str] = field(default_factory=dict)


def load_factors(path: str | Path | None = None) -> tuple[dict[str, dict[str, Any]], list[Factor]]:
    """Read and check the factors file.

    Parameters
    ----------
    path : str or Path, optional
        Default :data:`FACTORS_PATH` (the course's file).

    Returns
    -------
    (sortings, factors)
        ``sortings`` maps each of :data:`SORTINGS` to ``{"title": str, "bins": [SortingBin, ...]}``;
        ``factors`` is the list of :class:`Factor` in file order.

    Raises
    ------
    CXConfigError
        If the file is missing a sorting, a bin or a factor field, a factor's answer is not one of
        the sorting's bins, or two factors share an id (the message names the factor and the field).

    Examples
    --------
    >>> sortings, factors = load_factors()
    >>> [b.id for b in sortings["part"]["bins"]]
    ['ux', 'service', 'crm', 'other']
    >>> next(f for f in factors if f.id == "delivery").answers
    {'part': 'other', 'stage': 'post_purchase'}
    """
    import yaml

    p = Path(path) if path is not None else FACTORS_PATH
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    where = f"{p.name}"
    if not isinstance(raw, Mapping) or not isinstance(raw.get("sortings"), Mapping):
        raise CXConfigError(f"{where}: the file needs a 'sortings' mapping with {', '.join(SORTINGS)}.")
    sortings: dict[str, dict[str, Any]] = {}
    for name in SORTINGS:
        s = raw["sortings"].get(name)
        if not isinstance(s, Mapping) or not s.get("bins"):
            raise CXConfigError(f"{where}: sorting {name!r} is missing or has no bins.")
        bins = []
        for b in s["bins"]:
            missing = [k for k in ("id", "label", "meaning") if not b.get(k)]
            if missing:
                raise CXConfigError(f"{where}: a bin of sorting {name!r} has no {missing[0]!r}: {dict(b)!r}.")
            bins.append(SortingBin(str(b["id"]), str(b["label"]), str(b["meaning"])))
        sortings[name] = {"title": str(s.get("title", name)), "bins": bins}
    factors: list[Factor] = []
    for f in raw.get("factors") or []:
        fid = f.get("id", "?") if isinstance(f, Mapping) else "?"
        missing = [
            k for k in ("id", "label", "example", *SORTINGS) if not (isinstance(f, Mapping) and f.get(k))
        ]
        if missing:
            raise CXConfigError(f"{where}: factor {fid!r} has no {missing[0]!r}.")
        if any(x.id == fid for x in factors):
            raise CXConfigError(f"{where}: factor {fid!r} appears twice; give each factor its own id.")
        answers, also, why = {}, {}, {}
        for name in SORTINGS:
            entry = f[name]
            ids = [b.id for b in sortings[name]["bins"]]
            if not isinstance(entry, Mapping) or not entry.get("answer") or not entry.get("why"):
                raise CXConfigError(f"{where}: factor {fid!r}, sorting {name!r} needs 'answer' and 'why'.")
            for value in [entry["answer"], *(entry.get("also") or [])]:
                if value not in ids:
                    raise CXConfigError(
                        f"{where}: factor {fid!r}, sorting {name!r}: {value!r} is not a bin; "
                        f"the bins are {', '.join(ids)}."
                    )
            answers[name] = str(entry["answer"])
            also[name] = tuple(str(v) for v in entry.get("also") or ())
            why[name] = str(entry["why"])
        factors.append(Factor(str(fid), str(f["label"]), str(f["example"]), answers, also, why))
    if not factors:
        raise CXConfigError(f"{where}: the file lists no factors.")
    return sortings, factors


class FactorSorter(WidgetView):
    """Sort the factors that shape customer experience, and get a reason for every verdict.

    Parameters
    ----------
    sorting : {"part", "stage"}, default "part"
        Sort into the parts of CX (UX, customer service, CRM, the rest of CX) or into the five
        lifecycle stages.
    path : str or Path, optional
        The factors file (default :data:`FACTORS_PATH`).

    Examples
    --------
    >>> s = FactorSorter(sorting="stage")
    >>> s.place("advertising", "awareness").verdict("advertising")
    'right'
    >>> s.place("service", "decision").verdict("service")  # a defensible second answer
    'defensible'
    >>> s.reveal().score[0] == len(s.factors)
    True
    """

    def __init__(self, *, sorting: str = "part", path: str | Path | None = None) -> None:
        self._sortings, self._factors = load_factors(path)
        self._by_id = {f.id: f for f in self._factors}
        self.sorting = self._check_sorting(sorting)
        self._placements: dict[str, dict[str, str | None]] = {
            name: {f.id: None for f in self._factors} for name in SORTINGS
        }
        self._checked = False

    # -- the plain-Python core ------------------------------------------------------------------

    @staticmethod
    def _check_sorting(sorting: str) -> str:
        if sorting not in SORTINGS:
            raise CXConfigError(f"Unknown sorting {sorting!r}. The valid choices are: {', '.join(SORTINGS)}.")
        return sorting

    @property
    def factors(self) -> list[str]:
        """The factor ids, in the file's order."""
        return [f.id for f in self._factors]

    @property
    def bins(self) -> list[SortingBin]:
        """The bins of the current sorting."""
        return list(self._sortings[self.sorting]["bins"])

    @property
    def title(self) -> str:
        """The current sorting's question."""
        return str(self._sortings[self.sorting]["title"])

    @property
    def placements(self) -> dict[str, str | None]:
        """Factor id -> the bin id it is placed in (``None`` when not sorted yet)."""
        return dict(self._placements[self.sorting])

    def factor(self, factor_id: str) -> Factor:
        """Return one factor by id."""
        if factor_id not in self._by_id:
            raise CXConfigError(f"Unknown factor {factor_id!r}. The factors are: {', '.join(self.factors)}.")
        return self._by_id[factor_id]

    def _bin(self, bin_id: str) -> SortingBin:
        for b in self.bins:
            if b.id == bin_id:
                return b
        raise CXConfigError(
            f"Unknown bin {bin_id!r} for the {self.sorting!r} sorting. The bins are: "
            f"{', '.join(b.id for b in self.bins)}."
        )

    def set_sorting(self, sorting: str) -> FactorSorter:
        """Switch between the two sortings (each keeps its own placements); return self."""
        self.sorting = self._check_sorting(sorting)
        self._checked = False
        self._sync_widgets()
        return self

    def place(self, factor_id: str, bin_id: str | None) -> FactorSorter:
        """Put a factor in a bin (``None`` takes it out); return self."""
        self.factor(factor_id)
        if bin_id is not None:
            self._bin(bin_id)
        self._placements[self.sorting][factor_id] = bin_id
        self._sync_widgets()
        return self

    def set(self, placements: Mapping[str, str | None] | None = None, /, **more: str | None) -> FactorSorter:
        """Place several factors at once (``set(delivery="other", packaging="other")``); return self."""
        for factor_id, bin_id in {**(placements or {}), **more}.items():
            self.place(factor_id, bin_id)
        return self

    def verdict(self, factor_id: str) -> str:
        """``"right"``, ``"defensible"`` (an accepted second answer), ``"wrong"`` or ``"unsorted"``."""
        f = self.factor(factor_id)
        chosen = self._placements[self.sorting][factor_id]
        if chosen is None:
            return "unsorted"
        if chosen == f.answers[self.sorting]:
            return "right"
        return "defensible" if chosen in f.also[self.sorting] else "wrong"

    def feedback(self, factor_id: str) -> str:
        """Explain one factor's placement: why the answer is what it is."""
        f = self.factor(factor_id)
        verdict = self.verdict(factor_id)
        why = f.why[self.sorting]
        answer = self._bin(f.answers[self.sorting]).label
        if verdict == "unsorted":
            return f"Not sorted yet: where does '{f.example}' belong?"
        chosen = self._bin(str(self._placements[self.sorting][factor_id]))
        if verdict == "right":
            return f"Right: {why}"
        if verdict == "defensible":
            return f"Defensible: {why} The usual answer is {answer}."
        return f"Not {chosen.label} ({chosen.meaning}). {why} Best answer: {answer}."

    def check(self) -> dict[str, tuple[str, str]]:
        """Mark every factor: factor id -> (verdict, feedback). Shows the feedback in the widget."""
        self._checked = True
        self._sync_widgets()
        return {fid: (self.verdict(fid), self.feedback(fid)) for fid in self.factors}

    @property
    def score(self) -> tuple[int, int, int]:
        """``(right or defensible, sorted, factors)`` for the current sorting."""
        verdicts = [self.verdict(fid) for fid in self.factors]
        good = sum(v in ("right", "defensible") for v in verdicts)
        return good, sum(v != "unsorted" for v in verdicts), len(verdicts)

    def answers(self, *, sorting: str | None = None) -> dict[str, str]:
        """Return factor id -> the expected bin id of a sorting (default: the current one)."""
        name = self._check_sorting(sorting or self.sorting)
        return {f.id: f.answers[name] for f in self._factors}

    def in_bin(self, bin_id: str, *, sorting: str | None = None) -> list[str]:
        """Return the factors whose expected answer is ``bin_id`` (labels, in the file's order)."""
        name = self._check_sorting(sorting or self.sorting)
        return [f.label for f in self._factors if f.answers[name] == bin_id]

    def reveal(self) -> FactorSorter:
        """Place every factor in its expected bin and check (the *Show the answers* button)."""
        self._placements[self.sorting] = {fid: bin_id for fid, bin_id in self.answers().items()}
        self._sync_widgets()
        self.check()
        return self

    def reset(self) -> FactorSorter:
        """Take every factor out of its bin (the *Start again* button)."""
        self._placements[self.sorting] = {fid: None for fid in self.factors}
        self._checked = False
        self._sync_widgets()
        return self

    def score_text(self) -> str:
        """One line: the score after a check, or what to do before it."""
        good, placed, total = self.score
        if not self._checked:
            return f"{placed} of {total} factors sorted. Press 'Check my sorting' when you are ready."
        rest = f"; {total - placed} not sorted yet" if placed < total else ""
        return f"{good} of {total} right or defensible{rest}. Read the reason under each factor."

    def __repr__(self) -> str:
        """Return the sorting and how many factors are sorted."""
        _good, placed, total = self.score
        return f"FactorSorter(sorting={self.sorting!r}, sorted={placed}/{total})"

    # -- the widget -----------------------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: the sorting menu and buttons above one menu per factor."""
        import ipywidgets as w

        which = w.Dropdown(
            options=[("Part of CX (UX, service, CRM, rest)", "part"), ("Lifecycle stage", "stage")],
            value=self.sorting,
            description="Sort by",
            style={"description_width": "70px"},
            layout=w.Layout(width="380px"),
        )
        check = w.Button(
            description="Check my sorting", button_style="primary", layout=w.Layout(width="170px")
        )
        show = w.Button(description="Show the answers", layout=w.Layout(width="170px"))
        again = w.Button(description="Start again", layout=w.Layout(width="130px"))
        title = w.HTML()
        score = w.HTML()
        rows = w.VBox()
        box = w.VBox([w.HBox([which, check, show, again]), title, rows, score])
        box.add_class("cxkit-factor-sorter")
        score.add_class("cxkit-factor-sorter-score")
        ui: dict[str, Any] = {
            "which": which,
            "title": title,
            "score": score,
            "rows": rows,
            "box": box,
            "menus": {},
            "notes": {},
            "built": {},
        }
        self._ui = ui  # the rows below are built into it
        self._on_change([which], lambda: self.set_sorting(which.value))
        check.on_click(lambda _: self.check())
        show.on_click(lambda _: self.reveal())
        again.on_click(lambda _: self.reset())
        current = self.sorting
        for name in SORTINGS:  # build both sortings' rows now: switching later only swaps them
            self.sorting = name
            self._sync_widgets()
        self.sorting = current
        self._sync_widgets()
        return ui

    @property
    def menus(self) -> dict[str, Any]:
        """Factor id -> its Dropdown (building the widget if needed)."""
        return dict(self._control("menus"))

    def _build_rows(self) -> None:
        """Show the current sorting's rows; each sorting's rows are built once, then swapped in."""
        import ipywidgets as w

        ui = self._ui
        assert ui is not None
        if self.sorting in ui["built"]:
            ui["rows"].children, ui["menus"], ui["notes"] = ui["built"][self.sorting]
            return
        # the prompt's value is "" (not None): a browser shows no text for a Dropdown set to None
        options = [(_PROMPT, "")] + [(b.label, b.id) for b in self.bins]
        children, menus, notes = [], {}, {}
        for f in self._factors:
            menu = w.Dropdown(
                options=options,
                value=self._placements[self.sorting][f.id] or "",
                layout=w.Layout(width="170px"),
            )
            label = w.HTML(
                f"<b>{html.escape(f.label)}</b>: {html.escape(f.example)}",
                layout=w.Layout(width="100%"),
            )
            note = w.HTML()
            menus[f.id], notes[f.id] = menu, note
            children.append(
                w.VBox(
                    [w.HBox([menu, label], layout=w.Layout(align_items="center")), note],
                    layout=w.Layout(margin="0 0 6px 0"),
                )
            )
        self._on_each_change(menus, lambda fid, value: self.place(fid, value or None))
        ui["built"][self.sorting] = (tuple(children), menus, notes)
        ui["rows"].children, ui["menus"], ui["notes"] = ui["built"][self.sorting]

    def _push(self, ui: dict[str, Any]) -> None:
        ui["which"].value = self.sorting
        self._build_rows()  # the current sorting's rows (built once, then swapped in)
        for fid, menu in ui["menus"].items():
            menu.value = self._placements[self.sorting][fid] or ""

    def _refresh(self) -> None:
        ui = self._ui
        if ui is None:
            return
        bins = "<br>".join(f"<b>{html.escape(b.label)}</b>: {html.escape(b.meaning)}" for b in self.bins)
        ui["title"].value = f"<p><b>{html.escape(self.title)}</b><br>{bins}</p>"
        for fid, note in ui["notes"].items():
            verdict = self.verdict(fid)
            if self._checked and verdict != "unsorted":
                colour = {"right": "#009E73", "defensible": "#0072B2", "wrong": "#D55E00"}[verdict]
                mark = {"right": "✔", "defensible": "≈", "wrong": "✖"}[verdict]
                note.value = (
                    '<div style="margin-left:178px;color:#222">'
                    f'<span style="color:{colour}">{mark}</span> '
                    f"{html.escape(self.feedback(fid))}</div>"
                )
            else:
                note.value = ""
        ui["score"].value = f'<div aria-live="polite"><b>{html.escape(self.score_text())}</b></div>'
