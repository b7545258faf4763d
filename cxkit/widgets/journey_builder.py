"""The journey-map builder: add stages, steps, touchpoints, emotions and pain points; see the map.

The class has a plain-Python core that edits a :class:`cxkit.journey.model.JourneyMap` (every
change is checked by the model, and a change that breaks a rule is undone and raises
:class:`~cxkit.errors.CXMapError`), shows it as an HTML table with the emotion curves in SVG
(:func:`cxkit.journey.map_html.journey_to_html`: real text, redrawn in milliseconds; matplotlib's
:func:`~cxkit.journey.map_figure.draw_journey_map` takes a few hundred, too slow for a live view), and
saves it as YAML in the learner's folder ``my-work/`` (an existing file is first copied to
``<name>.backup-YYYYmmdd-HHMMSS.yaml`` by :func:`cxkit._paths.backup_file`: a
learner's map is never overwritten without a copy). :meth:`JourneyBuilder.widget` builds the
ipywidgets controls on top of it.

>>> from cxkit.widgets import JourneyBuilder
>>> b = JourneyBuilder.blank(persona="Busy Parent", segment="B2C")
>>> b.stage_names
['awareness', 'consideration', 'decision', 'purchase', 'post_purchase']
>>> b.add_step("purchase", "Pays in the app").set_emotion("purchase", -1).journey.stage("purchase").emotion
-1
>>> b.add_touchpoint("purchase", "app_checkout").journey.stage("purchase").touchpoints[0].channel
'app'
"""

from __future__ import annotations

import copy
import html
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXMapError
from cxkit.journey.model import JourneyMap, Persona, Stage, Touchpoint
from cxkit.widgets.base import WidgetView

__all__ = ["ITEM_KINDS", "JourneyBuilder", "SavedMap"]

#: What the builder can add to a stage: the label shown -> the Stage field.
ITEM_KINDS: dict[str, str] = {
    "Step (doing)": "steps",
    "Thought": "thoughts",
    "Pain point": "pain_points",
    "Moment of truth": "moments_of_truth",
    "Opportunity": "opportunities",
    "Unseen step": "invisible_steps",
}
#: The lanes the builder shows.
BUILDER_LANES = (
    "doing",
    "touchpoints",
    "thinking",
    "feeling",
    "moments_of_truth",
    "pain_points",
    "opportunities",
    "invisible_steps",
)
#: The matplotlib figure of :meth:`JourneyBuilder.png`: 11 x 6.2 inches at 90 dpi.
FIGSIZE = (11.0, 6.2)
DPI = 90
DEFAULT_FILE = "my-journey.yaml"


def _encode(fig: Any) -> bytes:
    """PNG bytes of the canvas as last drawn (fast compression: the image is shown, not stored)."""
    import io

    import numpy as np
    from PIL import Image

    rgba = np.asarray(fig.canvas.buffer_rgba())
    buf = io.BytesIO()
    Image.fromarray(rgba[..., :3]).save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


@dataclass(frozen=True)
class SavedMap:
    """What :meth:`JourneyBuilder.save` wrote: the file, and the backup of the file it replaced."""

    path: Path
    backup: Path | None = None

    def __fspath__(self) -> str:
        """Return the saved file's path."""
        return str(self.path)


class JourneyBuilder(WidgetView):
    """Build a journey map step by step and watch it redraw.

    Parameters
    ----------
    journey : JourneyMap, optional
        The map to start from (a copy is edited); default :meth:`blank`'s map.

    Examples
    --------
    >>> b = JourneyBuilder.blank()
    >>> b.add_stage("loyalty", emotion=1).stage_names[-1]
    'loyalty'
    >>> b.set_emotion("loyalty", 5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    cxkit.errors.CXMapError: my-journey.yaml, at stages[5].emotion: emotion outside -2..+2: found 5; ...
    """

    def __init__(self, journey: JourneyMap | None = None, /) -> None:
        self.journey = copy.deepcopy(journey) if journey is not None else _blank_map()
        self._figure: Any = None
        self.last_saved: SavedMap | None = None
        self.status = "Ready."

    @classmethod
    def blank(
        cls, *, persona: str = "My persona", segment: str = "B2C", stages: list[str] | None = None
    ) -> JourneyBuilder:
        """Start from an empty map: the five stages of the course's event log, all neutral (0).

        Parameters
        ----------
        persona : str
            The persona's name.
        segment : {"B2C", "B2B"}
        stages : list of str, optional
            Other stage names.
        """
        return cls(_blank_map(persona=persona, segment=segment, stages=stages))

    @classmethod
    def from_file(cls, path: str | Path) -> JourneyBuilder:
        """Start from a journey-map YAML file (e.g. ``datasets/journeys/busy-parent.yaml``)."""
        from cxkit.journey.model import load_journey

        return cls(load_journey(path))

    # -- the core: every change is checked, and undone if it breaks a rule ----------------------

    @property
    def stage_names(self) -> list[str]:
        """The stages, in order."""
        return self.journey.stage_names

    def _change(self, what: str, fn: Callable[[JourneyMap], None]) -> JourneyBuilder:
        before = copy.deepcopy(self.journey)
        try:
            fn(self.journey)
            self.journey.validate()
        except CXMapError as exc:
            self.journey = before
            self.status = f"Not changed: {exc}"
            self._refresh()
            raise exc.within(source=DEFAULT_FILE) from None
        self.status = what
        self._refresh()
        return self

    def _stage(self, journey: JourneyMap, name: str) -> Stage:
        return journey.stage(name)

    def add_stage(self, name: str, *, emotion: float = 0, position: int | None = None) -> JourneyBuilder:
        """Add a stage (at the end, or at ``position``) with an emotion from -2 to +2."""
        name = str(name).strip()

        def do(j: JourneyMap) -> None:
            stage = Stage(name=name, emotion=emotion)
            j.stages.insert(len(j.stages) if position is None else position, stage)

        return self._change(f"Added stage {name!r}.", do)

    def remove_stage(self, name: str) -> JourneyBuilder:
        """Remove a stage (a map keeps at least one)."""
        return self._change(
            f"Removed stage {name!r}.",
            lambda j: j.stages.remove(self._stage(j, name)),
        )

    def set_emotion(self, stage: str, value: float | None, *, to_be: bool = False) -> JourneyBuilder:
        """Set a stage's emotion, -2 (very negative) to +2; ``to_be=True`` for the intended one.

        ``None`` clears the to-be emotion.
        """

        def do(j: JourneyMap) -> None:
            s = self._stage(j, stage)
            if to_be:
                s.emotion_to_be = value
            else:
                s.emotion = value  # type: ignore[assignment]  # checked by validate()

        curve = "to-be" if to_be else "as-is"
        return self._change(f"Emotion ({curve}) of {stage!r} set to {value}.", do)

    def add_item(self, stage: str, kind: str, text: str) -> JourneyBuilder:
        """Add a step, thought, pain point, moment of truth, opportunity or unseen step.

        Parameters
        ----------
        stage : str
            The stage's name.
        kind : str
            A label of :data:`ITEM_KINDS` ("Pain point") or its field (``"pain_points"``).
        text : str
            The text; blank text is refused.
        """
        field = ITEM_KINDS.get(kind, kind)
        if field not in ITEM_KINDS.values():
            raise CXConfigError(
                f"kind={kind!r} is not something a stage holds; choose one of "
                + ", ".join(repr(k) for k in ITEM_KINDS)
                + "."
            )
        text = " ".join(str(text).split())

        def do(j: JourneyMap) -> None:
            items = getattr(self._stage(j, stage), field)
            items.append(text)

        return self._change(f"Added to {stage!r}: {text!r}.", do)

    def add_step(self, stage: str, text: str) -> JourneyBuilder:
        """Add a step (what the customer does)."""
        return self.add_item(stage, "steps", text)

    def add_pain_point(self, stage: str, text: str) -> JourneyBuilder:
        """Add a pain point."""
        return self.add_item(stage, "pain_points", text)

    def remove_item(self, stage: str, kind: str, text: str) -> JourneyBuilder:
        """Remove an item added with :meth:`add_item`."""
        field = ITEM_KINDS.get(kind, kind)

        def do(j: JourneyMap) -> None:
            items = getattr(self._stage(j, stage), field)
            if text not in items:
                raise CXMapError(f"no such {field[:-1].replace('_', ' ')}", value=text)
            items.remove(text)

        return self._change(f"Removed from {stage!r}: {text!r}.", do)

    def add_touchpoint(
        self,
        stage: str,
        name: str,
        *,
        channel: str | None = None,
        online: bool | None = None,
        phase: str | None = None,
        owner: str | None = None,
        revenue: bool | None = None,
    ) -> JourneyBuilder:
        """Add a touchpoint; for a name of ``datasets/touchpoints.csv`` the rest is filled in.

        Raises
        ------
        CXMapError
            A touchpoint of another name without ``channel`` and ``phase``, an unknown channel,
            or the touchpoint twice on the stage.
        """
        from cxkit.data.schema import TOUCHPOINTS

        known = TOUCHPOINTS.get(name)
        if known is not None:
            _, k_channel, k_owner, k_revenue, k_phase = known
            channel = channel or k_channel
            phase = phase or k_phase
            owner = owner if owner is not None else k_owner
            revenue = k_revenue if revenue is None else revenue
        if channel is None or phase is None:
            raise CXMapError(
                "a new touchpoint needs its channel and phase",
                source=DEFAULT_FILE,
                value=name,
                expected="a name of datasets/touchpoints.csv, or channel= and phase=",
            )
        if online is None:
            online = channel not in ("store", "phone") and name != "delivery"
        tp: dict[str, Any] = dict(
            name=name, channel=channel, online=online, phase=phase, owner=owner or "", revenue=bool(revenue)
        )

        def do(j: JourneyMap) -> None:
            try:
                touchpoint = Touchpoint(**tp)
            except CXMapError as exc:
                i = j.stage_names.index(stage) if stage in j.stage_names else 0
                n = len(self._stage(j, stage).touchpoints)
                raise exc.within(f"stages[{i}].touchpoints[{n}]") from None
            self._stage(j, stage).touchpoints.append(touchpoint)

        return self._change(f"Added touchpoint {name!r} to {stage!r}.", do)

    # -- drawing and saving ------------------------------------------------------------------------

    def figure(self) -> Any:
        """Draw the map (the builder's lanes) into the builder's figure and return it."""
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from cxkit.journey import draw_journey_map

        if self._figure is None:
            self._figure = Figure(figsize=FIGSIZE, dpi=DPI)
            FigureCanvasAgg(self._figure)
        fig = self._figure
        fig.clear()
        draw_journey_map(self.journey, fig=fig, lanes=BUILDER_LANES, fontsize=12, min_fontsize=9)
        return fig

    def alt_text(self) -> str:
        """Alt text of the drawn map, from :func:`cxkit.journey.map_figure.journey_alt_text`."""
        from cxkit.journey import journey_alt_text

        return journey_alt_text(self.journey)

    def png(self) -> bytes:
        """Return the map drawn with matplotlib (the builder's lanes) as PNG bytes, e.g. to print it."""
        fig = self.figure()
        fig.canvas.draw()
        return _encode(fig)

    def html(self) -> str:
        """Return the live view: the map as an HTML table with the emotion curves in SVG.

        From :func:`cxkit.journey.map_html.journey_to_html`: the same lanes, markers and line styles
        as the printed figure, as real text, redrawn in a few milliseconds on every change.
        """
        from cxkit.journey import journey_to_html

        return journey_to_html(self.journey, lanes=BUILDER_LANES)

    def to_yaml(self) -> str:
        """Return the map as YAML text (what :meth:`save` writes)."""
        from cxkit.journey.model import to_yaml

        return to_yaml(self.journey)

    def save(
        self, name: str = DEFAULT_FILE, /, *, root: str | Path | None = None, workdir: str = "my-work"
    ) -> SavedMap:
        """Save the map as YAML in the learner's folder, backing up a file it would replace.

        Parameters
        ----------
        name : str
            The file name (``.yaml`` is added if missing); no folders.
        root : path, optional
            The course folder (default :func:`cxkit._paths.repo_root`).
        workdir : str, default "my-work"
            The learner's folder, relative to ``root``.

        Returns
        -------
        SavedMap
            ``.path`` the file written, ``.backup`` the copy of the file it replaced (or None).

        Raises
        ------
        CXConfigError
            A name with a folder in it, or an empty name.
        """
        from cxkit._paths import backup_file, repo_root
        from cxkit.journey.model import save_journey

        clean = str(name).strip()
        if not clean or "/" in clean or "\\" in clean or clean.startswith("."):
            raise CXConfigError(
                f"name={name!r}: give a plain file name such as 'my-journey.yaml' "
                f"(it is saved in {workdir}/)."
            )
        if not clean.endswith((".yaml", ".yml")):
            clean += ".yaml"
        folder = repo_root(root) / workdir
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / clean
        backup = backup_file(target)
        save_journey(self.journey, target, backup=False)  # the copy is made just above
        self.last_saved = SavedMap(path=target, backup=backup)
        self.status = f"Saved {workdir}/{clean}" + (
            f"; the previous file was kept as {workdir}/{backup.name}." if backup else "."
        )
        self._refresh()
        return self.last_saved

    def update_seconds(self, *, repeats: int = 10) -> float:
        """Median seconds of one change and redraw through the widget (for bench/, not asserted)."""
        ui = self.controls
        stage = self.stage_names[-1]

        def change(i: int) -> None:
            ui["stage"].value = stage
            ui["emotion"].value = [-1.0, 1.0][i % 2]

        return self._median_seconds(change, repeats)

    def __repr__(self) -> str:
        """Return a one-line summary of the map being built."""
        return (
            f"JourneyBuilder({self.journey.persona.name!r}, stages={self.stage_names}, "
            f"steps={sum(len(s.steps) for s in self.journey.stages)})"
        )

    # -- the widget --------------------------------------------------------------------------------

    @property
    def controls(self) -> dict[str, Any]:
        """The widget's controls by name (building the widget if needed)."""
        self.widget()
        assert self._ui is not None  # built by widget()
        return self._ui

    def _build(self) -> dict[str, Any]:
        """Build the ipywidgets interface: the editing controls beside the drawn map."""
        import ipywidgets as w

        from cxkit.data.schema import TOUCHPOINTS

        wide = {"description_width": "130px"}
        stage = w.Dropdown(
            options=self.stage_names, description="Stage", style=wide, layout=w.Layout(width="350px")
        )
        emotion = w.FloatSlider(
            value=0,
            min=-2,
            max=2,
            step=0.5,
            description="Feeling (as-is)",
            style=wide,
            layout=w.Layout(width="350px"),
            continuous_update=False,
            readout_format="+.1f",
        )
        to_be = w.FloatSlider(
            value=0,
            min=-2,
            max=2,
            step=0.5,
            description="Feeling (to-be)",
            style=wide,
            layout=w.Layout(width="350px"),
            continuous_update=False,
            readout_format="+.1f",
        )
        kind = w.Dropdown(
            options=list(ITEM_KINDS), description="Add a", style=wide, layout=w.Layout(width="350px")
        )
        text = w.Text(
            placeholder="e.g. Waits at home for the parcel",
            description="Text",
            style=wide,
            layout=w.Layout(width="520px"),
        )
        add = w.Button(description="Add to stage", button_style="primary", layout=w.Layout(width="140px"))
        touchpoint = w.Dropdown(
            options=sorted(TOUCHPOINTS), description="Touchpoint", style=wide, layout=w.Layout(width="350px")
        )
        add_tp = w.Button(description="Add touchpoint", layout=w.Layout(width="140px"))
        new_stage = w.Text(
            placeholder="e.g. loyalty", description="New stage", style=wide, layout=w.Layout(width="350px")
        )
        add_stage = w.Button(description="Add stage", layout=w.Layout(width="140px"))
        filename = w.Text(
            value=DEFAULT_FILE, description="File in my-work/", style=wide, layout=w.Layout(width="350px")
        )
        save = w.Button(description="Save YAML", button_style="success", layout=w.Layout(width="140px"))
        status = w.HTML()
        picture = w.HTML()
        left = w.VBox(
            [
                stage,
                emotion,
                to_be,
                w.HBox([kind]),
                w.HBox([text, add]),
                w.HBox([touchpoint, add_tp]),
                w.HBox([new_stage, add_stage]),
                w.HBox([filename, save]),
                status,
            ]
        )
        box = w.VBox([left, picture])
        ui: dict[str, Any] = dict(
            stage=stage,
            emotion=emotion,
            to_be=to_be,
            kind=kind,
            text=text,
            add=add,
            touchpoint=touchpoint,
            add_touchpoint=add_tp,
            new_stage=new_stage,
            add_stage=add_stage,
            filename=filename,
            save=save,
            status=status,
            picture=picture,
            box=box,
        )
        self._ui = ui

        def guarded(fn: Callable[[], Any]) -> None:
            try:
                fn()
            except (CXMapError, CXConfigError) as exc:
                self.status = f"Not changed: {exc}"
                self._refresh()

        def on_stage(change: dict) -> None:
            self._sync_sliders()

        def on_emotion(change: dict, to_be_curve: bool = False) -> None:
            if self._syncing or stage.value is None:
                return
            guarded(lambda: self.set_emotion(stage.value, change["new"], to_be=to_be_curve))

        def on_add(_: Any) -> None:
            def go() -> None:
                if not text.value.strip():
                    raise CXConfigError("Type a text first, then press Add to stage.")
                self.add_item(stage.value, kind.value, text.value)
                text.value = ""

            guarded(go)

        def on_add_stage(_: Any) -> None:
            def go() -> None:
                if not new_stage.value.strip():
                    raise CXConfigError("Type the new stage's name first.")
                self.add_stage(new_stage.value)
                new_stage.value = ""

            guarded(go)

        stage.observe(on_stage, names="value")
        emotion.observe(on_emotion, names="value")
        to_be.observe(lambda c: on_emotion(c, True), names="value")
        add.on_click(on_add)
        add_tp.on_click(lambda _: guarded(lambda: self.add_touchpoint(stage.value, touchpoint.value)))
        add_stage.on_click(on_add_stage)
        save.on_click(lambda _: guarded(lambda: self.save(filename.value)))
        return ui  # widget() draws it (_refresh), which also sets the sliders

    def _sync_sliders(self) -> None:
        ui = self._ui
        if ui is None:
            return
        self._syncing = True
        try:
            if list(ui["stage"].options) != self.stage_names:
                current = ui["stage"].value
                ui["stage"].options = self.stage_names
                ui["stage"].value = current if current in self.stage_names else self.stage_names[-1]
            s = self.journey.stage(ui["stage"].value)
            ui["emotion"].value = s.emotion
            ui["to_be"].value = s.emotion_to_be if s.emotion_to_be is not None else s.emotion
        finally:
            self._syncing = False

    def _refresh(self) -> None:
        ui = self._ui
        if ui is None:
            return
        self._sync_sliders()
        ui["picture"].value = self.html()
        ui["status"].value = f'<div role="status" aria-live="polite">{html.escape(self.status)}</div>'


def _blank_map(
    *, persona: str = "My persona", segment: str = "B2C", stages: list[str] | None = None
) -> JourneyMap:
    from cxkit.data.schema import STAGES

    names = list(stages) if stages else list(STAGES)
    return JourneyMap(
        name=f"Journey of {persona}",
        persona=Persona(
            name=persona, segment=segment, description="Describe the persona in a sentence or two."
        ),
        scenario="What the persona is trying to do",
        goal="What the persona wants at the end",
        stages=[Stage(name=n, emotion=0) for n in names],
    )
