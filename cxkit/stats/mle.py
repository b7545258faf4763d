"""The shared machinery of cxkit's maximum-likelihood models: input checks, weighting, the optimiser.

Public within cxkit: the purchase models of :mod:`cxkit.clv` (``BetaGeo``, ``ParetoNBD``,
``GammaGamma``) and the contract model of :mod:`cxkit.retention` (``ShiftedBetaGeometric``)
subclass :class:`MLEModel`; a new maximum-likelihood model does the same (CONTRIBUTING.md,
*Adding a model*).

Every model is fitted the same way: the parameters (all positive) are estimated on the log scale
with :func:`scipy.optimize.minimize` (L-BFGS-B) on the mean negative log-likelihood per customer,
with identical customers (the same data row) counted once and weighted by how many they are;
standard errors come from the Hessian of the log-likelihood at the optimum
(:func:`scipy.differentiate.hessian`), transformed from the log scale by the delta method.

A model keeps scikit-learn's contract: :class:`MLEModel` inherits
:class:`sklearn.base.BaseEstimator` (``get_params``, ``set_params``, :func:`sklearn.base.clone`),
``__init__`` stores keyword-only settings, ``fit`` returns ``self``, and what is learned ends in
an underscore: ``params_`` and ``standard_errors_`` are Series indexed by parameter.

>>> import numpy as np
>>> class Exponential(MLEModel):
...     # waiting times, exponential with rate lam
...     _names = ("lam",)
...     _model = "exponential"
...     def fit(self, times):
...         t, _ = as_array(times, "times")
...         data, weights = unique_rows(t)
...         self._optimise(data, weights, self._start([1.0]))
...         return self
...     def _loglik(self, p, t):
...         return np.log(p[0]) - p[0] * t
>>> model = Exponential().fit([1.0, 2.0, 3.0, 2.0])
>>> round(float(model.params_["lam"]), 4)  # 1 / mean
0.5
>>> model.summary()[["value", "n", "method"]].round(4)  # doctest: +NORMALIZE_WHITESPACE
           value  n    method
parameter
lam          0.5  4  wald-log
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator  # type: ignore[import-untyped]

from cxkit.errors import CXConfigError, CXConvergenceError, CXDataError, CXNotFittedError
from cxkit.stats.checks import check_confidence, check_min_n
from cxkit.stats.intervals import z_quantile
from cxkit.stats.rates import INTERVAL_COLUMNS, interval_columns

__all__ = ["MLEModel", "as_array", "check_weights", "row_label", "unique_rows", "wrap"]


def as_array(values: Any, name: str) -> tuple[np.ndarray, Any]:
    """Return ``values`` as a 1-D float array (and its index labels, if it was a Series)."""
    import pandas as pd

    labels = values.index if isinstance(values, pd.Series) else None
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raw = np.asarray(values, dtype=object).ravel()
        pos = next(i for i, v in enumerate(raw) if not _is_number(v))
        raise CXDataError(
            "not a number", column=name, row=row_label(labels, pos), value=raw[pos], expected="a number"
        ) from None
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.ndim != 1:
        raise CXDataError(f"{name} must be one column of numbers", column=name, value=arr.shape)
    bad = ~np.isfinite(arr)
    if bad.any():
        pos = int(np.argmax(bad))
        raise CXDataError(
            "blank or infinite value",
            column=name,
            row=row_label(labels, pos),
            value=arr[pos],
            expected="a finite number on every row",
        )
    return arr, labels


def _is_number(v: Any) -> bool:
    try:
        float(v)
    except (TypeError, ValueError):
        return False
    return True


def row_label(labels: Any, pos: int) -> Any:
    """Name a row in an error message: its position, and its label when the input had an index.

    >>> row_label(None, 3), row_label(["a", "b"], 1)
    (3, "1 (label 'b')")
    """
    return pos if labels is None else f"{pos} (label {labels[pos]!r})"


def unique_rows(
    *columns: np.ndarray, weights: np.ndarray | None = None
) -> tuple[list[np.ndarray], np.ndarray]:
    """Return the distinct rows of the columns and how many times each occurs (or their summed weights).

    Identical rows are found by hashing (:func:`pandas.factorize` of each column, then of one
    integer key per row), not by sorting the rows, so a million rows take about 0.1 s; the
    distinct rows come out in lexicographic order, as from ``np.unique(..., axis=0)``.

    With ``weights`` (one per row, checked by :func:`check_weights`), a distinct row's weight
    is the sum of its rows' weights and rows of weight 0 are dropped: fitting on the result is
    fitting on the rows, each counted ``weight`` times.

    >>> data, w = unique_rows(np.array([1.0, 2.0, 1.0]), np.array([5.0, 6.0, 5.0]))
    >>> [d.tolist() for d in data], w.tolist()
    ([[1.0, 2.0], [5.0, 6.0]], [2.0, 1.0])
    >>> data, w = unique_rows(np.array([1.0, 2.0, 1.0]), weights=np.array([3.0, 0.0, 4.0]))
    >>> [d.tolist() for d in data], w.tolist()
    ([[1.0]], [7.0])
    """
    import pandas as pd

    n = len(columns[0])
    counts_in = np.ones(n) if weights is None else np.asarray(weights, dtype=float)
    # Each column to codes of its sorted distinct values (hashing), then one integer key per row.
    key = np.zeros(n, dtype=np.int64)
    levels = []
    span = 1
    for col in columns:
        codes, uniq = pd.factorize(col, sort=True)
        levels.append(np.asarray(uniq, dtype=float))
        span *= len(uniq)
        if span >= 2**62:  # too many combinations for one int64 key: fall back to sorting rows
            return _unique_rows_sorted(columns, counts_in)
        key = key * len(uniq) + codes
    if weights is not None:
        keep = counts_in > 0
        key, counts_in = key[keep], counts_in[keep]
    kcodes, kuniq = pd.factorize(key, sort=True)
    summed = np.bincount(kcodes, weights=counts_in, minlength=len(kuniq))
    out = []
    rest = np.asarray(kuniq, dtype=np.int64)
    for uniq in reversed(levels):
        rest, code = np.divmod(rest, len(uniq))
        out.append(uniq[code])
    return out[::-1], summed.astype(float)


def _unique_rows_sorted(
    columns: Sequence[np.ndarray], counts: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    keep = counts > 0
    data = np.column_stack(columns)[keep]
    uniq, inverse = np.unique(data, axis=0, return_inverse=True)
    summed = np.bincount(inverse.ravel(), weights=counts[keep], minlength=len(uniq))
    return [uniq[:, j].copy() for j in range(uniq.shape[1])], summed.astype(float)


def check_weights(weights: Any, n_rows: int, *, labels: Any = None) -> np.ndarray | None:
    """Check a fit's ``weights=`` (how many customers each row stands for) and return them as an array.

    ``None`` stays ``None`` (every row counts once). Raises a :class:`CXDataError` naming the row
    and the value for a negative, blank or infinite weight, a length other than the data's, and
    weights that are all 0.

    >>> check_weights([2, 0, 1], 3).tolist()
    [2.0, 0.0, 1.0]
    """
    if weights is None:
        return None
    w, wl = as_array(weights, "weights")
    labels = labels if labels is not None else wl
    if len(w) != n_rows:
        raise CXDataError(
            "weights and the data have different lengths",
            column="weights",
            value=(len(w), n_rows),
            expected="one weight per row of the data (the number of customers with that pattern)",
        )
    if (w < 0).any():
        pos = int(np.argmax(w < 0))
        raise CXDataError(
            "negative weight",
            column="weights",
            row=row_label(labels, pos),
            value=w[pos],
            expected="the number of customers with the row's pattern, 0 or more",
        )
    if not (w > 0).any():
        raise CXDataError(
            "every weight is 0, so there is nothing to fit",
            column="weights",
            expected="the number of customers with each row's pattern, some of them above 0",
        )
    return w


def wrap(values: np.ndarray, labels: Any, name: str) -> Any:
    """Return a Series indexed like the input Series, a float for one value, else the array."""
    if labels is not None:
        import pandas as pd

        return pd.Series(values, index=labels, name=name)
    if values.ndim == 1 and values.size == 1:
        return float(values[0])
    return values


class MLEModel(BaseEstimator):
    """Base class: fit positive parameters by maximum likelihood on the log scale.

    Subclasses set ``_names`` and ``_model`` (the model's name in messages), implement
    ``fit(...)`` (check the data, then call :meth:`_optimise`; return ``self``) and
    ``_loglik(params, *data)`` (per-row log-likelihood) and, optionally, ``_grad(params, *data)``
    (per-row gradient, one column per parameter).

    Parameters
    ----------
    initial_params : sequence of floats, optional
        Starting values of the parameters, in the order of ``_names``.
    max_iter : int, default 1000
        Iterations of the optimiser.
    tol : float, default 1e-10
        Relative tolerance on the mean log-likelihood.
    """

    _names: tuple[str, ...] = ()
    _model: str = ""
    #: What to check in the data when a fit fails, in the model's own terms (a subclass says it).
    _advice: str = "check the data: values that the model cannot describe cannot be fitted"
    #: Parameters beyond these bounds mean the likelihood ran off to the edge: nothing was found.
    _edge: tuple[float, float] = (1e-4, 1e6)
    #: What the weights count, in messages.
    _units: str = "customers"
    _loglik: Callable[..., np.ndarray]  # per-row log-likelihood: (params, *data) -> array

    def __init__(
        self,
        *,
        initial_params: Sequence[float] | None = None,
        max_iter: int = 1000,
        tol: float = 1e-10,
    ) -> None:
        self.initial_params = initial_params
        self.max_iter = max_iter
        self.tol = tol

    # -- learned state ------------------------------------------------------------------------

    def _check_fitted(self) -> None:
        if not hasattr(self, "params_"):
            raise CXNotFittedError(
                f"This {type(self).__name__} is not fitted yet: call .fit(...) first "
                "(scikit-learn's shape: model = Model().fit(data))."
            )

    def _p(self) -> np.ndarray:
        self._check_fitted()
        return np.array([self.params_[k] for k in self._names])

    def __repr__(self, N_CHAR_MAX: int = 700) -> str:
        """Show the fitted parameters and the log-likelihood (or ``Model()`` before fitting)."""
        if not hasattr(self, "params_"):
            return f"{type(self).__name__}()"
        shown = ", ".join(f"{k}={v:.4g}" for k, v in self.params_.items())
        return f"{type(self).__name__}({shown}; log-likelihood {self.log_likelihood_:,.2f})"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, str]:
        """Show the text repr in Jupyter (not scikit-learn's HTML diagram of the settings)."""
        return {"text/plain": repr(self)}

    @property
    def _repr_html_(self) -> Any:
        """No HTML view: Jupyter shows :meth:`_repr_mimebundle_`'s text (see there)."""
        raise AttributeError("_repr_html_")

    def _labelled(self, values: Any, name: str) -> Any:
        """Return one value per parameter as a Series indexed by ``parameter``."""
        import pandas as pd

        index = pd.Index(list(self._names), name="parameter")
        return pd.Series([float(v) for v in values], index=index, name=name, dtype=float)

    # -- fitting ------------------------------------------------------------------------------

    def _start(self, default: Sequence[float]) -> np.ndarray:
        start = default if self.initial_params is None else self.initial_params
        arr = np.asarray(start, dtype=float)
        if arr.shape != (len(self._names),) or not np.all(np.isfinite(arr)) or np.any(arr <= 0):
            raise CXConfigError(
                f"initial_params must be {len(self._names)} positive numbers "
                f"({', '.join(self._names)}); got {start!r}."
            )
        return arr

    def _diagnosis(self, p: np.ndarray) -> str | None:
        """Say why a fit that failed at ``p`` failed, when the model knows (a subclass says it)."""
        return None

    def _optimise(self, data: Sequence[np.ndarray], weights: np.ndarray, start: np.ndarray) -> None:
        from scipy.optimize import minimize

        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, int) or self.max_iter < 1:
            raise CXConfigError(f"max_iter must be a whole number of at least 1; got {self.max_iter!r}.")
        total = float(weights.sum())
        has_grad = hasattr(self, "_grad")
        both = getattr(self, "_loglik_grad", None)  # the two from one pass, where a model has it

        def objective(z: np.ndarray) -> Any:
            with np.errstate(all="ignore"):
                p = np.exp(z)
                if both is not None:
                    ll, per_row = both(p, *data)
                else:
                    ll = self._loglik(p, *data)
                value = -float(weights @ ll) / total
                if not has_grad:
                    return value if np.isfinite(value) else 1e100
                if both is None:
                    per_row = self._grad(p, *data)
                g = -(weights @ per_row) * p / total
            if not (np.isfinite(value) and np.all(np.isfinite(g))):
                return 1e100, np.zeros_like(z)
            return value, g

        res = minimize(
            objective,
            np.log(start),
            jac=True if has_grad else "3-point",
            method="L-BFGS-B",
            options={"maxiter": self.max_iter, "ftol": self.tol, "gtol": 1e-9, "maxls": 50},
        )
        z = res.x
        # Converged: a finite optimum whose gradient (per customer, on the log scale) is flat: the
        # analytic one at the optimum where the model has it (tested against differences), else
        # forward differences.
        if has_grad:
            grad = np.asarray(objective(z)[1])
        else:
            from scipy.optimize import approx_fprime

            grad = approx_fprime(z, objective, 1e-7)
        with np.errstate(over="ignore"):
            p = np.exp(z)
        shown = ", ".join(f"{k}={float(v):.4g}" for k, v in zip(self._names, p, strict=True))
        units = f"{round(total):,} {self._units}"
        lo, hi = self._edge
        if np.any(p < lo) or np.any(p > hi):
            raise CXConvergenceError(
                f"The {self._model} fit on {units} found nothing: its parameters ran to the edge "
                f"({shown}), where the likelihood no longer changes, so its predictions would mean "
                f"nothing. {self._diagnosis(p) or self._advice[0].upper() + self._advice[1:]}."
            )
        if not (np.isfinite(res.fun) and res.fun < 1e99 and np.max(np.abs(grad)) < 1e-4):
            diagnosis = self._diagnosis(p)
            if diagnosis:
                raise CXConvergenceError(
                    f"The {self._model} fit on {units} did not converge ({shown}). {diagnosis}."
                )
            raise CXConvergenceError(
                f"The {self._model} fit on {units} did not converge ({res.message}; largest "
                f"gradient {float(np.max(np.abs(grad))):.2g} at {shown}). Try: other starting values "
                f"with initial_params=(...); more iterations with max_iter=; and {self._advice}."
            )
        self.params_ = self._labelled(p, "estimate")
        self.log_likelihood_ = float(weights @ self._loglik(p, *data))
        self.n_customers_ = round(total)
        self.n_iter_ = int(res.nit)
        self._data = (tuple(data), weights)
        self.__dict__.pop("_se", None)

    @property
    def standard_errors_(self) -> Any:
        r"""Standard errors of the parameters, from the Hessian of the log-likelihood at the optimum.

        The Hessian :math:`H` of the negative log-likelihood is taken on the log scale
        (:math:`z = \\log\\theta`) with :func:`scipy.differentiate.hessian`; at the optimum the
        covariance of :math:`\\theta` is :math:`\\operatorname{diag}(\\theta) H^{-1}
        \\operatorname{diag}(\\theta)` (the delta method).

        Returns
        -------
        pandas.Series
            One standard error per parameter (index ``parameter``, name ``se``).
        """
        self._check_fitted()
        if "_se" not in self.__dict__:
            from scipy.differentiate import hessian

            data, weights = self._data
            z0 = np.log(self._p())

            def nll(zz: np.ndarray) -> np.ndarray:
                flat = zz.reshape(len(z0), -1)
                with np.errstate(all="ignore"):
                    out = [-(weights @ self._loglik(np.exp(flat[:, j]), *data)) for j in range(flat.shape[1])]
                return np.asarray(out).reshape(zz.shape[1:])

            h = hessian(nll, z0, initial_step=0.01, order=4, maxiter=2).ddf
            theta = np.exp(z0)
            try:
                cov = np.diag(theta) @ np.linalg.inv(h) @ np.diag(theta)
                se = np.sqrt(np.where(np.diag(cov) > 0, np.diag(cov), np.nan))
            except np.linalg.LinAlgError:
                se = np.full(len(z0), np.nan)
            self._se = self._labelled(se, "se")
        return self._se.copy()

    def summary(self, *, confidence: float = 0.95, min_n: int = 30) -> Any:
        r"""Return the estimates with their Wald intervals on the log scale, as an interval table.

        Parameters
        ----------
        confidence : float, default 0.95
            Level of the intervals.
        min_n : int, default 30
            Fits on fewer units (customers, or a cohort's members) are flagged ``too_small``.

        Returns
        -------
        pandas.DataFrame
            One row per parameter (index ``parameter``): the columns of
            :data:`cxkit.stats.INTERVAL_COLUMNS` (``value`` the estimate, ``n`` the units fitted,
            ``low``, ``high``, ``moe``, ``too_small``, ``method`` ``"wald-log"``,
            ``confidence``), then ``se`` (the standard error, :attr:`standard_errors_`).

        Notes
        -----
        The interval is symmetric for :math:`\log\theta` (whose standard error is
        :math:`\mathrm{se}/\theta` by the delta method), so it stays positive:

        .. math::

            \theta \exp\left(\pm z_{1-(1-c)/2}\,\frac{\mathrm{se}}{\theta}\right)
        """
        import pandas as pd

        confidence = check_confidence(confidence)
        min_n = check_min_n(min_n)
        z = z_quantile(confidence)
        est = self.params_.to_numpy()
        se = self.standard_errors_.to_numpy()
        factor = np.exp(z * se / est)  # the interval is symmetric for log(theta)
        cols = interval_columns(
            est,
            np.full(len(est), self.n_customers_),
            est / factor,
            est * factor,
            method="wald-log",
            confidence=confidence,
            min_n=min_n,
        )
        table = pd.DataFrame(cols, index=self.params_.index)
        table["se"] = se
        return table[[*INTERVAL_COLUMNS, "se"]]
