"""What every course widget shares: shown in a notebook by building its ipywidgets view."""

from __future__ import annotations

from typing import Any


class WidgetView:
    """Base of the course widgets: ``widget()`` builds the view; displaying the object shows it.

    A widget class keeps its state and logic in plain Python (testable without a browser) and
    builds its ipywidgets view in ``widget()``; this base adds ``display()`` and the notebook's
    display hook, so ``NPSSimulator(...)`` as the last line of a cell shows the widget.
    """

    def widget(self) -> Any:
        """Build (once) and return the ipywidgets view."""
        raise NotImplementedError

    def display(self) -> None:
        """Show the widget in the notebook."""
        from IPython.display import display

        display(self.widget())

    def _ipython_display_(self) -> None:
        self.display()
