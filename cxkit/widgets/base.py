"""What every course widget shares: its view built once, controls that follow the core, a readout.

A widget class keeps its state and logic in plain Python (testable without a browser) and builds
its ipywidgets view from it. :class:`WidgetView` holds what the widgets used to copy into each
module:

- :meth:`WidgetView.widget` builds the view once (the subclass's :meth:`~WidgetView._build`
  returns its controls by key) and draws it (:meth:`~WidgetView._refresh`); displaying the object
  shows it, so ``NPSSimulator(...)`` as the last line of a cell shows the widget;
- :func:`control` declares a control as a property (``readout = control("readout", "...")``):
  reading it builds the view if needed;
- :meth:`~WidgetView._on_change` and :meth:`~WidgetView._on_each_change` react to the learner's
  changes of some controls, and
  :meth:`~WidgetView._sync_widgets` pushes the core's state back to them after ``set()`` (the
  subclass's :meth:`~WidgetView._push`) without their observers reacting to it;
- :func:`readout_html` writes the readout: a bold headline and plain lines, read aloud by screen
  readers when they change (``aria-live``);
- :meth:`~WidgetView._median_seconds` times one change of the view for ``update_seconds``.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["FORM_CLASS", "SELECTED_CSS", "WidgetView", "control", "form_style", "readout_html"]

#: The class of a course form (answer buttons, options): :data:`SELECTED_CSS` applies inside it.
FORM_CLASS = "cxkit-form"
#: The chosen answer, seen from the back of a room: ipywidgets marks a chosen toggle button only a
#: shade darker grey, and radio buttons and check boxes with a small native dot. Here the chosen
#: button is filled dark blue with white bold text and a check mark (not told by colour alone), and
#: a chosen option's text is bold and underlined beside a larger, blue control.
SELECTED_CSS = f"""<style>
.{FORM_CLASS} .widget-toggle-button.mod-active,
.{FORM_CLASS} .jupyter-button.mod-active {{
  background: #0b5cad; color: #fff; font-weight: bold; box-shadow: inset 0 0 0 2px #062f59;
  padding-left: 2px; padding-right: 2px; text-overflow: clip;
}}
.{FORM_CLASS} .widget-toggle-button.mod-active::before {{ content: "\\2713"; }}
.{FORM_CLASS} .widget-toggle-button:focus-visible {{ outline: 3px solid #e69f00; outline-offset: 1px; }}
.{FORM_CLASS} .widget-radio-box input, .{FORM_CLASS} .widget-checkbox input {{
  accent-color: #0b5cad; width: 18px; height: 18px;
}}
.{FORM_CLASS} .widget-radio-box label:has(input:checked),
.{FORM_CLASS} .widget-checkbox label:has(input:checked) {{
  font-weight: bold; color: #0b5cad; text-decoration: underline; text-underline-offset: 3px;
}}
</style>"""


def form_style() -> Any:
    """Return the invisible HTML widget that carries :data:`SELECTED_CSS` (put it in the form's box)."""
    import ipywidgets as w

    return w.HTML(SELECTED_CSS, layout=w.Layout(display="none"))


def control(key: str, doc: str) -> Any:
    """Return a property giving the view's control ``key``, building the view if needed.

    >>> class Demo(WidgetView):
    ...     readout = control("readout", "The readout HTML widget.")
    ...     def _build(self):
    ...         return {"box": "a box", "readout": "an HTML widget"}
    >>> Demo().readout
    'an HTML widget'
    """
    return property(lambda self: self._control(key), doc=doc)


def readout_html(lines: Iterable[str], *, headline: str | None = None, size: str = "1.3em") -> str:
    """Return a widget's readout: a bold headline (optional) and lines, each escaped, one per line.

    The ``aria-live`` region makes screen readers announce the new text after every change.

    >>> readout_html(["n = 10."], headline="NPS = 20.0 points")
    '<div aria-live="polite"><b style="font-size:1.3em">NPS = 20.0 points</b><br>n = 10.</div>'
    """
    parts = [] if headline is None else [f'<b style="font-size:{size}">{html.escape(headline)}</b>']
    parts += [html.escape(line) for line in lines]
    return '<div aria-live="polite">' + "<br>".join(parts) + "</div>"


class WidgetView:
    """Base of the course widgets: ``widget()`` builds the view once; displaying the object shows it.

    Subclasses implement :meth:`_build` (make the controls, connect them with :meth:`_on_change`,
    return them by key, the outermost under :attr:`_ROOT`), :meth:`_refresh` (draw the readout and
    pictures from the core) and :meth:`_push` (set the controls from the core); their ``set()``
    calls :meth:`_sync_widgets` after changing the core.
    """

    #: The key of the view's outermost container among the controls.
    _ROOT = "box"
    #: The controls by key once the view is built (``None`` before).
    _ui: dict[str, Any] | None = None
    #: True while :meth:`_sync_widgets` sets the controls, so that their observers do not react.
    _syncing = False

    def widget(self) -> Any:
        """Build (once) and return the ipywidgets view."""
        if self._ui is None:
            self._ui = self._build()
            self._refresh()
        return self._ui[self._ROOT]

    def display(self) -> None:
        """Show the widget in the notebook."""
        from IPython.display import display

        display(self.widget())

    def _ipython_display_(self) -> None:
        self.display()

    # -- what a widget implements -----------------------------------------------------------------

    def _build(self) -> dict[str, Any]:
        """Make the view's controls, connect them, and return them by key."""
        raise NotImplementedError

    def _refresh(self) -> None:
        """Draw the view (readout, pictures) from the core's state; nothing before it is built."""

    def _push(self, ui: dict[str, Any]) -> None:
        """Set the controls' values from the core's state (called by :meth:`_sync_widgets`)."""

    # -- shared -----------------------------------------------------------------------------------

    def _control(self, key: str) -> Any:
        """Return the view's control ``key``, building the view if needed."""
        self.widget()
        assert self._ui is not None  # built by widget()
        return self._ui[key]

    def _on_change(self, controls: Iterable[Any], handler: Callable[[], Any]) -> None:
        """Call ``handler()`` when the learner changes the value of one of ``controls``.

        Changes made by :meth:`_sync_widgets` (the core pushed to the view) are ignored.
        """

        def on_change(change: dict) -> None:
            if not self._syncing:
                handler()

        for c in controls:
            c.observe(on_change, names="value")

    def _on_each_change(self, controls: Mapping[str, Any], handler: Callable[[str, Any], Any]) -> None:
        """Call ``handler(key, value)`` when the learner changes one of ``controls`` (key -> control)."""
        for key, c in controls.items():

            def on_change(change: dict, key: str = key) -> None:
                if not self._syncing:
                    handler(key, change["new"])

            c.observe(on_change, names="value")

    def _sync_widgets(self) -> None:
        """Push the core's state to the controls (after ``set()``) and redraw, once the view is built."""
        if self._ui is None:
            return
        self._syncing = True
        try:
            self._push(self._ui)
        finally:
            self._syncing = False
        self._refresh()

    @staticmethod
    def _median_seconds(change: Callable[[int], Any], repeats: int) -> float:
        """Return the median seconds of ``change(i)`` for ``i`` in ``range(repeats)`` (for bench/)."""
        import statistics
        import time

        times = []
        for i in range(repeats):
            start = time.perf_counter()
            change(i)
            times.append(time.perf_counter() - start)
        return statistics.median(times)
