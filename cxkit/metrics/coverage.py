r"""How often each NPS interval method's "95%" intervals hold the true score: a coverage table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from cxkit.errors import CXConfigError
from cxkit.metrics.registry import NPS_METHODS
from cxkit.stats.checks import check_confidence, check_n_boot, check_seed, check_whole
from cxkit.stats.intervals import interval_method

__all__ = ["nps_interval_coverage"]

#: The true (promoter, detractor) shares of the default table: a middling, a good, a very good and
#: an almost perfect score (NPS 0, +30, +60, +85).
DEFAULT_SHARES: tuple[tuple[float, float], ...] = ((0.3, 0.3), (0.5, 0.2), (0.7, 0.1), (0.9, 0.05))


def _check_shares(shares: Any) -> list[tuple[float, float]]:
    ok = isinstance(shares, Sequence) and not isinstance(shares, str) and len(shares) > 0
    out: list[tuple[float, float]] = []
    for pair in shares if ok else []:
        if isinstance(pair, Sequence) and not isinstance(pair, str) and len(pair) == 2:
            p, d = pair
            if all(isinstance(x, int | float) and not isinstance(x, bool) for x in (p, d)):
                if p >= 0 and d >= 0 and p + d <= 1:
                    out.append((float(p), float(d)))
                    continue
        ok = False
        break
    if not ok:
        raise CXConfigError(
            "shares must be a list of (promoter share, detractor share) pairs, each from 0 to 1 and "
            f"adding up to at most 1, e.g. [(0.5, 0.2), (0.9, 0.05)]; got {shares!r}."
        )
    return out


def _log_pmf(P: np.ndarray, A: np.ndarray, D: np.ndarray, p: float, a: float, d: float) -> np.ndarray:
    from scipy.special import gammaln, xlogy

    n = P + A + D
    return (
        gammaln(n + 1)
        - gammaln(P + 1)
        - gammaln(A + 1)
        - gammaln(D + 1)
        + xlogy(P, p)
        + xlogy(A, a)
        + xlogy(D, d)
    )


def nps_interval_coverage(
    *,
    n: Sequence[int] = (10, 30, 100, 300, 1000),
    shares: Sequence[tuple[float, float]] = DEFAULT_SHARES,
    confidence: float = 0.95,
    methods: Sequence[str] | None = None,
    n_sim: int = 1000,
    n_boot: int = 500,
    seed: Any = 0,
) -> Any:
    r"""Coverage of the NPS interval methods: the chance that each method's interval holds the true NPS.

    For a true promoter share :math:`p` and detractor share :math:`d` (passives
    :math:`a = 1 - p - d`) and a sample of :math:`n` answers, the counts :math:`(P, A, D)` are
    multinomial, and a method's coverage is

    .. math::

        C(n, p, d) = \sum_{P + A + D = n} \frac{n!}{P!\,A!\,D!}\,p^P a^A d^D\;
        \mathbf 1\{\,l(P, A, D) \le p - d \le u(P, A, D)\,\}.

    For the methods computed from the counts alone (Wald, adjusted Wald, the iterative score
    interval) the sum is **exact**: every one of the :math:`(n+1)(n+2)/2` outcomes is enumerated,
    with its multinomial probability, and each interval is computed once per :math:`n` for all
    true shares (vectorised). The bootstrap is random, so its coverage is **simulated**:
    ``n_sim`` samples, each with ``n_boot`` resamples, from ``seed``; ``mc_se`` is the Monte Carlo
    standard error :math:`\sqrt{C(1-C)/n_{\mathrm{sim}}}` (0 for exact rows). ``mean_width`` is the
    expected width in points of the interval as cxkit reports it (clipped to −100 to 100).

    Parameters
    ----------
    n : sequence of int, default (10, 30, 100, 300, 1000)
        The sample sizes (1 to 2,000; the enumeration grows with :math:`n^2`).
    shares : sequence of (float, float), default :data:`DEFAULT_SHARES`
        The true (promoter, detractor) shares.
    confidence : float, default 0.95
        The nominal level of the intervals.
    methods : sequence of str, optional
        The NPS interval methods (default all: :data:`cxkit.metrics.NPS_METHODS`).
    n_sim, n_boot : int, default 1000 and 500
        Simulated samples and resamples per sample, for the bootstrap only.
    seed : int, optional, default 0
        The seed of the bootstrap's simulation (the same seed, the same table).

    Returns
    -------
    DataFrame
        One row per (n, shares, method): ``n``, ``promoters``, ``detractors``, ``true_nps``
        (points), ``method``, ``coverage`` (0 to 1), ``mc_se``, ``mean_width`` (points) and ``how``
        (``"exact"`` or ``"simulated"``).

    Raises
    ------
    CXConfigError
        A bad ``n``, ``shares``, ``confidence``, ``methods``, ``n_sim``, ``n_boot`` or ``seed``.

    Notes
    -----
    Rocks (2016) compares the same methods by coverage (his figures 1-3); Brown, Cai & DasGupta
    (2001) explain why exact enumeration, not simulation, is the way to see the erratic coverage
    of Wald intervals: it oscillates with :math:`n` and the true shares.

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372. https://doi.org/10.1080/00031305.2016.1158124

    Brown, L. D., Cai, T. T. & DasGupta, A. (2001). Interval estimation for a binomial proportion.
    *Statistical Science*, 16(2), 101–133.

    Examples
    --------
    Ten answers, true shares 50% promoters and 20% detractors (NPS +30): Wald's "95%" interval
    holds the true score only about 90% of the time; the adjusted Wald (slightly over) and score
    intervals come closer to 95%:

    >>> from cxkit.metrics import nps_interval_coverage
    >>> t = nps_interval_coverage(n=[10], shares=[(0.5, 0.2)], methods=["wald", "adjusted_wald", "score"])
    >>> t.set_index("method")["coverage"].round(3)
    method
    wald             0.896
    adjusted_wald    0.962
    score            0.947
    Name: coverage, dtype: float64
    """
    import pandas as pd

    if isinstance(n, str) or not isinstance(n, Sequence | np.ndarray) or len(n) == 0:
        raise CXConfigError(f"n must list sample sizes from 1 to 2,000, e.g. [10, 100, 1000]; got {n!r}.")
    sizes = [check_whole(x, "n", 1, 2000, "the enumeration grows with n squared") for x in n]
    pairs = _check_shares(shares)
    confidence = check_confidence(confidence)
    chosen = list(NPS_METHODS if methods is None else methods)
    if isinstance(methods, str) or not chosen:
        raise CXConfigError(
            f"methods must be a list of NPS interval methods, e.g. ['wald', 'score']; got {methods!r}."
        )
    funcs = {m: interval_method("trinomial", m, what="NPS").function for m in chosen}
    n_sim = check_whole(n_sim, "n_sim", 1, 1_000_000)
    n_boot = check_n_boot(n_boot)
    rng = np.random.default_rng(check_seed(seed))
    rows = []
    for size in sizes:
        # Every outcome (P, A, D) with P + A + D = size, once for all true shares.
        P, D = np.meshgrid(np.arange(size + 1), np.arange(size + 1), indexing="ij")
        keep = P + D <= size
        P, D = P[keep].astype(float), D[keep].astype(float)
        A = size - P - D
        exact = {}
        for m in chosen:
            if m != "bootstrap":
                low, high, _ = funcs[m](P, A, D, confidence=confidence)
                exact[m] = (np.clip(low, -1, 1), np.clip(high, -1, 1))
        for p, d in pairs:
            truth = p - d
            weight = np.exp(_log_pmf(P, A, D, p, 1 - p - d, d))
            for m in chosen:
                if m == "bootstrap":
                    draws = rng.multinomial(size, [p, max(1 - p - d, 0.0), d], size=n_sim)
                    low, high, _ = funcs[m](
                        draws[:, 0], draws[:, 1], draws[:, 2], confidence=confidence, n_boot=n_boot, seed=rng
                    )
                    low, high = np.clip(low, -1, 1), np.clip(high, -1, 1)
                    hit = (low <= truth + 1e-12) & (truth - 1e-12 <= high)
                    cov = float(hit.mean())
                    width, se, how = (
                        float((high - low).mean()),
                        float(np.sqrt(cov * (1 - cov) / n_sim)),
                        "simulated",
                    )
                else:
                    low, high = exact[m]
                    hit = (low <= truth + 1e-12) & (truth - 1e-12 <= high)
                    cov = float(weight[hit].sum())
                    width, se, how = float((weight * (high - low)).sum()), 0.0, "exact"
                rows.append(
                    {
                        "n": size,
                        "promoters": p,
                        "detractors": d,
                        "true_nps": 100 * truth,
                        "method": m,
                        "coverage": cov,
                        "mc_se": se,
                        "mean_width": 100 * width,
                        "how": how,
                    }
                )
    return pd.DataFrame(rows)
