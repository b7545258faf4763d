r"""Cluster-robust (sandwich) variance of a mean, for answers that come in clusters (customers).

A customer who answers several surveys gives answers that are alike: they are not independent,
and the textbook variance, which assumes they are, is too small. Treat the metric as the mean of a
per-answer score :math:`y_i` (the NPS: +1 promoter, 0 passive, −1 detractor; CSAT: 1 satisfied,
else 0; CES: the score) and sum the deviations within each cluster first:

.. math::

    \widehat{\mathrm{Var}}(\bar y) = \frac{G}{G-1}\;
    \frac{\sum_{g=1}^{G}\Big(\sum_{i \in g} (y_i - \bar y)\Big)^2}{n^2},

with :math:`G` clusters and :math:`n` answers. With one answer per cluster it is
:math:`\frac{n}{n-1}\cdot\frac{1}{n^2}\sum_i (y_i - \bar y)^2`, the usual variance of a mean (with
the :math:`n - 1` divisor). This is the linearisation (sandwich) estimator with the usual
small-sample factor :math:`G/(G-1)`; it needs a fair number of clusters (a few dozen or more).

References
----------
Cameron, A. C. & Miller, D. L. (2015). A practitioner's guide to cluster-robust inference.
*Journal of Human Resources*, 50(2), 317–372. https://doi.org/10.3368/jhr.50.2.317

>>> from cxkit.stats import cluster_variance
>>> cluster_variance([1, 1, -1, 0], ["a", "a", "b", "b"])
0.5625
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["cluster_variance", "grouped_cluster_variance"]


def cluster_variance(y: Any, clusters: Any) -> float:
    r"""Cluster-robust variance of the mean of ``y``: :math:`\frac{G}{G-1}\sum_g e_g^2 / n^2`.

    Parameters
    ----------
    y : array-like of float, shape (n,)
        The per-answer scores.
    clusters : array-like, shape (n,)
        The cluster (customer) of each answer.

    Returns
    -------
    float
        The variance of :math:`\bar y`; NaN with a single cluster.

    Notes
    -----
    :math:`e_g = \sum_{i \in g}(y_i - \bar y)`; see the module docstring and Cameron & Miller (2015),
    equation (11) with an intercept-only model.

    Examples
    --------
    y = (1, 1, −1, 0) in clusters a, a, b, b: ȳ = 0.25, e_a = 0.75 + 0.75 = 1.5,
    e_b = −1.25 − 0.25 = −1.5, so Var = 2/1 × (2.25 + 2.25) / 16 = 0.5625:

    >>> cluster_variance([1, 1, -1, 0], ["a", "a", "b", "b"])
    0.5625
    """
    import pandas as pd

    y = np.asarray(y, dtype=float)
    codes, _ = pd.factorize(np.asarray(clusters, dtype=object))
    var, _g = grouped_cluster_variance(y, np.zeros(len(y), dtype=np.int64), codes, 1)
    return float(var[0])


def grouped_cluster_variance(
    y: np.ndarray,
    groups: np.ndarray,
    clusters: np.ndarray,
    n_groups: int,
    weights: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Compute the cluster-robust variance of each group's mean at once (vectorised), and each group's G.

    ``groups`` are codes 0..n_groups-1, ``clusters`` codes 0.. (any range); returns arrays of
    length ``n_groups``: the variances (NaN where G < 2) and the numbers of clusters G.
    ``weights`` (whole numbers) count each row that many times: rows already counted per
    (group, cluster, score) by a database give exactly the variance of the answers themselves.
    """
    groups = np.asarray(groups, dtype=np.int64)
    clusters = np.asarray(clusters, dtype=np.int64)
    y = np.asarray(y, dtype=float)
    w = np.ones(len(groups)) if weights is None else np.asarray(weights, dtype=float)
    n = np.bincount(groups, weights=w, minlength=n_groups).astype(float)
    total = np.bincount(groups, weights=y * w, minlength=n_groups)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = total / n
    width = int(clusters.max()) + 1 if len(clusters) else 1
    pair, inverse = np.unique(groups * width + clusters, return_inverse=True)
    pair_group = pair // width
    m = np.bincount(inverse, weights=w).astype(float)
    s = np.bincount(inverse, weights=y * w)
    e = s - m * mean[pair_group]
    sum_e2 = np.bincount(pair_group, weights=e * e, minlength=n_groups)
    G = np.bincount(pair_group, minlength=n_groups).astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        var = np.where(G >= 2, G / (G - 1) * sum_e2 / n**2, np.nan)
    return var, G.astype(np.int64)
