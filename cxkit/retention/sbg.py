r"""The shifted-beta-geometric (sBG) model of contract renewals (Fader & Hardie 2007).

In a contractual setting (subscriptions, memberships) we see when customers leave. Each customer
renews each period with their own probability; across customers the churn probability
:math:`\theta` follows a Beta(:math:`\alpha`, :math:`\beta`) distribution. Because the customers
most likely to churn leave first, the retention rate of the survivors *rises* over time, which a
single constant retention rate cannot capture.
"""

from __future__ import annotations

from typing import Any, Self

import numpy as np

from cxkit.errors import CXDataError
from cxkit.stats.mle import MLEModel, as_array, wrap

__all__ = ["ShiftedBetaGeometric"]


class ShiftedBetaGeometric(MLEModel):
    r"""The shifted-beta-geometric model of how many customers of a cohort survive each period.

    Assumptions (Fader & Hardie 2007): a customer's lifetime in periods is geometric with churn
    probability :math:`\theta`, :math:`P(T = t \mid \theta) = \theta(1-\theta)^{t-1}`; across
    customers :math:`\theta \sim \text{Beta}(\alpha, \beta)`.

    Parameters
    ----------
    initial_params : sequence of 2 floats, optional
        Starting values of (alpha, beta); by default (1, 1).
    max_iter : int, default 1000
    tol : float, default 1e-10

    Attributes
    ----------
    params_ : pandas.Series
        ``alpha``, ``beta`` (index ``parameter``).
    log_likelihood_ : float
    standard_errors_ : pandas.Series
    n_customers_ : int
        The cohort's size (survivors at period 0).

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). How to project customer retention. *Journal of
    Interactive Marketing*, 21(1), 76-90.

    Examples
    --------
    The "regular" customers of the paper: survivors out of 1,000 at the start of years 0 to 7.

    >>> sbg = ShiftedBetaGeometric().fit([1000, 631, 468, 382, 326, 289, 262, 241])
    >>> {k: round(v, 3) for k, v in sbg.params_.items()}
    {'alpha': 0.704, 'beta': 1.182}
    >>> [round(float(r), 3) for r in sbg.retention_rate([1, 2, 3])]
    [0.627, 0.756, 0.819]
    """

    _names = ("alpha", "beta")
    _model = "shifted-beta-geometric"
    _units = "cohort members"
    _advice = (
        "check the counts: survivors of one cohort at the start of each period, from its size at "
        "period 0 down, with customers lost in more than one period"
    )

    def fit(self, survivors: Any) -> Self:
        r"""Fit the model to a cohort's survivor counts at the start of periods 0, 1, 2, ...

        Parameters
        ----------
        survivors : array-like of int
            Customers still active at period 0 (the cohort size), 1, 2, ...: whole numbers that
            never go up, at least two of them.

        Returns
        -------
        self

        Raises
        ------
        CXDataError
            Fewer than two counts, a negative or non-whole count, a count that goes up, a first
            count of 0, or no customer lost at all (nothing to fit).
        CXConvergenceError
            If the optimiser does not reach a maximum.

        Notes
        -----
        Equation (7) of Fader & Hardie (2007), with :math:`n_t` the survivors at period :math:`t`
        and :math:`n_{t-1} - n_t` the customers lost in period :math:`t`:

        .. math::

            LL = \sum_{t=1}^{k}(n_{t-1} - n_t)\log P(T = t) + n_k \log S(k), \quad
            P(T = t) = \frac{B(\alpha+1, \beta+t-1)}{B(\alpha, \beta)}, \quad
            S(t) = \frac{B(\alpha, \beta+t)}{B(\alpha, \beta)}
        """
        n, _ = as_array(survivors, "survivors")
        if n.size < 2:
            raise CXDataError(
                "fewer than two survivor counts",
                column="survivors",
                value=n.size,
                expected="the cohort size at period 0 and at least one later count",
            )
        bad = (n < 0) | (n != np.round(n))
        if bad.any():
            pos = int(np.argmax(bad))
            raise CXDataError(
                "not a count",
                column="survivors",
                row=pos,
                value=n[pos],
                expected="a whole number of 0 or more",
            )
        if n[0] == 0:
            raise CXDataError("empty cohort", column="survivors", row=0, value=0, expected="at least 1")
        up = np.diff(n) > 0
        if up.any():
            pos = int(np.argmax(up)) + 1
            raise CXDataError(
                "survivors went up (a customer came back, or counts include new ones)",
                column="survivors",
                row=pos,
                value=n[pos],
                expected=f"at most {n[pos - 1]:g}",
            )
        if n[-1] == n[0]:
            raise CXDataError(
                "nobody churned",
                column="survivors",
                value=n[-1],
                expected="at least one customer lost, or the churn rate cannot be estimated",
            )
        k = n.size - 1
        lost = -np.diff(n)
        t = np.arange(1, k + 1, dtype=float)
        self._k = k
        counts = np.append(lost, n[-1])
        kind = np.append(np.zeros(k), 1.0)  # 0: lost in period t; 1: still alive after period k
        tt = np.append(t, float(k))
        keep = counts > 0
        self._optimise((tt[keep], kind[keep]), counts[keep], self._start([1.0, 1.0]))
        return self

    def _loglik(self, p: np.ndarray, t: np.ndarray, alive: np.ndarray) -> np.ndarray:
        from scipy.special import betaln

        a, b = p
        lost = betaln(a + 1, b + t - 1) - betaln(a, b)
        surv = betaln(a, b + t) - betaln(a, b)
        return np.where(alive > 0, surv, lost)

    def survival(self, t: Any) -> Any:
        r"""Share of the cohort still active after ``t`` periods, S(t).

        Equation (3) of Fader & Hardie (2007): :math:`S(t) = B(\alpha, \beta+t)/B(\alpha, \beta)`.

        Parameters
        ----------
        t : int or array-like of int
            Periods (0, 1, 2, ...).

        Returns
        -------
        float or numpy.ndarray
        """
        from scipy.special import betaln

        a, b = self._p()
        tt = self._periods(t, 0)
        return wrap(np.exp(betaln(a, b + tt) - betaln(a, b)), None, "survival")

    def retention_rate(self, t: Any) -> Any:
        r"""Share of the customers active in period ``t - 1`` who renew in period ``t``.

        Equation (4) of Fader & Hardie (2007):
        :math:`r_t = S(t)/S(t-1) = (\beta + t - 1)/(\alpha + \beta + t - 1)`, rising with
        :math:`t`.

        Parameters
        ----------
        t : int or array-like of int
            Periods (1, 2, ...).

        Returns
        -------
        float or numpy.ndarray
        """
        a, b = self._p()
        tt = self._periods(t, 1)
        out = (b + tt - 1) / (a + b + tt - 1)
        if np.ndim(t) == 0:
            return float(out[0])
        return out

    @staticmethod
    def _periods(t: Any, lo: int) -> np.ndarray:
        arr, _ = as_array(t, "t")
        bad = (arr < lo) | (arr != np.round(arr))
        if bad.any():
            raise CXDataError(
                "not a period number",
                column="t",
                value=float(arr[bad][0]),
                expected=f"a whole number of {lo} or more",
            )
        return arr
