r"""Customer-base analysis in discrete time: the BG/BB model.

Where a customer can transact only at fixed occasions (a yearly donation appeal, an annual
conference, a renewal season), their history is summarised over ``n_periods`` transaction
opportunities as ``frequency`` x (opportunities with a transaction), ``recency`` :math:`t_x` (the
last of them, 1 to n; 0 if none). The first transaction (which made them a customer) is not
counted, as ``frequency`` excludes the first purchase in :func:`cxkit.clv.rfm_summary`.

The model is fitted by maximum likelihood like the continuous-time models
(:class:`cxkit.stats.mle.MLEModel`: log-parameters, L-BFGS-B, identical histories weighted once).
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats.mle import MLEModel, as_array, check_weights, row_label, unique_rows, wrap

__all__ = ["BetaGeoBetaBinom", "check_discrete"]


def _special() -> Any:
    import scipy.special as sp

    return sp


def _whole(arr: np.ndarray, name: str, labels: Any) -> None:
    bad = (arr != np.round(arr)) | (arr < 0)
    if bad.any():
        pos = int(np.argmax(bad))
        raise CXDataError(
            "not a whole number of 0 or more",
            column=name,
            row=row_label(labels, pos),
            value=arr[pos],
            expected="a count of transaction opportunities (0, 1, 2, ...)",
        )


def check_discrete(
    frequency: Any, recency: Any, n_periods: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
    """Check a discrete-time summary (x, t_x, n) and return it as arrays.

    ``n_periods`` may be one number for everyone. Raises a :class:`CXDataError` naming the
    column, the row and the value for: a value that is not a whole number of 0 or more,
    frequency > recency (more opportunities with a transaction than the last one's number),
    recency > n_periods, a recency other than 0 with frequency 0 (or 0 with frequency > 0),
    columns of different lengths and an empty input.

    >>> [a.tolist() for a in check_discrete([0, 2], [0, 5], 6)[:3]]
    [[0.0, 2.0], [0.0, 5.0], [6.0, 6.0]]
    """
    x, labels = as_array(frequency, "frequency")
    tx, _ = as_array(recency, "recency")
    n, _ = as_array(n_periods, "n_periods")
    if len(n) == 1 and len(x) > 1:
        n = np.full(len(x), n[0])
    if not len(x) == len(tx) == len(n):
        raise CXDataError(
            "frequency, recency and n_periods have different lengths",
            value=(len(x), len(tx), len(n)),
            expected="one value of each per customer (or one n_periods for all)",
        )
    if len(x) == 0:
        raise CXDataError("no customers", column="frequency", expected="at least one customer")
    for arr, name in ((x, "frequency"), (tx, "recency"), (n, "n_periods")):
        _whole(arr, name, labels)
    for bad, col, value, expected, what in (
        (
            x > tx,
            "frequency",
            x,
            "at most the recency (the number of the last opportunity with a transaction)",
            "frequency greater than recency",
        ),
        (tx > n, "recency", tx, "at most n_periods", "recency after the last opportunity"),
        (
            (x == 0) & (tx != 0),
            "recency",
            tx,
            "recency 0 when frequency is 0",
            "recency set for a customer with no repeat transaction",
        ),
    ):
        if bad.any():
            pos = int(np.argmax(bad))
            raise CXDataError(
                what, column=col, row=row_label(labels, pos), value=value[pos], expected=expected
            )
    return x, tx, n, labels


class BetaGeoBetaBinom(MLEModel):
    r"""The BG/BB model of repeat transactions at discrete opportunities (beta-geometric / beta-binomial).

    Assumptions (Fader, Hardie & Shang 2010): while alive, a customer transacts at each
    opportunity with probability :math:`p`; before each opportunity an alive customer drops out
    for good with probability :math:`\theta`; across customers :math:`p \sim \text{Beta}(\alpha,
    \beta)` and :math:`\theta \sim \text{Beta}(\gamma, \delta)`, independently. The discrete-time
    twin of BG/NBD and Pareto/NBD, for yearly donations, annual events, seasonal renewals.

    Parameters
    ----------
    initial_params : sequence of 4 floats, optional
        Starting values of (alpha, beta, gamma, delta); by default (1, 1, 1, 1).
    max_iter : int, default 1000
    tol : float, default 1e-10

    Attributes
    ----------
    params_ : pandas.Series
        ``alpha``, ``beta``, ``gamma``, ``delta`` (index ``parameter``).
    log_likelihood_ : float
    standard_errors_ : pandas.Series
    n_customers_ : int

    References
    ----------
    Fader, P. S., Hardie, B. G. S. & Shang, J. (2010). Customer-base analysis in a discrete-time
    noncontractual setting. *Marketing Science*, 29(6), 1086-1108.

    Examples
    --------
    The 1995 donor cohort (11,104 donors, 6 yearly opportunities), fitted on its 22 patterns:

    >>> from cxkit.clv import BetaGeoBetaBinom, load_donations
    >>> d = load_donations()
    >>> bb = BetaGeoBetaBinom().fit(d["frequency"], d["recency"], d["n_periods"], weights=d["weights"])
    >>> {k: round(v, 3) for k, v in bb.params_.items()}
    {'alpha': 1.204, 'beta': 0.75, 'gamma': 0.657, 'delta': 2.783}
    >>> round(bb.log_likelihood_, 1)
    -33225.6
    """

    _names = ("alpha", "beta", "gamma", "delta")
    _model = "BG/BB"
    _advice = (
        "check the data: frequency and recency counted in opportunities (not days), n_periods the "
        "opportunities each customer had after the first transaction, and enough customers who "
        "transacted again (a few hundred) to estimate four parameters"
    )

    def fit(self, frequency: Any, recency: Any, n_periods: Any, *, weights: Any = None) -> Self:
        """Fit the model to customers' (frequency, recency, n_periods); return the fitted model.

        Parameters
        ----------
        frequency : array-like
            Opportunities at which each customer transacted (whole numbers, the first
            transaction not counted).
        recency : array-like
            The last of those opportunities (1 to n_periods; 0 if none).
        n_periods : array-like or int
            Opportunities each customer has had since their first transaction.
        weights : array-like, optional
            How many customers each row stands for (a table of patterns with counts, as the
            paper publishes the donation data); the same fit as on the rows repeated.

        Returns
        -------
        self

        Raises
        ------
        CXDataError
            See :func:`check_discrete`; a negative weight, weights of another length or all 0;
            no customer with a repeat transaction.
        CXConvergenceError
            If the optimiser does not reach a maximum.
        """
        x, tx, n, labels = check_discrete(frequency, recency, n_periods)
        w = check_weights(weights, len(x), labels=labels)
        counted = np.ones(len(x)) if w is None else w
        if not counted[x > 0].sum() > 0:
            raise CXDataError(
                "no customer transacted again, so BG/BB has nothing to learn the transaction or "
                "drop-out probabilities from",
                column="frequency",
                value=f"0 for all {counted.sum():,.0f} customers",
                expected="some customers with frequency of 1 or more",
            )
        data, counts = unique_rows(x, tx, n, weights=w)
        self._optimise(data, counts, self._start([1.0, 1.0, 1.0, 1.0]))
        return self

    def _loglik(self, p: np.ndarray, x: np.ndarray, tx: np.ndarray, n: np.ndarray) -> np.ndarray:
        r"""Equation (5) of Fader, Hardie & Shang (2010), on the log scale.

        .. math::

            L = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha, \beta)}\frac{B(\gamma, \delta+n)}{B(\gamma, \delta)}
            + \sum_{i=0}^{n-t_x-1} \frac{B(\alpha+x, \beta+t_x-x+i)}{B(\alpha, \beta)}
              \frac{B(\gamma+1, \delta+t_x+i)}{B(\gamma, \delta)}

        (alive through all n opportunities; or dropped out just before opportunity
        :math:`t_x + i + 1`, :math:`i = 0, \ldots, n - t_x - 1`). The finite sum is taken for all
        customers at once (one column per i, ``logsumexp`` over the columns).
        """
        sp = _special()
        a, b, g, d = p
        base = sp.betaln(a, b) + sp.betaln(g, d)
        alive = sp.betaln(a + x, b + n - x) + sp.betaln(g, d + n) - base
        gap = (n - tx).astype(int)
        width = int(gap.max()) if len(gap) else 0
        if width == 0:
            return alive
        i = np.arange(width)[None, :]
        xx, tt = x[:, None], tx[:, None]
        terms = sp.betaln(a + xx, b + tt - xx + i) + sp.betaln(g + 1, d + tt + i) - base
        terms = np.where(i < gap[:, None], terms, -np.inf)
        return np.asarray(sp.logsumexp(np.column_stack([alive, terms]), axis=1))

    def _inputs(
        self, frequency: Any, recency: Any, n_periods: Any
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, Any]:
        self._check_fitted()
        return check_discrete(frequency, recency, n_periods)

    @staticmethod
    def _count(value: Any, name: str) -> np.ndarray:
        arr, _ = as_array(value, name)
        if (arr != np.round(arr)).any() or (arr < 0).any():
            raise CXConfigError(f"{name} must be a whole number of periods, 0 or more; got {value!r}.")
        return arr

    def conditional_probability_alive(
        self, frequency: Any, recency: Any, n_periods: Any, *, periods_ahead: int = 1
    ) -> Any:
        r"""Probability that each customer is alive at opportunity n + ``periods_ahead``, given their history.

        Fader, Hardie & Shang (2010), equation (11) at ``periods_ahead=1`` (alive for the next
        opportunity); in general, with :math:`m` = ``periods_ahead``:

        .. math::

            P(\text{alive at } n+m \mid x, t_x, n) = \frac{B(\alpha+x, \beta+n-x)}{B(\alpha, \beta)}
            \frac{B(\gamma, \delta+n+m)}{B(\gamma, \delta)} \Big/ L(\alpha, \beta, \gamma, \delta
            \mid x, t_x, n)

        ``periods_ahead=0`` gives P(alive at the last opportunity observed), which is 1 for a
        customer who transacted at it.

        Parameters
        ----------
        frequency, recency, n_periods : array-like
        periods_ahead : int, default 1

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        sp = _special()
        x, tx, n, labels = self._inputs(frequency, recency, n_periods)
        m = self._count(periods_ahead, "periods_ahead")
        a, b, g, d = p = self._p()
        log_num = sp.betaln(a + x, b + n - x) - sp.betaln(a, b) + sp.betaln(g, d + n + m) - sp.betaln(g, d)
        out = np.exp(log_num - self._loglik(p, x, tx, n))
        return wrap(out, labels, "conditional_probability_alive")

    def conditional_expected_purchases(
        self, periods: Any, frequency: Any, recency: Any, n_periods: Any
    ) -> Any:
        r"""Compute each customer's expected transactions at the next ``periods`` opportunities.

        Equation (13) of Fader, Hardie & Shang (2010), with :math:`n^*` = ``periods``:

        .. math::

            E[X(n, n+n^*) \mid x, t_x, n] = \frac{1}{L}\,\frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha, \beta)}
            \frac{\delta}{\gamma-1}\frac{\Gamma(\gamma+\delta)}{\Gamma(1+\delta)}
            \left[\frac{\Gamma(1+\delta+n)}{\Gamma(\gamma+\delta+n)}
            - \frac{\Gamma(1+\delta+n+n^*)}{\Gamma(\gamma+\delta+n+n^*)}\right]

        Computed on the log scale; :math:`\frac{\delta}{\gamma - 1}[\ldots]` stays positive for
        :math:`\gamma < 1` (both factors change sign).

        Parameters
        ----------
        periods : int
            Future opportunities :math:`n^*`.
        frequency, recency, n_periods : array-like

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        sp = _special()
        x, tx, n, labels = self._inputs(frequency, recency, n_periods)
        h = self._count(periods, "periods")
        a, b, g, d = p = self._p()
        front = sp.betaln(a + x + 1, b + n - x) - sp.betaln(a, b) - self._loglik(p, x, tx, n)
        ratio = np.exp(sp.gammaln(g + d) - sp.gammaln(1 + d))
        now = np.exp(sp.gammaln(1 + d + n) - sp.gammaln(g + d + n))
        later = np.exp(sp.gammaln(1 + d + n + h) - sp.gammaln(g + d + n + h))
        out = np.exp(front) * d / (g - 1) * ratio * (now - later)
        return wrap(out, labels, "conditional_expected_purchases")

    def conditional_dert(self, frequency: Any, recency: Any, n_periods: Any, *, discount_rate: float) -> Any:
        r"""Discounted expected residual transactions (DERT) of each customer, given their history.

        The expected transactions at every future opportunity, the one at :math:`n + k`
        discounted by :math:`(1+d)^k`; equation (14) of Fader, Hardie & Shang (2010):

        .. math::

            \text{DERT}(d \mid x, t_x, n) = \frac{B(\alpha+x+1, \beta+n-x)}{B(\alpha, \beta)}
            \frac{B(\gamma, \delta+n+1)}{B(\gamma, \delta)(1+d)}
            \frac{{}_2F_1(1, \delta+n+1; \gamma+\delta+n+1; \frac{1}{1+d})}{L(\alpha, \beta, \gamma,
            \delta \mid x, t_x, n)}

        Times the value of a transaction, it is the customer's expected residual lifetime value.

        Parameters
        ----------
        frequency, recency, n_periods : array-like
        discount_rate : float
            Discount rate per opportunity (0.1 for yearly opportunities at 10 % a year); above 0.

        Returns
        -------
        float, numpy.ndarray or pandas.Series
        """
        sp = _special()
        if (
            isinstance(discount_rate, bool)
            or not isinstance(discount_rate, (int, float))
            or not discount_rate > 0
        ):
            raise CXConfigError(
                f"discount_rate must be a number above 0 (0.1 for 10 %); got {discount_rate!r}."
            )
        x, tx, n, labels = self._inputs(frequency, recency, n_periods)
        a, b, g, d = p = self._p()
        log_front = (
            sp.betaln(a + x + 1, b + n - x)
            - sp.betaln(a, b)
            + sp.betaln(g, d + n + 1)
            - sp.betaln(g, d)
            - np.log1p(discount_rate)
            - self._loglik(p, x, tx, n)
        )
        out = np.exp(log_front) * sp.hyp2f1(1.0, d + n + 1, g + d + n + 1, 1 / (1 + discount_rate))
        return wrap(out, labels, "conditional_dert")

    def expected_purchases(self, n_periods: Any) -> Any:
        r"""Compute the expected transactions of a new customer at their first ``n_periods`` opportunities.

        Equation (13) of Fader, Hardie & Shang (2010) at :math:`x = t_x = n = 0` (where L = 1):

        .. math::

            E[X(n)] = \frac{\alpha}{\alpha+\beta}\frac{\delta}{\gamma-1}\left[1 -
            \frac{\Gamma(\gamma+\delta)}{\Gamma(1+\delta)}
            \frac{\Gamma(1+\delta+n)}{\Gamma(\gamma+\delta+n)}\right]

        Parameters
        ----------
        n_periods : int or array-like

        Returns
        -------
        float or numpy.ndarray
        """
        sp = _special()
        h = self._count(n_periods, "n_periods")
        a, b, g, d = self._p()
        rest = np.exp(sp.gammaln(g + d) - sp.gammaln(1 + d) + sp.gammaln(1 + d + h) - sp.gammaln(g + d + h))
        return wrap(a / (a + b) * d / (g - 1) * (1 - rest), None, "expected_purchases")
