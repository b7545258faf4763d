"""The comment explorer: filter what customers said by theme, sentiment, channel and score.

A plain-Python core (:class:`CommentExplorer`: :meth:`~CommentExplorer.set`,
:attr:`~CommentExplorer.selection`, :meth:`~CommentExplorer.counts`) that tests drive without a
notebook, and :meth:`CommentExplorer.widget`, four menus with a summary line, bars of the
themes in the selection (HTML/CSS, labelled in words and numbers) and the matching comments.
Sentiment (VADER) and themes (the taxonomy) are computed once, when the explorer is built;
each change of a menu only combines precomputed masks.

>>> from cxkit.widgets import CommentExplorer
>>> ex = CommentExplorer.from_course_data()
>>> ex.set(theme="late_delivery", sentiment="positive").summary_text()[:60]
'687 of 5,842 texts: theme Late delivery, sentiment positive.'
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from cxkit import style
from cxkit.errors import CXConfigError
from cxkit.widgets.base import WidgetView, control

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SCORE_GROUPS", "SENTIMENTS", "CommentExplorer"]

ANY = "any"
#: The sentiment menu: VADER's labels, and the texts it did not score (blank or not English).
SENTIMENTS = ("positive", "neutral", "negative", "not scored")
#: The score menu: NPS groups, and texts without a score (conversations).
SCORE_GROUPS = {
    "detractors (0-6)": (0, 6),
    "passives (7-8)": (7, 8),
    "promoters (9-10)": (9, 10),
    "no score": None,
}
#: Comments listed under the counts (the rest are counted, not shown).
DEFAULT_SHOWN = 12
_COLOR = {
    "positive": style.PALETTE["blue"],
    "neutral": "#777777",
    "negative": style.PALETTE["vermillion"],
    "not scored": "#444444",
}


class CommentExplorer(WidgetView):
    """Filter texts by theme, sentiment, channel and NPS group; see the counts and the comments.

    Parameters
    ----------
    feedback : pandas.DataFrame
        One row per text with ``text``, ``channel`` and ``nps`` columns, e.g.
        :func:`cxkit.voc.gather_feedback` of the course's surveys and conversations.
    taxonomy : dict or path, optional
        The theme taxonomy (see :func:`cxkit.voc.themes`); default the course company's.
    n_shown : int, default 12
        How many matching comments to list.

    Attributes
    ----------
    theme, sentiment, channel, score : str
        The current filters (``"any"`` for no filter).
    table : pandas.DataFrame
        The feedback with its sentiment (``compound``, ``label``) and ``themes`` columns.

    Raises
    ------
    CXDataError
        A missing column or bad texts (as :func:`cxkit.voc.sentiment`).

    Examples
    --------
    >>> import pandas as pd
    >>> fb = pd.DataFrame({
    ...     "text": ["My parcel is 5 days late", "Lovely lamp, came on time", "On hold 40 minutes"],
    ...     "channel": ["survey", "social", "phone"],
    ...     "nps": pd.array([2, 10, None], dtype="Int64"),
    ... })
    >>> ex = CommentExplorer(fb)
    >>> ex.set(score="detractors (0-6)").selection["text"].tolist()
    ['My parcel is 5 days late']
    >>> ex.set(score="any", channel="phone").counts()["texts"]
    1
    """

    def __init__(self, feedback: pd.DataFrame, *, taxonomy: Any = None, n_shown: int = DEFAULT_SHOWN) -> None:
        import numpy as np
        import pandas as pd

        from cxkit._checks import require_columns
        from cxkit.stats.checks import check_whole
        from cxkit.voc import load_taxonomy, sentiment, themes

        require_columns(feedback, ["text", "channel", "nps"], "feedback table")
        self.n_shown = check_whole(n_shown, "n_shown", 1, 200)
        tax = load_taxonomy(path=taxonomy) if taxonomy is None or not isinstance(taxonomy, dict) else taxonomy
        self.labels = {k: str(v.get("label", k)) for k, v in tax.items()}
        sent = sentiment(feedback["text"])
        th = themes(feedback["text"], taxonomy=tax)
        table = feedback.reset_index(drop=True).copy()
        table["compound"] = sent["compound"].to_numpy()
        table["label"] = sent["label"].fillna("not scored").to_numpy(dtype=object)
        table["themes"] = th["themes"].to_numpy()
        self.table = table
        self._theme_masks = {k: th[k].to_numpy(dtype=bool) for k in tax}
        self._sent = table["label"].to_numpy(dtype=object)
        self._channel = table["channel"].astype(str).to_numpy(dtype=object)
        self.channels = tuple(pd.unique(self._channel))
        nps = table["nps"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
        self._score_masks = {
            k: (np.isnan(nps) if r is None else (nps >= r[0]) & (nps <= r[1]))
            for k, r in SCORE_GROUPS.items()
        }
        self._all = np.ones(len(table), dtype=bool)
        # Row positions, newest first (the listing's order), sorted once here, not at each update.
        if "timestamp" in table.columns:
            self._newest = np.argsort(
                -table["timestamp"].to_numpy(dtype="datetime64[ns]").astype(np.int64), kind="stable"
            )
        else:
            self._newest = np.arange(len(table))
        self.theme = self.sentiment = self.channel = self.score = ANY

    @classmethod
    def from_course_data(cls, **kwargs: Any) -> CommentExplorer:
        """Build the explorer on the course's survey comments and conversations."""
        from cxkit.data import load
        from cxkit.voc import gather_feedback

        return cls(gather_feedback(load("surveys"), load("conversations")), **kwargs)

    # -- the plain-Python core ------------------------------------------------------------------

    def options(self) -> dict[str, tuple[str, ...]]:
        """Return the choices of each menu (``"any"`` first)."""
        return {
            "theme": (ANY, *self._theme_masks),
            "sentiment": (ANY, *SENTIMENTS),
            "channel": (ANY, *self.channels),
            "score": (ANY, *SCORE_GROUPS),
        }

    def set(
        self,
        *,
        theme: str | None = None,
        sentiment: str | None = None,
        channel: str | None = None,
        score: str | None = None,
    ) -> CommentExplorer:
        """Change any filter (``"any"`` removes it); returns ``self``.

        Raises
        ------
        CXConfigError
            A value that is not one of the menu's :meth:`options` (the message lists them).
        """
        opts = self.options()
        new = {"theme": theme, "sentiment": sentiment, "channel": channel, "score": score}
        for key, value in new.items():
            if value is not None and value not in opts[key]:
                raise CXConfigError(
                    f"Unknown {key} {value!r}. The choices are: {', '.join(repr(o) for o in opts[key])}."
                )
        for key, value in new.items():
            if value is not None:
                setattr(self, key, value)
        self._sync_widgets()
        return self

    @property
    def mask(self) -> Any:
        """Which rows of :attr:`table` match the current filters (a bool array)."""
        m = self._all
        if self.theme != ANY:
            m = m & self._theme_masks[self.theme]
        if self.sentiment != ANY:
            m = m & (self._sent == self.sentiment)
        if self.channel != ANY:
            m = m & (self._channel == self.channel)
        if self.score != ANY:
            m = m & self._score_masks[self.score]
        return m

    @property
    def selection(self) -> pd.DataFrame:
        """The matching rows of :attr:`table`."""
        return self.table[self.mask]

    def counts(self) -> dict[str, Any]:
        """Count the matching texts, by sentiment label and by theme (most frequent first)."""
        m = self.mask
        by_label = {lab: int((self._sent[m] == lab).sum()) for lab in SENTIMENTS}
        by_theme = {k: int((v & m).sum()) for k, v in self._theme_masks.items()}
        by_theme = dict(sorted(by_theme.items(), key=lambda kv: -kv[1]))
        return {"texts": int(m.sum()), "of": len(m), "sentiment": by_label, "themes": by_theme}

    def summary_text(self) -> str:
        """One sentence: how many texts match which filters, and their sentiment."""
        c = self.counts()
        filters = []
        if self.theme != ANY:
            filters.append(f"theme {self.labels[self.theme]}")
        for key in ("sentiment", "channel", "score"):
            value = getattr(self, key)
            if value != ANY:
                filters.append(f"{key} {value}")
        what = ", ".join(filters) if filters else "no filter"
        s = c["sentiment"]
        mix = ", ".join(f"{s[k]:,} {k}" for k in SENTIMENTS)
        return f"{c['texts']:,} of {c['of']:,} texts: {what}. Sentiment: {mix}."

    def comments_html(self) -> str:
        """Return the first ``n_shown`` matching comments, newest first, with their sentiment."""
        sel = self.table.iloc[self._newest[self.mask[self._newest]]]
        if len(sel) == 0:
            return '<p role="status">No text matches these filters: set one of the menus back to "any".</p>'
        import pandas as pd

        items = []
        for r in sel.head(self.n_shown).itertuples():
            score = "" if pd.isna(r.nps) else f" · NPS {int(r.nps)}"
            comp = "" if r.compound != r.compound else f" {r.compound:+.2f}"
            tag = (
                f'<span style="color:#fff;background:{_COLOR[r.label]};padding:0 4px;border-radius:3px">'
                f"{html.escape(r.label)}{comp}</span>"
            )
            items.append(
                f'<li style="margin:2px 0">{tag} <b>{html.escape(str(r.channel))}</b>{score}: '
                f"{html.escape(str(r.text))}</li>"
            )
        more = len(sel) - self.n_shown
        tail = f"<p>… and {more:,} more.</p>" if more > 0 else ""
        return f'<ul style="padding-left:18px;font-size:13px">{"".join(items)}</ul>{tail}'

    def bars_html(self) -> str:
        """Return the themes of the selection as bars, each labelled with its name and count."""
        c = self.counts()
        top = max([*c["themes"].values(), 1])
        rows = []
        for k, n in c["themes"].items():
            if n == 0:
                continue
            width = 100 * n / top
            rows.append(
                f'<div style="display:flex;align-items:center;font-size:12px;margin:1px 0">'
                f'<span style="width:190px;flex:none">{html.escape(self.labels[k])}</span>'
                f'<span style="display:inline-block;height:14px;width:{width * 3:.0f}px;'
                f'background:{style.PALETTE["blue"]}"></span><span style="margin-left:6px">{n:,}</span></div>'
            )
        if not rows:
            return '<p role="status">No theme in the selection.</p>'
        summary = "; ".join(f"{self.labels[k]} {n}" for k, n in c["themes"].items() if n)
        label = html.escape(f"Themes in the selection: {summary}")
        return f'<div role="img" aria-label="{label}">{"".join(rows)}</div>'

    def __repr__(self) -> str:
        """Return the current filters."""
        return (
            f"CommentExplorer(theme={self.theme!r}, sentiment={self.sentiment!r}, "
            f"channel={self.channel!r}, score={self.score!r})"
        )

    # -- the widget -----------------------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: four menus above the summary, the bars and the comments."""
        import ipywidgets as w

        opts = self.options()
        names = {"theme": "Theme", "sentiment": "Sentiment", "channel": "Channel", "score": "Score"}
        menus = {}
        for key, label in names.items():
            choices = [(self.labels.get(o, o) if key == "theme" and o != ANY else o, o) for o in opts[key]]
            menus[key] = w.Dropdown(
                options=choices,
                value=getattr(self, key),
                description=label,
                style={"description_width": "80px"},
                layout=w.Layout(width="330px"),
            )
        summary = w.HTML()
        bars = w.HTML()
        comments = w.HTML()
        box = w.VBox(
            [
                w.HBox([menus["theme"], menus["sentiment"]]),
                w.HBox([menus["channel"], menus["score"]]),
                summary,
                bars,
                comments,
            ]
        )
        self._on_each_change(menus, lambda key, value: self.set(**{key: value}))
        return {"menus": menus, "summary": summary, "bars": bars, "comments": comments, "box": box}

    menus = control("menus", "The four Dropdowns (building the widget if needed).")

    def _push(self, ui: dict[str, Any]) -> None:
        for key, menu in ui["menus"].items():
            if menu.value != getattr(self, key):
                menu.value = getattr(self, key)

    def _refresh(self) -> None:
        if self._ui is None:
            return
        self._ui["summary"].value = f'<p role="status"><b>{html.escape(self.summary_text())}</b></p>'
        self._ui["bars"].value = self.bars_html()
        self._ui["comments"].value = self.comments_html()
