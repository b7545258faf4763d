"""The result types: one estimate (:class:`MetricResult`) and one comparison (:class:`Comparison`).

Both print as one readable line, show as HTML in a notebook (numbers never wrap inside), and turn
into a plain dictionary (``to_dict()``) or a one-row :class:`pandas.DataFrame` (``to_frame()``), so
results of several calls stack into a table with ``pd.concat([r.to_frame() for r in results])``.
"""

from __future__ import annotations

import html
import math
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

from cxkit.stats.intervals import method_label


def _fmt_num(x: float, decimals: int) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    text = f"{x:,.{decimals}f}"
    return "0." + "0" * decimals if text in ("-0", "-0." + "0" * decimals) else text


def _fmt_conf(confidence: float) -> str:
    return f"{confidence * 100:g}%"


def _nowrap(text: str) -> str:
    """HTML-escaped text in a span that never wraps (a number is never split across lines)."""
    return f'<span style="white-space: nowrap">{html.escape(text)}</span>'


def _fmt_p(p: float) -> str:
    """Format a p-value as a reader should see it: never "p = 0"."""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3g}"


@dataclass(frozen=True, repr=False)
class MetricResult:
    """One CX metric estimated from a sample, with its confidence interval.

    Parameters
    ----------
    metric : str
        The metric's name as printed: ``"NPS"``, ``"CSAT"``, ``"CES"``, ``"Response rate"``.
    value : float
        The estimate: NPS in points (−100 to 100), CSAT and response rate in percent (0–100),
        CES as a mean on the survey scale.
    n : int
        The number of answers (or invitations, for a response rate) behind the estimate.
    low, high : float
        The confidence interval's ends, in the same unit as ``value``.
    confidence : float
        The confidence level, e.g. 0.95.
    method : str
        The interval method (``"wald"``, ``"adjusted_wald"``, ``"bootstrap"``, ``"wilson"``, ``"t"``).
    unit : str
        ``"points"``, ``"%"`` or ``""`` (a mean on the survey scale).
    counts : dict
        The counts behind the estimate (NPS: promoters, passives, detractors; CSAT: satisfied,
        not satisfied; response rate: responses, non-responses).
    shares : dict
        The same counts as percentages of ``n``.
    mean : float or None
        The mean score (CSAT and CES).
    agree : float or None
        CES only: the percentage who agree the company made it easy (the top three of seven).
    n_dropped : int
        Blank answers dropped before computing (``dropna=True``).
    se : float
        The standard error behind the interval (on the value's unit; NaN when undefined).
    min_n : int
        The smallest n the caller trusts (default 30); below it the printed result says so.
    clipped : bool
        Whether the interval was cut at the ends of the scale (e.g. a CES *t* interval for n = 2).
    cluster : str or None
        The clustering (e.g. ``"customer_id"``) when a cluster-robust variance was used.
    n_clusters : int or None
        The number of clusters (customers) behind a clustered interval.

    Notes
    -----
    ``moe`` (the margin of error) is the interval's half-width, ``(high - low) / 2``. For the
    symmetric Wald and *t* intervals it is the familiar "± moe". The Wilson, adjusted-Wald and
    bootstrap intervals are *not* centred on the estimate (they lean towards the middle of the
    scale, which is why they cover better near 0% or 100%), so for them ``moe`` is a summary of
    the interval's width, not a distance to add and subtract: report ``low`` and ``high``.
    """

    metric: str
    value: float
    n: int
    low: float
    high: float
    confidence: float
    method: str
    _: KW_ONLY
    unit: str = "points"
    counts: dict[str, int] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    mean: float | None = None
    agree: float | None = None
    n_dropped: int = 0
    se: float = float("nan")
    min_n: int = 30
    clipped: bool = False
    cluster: str | None = None
    n_clusters: int | None = None
    cluster_totals: Any = field(default=None, repr=False, compare=False)

    __hash__ = None  # type: ignore[assignment]  # dict fields: results are not hashable

    @property
    def moe(self) -> float:
        """The margin of error: half the interval's width, ``(high - low) / 2``."""
        return (self.high - self.low) / 2

    @property
    def too_small(self) -> bool:
        """Whether ``n < min_n``: too few answers to trust the interval or a ranking."""
        return self.n < self.min_n

    @property
    def method_label(self) -> str:
        """The interval method as printed, e.g. ``"Wald, clustered by customer_id (1,664 customers)"``."""
        return method_label(self.method, cluster=self.cluster, n_clusters=self.n_clusters)

    @property
    def _decimals(self) -> int:
        return 1 if self.unit == "%" else 2

    def _headline(self) -> str:
        d = self._decimals
        if self.unit == "%":
            what = " satisfied" if self.metric == "CSAT" else ""
            return f"{self.metric} = {_fmt_num(self.value, d)}%{what}"
        if self.unit == "points":
            return f"{self.metric} = {_fmt_num(self.value, d)} points"
        return f"{self.metric} = {_fmt_num(self.value, d)}"

    def _n_text(self) -> str:
        small = f", below min_n = {self.min_n:,}" if self.too_small else ""
        return f"n = {self.n:,}{small}"

    def _ci_text(self) -> str:
        d = self._decimals
        clipped = " (clipped to the scale)" if self.clipped else ""
        return (
            f"{_fmt_conf(self.confidence)} CI {_fmt_num(self.low, d)} to {_fmt_num(self.high, d)}"
            f"{clipped}, {self.method_label}"
        )

    def _detail(self) -> str:
        return f"{self._n_text()}; {self._ci_text()}"

    def __repr__(self) -> str:
        """Return the result in one line: the estimate, then the counts and the interval."""
        return f"{self._headline()} ({self._detail()})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        rows = ""
        if self.counts:
            cells = []
            for k, v in self.counts.items():
                share = self.shares.get(k, float("nan"))
                cells.append(f"<td>{html.escape(k)}: {_nowrap(f'{v:,} ({share:.1f}%)')}</td>")
            rows = f"<table><tr>{''.join(cells)}</tr></table>"
        return (
            f'<div class="cxkit-metric"><strong>{_nowrap(self._headline())}</strong> '
            f"<span>({_nowrap(self._n_text())}; {_nowrap(self._ci_text())})</span>{rows}</div>"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the result as a plain dictionary (one row of a table), including ``moe`` and the counts."""
        # The columns of cxkit.stats.INTERVAL_COLUMNS first, as in every table with an interval.
        out: dict[str, Any] = {
            "value": self.value,
            "n": self.n,
            "low": self.low,
            "high": self.high,
            "moe": self.moe,
            "too_small": self.too_small,
            "method": self.method,
            "confidence": self.confidence,
            "metric": self.metric,
            "se": self.se,
            "method_label": self.method_label,
            "min_n": self.min_n,
            "clipped": self.clipped,
            "n_dropped": self.n_dropped,
        }
        out.update(self.counts)
        if self.mean is not None:
            out["mean"] = self.mean
        if self.agree is not None:
            out["agree"] = self.agree
        if self.cluster is not None:
            out["cluster"] = self.cluster
            out["n_clusters"] = self.n_clusters
        return out

    def to_frame(self) -> Any:
        """Return the result as a one-row :class:`pandas.DataFrame` (the columns of :meth:`to_dict`)."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])


@dataclass(frozen=True, repr=False)
class Comparison:
    """The difference between a metric in two independent groups, ``a - b``.

    Parameters
    ----------
    metric : str
        ``"NPS"``, ``"CSAT"`` or ``"CES"``.
    value : float
        The difference ``a - b`` (NPS points, percentage points of satisfied customers, or CES
        scale points).
    low, high : float
        The confidence interval of the difference.
    p_value : float
        Two-sided p-value of the test that the two groups have the same score.
    n_a, n_b : int
        The number of answers in each group.
    value_a, value_b : float
        Each group's own score.
    confidence : float
        The confidence level.
    method : str
        The interval method.
    names : tuple of str
        The two groups' names, used in :attr:`interpretation`.
    se : float
        The standard error of the difference.
    cluster : str or None
        The clustering (e.g. ``"customer_id"``) when a cluster-robust variance was used.
    n_clusters : int or None
        The number of distinct clusters in the two groups together.
    shared_clusters : int
        Clusters (customers) that appear in both groups; when above 0 the covariance was used.
    min_n : int
        The smallest group size the caller trusts; a smaller group is named in the printed line.

    Notes
    -----
    ``moe`` is the interval's half-width. A difference is called "statistically clear" when the
    p-value is below ``1 - confidence`` (0.05 at 95%): then the interval excludes 0 too (exactly
    for the Wald methods; almost always for Newcombe's interval, which is not built from the
    same test).
    """

    metric: str
    value: float
    low: float
    high: float
    p_value: float
    n_a: int
    n_b: int
    value_a: float
    value_b: float
    confidence: float
    method: str
    _: KW_ONLY
    names: tuple[str, str] = ("A", "B")
    se: float = float("nan")
    cluster: str | None = None
    n_clusters: int | None = None
    shared_clusters: int = 0
    min_n: int = 30

    @property
    def too_small(self) -> bool:
        """Whether either group has fewer than ``min_n`` answers."""
        return min(self.n_a, self.n_b) < self.min_n

    @property
    def method_label(self) -> str:
        """The interval method as printed (with the clustering, if any)."""
        return method_label(self.method, cluster=self.cluster, n_clusters=self.n_clusters)

    def to_dict(self) -> dict[str, Any]:
        """Return the comparison as a plain dictionary."""
        a, b = self.names
        # The columns of cxkit.stats.INTERVAL_COLUMNS first (n: the answers of both groups).
        out: dict[str, Any] = {
            "value": self.value,
            "n": self.n_a + self.n_b,
            "low": self.low,
            "high": self.high,
            "moe": self.moe,
            "too_small": self.too_small,
            "method": self.method,
            "confidence": self.confidence,
            "metric": self.metric,
            "a": a,
            "b": b,
            "se": self.se,
            "p_value": self.p_value,
            "significant": self.significant,
            "n_a": self.n_a,
            "n_b": self.n_b,
            "value_a": self.value_a,
            "value_b": self.value_b,
            "method_label": self.method_label,
            "min_n": self.min_n,
        }
        if self.cluster is not None:
            out.update(cluster=self.cluster, n_clusters=self.n_clusters, shared_clusters=self.shared_clusters)
        return out

    def to_frame(self) -> Any:
        """Return the comparison as a one-row :class:`pandas.DataFrame`."""
        import pandas as pd

        return pd.DataFrame([self.to_dict()])

    @property
    def moe(self) -> float:
        """The margin of error of the difference: half the interval's width."""
        return (self.high - self.low) / 2

    @property
    def significant(self) -> bool:
        """Whether ``p_value < 1 - confidence``."""
        return bool(self.p_value < 1 - self.confidence)

    @property
    def _unit(self) -> str:
        return {"NPS": "points", "CES": "scale points"}.get(self.metric, "percentage points")

    @property
    def interpretation(self) -> str:
        """The comparison in plain words.

        Example: ``"B2B is 17.3 points below B2C; the difference is statistically clear
        (p < 0.001)."``
        """
        a, b = self.names
        p = "p < 0.001" if self.p_value < 0.001 else f"p = {self.p_value:.3f}"
        size = abs(self.value)
        if size < 0.05:
            head = f"{a} and {b} have the same {self.metric} (difference 0.0 {self._unit})"
        else:
            where = "above" if self.value > 0 else "below"
            head = f"{a} is {size:.1f} {self._unit} {where} {b}"
        if self.significant:
            tail = f"the difference is statistically clear ({p})"
        else:
            tail = f"the difference could be chance ({p})"
        return f"{head}; {tail}."

    def _parts(self) -> list[str]:
        a, b = self.names
        small = f", below min_n = {self.min_n:,}" if self.too_small else ""
        return [
            f"{self.metric} difference {a} - {b} = {_fmt_num(self.value, 2)} {self._unit}",
            f"{_fmt_conf(self.confidence)} CI {_fmt_num(self.low, 2)} to {_fmt_num(self.high, 2)}, "
            f"{self.method_label}",
            _fmt_p(self.p_value),
            f"n = {self.n_a:,} vs {self.n_b:,}{small}",
        ]

    def __repr__(self) -> str:
        """Return the comparison in one line: the difference, its interval, the p-value and the counts."""
        head, ci, p, n = self._parts()
        return f"{head} ({ci}; {p}; {n})"

    __str__ = __repr__

    def _repr_html_(self) -> str:
        return (
            f'<div class="cxkit-comparison"><strong>{html.escape(self.interpretation)}</strong><br>'
            f"{'; '.join(_nowrap(part) for part in self._parts())}</div>"
        )
