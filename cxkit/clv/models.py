r"""The probabilistic customer-base models: BG/NBD, Pareto/NBD and Gamma-Gamma.

Non-contractual settings (a shop, not a subscription): a customer never says they have left, so
whether they are still "alive" can only be inferred from their purchase history, summarised as
``frequency`` (repeat purchases), ``recency`` (time of the last repeat purchase since the first)
and ``T`` (time since the first purchase); see :func:`cxkit.clv.rfm_summary`.

All three models are fitted by maximum likelihood (log-parameters, L-BFGS-B, identical customers
weighted once; :class:`cxkit.stats.mle.MLEModel`, a scikit-learn estimator) and pinned by the
tests to the published estimates on the CDNOW data.

Predictions for a customer *given their history* start with ``conditional_``
(``conditional_probability_alive``, ``conditional_expected_purchases``,
``conditional_expected_average_value``); ``expected_purchases(t)`` is for a new customer.
``probability_alive`` is a deprecated alias of ``conditional_probability_alive`` (it warns
``FutureWarning``) and goes in the next release.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Self

import numpy as np

from cxkit.errors import CXConfigError, CXDataError, CXDataWarning
from cxkit.stats.mle import MLEModel, as_array, check_weights, row_label, unique_rows, wrap

__all__ = ["BetaGeo", "GammaGamma", "ModifiedBetaGeo", "ParetoNBD"]


def _special() -> Any:
    import scipy.special as sp

    return sp


def _per_count(func: Any, k: np.ndarray) -> np.ndarray:
    """Evaluate ``func`` at whole numbers ``k`` (0 or more) through a table over 0, 1, ..., max(k).

    Special functions (log-gamma, log-beta, digamma) cost far more than an index, and counts
    repeat: a million customers have a few hundred distinct frequencies. Where the table would
    not be shorter than ``k`` (or ``k`` is not whole), ``func`` is evaluated directly.

    >>> _per_count(lambda v: v**2, np.array([3.0, 0.0, 3.0, 1.0])).tolist()
    [9.0, 0.0, 9.0, 1.0]
    """
    k = np.asarray(k, dtype=float)
    if k.size == 0:
        return np.asarray(func(k), dtype=float)
    top = float(k.max())
    if top + 1 >= k.size or float(k.min()) < 0 or top > 1e7:
        return np.asarray(func(k), dtype=float)
    idx = k.astype(np.intp)
    if not np.array_equal(idx, k):
        return np.asarray(func(k), dtype=float)
    return np.asarray(func(np.arange(int(top) + 1, dtype=float)), dtype=float)[idx]


def _first_true(mask: np.ndarray) -> int:
    return int(np.argmax(mask))


def check_rfm(frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """Check the (frequency, recency, T) summary of a purchase model and return it as arrays.

    Raises a :class:`CXDataError` naming the column, the row and the value for: a negative value,
    a frequency that is not a whole number, recency > T, a recency other than 0 for a customer
    with no repeat purchase, columns of different lengths, and an empty input. T = 0 (a customer
    first seen on the last day) is allowed: it adds nothing to the likelihood.
    """
    x, labels = as_array(frequency, "frequency")
    tx, _ = as_array(recency, "recency")
    t, _ = as_array(T, "T")
    if not len(x) == len(tx) == len(t):
        raise CXDataError(
            "frequency, recency and T have different lengths",
            value=(len(x), len(tx), len(t)),
            expected="one value of each per customer",
        )
    if len(x) == 0:
        raise CXDataError("no customers", column="frequency", expected="at least one customer")
    for arr, name in ((x, "frequency"), (tx, "recency"), (t, "T")):
        if (arr < 0).any():
            pos = _first_true(arr < 0)
            raise CXDataError(
                "negative value",
                column=name,
                row=row_label(labels, pos),
                value=arr[pos],
                expected="a value of 0 or more",
            )
    if (x != np.round(x)).any():
        pos = _first_true(x != np.round(x))
        raise CXDataError(
            "frequency is not a whole number",
            column="frequency",
            row=row_label(labels, pos),
            value=x[pos],
            expected="a count of repeat purchases (0, 1, 2, ...); see rfm_summary",
        )
    late = tx > t * (1 + 1e-12)
    if late.any():
        pos = _first_true(late)
        raise CXDataError(
            "recency greater than T (last purchase after the end of observation)",
            column="recency",
            row=row_label(labels, pos),
            value=tx[pos],
            expected=f"at most T = {t[pos]}",
        )
    ghost = (x == 0) & (tx != 0)
    if ghost.any():
        pos = _first_true(ghost)
        raise CXDataError(
            "recency set for a customer with no repeat purchase",
            column="recency",
            row=row_label(labels, pos),
            value=tx[pos],
            expected="recency 0 when frequency is 0 (recency is the time of the last *repeat* purchase)",
        )
    return x, tx, t, labels


def _check_t(t: Any) -> np.ndarray:
    arr, _ = as_array(t, "t")
    if (arr < 0).any():
        raise CXDataError(
            "negative time",
            column="t",
            value=float(arr[arr < 0][0]),
            expected="a time of 0 or more, in the unit of T",
        )
    return arr


_PURCHASE_ADVICE = (
    "check the data: a time unit that keeps T between about 1 and 100 (weeks rather than days), "
    "enough repeat buyers (a few hundred customers, some of them buying again, to estimate four "
    "parameters), and no implausible values (huge frequency, recency = T for everyone)"
)


#: Fewer repeat buyers than this: a warning that the fit is unreliable.
_FEW_REPEAT_BUYERS = 10


class _PurchaseModel(MLEModel):
    def fit(self, frequency: Any, recency: Any, T: Any, *, weights: Any = None) -> Self:
        """Fit the model to customers' (frequency, recency, T); return the fitted model.

        Parameters
        ----------
        frequency : array-like
            Repeat purchases of each customer (whole numbers).
        recency : array-like
            Time of each customer's last repeat purchase since their first (0 if none).
        T : array-like
            Time since each customer's first purchase, in the same unit.
        weights : array-like, optional
            How many customers each row stands for (a table of distinct (frequency, recency, T)
            patterns with their counts, as the literature publishes it). The fit is the same as
            on the rows repeated that many times; by default every row is one customer. Either
            way identical rows are fitted once, weighted by their count.

        Returns
        -------
        self

        Raises
        ------
        CXDataError
            A negative value, a frequency that is not whole, recency > T, recency ≠ 0 with no
            repeat purchase, blanks, or columns of different lengths; a negative weight, weights
            of another length, or weights all 0.
        CXConvergenceError
            If the optimiser does not reach a maximum (the message says what to try).
        """
        self._check_settings()
        x, tx, t, labels = check_rfm(frequency, recency, T)
        w = check_weights(weights, len(x), labels=labels)
        counted = np.ones(len(x)) if w is None else w
        n_total, n_repeat = float(counted.sum()), float(counted[x > 0].sum())
        if not n_repeat > 0:
            raise CXDataError(
                f"no customer made a repeat purchase, so the {self._model} model has nothing to learn "
                "the purchase rate or the drop-out from",
                column="frequency",
                value=f"0 for all {n_total:,.0f} customers",
                expected="some customers with frequency of 1 or more (a longer observation period, or "
                "the repeat purchases of the data: see rfm_summary)",
            )
        if n_repeat < _FEW_REPEAT_BUYERS:
            warnings.warn(
                f"{self._model}: only {n_repeat:,.0f} of {n_total:,.0f} customers made a repeat "
                f"purchase; {len(self._names)} parameters estimated from so few are unreliable (check the "
                "summary's intervals before using the predictions).",
                CXDataWarning,
                stacklevel=2,
            )
        data, counts = unique_rows(x, tx, t, weights=w)
        self._optimise(data, counts, self._start(self._default_start(t)))
        return self

    def _default_start(self, t: np.ndarray) -> list[float]:  # pragma: no cover
        raise NotImplementedError

    def _check_settings(self) -> None:
        """Check the model's own settings before a fit (a subclass with settings says how)."""

    def _inputs(self, frequency: Any, recency: Any, T: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
        self._check_fitted()
        return check_rfm(frequency, recency, T)

    def conditional_probability_alive(self, frequency: Any, recency: Any, T: Any) -> Any:  # pragma: no cover
        raise NotImplementedError

    def probability_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        """Return :meth:`conditional_probability_alive`; a deprecated alias, removed in the next release.

        Warns
        -----
        FutureWarning
            Always: use ``conditional_probability_alive``.
        """
        warnings.warn(
            "probability_alive is deprecated; use conditional_probability_alive",
            FutureWarning,
            stacklevel=2,
        )
        return self.conditional_probability_alive(frequency, recency, T)


class BetaGeo(_PurchaseModel):
    r"""The BG/NBD model of repeat buying (beta-geometric / negative binomial distribution).

    Assumptions (Fader, Hardie & Lee 2005): while alive, a customer buys as a Poisson process with
    rate :math:`\lambda`; after each repeat purchase they drop out for good with probability
    :math:`p`; across customers :math:`\lambda \sim \text{Gamma}(r, \alpha)` (shape, rate) and
    :math:`p \sim \text{Beta}(a, b)`, independently.

    With ``dropout="common"`` every customer has the same drop-out probability :math:`p` (the
    limit of the model where Beta(a, b) collapses to a point: :math:`a, b \to \infty` with
    :math:`a / (a + b) \to p`). Use it where the drop-out hardly varies between customers: there
    the default fit's ``a`` and ``b`` run off to infinity together (the likelihood rises towards
    that limit and has no finite maximum), and the default fit raises a
    :class:`~cxkit.errors.CXConvergenceError` that says so.

    Parameters
    ----------
    dropout : {"beta", "common"}, default "beta"
        ``"beta"``: the drop-out probability varies across customers as Beta(a, b) (four
        parameters r, alpha, a, b); ``"common"``: one drop-out probability p for all (three
        parameters r, alpha, p).
    initial_params : sequence of 4 (or 3) floats, optional
        Starting values of (r, alpha, a, b), or (r, alpha, p) with ``dropout="common"``; by
        default (1, max(T)/10, 1, 1), or (1, max(T)/10, 0.1).
    max_iter : int, default 1000
        Iterations of the optimiser.
    tol : float, default 1e-10
        Relative tolerance on the mean log-likelihood.

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``a``, ``b`` (index ``parameter``); ``r``, ``alpha``, ``p`` with
        ``dropout="common"``.
    log_likelihood_ : float
        The maximised log-likelihood (summed over customers).
    standard_errors_ : pandas.Series
        From the Hessian at the optimum.
    n_customers_ : int

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). "Counting your customers" the easy way: an
    alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.

    Examples
    --------
    >>> from cxkit.clv import BetaGeo, load_cdnow
    >>> cd = load_cdnow(kind="summary")
    >>> bg = BetaGeo().fit(cd["frequency"], cd["recency"], cd["T"])
    >>> {k: round(v, 3) for k, v in bg.params_.items()}
    {'r': 0.243, 'alpha': 4.414, 'a': 0.793, 'b': 2.426}
    >>> round(bg.log_likelihood_, 1)
    -9582.4
    """

    _model = "BG/NBD"
    _advice = _PURCHASE_ADVICE

    def __init__(
        self,
        *,
        dropout: str = "beta",
        initial_params: Sequence[float] | None = None,
        max_iter: int = 1000,
        tol: float = 1e-10,
    ) -> None:
        self.dropout = dropout
        super().__init__(initial_params=initial_params, max_iter=max_iter, tol=tol)

    @property
    def _names(self) -> tuple[str, ...]:  # type: ignore[override]  # the parameters, by dropout
        return ("r", "alpha", "p") if self.dropout == "common" else ("r", "alpha", "a", "b")

    @property
    def _common(self) -> bool:
        return bool(self.dropout == "common")

    def _check_settings(self) -> None:
        if not isinstance(self.dropout, str) or self.dropout not in ("beta", "common"):
            raise CXConfigError(f'dropout must be "beta" or "common"; got {self.dropout!r}.')

    def _default_start(self, t: np.ndarray) -> list[float]:
        if self._common:
            return [1.0, float(t.max()) / 10, 0.1]
        return [1.0, float(t.max()) / 10, 1.0, 1.0]

    #: a + b above this: Beta(a, b) is practically a point (the sd of p is below 0.005).
    _POINT = 1e4

    def _diagnosis(self, p: np.ndarray) -> str | None:
        """Say why a fit failed: for BG/NBD, most often a drop-out that hardly varies."""
        if self._common or p[2] + p[3] < self._POINT:
            return None
        mean = p[2] / (p[2] + p[3])
        return (
            f"Here a and b ran off to infinity together while a / (a + b) stayed at {mean:.3g}: "
            "the drop-out probability is (nearly) the same for every customer, so Beta(a, b) "
            "collapses to a point and the likelihood keeps rising towards that limit. Fit the "
            'limit model, one drop-out probability p for all: BetaGeo(dropout="common")'
        )

    #: Drop-out chances before the first repeat purchase: 0 for BG/NBD, 1 for MBG/NBD (time 0).
    _shift = 0

    def _trials(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, Any]:
        """Return the drop-out chances survived by an alive customer, by a dead one, and who can be dead.

        BG/NBD: x survived if alive at T; x - 1 survived, then out, if dead (only for x > 0).
        MBG/NBD (``_shift`` 1): x + 1 and x, for every customer.
        """
        if self._shift:
            return x + self._shift, x + self._shift - 1, True
        return x, np.maximum(x, 1) - 1, x > 0

    def _parts(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> tuple[Any, ...]:
        """Return the terms of the log-likelihood: a1, alive at T, out after the last purchase.

        Then log(alpha + T) and log(alpha + tx), which the gradient uses again.

        The special functions depend on the counts only, so they are computed once per distinct
        count (:func:`_per_count`), not once per customer.
        """
        sp = _special()
        r, alpha = p[0], p[1]
        a1 = _per_count(lambda k: sp.gammaln(r + k), x) - sp.gammaln(r) + r * np.log(alpha)
        alive, dead, can_die = self._trials(x)
        log_t, log_tx = np.log(alpha + t), np.log(alpha + tx)
        if self._common:  # a common p: (1-p)^x and p (1-p)^(x-1) replace the beta functions
            q = p[2]
            a2 = alive * np.log1p(-q) - (r + x) * log_t
            a3 = np.where(can_die, np.log(q) + dead * np.log1p(-q) - (r + x) * log_tx, -np.inf)
            return a1, a2, a3, log_t, log_tx
        a, b = p[2], p[3]
        bab = sp.betaln(a, b)
        a2 = _per_count(lambda k: sp.betaln(a, b + k), alive) - bab - (r + x) * log_t
        a3 = np.where(
            can_die, _per_count(lambda k: sp.betaln(a + 1, b + k), dead) - bab - (r + x) * log_tx, -np.inf
        )
        return a1, a2, a3, log_t, log_tx

    def _loglik(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
        r"""Equation (6) of Fader, Hardie & Lee (2005), on the log scale.

        .. math::

            L = \frac{B(a, b+x)}{B(a, b)} \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)(\alpha+T)^{r+x}}
            + \delta_{x>0} \frac{B(a+1, b+x-1)}{B(a, b)}
              \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)(\alpha+t_x)^{r+x}}

        With ``dropout="common"`` it is equation (3) of the paper integrated over the gamma
        distribution of :math:`\lambda` only: :math:`(1-p)^x` replaces
        :math:`B(a, b+x)/B(a, b)` and :math:`p(1-p)^{x-1}` replaces :math:`B(a+1, b+x-1)/B(a, b)`.
        """
        a1, a2, a3, _, _ = self._parts(p, x, tx, t)
        return a1 + np.logaddexp(a2, a3)

    def _grad(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
        """Return the gradient of :meth:`_loglik` in (r, alpha, a, b), written with the digamma function."""
        return self._loglik_grad(p, x, tx, t)[1]

    def _loglik_grad(
        self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Return :meth:`_loglik` and :meth:`_grad` from one evaluation of the terms (for the optimiser)."""
        sp = _special()
        r, alpha = p[0], p[1]
        a1, a2, a3, log_t, log_tx = self._parts(p, x, tx, t)
        both = np.logaddexp(a2, a3)
        w3 = np.exp(a3 - both)
        w2 = 1.0 - w3
        alive, dead, _ = self._trials(x)
        psi = sp.digamma
        dr = _per_count(lambda k: psi(r + k), x) - psi(r) + np.log(alpha) - w2 * log_t - w3 * log_tx
        dal = r / alpha - (r + x) * (w2 / (alpha + t) + w3 / (alpha + tx))
        if self._common:
            q = p[2]
            dq = -w2 * alive / (1 - q) + w3 * (1 / q - dead / (1 - q))
            return a1 + both, np.column_stack([dr, dal, dq])
        a, b = p[2], p[3]
        pabx = _per_count(lambda k: psi(a + b + k), alive)
        base_a, base_b = psi(a) - psi(a + b), psi(b) - psi(a + b)
        da = w2 * (psi(a) - pabx) + w3 * (psi(a + 1) - pabx) - base_a
        db = (
            w2 * (_per_count(lambda k: psi(b + k), alive) - pabx)
            + w3 * (_per_count(lambda k: psi(b + k), dead) - pabx)
            - base_b
        )
        return a1 + both, np.column_stack([dr, dal, da, db])

    def expected_purchases(self, t: Any) -> Any:
        r"""Compute the expected repeat purchases in ``(0, t]`` of a new customer, E[X(t)].

        Equation (9) of Fader, Hardie & Lee (2005):

        .. math::

            E[X(t)] = \frac{a+b-1}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
            {}_2F_1\!\left(r, b; a+b-1; \frac{t}{\alpha+t}\right)\right]

        With ``dropout="common"`` its limit (the hypergeometric function tends to
        :math:`(1 - (1-p)\,t/(\alpha+t))^{-r}`):
        :math:`E[X(t)] = \frac{1}{p}\left[1 - \left(\frac{\alpha}{\alpha+pt}\right)^r\right]`.

        Parameters
        ----------
        t : float or array-like
            Length of the period, in the unit of T.

        Returns
        -------
        float or numpy.ndarray
        """
        sp = _special()
        tt = _check_t(t)
        if self._common:  # the limit a, b -> infinity, a / (a + b) -> p
            r, alpha, q = self._p()
            return wrap((1 - (alpha / (alpha + q * tt)) ** r) / q, None, "expected_purchases")
        r, alpha, a, b = self._p()
        out = (
            (a + b - 1)
            / (a - 1)
            * (1 - (alpha / (alpha + tt)) ** r * sp.hyp2f1(r, b, a + b - 1, tt / (alpha + tt)))
        )
        return wrap(out, None, "expected_purchases")

    def conditional_probability_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Probability that each customer is still alive at T, given their history.

        Equation (A.2) of Fader, Hardie & Lee (2005):

        .. math::

            P(\text{alive} \mid x, t_x, T) = \left[1 + \delta_{x>0}\frac{a}{b+x-1}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}

        With ``dropout="common"``, :math:`a/(b+x-1)` becomes :math:`p/(1-p)`.

        Parameters
        ----------
        frequency, recency, T : array-like
            Each customer's summary (see :meth:`fit`).

        Returns
        -------
        float, numpy.ndarray or pandas.Series (indexed like ``frequency``)
        """
        x, tx, t, labels = self._inputs(frequency, recency, T)
        params = self._p()
        r, alpha = params[0], params[1]
        _, dead, can_die = self._trials(x)
        with np.errstate(all="ignore"):
            if self._common:  # a / (b + x - 1) tends to p / (1 - p)
                odds = np.log(params[2]) - np.log1p(-params[2])
            else:
                odds = np.log(params[2]) - np.log(params[3] + dead)
            log_ratio = odds + (r + x) * (np.log(alpha + t) - np.log(alpha + tx))
            out = np.where(can_die, 1.0 / (1.0 + np.exp(log_ratio)), 1.0)
        return wrap(out, labels, "conditional_probability_alive")

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Compute each customer's expected repeat purchases in ``(T, T + t]``, given their history.

        Equation (10) of Fader, Hardie & Lee (2005):

        .. math::

            E[Y(t) \mid x, t_x, T] = \frac{\dfrac{a+b+x-1}{a-1}\left[1 -
            \left(\dfrac{\alpha+T}{\alpha+T+t}\right)^{r+x}
            {}_2F_1\!\left(r+x, b+x; a+b+x-1; \dfrac{t}{\alpha+T+t}\right)\right]}
            {1 + \delta_{x>0}\dfrac{a}{b+x-1}\left(\dfrac{\alpha+T}{\alpha+t_x}\right)^{r+x}}

        With ``dropout="common"`` the numerator's limit is
        :math:`\frac{1}{p}\left[1 - \left(\frac{\alpha+T}{\alpha+T+pt}\right)^{r+x}\right]`
        (the expected purchases of an alive customer whose rate has the posterior
        Gamma(r + x, alpha + T)), and the denominator's :math:`a/(b+x-1)` is :math:`p/(1-p)`.

        Parameters
        ----------
        t : float
            Length of the future period, in the unit of T.
        frequency, recency, T : array-like
            Each customer's summary.

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        sp = _special()
        x, tx, tt, labels = self._inputs(frequency, recency, T)
        h = _check_t(t)
        alive = self.conditional_probability_alive(x, tx, tt)
        if self._common:  # the limit of the numerator as a, b -> infinity, a / (a + b) -> p
            r, alpha, q = self._p()
            num = (1 - ((alpha + tt) / (alpha + tt + q * h)) ** (r + x)) / q
            return wrap(num * np.asarray(alive), labels, "conditional_expected_purchases")
        r, alpha, a, b = self._p()
        k = self._shift  # MBG/NBD: the alive customer has survived x + 1 drop-out chances
        num = (
            (a + b + x - 1 + k)
            / (a - 1)
            * (
                1
                - ((alpha + tt) / (alpha + tt + h)) ** (r + x)
                * sp.hyp2f1(r + x, b + x + k, a + b + x - 1 + k, h / (alpha + tt + h))
            )
        )
        return wrap(num * np.asarray(alive), labels, "conditional_expected_purchases")


class ModifiedBetaGeo(BetaGeo):
    r"""The MBG/NBD model: BG/NBD with a chance to drop out right after the first purchase.

    Batislam, Denizel & Filiztekin (2007) change one assumption of the BG/NBD model
    (:class:`BetaGeo`): a customer may also drop out at time 0, just after their first purchase,
    with the same probability :math:`p` as after each repeat purchase. So a customer who has not
    bought again since their first purchase can be dead too: their P(alive) falls with the time
    since that purchase, where BG/NBD holds it at 1. Everything else (Poisson purchases at rate
    :math:`\lambda \sim \text{Gamma}(r, \alpha)`, :math:`p \sim \text{Beta}(a, b)`) is BG/NBD's.

    Each expression is BG/NBD's with one more drop-out chance survived: :math:`b + x + 1` for
    :math:`b + x` (alive at T) and :math:`b + x` for :math:`b + x - 1` (dropped out after the
    last purchase, now for every x, 0 included). Checked against lifetimes 0.11.3's
    ``ModifiedBetaGeoFitter`` on CDNOW (``tests/test_clv_discrete.py``).

    Parameters, attributes: as :class:`BetaGeo` (``dropout="common"`` too: :math:`(1-p)^{x+1}`
    and :math:`p(1-p)^x`).

    References
    ----------
    Batislam, E. P., Denizel, M. & Filiztekin, A. (2007). Empirical validation and comparison of
    models for customer base analysis. *International Journal of Research in Marketing*, 24(3),
    201-209.

    Examples
    --------
    >>> from cxkit.clv import ModifiedBetaGeo, load_cdnow
    >>> cd = load_cdnow(kind="summary")
    >>> mbg = ModifiedBetaGeo().fit(cd["frequency"], cd["recency"], cd["T"])
    >>> {k: round(v, 3) for k, v in mbg.params_.items()}
    {'r': 0.525, 'alpha': 6.183, 'a': 0.891, 'b': 1.614}
    >>> round(mbg.conditional_probability_alive(0, 0, 38.86), 3)  # BG/NBD says 1
    0.39
    """

    _model = "MBG/NBD"
    _shift = 1

    def _loglik(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
        r"""Return the MBG/NBD log-likelihood of Batislam, Denizel & Filiztekin (2007).

        .. math::

            L = \frac{B(a, b+x+1)}{B(a, b)} \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)(\alpha+T)^{r+x}}
            + \frac{B(a+1, b+x)}{B(a, b)}
              \frac{\Gamma(r+x)\,\alpha^r}{\Gamma(r)(\alpha+t_x)^{r+x}}

        (alive at T after surviving x + 1 drop-out chances, or out after the last purchase, for
        every x). With ``dropout="common"``: :math:`(1-p)^{x+1}` and :math:`p(1-p)^x`.
        """
        a1, a2, a3, _, _ = self._parts(p, x, tx, t)
        return a1 + np.logaddexp(a2, a3)

    def expected_purchases(self, t: Any) -> Any:
        r"""Compute the expected repeat purchases in ``(0, t]`` of a new customer, E[X(t)].

        BG/NBD's equation (9) for a customer who first survived the drop-out chance at time 0
        (probability :math:`b/(a+b)`, after which :math:`p \sim \text{Beta}(a, b+1)`):

        .. math::

            E[X(t)] = \frac{b}{a-1}\left[1 - \left(\frac{\alpha}{\alpha+t}\right)^r
            {}_2F_1\!\left(r, b+1; a+b; \frac{t}{\alpha+t}\right)\right]

        With ``dropout="common"``: :math:`\frac{1-p}{p}\left[1 - \left(\frac{\alpha}{\alpha+pt}
        \right)^r\right]`.

        Parameters
        ----------
        t : float or array-like

        Returns
        -------
        float or numpy.ndarray
        """
        sp = _special()
        tt = _check_t(t)
        if self._common:
            r, alpha, q = self._p()
            return wrap((1 - q) * (1 - (alpha / (alpha + q * tt)) ** r) / q, None, "expected_purchases")
        r, alpha, a, b = self._p()
        out = b / (a - 1) * (1 - (alpha / (alpha + tt)) ** r * sp.hyp2f1(r, b + 1, a + b, tt / (alpha + tt)))
        return wrap(out, None, "expected_purchases")

    def conditional_probability_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Probability that each customer is still alive at T, given their history (MBG/NBD).

        .. math::

            P(\text{alive} \mid x, t_x, T) = \left[1 + \frac{a}{b+x}
            \left(\frac{\alpha+T}{\alpha+t_x}\right)^{r+x}\right]^{-1}

        for every x (0 included: below 1 for a customer who never bought again). With
        ``dropout="common"``, :math:`a/(b+x)` becomes :math:`p/(1-p)`.

        Parameters
        ----------
        frequency, recency, T : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        return super().conditional_probability_alive(frequency, recency, T)

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Compute each customer's expected repeat purchases in ``(T, T + t]``, given their history.

        .. math::

            E[Y(t) \mid x, t_x, T] = \frac{a+b+x}{a-1}\left[1 -
            \left(\frac{\alpha+T}{\alpha+T+t}\right)^{r+x}
            {}_2F_1\!\left(r+x, b+x+1; a+b+x; \frac{t}{\alpha+T+t}\right)\right]
            \times P(\text{alive} \mid x, t_x, T)

        (BG/NBD's equation 10 with :math:`b + x + 1` for :math:`b + x`). With
        ``dropout="common"`` as :meth:`BetaGeo.conditional_expected_purchases`.

        Parameters
        ----------
        t : float
        frequency, recency, T : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        return super().conditional_expected_purchases(t, frequency, recency, T)


class ParetoNBD(_PurchaseModel):
    r"""The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987).

    Assumptions: while alive, a customer buys as a Poisson process with rate :math:`\lambda`;
    their lifetime is exponential with rate :math:`\mu`; across customers
    :math:`\lambda \sim \text{Gamma}(r, \alpha)` and :math:`\mu \sim \text{Gamma}(s, \beta)`,
    independently.

    The likelihood is written with the Gauss hypergeometric function as in Fader & Hardie's
    derivation note (equations 18-20), which stays exact where :math:`\alpha` and :math:`\beta` are
    close or equal (the original form divides by :math:`\alpha - \beta`).

    Parameters
    ----------
    initial_params : sequence of 4 floats, optional
        Starting values of (r, alpha, s, beta); by default (1, max(T)/10, 1, max(T)/10).
    max_iter : int, default 1000
    tol : float, default 1e-10

    Attributes
    ----------
    params_ : pandas.Series
        ``r``, ``alpha``, ``s``, ``beta`` (index ``parameter``).
    log_likelihood_ : float
    standard_errors_ : pandas.Series
    n_customers_ : int

    References
    ----------
    Schmittlein, D. C., Morrison, D. G. & Colombo, R. (1987). Counting your customers: who are they
    and what will they do next? *Management Science*, 33(1), 1-24.
    Fader, P. S. & Hardie, B. G. S. (2005). A note on deriving the Pareto/NBD model and related
    expressions. http://brucehardie.com/notes/009/
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). *Marketing Science*, 24(2), 275-284 (the
    CDNOW estimates).

    Examples
    --------
    The CDNOW calibration summary computed from the transactions (exact days / 7; the rounded
    published summary file gives beta 11.668, the direction in which the likelihood is flattest):

    >>> from cxkit.clv import ParetoNBD, load_cdnow, rfm_summary
    >>> cd = rfm_summary(load_cdnow(), calibration_end="1997-09-30", count_zero_value=True)
    >>> pn = ParetoNBD().fit(cd["frequency"], cd["recency"], cd["T"])
    >>> {k: round(v, 3) for k, v in pn.params_.items()}
    {'r': 0.553, 'alpha': 10.578, 's': 0.606, 'beta': 11.669}
    """

    _names = ("r", "alpha", "s", "beta")
    _model = "Pareto/NBD"
    _advice = _PURCHASE_ADVICE

    def _default_start(self, t: np.ndarray) -> list[float]:
        return [1.0, float(t.max()) / 10, 1.0, float(t.max()) / 10]

    @staticmethod
    def _log_a0(p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
        r"""Log A_0, equations (19) and (20) of Fader & Hardie's note 009.

        With :math:`m = \max(\alpha, \beta)` and :math:`c = s + 1` if :math:`\alpha \ge \beta`,
        else :math:`c = r + x`:

        .. math::

            A_0 = \frac{{}_2F_1(r+s+x, c; r+s+x+1; \frac{|\alpha-\beta|}{m+t_x})}{(m+t_x)^{r+s+x}}
            - \frac{{}_2F_1(r+s+x, c; r+s+x+1; \frac{|\alpha-\beta|}{m+T})}{(m+T)^{r+s+x}}

        The difference is taken on the log scale (``log1p``), so it is exact down to
        :math:`t_x = T` (where :math:`A_0 = 0`).
        """
        sp = _special()
        r, alpha, s, beta = p
        if alpha >= beta:
            m, c = alpha, s + 1.0
        else:
            m, c = beta, r + x
        rsx = r + s + x
        d = abs(alpha - beta)
        log_p1 = np.log(sp.hyp2f1(rsx, c, rsx + 1, d / (m + tx))) - rsx * np.log(m + tx)
        log_p2 = np.log(sp.hyp2f1(rsx, c, rsx + 1, d / (m + t))) - rsx * np.log(m + t)
        with np.errstate(divide="ignore"):
            return log_p1 + np.log1p(-np.exp(np.minimum(log_p2 - log_p1, 0.0)))

    def _loglik(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, t: np.ndarray) -> np.ndarray:
        r"""Equation (18) of Fader & Hardie's note 009, on the log scale.

        .. math::

            L = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)}\left[
            \frac{1}{(\alpha+T)^{r+x}(\beta+T)^s} + \frac{s}{r+s+x} A_0\right]
        """
        sp = _special()
        r, alpha, s, beta = p
        a1 = sp.gammaln(r + x) - sp.gammaln(r) + r * np.log(alpha) + s * np.log(beta)
        first = -(r + x) * np.log(alpha + t) - s * np.log(beta + t)
        second = np.log(s) - np.log(r + s + x) + self._log_a0(p, x, tx, t)
        return a1 + np.logaddexp(first, second)

    def expected_purchases(self, t: Any) -> Any:
        r"""Compute the expected repeat purchases in ``(0, t]`` of a new customer, E[X(t)].

        Equation (27) of Fader & Hardie's note 009 (its limit :math:`\frac{r\beta}{\alpha}
        \log(1 + t/\beta)` at :math:`s = 1`):

        .. math::

            E[X(t)] = \frac{r\beta}{\alpha(s-1)}\left[1 - \left(\frac{\beta}{\beta+t}\right)^{s-1}\right]

        Parameters
        ----------
        t : float or array-like

        Returns
        -------
        float or numpy.ndarray
        """
        r, alpha, s, beta = self._p()
        tt = _check_t(t)
        out = r * beta / alpha * _one_minus_pow_over(np.log(beta / (beta + tt)), s - 1)
        return wrap(out, None, "expected_purchases")

    def conditional_probability_alive(self, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Probability that each customer is still alive at T, given their history.

        Equation (36) of Fader & Hardie's note 009:

        .. math::

            P(\text{alive} \mid x, t_x, T) = \left[1 + \frac{s}{r+s+x}(\alpha+T)^{r+x}(\beta+T)^s
            A_0\right]^{-1}

        Parameters
        ----------
        frequency, recency, T : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        x, tx, t, labels = self._inputs(frequency, recency, T)
        r, alpha, s, beta = p = self._p()
        with np.errstate(over="ignore"):
            z = (
                np.log(s)
                - np.log(r + s + x)
                + (r + x) * np.log(alpha + t)
                + s * np.log(beta + t)
                + self._log_a0(p, x, tx, t)
            )
            out = 1.0 / (1.0 + np.exp(z))
        return wrap(out, labels, "conditional_probability_alive")

    def conditional_expected_purchases(self, t: Any, frequency: Any, recency: Any, T: Any) -> Any:
        r"""Compute each customer's expected repeat purchases in ``(T, T + t]``, given their history.

        Equation (41) of Fader & Hardie's note 009:

        .. math::

            E[Y(t) \mid x, t_x, T] = \frac{\Gamma(r+x)\alpha^r\beta^s}{\Gamma(r)(\alpha+T)^{r+x}
            (\beta+T)^s L}\,\frac{(r+x)(\beta+T)}{(\alpha+T)(s-1)}\left[1 -
            \left(\frac{\beta+T}{\beta+T+t}\right)^{s-1}\right]

        Parameters
        ----------
        t : float
        frequency, recency, T : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        sp = _special()
        x, tx, tt, labels = self._inputs(frequency, recency, T)
        h = _check_t(t)
        r, alpha, s, beta = p = self._p()
        first = (
            sp.gammaln(r + x)
            - sp.gammaln(r)
            + r * np.log(alpha)
            + s * np.log(beta)
            - (r + x) * np.log(alpha + tt)
            - s * np.log(beta + tt)
        )
        second = np.log(r + x) + np.log(beta + tt) - np.log(alpha + tt)
        third = np.log(_one_minus_pow_over(np.log((beta + tt) / (beta + tt + h)), s - 1))
        out = np.exp(first + second + third - self._loglik(p, x, tx, tt))
        return wrap(out, labels, "conditional_expected_purchases")


def _one_minus_pow_over(log_base: Any, k: float) -> Any:
    r""":math:`(1 - e^{k\,\ell})/k` computed with expm1, and its limit :math:`-\ell` at k = 0."""
    if abs(k) < 1e-12:
        return -np.asarray(log_base)
    return -np.expm1(k * np.asarray(log_base)) / k


class GammaGamma(MLEModel):
    r"""The Gamma-Gamma model of the average value of a customer's repeat purchases.

    Assumptions (Fader & Hardie 2013): the value of each of a customer's transactions is
    Gamma(:math:`p`, :math:`\nu`) around their own mean :math:`p/\nu`; across customers
    :math:`\nu \sim \text{Gamma}(q, \gamma)` (written ``v``); and spend is independent of how
    often the customer buys (check it: the correlation of ``frequency`` and ``monetary_value``
    should be near 0).

    Fitted to repeat buyers only (frequency ≥ 1), with ``monetary_value`` the mean value of their
    repeat purchases (as :func:`cxkit.clv.rfm_summary` computes it).

    Parameters
    ----------
    initial_params : sequence of 3 floats, optional
        Starting values of (p, q, v); by default (1, 1, mean monetary value).
    max_iter : int, default 1000
    tol : float, default 1e-10

    Attributes
    ----------
    params_ : pandas.Series
        ``p``, ``q``, ``v`` (index ``parameter``).
    log_likelihood_ : float
    standard_errors_ : pandas.Series
    n_customers_ : int

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2013). The Gamma-Gamma model of monetary value.
    http://brucehardie.com/notes/025/
    Fader, P. S., Hardie, B. G. S. & Lee, K. L. (2005). RFM and CLV: using iso-value curves for
    customer base analysis. *Journal of Marketing Research*, 42(4), 415-430.

    Examples
    --------
    >>> from cxkit.clv import GammaGamma, load_cdnow, rfm_summary
    >>> s = rfm_summary(load_cdnow(), calibration_end="1997-09-30", count_zero_value=True)
    >>> repeat = s[s["frequency"] > 0]
    >>> gg = GammaGamma().fit(repeat["frequency"], repeat["monetary_value"])
    >>> {k: round(v, 2) for k, v in gg.params_.items()}
    {'p': 6.25, 'q': 3.74, 'v': 15.44}
    """

    _names = ("p", "q", "v")
    _model = "Gamma-Gamma"
    _advice = (
        "check the spend: monetary_value must be each repeat buyer's mean spend per repeat purchase, "
        "in one currency (not a total, not with refunds netted to 0), and it must vary between "
        "customers; a few hundred repeat buyers are needed to estimate three parameters"
    )
    _edge = (1e-4, 1e9)  # v is in the currency's units: large for a currency of small units

    @staticmethod
    def _check(frequency: Any, monetary_value: Any) -> tuple[np.ndarray, np.ndarray, Any]:
        x, labels = as_array(frequency, "frequency")
        m, _ = as_array(monetary_value, "monetary_value")
        if len(x) != len(m):
            raise CXDataError(
                "frequency and monetary_value have different lengths",
                value=(len(x), len(m)),
                expected="one value of each per customer",
            )
        if len(x) == 0:
            raise CXDataError("no customers", column="frequency", expected="at least one repeat buyer")
        if (x != np.round(x)).any() or (x < 0).any():
            pos = int(np.argmax((x != np.round(x)) | (x < 0)))
            raise CXDataError(
                "frequency is not a whole number of 0 or more",
                column="frequency",
                row=row_label(labels, pos),
                value=x[pos],
                expected="a count of repeat purchases",
            )
        if (x == 0).any():
            pos = int(np.argmax(x == 0))
            raise CXDataError(
                "a one-time buyer (frequency 0) has no repeat purchases to average",
                column="frequency",
                row=row_label(labels, pos),
                value=0,
                expected="repeat buyers only: summary[summary['frequency'] > 0]",
            )
        if (m <= 0).any():
            pos = int(np.argmax(m <= 0))
            raise CXDataError(
                "monetary value not positive",
                column="monetary_value",
                row=row_label(labels, pos),
                value=m[pos],
                expected="the mean value of the repeat purchases, > 0",
            )
        return x, m, labels

    def fit(self, frequency: Any, monetary_value: Any, *, weights: Any = None) -> Self:
        """Fit the model to repeat buyers' frequency and mean repeat-purchase value.

        Parameters
        ----------
        frequency : array-like
            Repeat purchases (whole numbers of 1 or more).
        monetary_value : array-like
            Mean value of those repeat purchases (positive).
        weights : array-like, optional
            How many customers each row stands for; the fit is the same as on the rows repeated
            that many times (by default each row is one customer).

        Returns
        -------
        self

        Raises
        ------
        CXDataError
            A one-time buyer (frequency 0), a value of 0 or less, a frequency that is not whole,
            blanks or different lengths; a negative weight, weights of another length or all 0.
        CXConvergenceError
            If the optimiser does not reach a maximum.
        """
        x, m, labels = self._check(frequency, monetary_value)
        w = check_weights(weights, len(x), labels=labels)
        if w is not None:  # rows standing for no customer play no part
            x, m = x[w > 0], m[w > 0]
        if len(m) < 2 or np.all(m == m[0]):
            raise CXDataError(
                "every repeat buyer has the same mean spend, so Gamma-Gamma has no spread of spend "
                "between customers to learn",
                column="monetary_value",
                value=f"{m[0]:g} for all {len(m):,} customers",
                expected="the mean spend per repeat purchase of many repeat buyers, which differs "
                "between them",
            )
        data, counts = unique_rows(x, m, weights=None if w is None else w[w > 0])
        self._optimise(data, counts, self._start([1.0, 1.0, float(counts @ data[1] / counts.sum())]))
        return self

    def _loglik(self, p: np.ndarray, x: np.ndarray, m: np.ndarray) -> np.ndarray:
        r"""Equation (3) of Fader & Hardie's note 025, the density of the mean :math:`m_x`.

        .. math::

            f(m_x \mid p, q, \gamma; x) = \frac{\Gamma(px+q)}{\Gamma(px)\Gamma(q)}
            \frac{\gamma^q m_x^{px-1} x^{px}}{(\gamma + m_x x)^{px+q}}
        """
        sp = _special()
        pp, q, v = p
        px = pp * x
        return (
            sp.gammaln(px + q)
            - sp.gammaln(px)
            - sp.gammaln(q)
            + q * np.log(v)
            + (px - 1) * np.log(m)
            + px * np.log(x)
            - (px + q) * np.log(v + m * x)
        )

    def conditional_expected_average_value(self, frequency: Any, monetary_value: Any) -> Any:
        r"""Compute the expected mean value of each customer's future purchases, given their history.

        Equation (5) of Fader & Hardie's note 025, a weighted mean of the population mean
        :math:`p\gamma/(q-1)` and the customer's own mean :math:`m_x`:

        .. math::

            E[M \mid p, q, \gamma; m_x, x] = \frac{q-1}{px+q-1}\frac{p\gamma}{q-1}
            + \frac{px}{px+q-1} m_x = \frac{p(\gamma + x m_x)}{px + q - 1}

        One-time buyers (``frequency`` 0, any ``monetary_value``) get the population mean.

        Parameters
        ----------
        frequency, monetary_value : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        self._check_fitted()
        x, labels = as_array(frequency, "frequency")
        m, _ = as_array(monetary_value, "monetary_value")
        if (x < 0).any() or (m < 0).any():
            raise CXDataError(
                "negative frequency or monetary value",
                column="frequency/monetary_value",
                expected="values of 0 or more",
            )
        pp, q, v = self._p()
        out = pp * (v + x * m) / (pp * x + q - 1)
        return wrap(out, labels, "expected_average_value")

    def clv(
        self,
        purchase_model: Any,
        frequency: Any,
        recency: Any,
        T: Any,
        monetary_value: Any,
        *,
        periods: int = 12,
        period_length: float = 52 / 12,
        discount_rate: float = 0.01,
        margin: float = 1.0,
    ) -> Any:
        r"""Discounted expected value of each customer's purchases over the next ``periods``.

        .. math::

            \text{CLV} = \text{margin} \times E[M \mid x, m_x] \times \sum_{k=1}^{K}
            \frac{E[Y(k\ell) \mid x, t_x, T] - E[Y((k-1)\ell) \mid x, t_x, T]}{(1+d)^k}

        with :math:`\ell` = ``period_length`` (in the unit of T), :math:`K` = ``periods`` and
        :math:`d` = ``discount_rate`` per period: the purchases expected in each period, valued at
        the Gamma-Gamma expected spend and discounted back to today (as in lifetimes'
        ``customer_lifetime_value``; Fader, Hardie & Lee 2005, *JMR*).

        Parameters
        ----------
        purchase_model : BetaGeo, ModifiedBetaGeo or ParetoNBD
            A fitted purchase model.
        frequency, recency, T, monetary_value : array-like
            The customers' summary (``rfm_summary``).
        periods : int, default 12
        period_length : float, default 52/12
            The length of one period in the unit of T (a month in weeks by default).
        discount_rate : float, default 0.01
            Discount rate per period (0.01 a month is about 12.7 % a year).
        margin : float, default 1.0
            Share of the value that is profit.

        Returns
        -------
        float, numpy.ndarray or pandas.Series

        Raises
        ------
        CXConfigError
            A bad option or an unfitted purchase model.
        """
        if not isinstance(purchase_model, (BetaGeo, ParetoNBD)):
            raise CXConfigError("purchase_model must be a fitted BetaGeo or ParetoNBD.")
        if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
            raise CXConfigError(f"periods must be a whole number of at least 1; got {periods!r}.")
        for name, val, lo in (("period_length", period_length, 0.0), ("discount_rate", discount_rate, -1.0)):
            if isinstance(val, bool) or not isinstance(val, (int, float)) or not val > lo:
                raise CXConfigError(f"{name} must be a number greater than {lo:g}; got {val!r}.")
        if isinstance(margin, bool) or not isinstance(margin, (int, float)) or not 0 <= margin <= 1:
            raise CXConfigError(f"margin must be a share from 0 to 1 (0.3 for 30 %); got {margin!r}.")
        x, tx, t, labels = check_rfm(frequency, recency, T)
        value = np.asarray(
            self.conditional_expected_average_value(
                x, np.asarray(as_array(monetary_value, "monetary_value")[0])
            )
        )
        total = np.zeros_like(x)
        prev = np.zeros_like(x)
        for k in range(1, periods + 1):
            cum = np.asarray(purchase_model.conditional_expected_purchases(k * period_length, x, tx, t))
            total += (cum - prev) / (1 + discount_rate) ** k
            prev = cum
        return wrap(margin * value * total, labels, "clv")
