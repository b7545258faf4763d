"""Every widget (and the dashboard) builds its view through the shared base, cxkit.widgets.base.

The widgets used to copy the same view code (build once, sliders and readout properties, the sync
of the controls after ``set()``, the readout's HTML, the timing loop); the base holds it now.
"""

from __future__ import annotations

import pandas as pd
import pytest

import cxkit.widgets
from cxkit.dashboard import Dashboard
from cxkit.widgets.base import WidgetView, readout_html

CLASSES = [getattr(cxkit.widgets, name) for name in cxkit.widgets.__all__] + [Dashboard]


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__name__)
def test_the_view_is_built_by_the_base(cls):
    assert issubclass(cls, WidgetView)
    assert cls.widget is WidgetView.widget, f"{cls.__name__} builds its view in its own widget()"
    assert cls._sync_widgets is WidgetView._sync_widgets
    assert "_build" in vars(cls)


def test_set_moves_the_controls_without_their_observers_calling_set_again():
    from cxkit.widgets import SLAExplorer

    ex = SLAExplorer()
    calls = []
    original = ex.set

    def counting(**targets):
        calls.append(targets)
        return original(**targets)

    ex.set = counting  # type: ignore[method-assign]
    ex.widget()
    ex.set(phone="7min")
    assert ex.sliders["phone"].value == 7
    assert calls == [{"phone": "7min"}]  # the slider's change did not call set() a second time
    ex.sliders["phone"].value = 9  # the learner moves it: set() is called once
    assert ex.targets["phone"] == pd.Timedelta("9min")
    assert len(calls) == 2
    assert ex.widget() is ex.widget()


def test_readout_html_escapes_and_announces():
    assert readout_html(["a < b"], headline="x & y", size="1.2em") == (
        '<div aria-live="polite"><b style="font-size:1.2em">x &amp; y</b><br>a &lt; b</div>'
    )
    assert readout_html(["only"]) == '<div aria-live="polite">only</div>'
