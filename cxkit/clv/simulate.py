r"""Draw synthetic customer bases from the models (for tests, benchmarks and teaching).

Each sampler follows the model's story customer by customer, vectorised with NumPy, and returns
the summary the model is fitted to, so a fit on a large sample must recover the parameters.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit.stats.checks import check_seed

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["sample_bgnbd", "sample_gamma_gamma", "sample_pareto_nbd"]


def _times(T: Any, n: int | None) -> np.ndarray:
    t = np.asarray(T, dtype=float)
    return np.full(int(n), float(t)) if t.ndim == 0 and n is not None else t.ravel()


def _arrivals(
    rng: np.random.Generator,
    lam: np.ndarray,
    horizon: np.ndarray,
    cap: np.ndarray | None,
    T: np.ndarray,
    resolution: float | None,
) -> pd.DataFrame:
    """Poisson arrivals at rate lam on (0, horizon], keeping at most ``cap`` of them."""
    import pandas as pd

    n_arr = rng.poisson(lam * horizon)
    x = n_arr if cap is None else np.minimum(n_arr, cap)
    # The x-th of n_arr uniform arrival times on (0, horizon] is horizon * Beta(x, n_arr - x + 1).
    tx = np.zeros_like(horizon)
    pos = x > 0
    tx[pos] = horizon[pos] * rng.beta(x[pos], n_arr[pos] - x[pos] + 1)
    if resolution is not None:
        tx = np.floor(tx / resolution) * resolution
    return pd.DataFrame({"frequency": x.astype("int64"), "recency": np.minimum(tx, T), "T": T})


def sample_bgnbd(
    r: float,
    alpha: float,
    a: float,
    b: float,
    T: Any,
    *,
    n: int | None = None,
    resolution: float | None = None,
    seed: Any = None,
) -> pd.DataFrame:
    r"""Draw customers from the BG/NBD model.

    Parameters
    ----------
    r, alpha, a, b : float
        The model's parameters (see :class:`cxkit.clv.BetaGeo`).
    T : float or array-like
        Each customer's observation time (one value for all with ``n``).
    n : int, optional
        Number of customers when ``T`` is one number.
    resolution : float, optional
        Round purchase times down to this grid (1/7 for days when T is in weeks), as real data are.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    pandas.DataFrame
        ``frequency``, ``recency``, ``T``.

    Notes
    -----
    :math:`\lambda \sim \text{Gamma}(r, \text{rate } \alpha)`, :math:`p \sim \text{Beta}(a, b)`;
    the customer drops out after their :math:`D`-th repeat purchase, :math:`D \sim
    \text{Geometric}(p)`, so :math:`x = \min(N(T), D)` with :math:`N(T) \sim \text{Poisson}(\lambda T)`.

    Examples
    --------
    >>> sample_bgnbd(0.243, 4.414, 0.793, 2.426, 38.86, n=3, seed=1).shape
    (3, 3)
    """
    rng = np.random.default_rng(check_seed(seed))
    T = _times(T, n)
    lam = rng.gamma(r, 1.0 / alpha, size=T.size)
    p = rng.beta(a, b, size=T.size)
    d = rng.geometric(np.clip(p, 1e-300, 1.0))
    return _arrivals(rng, lam, T, d, T, resolution)


def sample_pareto_nbd(
    r: float,
    alpha: float,
    s: float,
    beta: float,
    T: Any,
    *,
    n: int | None = None,
    resolution: float | None = None,
    seed: Any = None,
) -> pd.DataFrame:
    r"""Draw customers from the Pareto/NBD model.

    Parameters
    ----------
    r, alpha, s, beta : float
        The model's parameters (see :class:`cxkit.clv.ParetoNBD`).
    T : float or array-like
    n : int, optional
    resolution : float, optional
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    pandas.DataFrame
        ``frequency``, ``recency``, ``T``.

    Notes
    -----
    :math:`\lambda \sim \text{Gamma}(r, \alpha)`, :math:`\mu \sim \text{Gamma}(s, \beta)`, lifetime
    :math:`\tau \sim \text{Exp}(\mu)`; purchases are Poisson(:math:`\lambda`) on
    :math:`(0, \min(\tau, T)]`.

    Examples
    --------
    >>> sample_pareto_nbd(0.553, 10.578, 0.606, 11.669, 38.86, n=2, seed=1).shape
    (2, 3)
    """
    rng = np.random.default_rng(check_seed(seed))
    T = _times(T, n)
    lam = rng.gamma(r, 1.0 / alpha, size=T.size)
    mu = rng.gamma(s, 1.0 / beta, size=T.size)
    tau = rng.exponential(1.0 / mu)
    return _arrivals(rng, lam, np.minimum(tau, T), None, T, resolution)


def sample_gamma_gamma(p: float, q: float, v: float, frequency: Any, *, seed: Any = None) -> np.ndarray:
    r"""Draw each customer's mean repeat-purchase value from the Gamma-Gamma model.

    Parameters
    ----------
    p, q, v : float
        The model's parameters (see :class:`cxkit.clv.GammaGamma`).
    frequency : array-like
        Repeat purchases of each customer (1 or more).
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    numpy.ndarray
        The mean of each customer's ``frequency`` transaction values.

    Notes
    -----
    :math:`\nu \sim \text{Gamma}(q, \text{rate } v)`; the sum of :math:`x` values each
    Gamma(:math:`p`, rate :math:`\nu`) is Gamma(:math:`px`, rate :math:`\nu`).

    Examples
    --------
    >>> sample_gamma_gamma(6.25, 3.74, 15.44, [1, 2, 5], seed=1).shape
    (3,)
    """
    rng = np.random.default_rng(check_seed(seed))
    x = np.asarray(frequency, dtype=float)
    nu = rng.gamma(q, 1.0 / v, size=x.size)
    return rng.gamma(p * x, 1.0 / nu) / x
