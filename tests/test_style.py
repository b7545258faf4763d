"""The course palette stays distinguishable for colour-blind readers, and figures carry alt text.

Colour-vision deficiency is simulated with the matrices of Machado, Oliveira & Fernandes (2009),
"A physiologically-based model for simulation of color vision deficiency", IEEE TVCG 15(6),
1291–1298 (severity 1.0, applied in linear sRGB); distinguishability is the CIE 1976 colour
difference ΔE*ab in CIELAB (D65). ΔE of about 2.3 is a just-noticeable difference; we ask for 10
between colours that appear together in one figure, so they stay clearly apart.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from cxkit import style
from cxkit.errors import CXConfigError

MACHADO = {
    "normal": np.eye(3),
    "protanopia": np.array(
        [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]]
    ),
    "deuteranopia": np.array(
        [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]]
    ),
    "tritanopia": np.array(
        [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]
    ),
}
MIN_DELTA_E = 10.0


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    m = np.array(
        [
            [0.4124564, 0.3575761, 0.1804375],
            [0.2126729, 0.7151522, 0.0721750],
            [0.0193339, 0.1191920, 0.9503041],
        ]
    )
    xyz = m @ np.clip(linear_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def delta_e(a: str, b: str, vision: str) -> float:
    sim = MACHADO[vision]
    return float(np.linalg.norm(_lab(sim @ _linear(a)) - _lab(sim @ _linear(b))))


GROUPS = {
    "NPS groups": list(style.SCORE_COLORS.values()),
    "segments": list(style.SEGMENT_COLORS.values()),
    "first four series": style.CYCLE[:4],
}


@pytest.mark.parametrize("vision", list(MACHADO))
@pytest.mark.parametrize("group", list(GROUPS))
def test_colours_shown_together_stay_distinct(group, vision):
    for a, b in itertools.combinations(GROUPS[group], 2):
        assert delta_e(a, b, vision) >= MIN_DELTA_E, f"{group}: {a} vs {b} under {vision}"


def test_simulation_is_sane():
    # Red and green collapse for a deuteranope; blue and orange do not.
    assert delta_e("#FF0000", "#00FF00", "normal") > 80
    assert delta_e("#D55E00", "#009E73", "deuteranopia") < delta_e("#D55E00", "#009E73", "normal")
    assert delta_e("#0072B2", "#E69F00", "deuteranopia") > 40


def test_every_series_colour_differs_from_white_background():
    for colour in style.CYCLE[:6]:
        assert delta_e(colour, "#FFFFFF", "deuteranopia") > 20, colour


def test_show_requires_alt_text():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    with pytest.raises(CXConfigError, match="alt text"):
        style.figure_html(fig, alt="  ")
    html = style.figure_html(fig, alt='NPS "rises" <fast>')
    assert 'alt="NPS &quot;rises&quot; &lt;fast&gt;"' in html
    assert html.startswith("<figure")
    assert html.count("<img ") == 1
    plt.close(fig)


# -- style.use: readable on a projector --------------------------------------------------------------


@pytest.fixture
def course_style():
    """Apply the course style to a headless matplotlib; restore matplotlib's defaults after."""
    import matplotlib

    matplotlib.use("Agg")
    with matplotlib.rc_context():
        style.use()
        yield


def _texts_of_a_typical_figure():
    """Every piece of text of a figure drawn as the modules draw them: title, axis labels, ticks, legend."""
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    fig, ax = plt.subplots()
    ax.plot([1, 2, 3], [3, 1, 2], marker="o", label="monthly NPS")
    ax.bar([1, 2, 3], [1, 2, 1], label="answers")
    ax.set_title("Monthly NPS")
    ax.set_xlabel("Month")
    ax.set_ylabel("NPS (points)")
    ax.legend(title="Series")
    ax.annotate("peak", (2, 1))
    fig.suptitle("Figure title")
    fig.canvas.draw()
    texts = [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible()]
    plt.close(fig)
    return texts


def test_use_sets_every_figure_text_to_at_least_12_points(course_style):
    texts = _texts_of_a_typical_figure()
    assert len(texts) >= 10  # title, suptitle, 2 labels, ticks, legend title and entries, annotation
    small = {t.get_text(): t.get_fontsize() for t in texts if t.get_fontsize() < style.MIN_FONT_PT}
    assert not small, f"text below {style.MIN_FONT_PT} pt: {small}"
    assert style.MIN_FONT_PT >= 12


def test_use_makes_figures_as_wide_as_a_notebook_cell(course_style):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    width_px = fig.get_size_inches()[0] * fig.dpi
    png = style._png_bytes(fig)
    plt.close(fig)
    assert width_px >= 1000  # a cell at 1280x720 is about 1,000-1,150 px wide
    import io

    from PIL import Image

    assert Image.open(io.BytesIO(png)).size[0] >= 1000  # the axes fill the figure: little is cropped


# -- style.show: alt text always, full width ----------------------------------------------------------


def _capture_display(monkeypatch):
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append((obj, raw)))
    return shown


def test_show_embeds_alt_text_and_fills_the_cell(course_style, monkeypatch):
    import matplotlib.pyplot as plt

    shown = _capture_display(monkeypatch)
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    style.show(fig, alt="Line chart: NPS rises from 3 to 4 & more")
    assert plt.fignum_exists(fig.number) is False  # closed: no second copy under the cell
    ((bundle, raw),) = shown
    assert raw is True
    page = bundle["text/html"]
    assert 'alt="Line chart: NPS rises from 3 to 4 &amp; more"' in page
    assert ";width:100%" in page.replace('style="', ";")
    assert page.count("<img") == 1
    assert bundle["text/plain"] == "[Figure: Line chart: NPS rises from 3 to 4 & more]"
    assert "image/png" not in bundle  # a bare image would have no alt text


@pytest.mark.parametrize("alt", ["", "   ", None])
def test_show_without_alt_raises_a_cxkit_error_and_shows_nothing(course_style, monkeypatch, alt):
    import matplotlib.pyplot as plt

    shown = _capture_display(monkeypatch)
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    with pytest.raises(CXConfigError, match="alt text"):
        style.show(fig, alt=alt)
    assert shown == []
    assert not plt.fignum_exists(fig.number)


def test_figures_are_stored_small(course_style):
    """A 1,100-pixel chart fits the notebooks' output budget (cxkit.lint: 200 kB in all)."""
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots()
    x = np.arange(24)
    ax.fill_between(x, x - 5, x + 5, color="#BBDDF2")
    ax.plot(x, np.sin(x) * 10 + x, marker="o")
    ax.set_title("A monthly trend with a band")
    png = style._png_bytes(fig)
    plt.close(fig)
    assert png.startswith(b"\x89PNG")
    assert len(png) < 40_000


# -- printed results on a projector ------------------------------------------------------------------

#: Characters of monospace output that fit a notebook cell at 1280x720 with JupyterLab's file browser
#: open (about 850 px at 13 px DejaVu Sans Mono, 7.8 px a character, is 109). Longer lines wrap, and
#: JupyterLab's output style (word-break: break-all) cuts them anywhere, also inside a number.
MAX_PRINTED_LINE = 100


def _printed_lines(path):
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"], start=1):
        for out in cell.get("outputs", []) or []:
            if out.get("output_type") == "stream":
                text = out.get("text", "")
            elif "text/html" not in (out.get("data") or {}):  # a table or figure shows its HTML instead
                text = (out.get("data") or {}).get("text/plain", "")
            else:
                continue
            text = "".join(text) if isinstance(text, list) else text
            for line in text.splitlines():
                yield i, line


def _committed_notebooks():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    return sorted([*root.glob("modules/*.ipynb"), *root.glob("solutions/*.ipynb")])


@pytest.mark.parametrize("path", _committed_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_printed_lines_fit_a_projector_cell(path):
    long = [(i, len(line), line[:60]) for i, line in _printed_lines(path) if len(line) > MAX_PRINTED_LINE]
    assert not long, f"printed lines over {MAX_PRINTED_LINE} characters (cell, length, start): {long}"


def test_figures_that_call_tight_layout_themselves_raise_no_warning(course_style):
    """The NPS simulator calls fig.tight_layout(); the course style must not turn that into a warning."""
    import warnings

    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 3.4))
    ax = fig.add_subplot()
    ax.plot([1, 2], [3, 4])
    ax.set_title("Margin of error")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.tight_layout()
        fig.canvas.draw()
