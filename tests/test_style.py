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
    "protanopia": np.array([[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                            [-0.003882, -0.048116, 1.051998]]),
    "deuteranopia": np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                              [-0.011820, 0.042940, 0.968881]]),
    "tritanopia": np.array([[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                            [0.004733, 0.691367, 0.303900]]),
}
MIN_DELTA_E = 10.0


def _linear(hex_colour: str) -> np.ndarray:
    srgb = np.array([int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)])
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _lab(linear_rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                  [0.0193339, 0.1191920, 0.9503041]])
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
    assert 'alt="NPS &quot;rises&quot; &lt;fast&gt;"' in html and html.startswith("<figure><img")
    plt.close(fig)
