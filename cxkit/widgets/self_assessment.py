"""The self-assessment form: each team member answers the questionnaire; the team's chart follows.

A plain-Python core (:class:`SelfAssessmentForm`: ``set(...)``, ``add_rater()``, :attr:`team`,
:attr:`result`, the chart) that works and is tested without a notebook, and a
:meth:`SelfAssessmentForm.widget` with one row of 1-5 buttons per statement. The scores come from
:func:`cxkit.service.self_assessment` and the chart from :func:`cxkit.service.plot_self_assessment`.

>>> from cxkit.widgets import SelfAssessmentForm
>>> form = SelfAssessmentForm()
>>> len(form.missing)
14
>>> form.set(**{i: 4 for i in form.item_ids}).add_rater().n_raters
1
>>> float(form.result.loc["overall", "score"])
4.0
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from cxkit.widgets.base import FORM_CLASS, WidgetView, control, form_style

__all__ = ["SelfAssessmentForm"]

#: Width of a statement beside its five buttons (5 x 48 px): the longest statement wraps onto two
#: lines and the row stays within a notebook cell at 1280x720.
STATEMENT_WIDTH = "520px"


class SelfAssessmentForm(WidgetView):
    """A team self-assessment in a notebook: answer, add to the team, see the scores and the chart.

    Parameters
    ----------
    questionnaire : Questionnaire or path, optional
        Default: the course's (:func:`cxkit.service.load_questionnaire`).
    team : DataFrame, optional
        Answers already collected (one row per rater), e.g. a workshop's earlier round.

    Examples
    --------
    >>> form = SelfAssessmentForm()
    >>> form.set(cc1=5).answers["cc1"]
    5
    >>> form.status_text()
    '1 of 14 statements answered; the team has 0 raters.'
    """

    def __init__(self, questionnaire: Any = None, /, *, team: Any = None) -> None:
        import pandas as pd

        from cxkit.service.assessment import answers_table, as_questionnaire

        self.questionnaire = as_questionnaire(questionnaire)
        self.item_ids: list[str] = self.questionnaire.item_ids
        self.answers: dict[str, int | None] = dict.fromkeys(self.item_ids)
        if team is None:
            self.team = pd.DataFrame(columns=self.item_ids, dtype=float)
        else:
            self.team = answers_table(team, self.questionnaire).reset_index(drop=True)
        self._fig: Any = None

    # -- the plain-Python core ------------------------------------------------------------------

    def set(self, **answers: Any) -> SelfAssessmentForm:
        """Answer some statements (``cc1=4``); ``None`` clears one. Returns ``self``.

        Raises
        ------
        CXDataError
            An unknown item or an answer off the scale (the message names the item).
        """
        from cxkit.service.assessment import answers_table

        q = self.questionnaire
        for k, v in answers.items():  # the library's own checks name the item
            probe: dict[str, Any] = dict.fromkeys(self.item_ids, q.scale_min)
            probe[k] = q.scale_min if v is None else v
            answers_table(probe, q)
        for k, v in answers.items():
            self.answers[k] = None if v is None else int(v)
        self._sync_widgets()
        return self

    @property
    def missing(self) -> list[str]:
        """The statements not answered yet."""
        return [i for i in self.item_ids if self.answers[i] is None]

    @property
    def n_raters(self) -> int:
        """How many raters the team has."""
        return len(self.team)

    def add_rater(self) -> SelfAssessmentForm:
        """Add the current answers to the team as one rater and clear the form.

        Raises
        ------
        CXDataError
            A statement is not answered (the message names the first one).
        """
        import pandas as pd

        from cxkit.service.assessment import answers_table

        row = answers_table(dict(self.answers), self.questionnaire)
        self.team = pd.concat([self.team, row], ignore_index=True)
        self.answers = dict.fromkeys(self.item_ids)
        self._sync_widgets()
        self._refresh_chart()
        return self

    def clear_team(self) -> SelfAssessmentForm:
        """Remove every rater (start a new round)."""
        self.team = self.team.iloc[:0]
        self._sync_widgets()
        self._refresh_chart()
        return self

    def save(self, path: str | Path, *, force: bool = False) -> Path | None:
        """Save the team's answers as CSV (one row per rater); a learner's file is never overwritten.

        Parameters
        ----------
        path : str or Path
            E.g. ``"my-work/team-june.csv"`` (the folder is created if needed).
        force : bool, default False
            Replace an existing file, after copying it to ``<name>.backup-YYYYmmdd-HHMMSS.csv``.

        Returns
        -------
        Path or None
            The backup made (``None`` if there was no earlier file).

        Raises
        ------
        CXWorkExistsError
            The file exists and ``force`` is false.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> form = SelfAssessmentForm()
        >>> _ = form.set(**{i: 3 for i in form.item_ids}).add_rater()
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "team.csv"
        >>> form.save(target) is None, SelfAssessmentForm.load(target).n_raters
        (True, 1)
        """
        import shutil
        from datetime import datetime

        from cxkit.errors import CXWorkExistsError

        target = Path(path)
        backup: Path | None = None
        if target.exists():
            if not force:
                raise CXWorkExistsError(
                    f"{target} already exists and holds earlier answers, so it was not overwritten. "
                    "Save under another name, or pass force=True: the file is first copied to "
                    f"{target.stem}.backup-<date>-<time>{target.suffix}."
                )
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = target.with_name(f"{target.stem}.backup-{stamp}{target.suffix}")
            n = 1
            while backup.exists():
                backup = target.with_name(f"{target.stem}.backup-{stamp}-{n}{target.suffix}")
                n += 1
            shutil.copy2(target, backup)
        target.parent.mkdir(parents=True, exist_ok=True)
        self.team.astype(int).to_csv(target, index_label="rater")
        return backup

    @classmethod
    def load(cls, path: str | Path, *, questionnaire: Any = None) -> SelfAssessmentForm:
        """Return a form whose team is read from a CSV saved by :meth:`save` (answers checked)."""
        import pandas as pd

        from cxkit.errors import CXFileNotFoundError

        p = Path(path)
        if not p.is_file():
            raise CXFileNotFoundError(f"No saved answers at {p}.")
        return cls(questionnaire, team=pd.read_csv(p, index_col="rater"))

    @property
    def result(self) -> Any:
        """The team's scores (:func:`cxkit.service.self_assessment`), or ``None`` before the first rater."""
        from cxkit.service import self_assessment

        if self.n_raters == 0:
            return None
        return self_assessment(self.team, questionnaire=self.questionnaire)

    def status_text(self) -> str:
        """Return how far the form and the team are."""
        done = len(self.item_ids) - len(self.missing)
        n = self.n_raters
        raters = f"{n} rater{'' if n == 1 else 's'}"
        return f"{done} of {len(self.item_ids)} statements answered; the team has {raters}."

    def figure(self) -> Any:
        """Return the team's chart (:func:`cxkit.service.plot_self_assessment`), or ``None`` with no rater.

        The figure is made once and redrawn in place (about three times faster than a new one).
        """
        from cxkit.service import plot_self_assessment

        r = self.result
        if r is None:
            return None
        if self._fig is None:
            self._fig = plot_self_assessment(r)
            return self._fig
        ax = self._fig.axes[0]
        ax.clear()
        return plot_self_assessment(r, ax=ax)

    def alt_text(self) -> str:
        """Alt text of the chart."""
        from cxkit.service import self_assessment_alt

        r = self.result
        return "No chart yet: no rater has been added." if r is None else self_assessment_alt(r)

    def chart_html(self) -> str:
        """Return the team's chart as labelled HTML/CSS bars (a sentence when there is no rater yet).

        One bar per principle (or dimension) and the overall score on the answer scale, each with its score in
        words and its 95% *t* interval as a black line. Drawn in HTML rather than matplotlib so that
        adding a rater redraws in milliseconds; :meth:`figure` gives the same chart as a figure.
        """
        from cxkit import style

        r = self.result
        if r is None:
            return (
                '<p role="status">No chart yet: answer every statement and press '
                "<b>Add my answers to the team</b>.</p>"
            )
        lo, hi = self.questionnaire.scale_min, self.questionnaire.scale_max
        span = hi - lo

        def pos(x: float) -> float:
            return 100 * (min(max(x, lo), hi) - lo) / span

        rows = []
        for key, row in r.iterrows():
            color = style.PALETTE["orange"] if key == "overall" else style.PALETTE["blue"]
            line = ""
            if row["low"] == row["low"]:  # defined from two raters
                a, b = pos(row["low"]), pos(row["high"])
                line = (
                    f'<div title="95% interval {row["low"]:.1f} to {row["high"]:.1f}" '
                    f'style="position:absolute;top:9px;left:{a:.2f}%;width:{max(b - a, 0.4):.2f}%;'
                    f'height:4px;background:#000;box-shadow:0 0 0 1px #FFFFFF"></div>'
                )
            weight = "bold" if key == "overall" else "normal"
            rows.append(
                f'<div style="display:flex;align-items:center;gap:8px;margin:3px 0;font-weight:{weight}">'
                f'<div style="flex:0 0 220px;text-align:right">{html.escape(str(row["name"]))}</div>'
                f'<div style="position:relative;flex:0 0 400px;height:24px;background:#EEEEEE;'
                f'border:1px solid #444"><div style="width:{pos(row["score"]):.2f}%;height:100%;'
                f'background:{color}"></div>{line}</div>'
                f'<div style="flex:0 0 auto">{row["score"]:.1f}</div></div>'
            )
        n = self.n_raters
        head = (
            f"<b>Team score per {html.escape(self.questionnaire.facet)}</b> "
            f"({n} rater{'' if n == 1 else 's'}; {lo} = strongly "
            f"disagree, {hi} = strongly agree{'; black line: 95% interval' if n > 1 else ''})"
        )
        from cxkit.service import self_assessment_alt

        alt = html.escape(self_assessment_alt(r), quote=True)
        return f'<div role="img" aria-label="{alt}"><div>{head}</div>{"".join(rows)}</div>'

    def __repr__(self) -> str:
        """Return the form's progress."""
        return f"SelfAssessmentForm({self.status_text()!r})"

    # -- the widget -----------------------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: the statements, two buttons, status, chart."""
        import ipywidgets as w

        q = self.questionnaire
        points = list(range(q.scale_min, q.scale_max + 1))
        buttons = {}
        rows = []
        for it in q.items:
            b = w.ToggleButtons(
                options=[(str(p), p) for p in points],
                value=self.answers[it.id],
                tooltips=list(q.labels),
                style={"button_width": "44px"},
            )
            buttons[it.id] = b
            text = w.HTML(
                f"<b>{html.escape(it.id)}</b> {html.escape(it.text)}", layout=w.Layout(width=STATEMENT_WIDTH)
            )
            rows.append(w.HBox([text, b], layout=w.Layout(align_items="center")))
        scale = ", ".join(f"{p} = {lab.lower()}" for p, lab in zip(points, q.labels, strict=True))
        add = w.Button(description="Add my answers to the team", layout=w.Layout(width="260px"))
        clear = w.Button(description="Start a new round", layout=w.Layout(width="200px"))
        status = w.HTML()
        chart = w.HTML()
        box = w.VBox(
            [
                w.HTML(f"<b>{html.escape(q.title)}</b>: answer every statement ({html.escape(scale)})."),
                *rows,
                w.HBox([add, clear]),
                status,
                chart,
                form_style(),
            ]
        )
        box.add_class(FORM_CLASS)
        self._on_each_change(buttons, lambda item, value: self.set(**{item: value}))

        def on_add(_button: Any) -> None:
            from cxkit.errors import CXDataError

            try:
                self.add_rater()
            except CXDataError:
                status.value = (
                    f'<p role="alert">Not added: {len(self.missing)} statement(s) still unanswered, '
                    f"the first is {html.escape(self.missing[0])}.</p>"
                )

        add.on_click(on_add)
        clear.on_click(lambda _b: self.clear_team())
        chart.value = self.chart_html()
        return {"buttons": buttons, "add": add, "clear": clear, "status": status, "chart": chart, "box": box}

    buttons = control("buttons", "The ToggleButtons, one per statement (building the widget if needed).")

    def _push(self, ui: dict[str, Any]) -> None:
        for item, b in ui["buttons"].items():
            b.value = self.answers[item]

    def _refresh(self) -> None:
        if self._ui is not None:
            self._ui["status"].value = f'<p aria-live="polite">{html.escape(self.status_text())}</p>'

    def _refresh_chart(self) -> None:
        if self._ui is not None:
            self._ui["chart"].value = self.chart_html()
