"""The one plain-pandas reference implementation the tests compare cxkit against.

Written the slow, obvious way (no cxkit code): counts with boolean masks, the textbook formulas,
and the cluster-robust variance with an explicit loop over clusters.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats


def nps_reference(scores: Any) -> float:
    """NPS in points: % promoters (9-10) minus % detractors (0-6), blanks left out."""
    s = pd.Series(scores, dtype="float").dropna()
    return 100 * ((s >= 9).mean() - (s <= 6).mean())


def nps_counts(scores: Any) -> tuple[int, int, int]:
    """(promoters, passives, detractors) of 0-10 scores, blanks left out."""
    s = pd.Series(scores, dtype="float").dropna()
    P, D = int((s >= 9).sum()), int((s <= 6).sum())
    return P, len(s) - P - D, D


def nps_wald(scores: Any, z: float = 1.959963984540054) -> tuple[float, float]:
    """Return the Wald interval of the NPS in points: 100 (p - d) +- 100 z sqrt(((p + d) - (p - d)^2) / n).

    All answers in one category (variance 0): the adjusted Wald interval (3/4 added to P and D,
    3 to n; Rocks 2016), as cxkit gives, rather than a single point.
    """
    P, A, D = nps_counts(scores)
    n = P + A + D
    if n in (P, A, D):
        P, D, n = P + 0.75, D + 0.75, n + 3
    p, d = P / n, D / n
    half = z * math.sqrt(((p + d) - (p - d) ** 2) / n)
    return 100 * (p - d - half), 100 * (p - d + half)


def csat_reference(scores: Any, satisfied: tuple[int, ...] = (4, 5)) -> float:
    """Percent of answers in ``satisfied``, blanks left out."""
    s = pd.Series(scores, dtype="float").dropna()
    return 100 * s.isin(satisfied).mean()


def ces_t_interval(scores: Any, confidence: float = 0.95) -> tuple[float, float, float]:
    """(mean, low, high) of the Student t interval, blanks left out (unclipped)."""
    s = pd.Series(scores, dtype="float").dropna()
    half = stats.t.ppf(0.5 + confidence / 2, len(s) - 1) * s.std(ddof=1) / math.sqrt(len(s))
    return s.mean(), s.mean() - half, s.mean() + half


def cluster_variance_loop(y: Any, clusters: Any) -> float:
    """G/(G-1) * sum over clusters of (sum of (y_i - ybar) in the cluster)^2 / n^2, by a plain loop."""
    y = [float(v) for v in y]
    ybar = sum(y) / len(y)
    totals: dict[Any, float] = {}
    for v, c in zip(y, clusters, strict=True):
        totals[c] = totals.get(c, 0.0) + (v - ybar)
    G = len(totals)
    return G / (G - 1) * sum(e * e for e in totals.values()) / len(y) ** 2


def nps_scores_y(scores: Any) -> np.ndarray:
    """Each 0-10 answer as +1 (promoter), 0 (passive) or -1 (detractor)."""
    a = np.asarray(scores, dtype=float)
    return (a >= 9).astype(float) - (a <= 6)
