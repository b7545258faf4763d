"""Interval methods: the normal and *t* quantiles, the NPS (trinomial) and proportion intervals."""

from __future__ import annotations

from statistics import NormalDist
from typing import Any

import numpy as np

_METHOD_LABELS = {
    "wald": "Wald",
    "adjusted_wald": "adjusted Wald",
    "bootstrap": "percentile bootstrap",
    "wilson": "Wilson",
    "t": "Student t",
    "newcombe": "Newcombe hybrid score",
}


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def _t_quantile(confidence: float, df: Any) -> Any:
    from scipy import stats

    return stats.t.ppf(0.5 + confidence / 2, df)


def _two_sided_p(z: float) -> float:
    # cdf(-|z|) rather than 1 - cdf(|z|): no cancellation to 0 for large |z|.
    return 2 * NormalDist().cdf(-abs(z))


def _nps_interval(
    promoters: np.ndarray | int,
    passives: np.ndarray | int,
    detractors: np.ndarray | int,
    *,
    confidence: float,
    method: str,
    n_boot: int = 10_000,
    seed: Any = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """NPS and its interval from counts (arrays allowed for wald/adjusted_wald), in points."""
    P = np.asarray(promoters, dtype=float)
    A = np.asarray(passives, dtype=float)
    D = np.asarray(detractors, dtype=float)
    n = P + A + D
    with np.errstate(invalid="ignore", divide="ignore"):
        value = 100 * (P - D) / n
        if method == "bootstrap":
            rng = np.random.default_rng(seed)
            alpha = 1 - confidence
            lows, highs = [], []
            for p_, a_, d_ in zip(np.atleast_1d(P), np.atleast_1d(A), np.atleast_1d(D), strict=True):
                m = int(p_ + a_ + d_)
                draws = rng.multinomial(m, [p_ / m, a_ / m, d_ / m], size=n_boot)
                boot = 100 * (draws[:, 0] - draws[:, 2]) / m
                lo_, hi_ = np.quantile(boot, [alpha / 2, 1 - alpha / 2])
                lows.append(lo_)
                highs.append(hi_)
            low = np.asarray(lows).reshape(P.shape)
            high = np.asarray(highs).reshape(P.shape)
        else:
            if method == "adjusted_wald":
                P, D, n = P + 0.75, D + 0.75, n + 3
            p, d = P / n, D / n
            centre = p - d
            se = np.sqrt(np.maximum((p + d) - (p - d) ** 2, 0.0) / n)
            z = _z(confidence)
            low = 100 * (centre - z * se)
            high = 100 * (centre + z * se)
    low = np.clip(np.minimum(low, value), -100, 100)
    high = np.clip(np.maximum(high, value), -100, 100)
    return value, low, high


def _prop_interval(x: Any, n: Any, confidence: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Interval for a proportion x/n on the 0–1 scale (arrays allowed)."""
    x = np.asarray(x, dtype=float)
    n = np.asarray(n, dtype=float)
    z = _z(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        if method == "wilson":
            denom = 1 + z**2 / n
            centre = (p + z**2 / (2 * n)) / denom
            half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
        else:
            centre = p
            half = z * np.sqrt(p * (1 - p) / n)
        low = np.clip(centre - half, 0, 1)
        high = np.clip(centre + half, 0, 1)
        # Guard rounding at the ends: the interval always contains the estimate.
        low = np.minimum(low, p)
        high = np.maximum(high, p)
    return low, high
