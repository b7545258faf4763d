r"""Checking a purchase model on a holdout period, pooled or one model per segment.

A model fitted to all customers can predict the total well while it over-predicts one segment and
under-predicts another (the errors cancel in the total). :func:`fit_by_segment` fits one
:class:`~cxkit.clv.BetaGeo` per segment; :func:`holdout_check` compares predicted and actual
holdout purchases by segment for a pooled model or a dict of per-segment models;
:func:`plot_holdout` draws the check by calibration frequency (Fader, Hardie & Lee 2005, figure 4);
:func:`plot_underserved` draws predicted value against satisfaction.

>>> import pandas as pd
>>> from cxkit.clv import BetaGeo, sample_bgnbd
>>> sim = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 30.0, n=400, seed=1)
>>> sim = sim.assign(frequency_holdout=0, duration_holdout=10.0, segment=["x", "y"] * 200)
>>> models = fit_by_segment(sim, dropout="common")  # one drop-out probability per segment
>>> sorted(models)
['x', 'y']
>>> holdout_check(sim, models).index.tolist()
['x', 'y', 'all']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit import style
from cxkit._checks import require_columns
from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from cxkit.clv.models import BetaGeo

__all__ = ["fit_by_segment", "holdout_check", "plot_holdout", "plot_underserved"]

_RFM = ["frequency", "recency", "T"]


def _groups(summary: pd.DataFrame, segment: str) -> pd.Series:
    require_columns(summary, [*_RFM, segment], "summary from rfm_summary")
    labels = summary[segment]
    if labels.isna().any():
        pos = int(np.argmax(labels.isna().to_numpy()))
        raise CXDataError(
            "customer without a segment",
            column=segment,
            row=f"{pos} (label {summary.index[pos]!r})",
            value=labels.iloc[pos],
            expected="a segment for every customer (join the customers' segments first)",
        )
    return labels.astype(str)


def fit_by_segment(
    summary: pd.DataFrame,
    /,
    *,
    segment: str = "segment",
    dropout: str | Mapping[str, str] = "beta",
) -> dict[str, BetaGeo]:
    """Fit one BG/NBD model to each segment's customers.

    Parameters
    ----------
    summary : DataFrame
        One row per customer with ``frequency``, ``recency``, ``T`` (:func:`~cxkit.clv.rfm_summary`)
        and the ``segment`` column.
    segment : str, default "segment"
        The column of segment labels.
    dropout : {"beta", "common"} or dict, default "beta"
        :class:`~cxkit.clv.BetaGeo`'s ``dropout`` setting, for every segment or per segment
        (``{"B2B": "common"}``: segments not named get ``"beta"``).

    Returns
    -------
    dict
        Segment label -> fitted :class:`~cxkit.clv.BetaGeo`, in the order the segments first occur.

    Raises
    ------
    CXDataError
        A missing column or a customer without a segment.
    CXConfigError
        ``dropout`` names a segment that is not in the data.
    CXConvergenceError
        A segment's fit has no maximum (its message says what to try, e.g. ``dropout="common"``).

    Notes
    -----
    Per-segment fits are the model with every parameter depending on the segment; Fader & Hardie
    (2007) add time-invariant covariates to some parameters only, which needs fewer customers per
    segment but keeps the other parameters common.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2007). Incorporating time-invariant covariates into the
    Pareto/NBD and BG/NBD models. http://brucehardie.com/notes/019/
    """
    from cxkit.clv.models import BetaGeo

    labels = _groups(summary, segment)
    choice = {str(k): v for k, v in dropout.items()} if isinstance(dropout, Mapping) else {}
    unknown = sorted(set(choice) - set(labels))
    if unknown:
        raise CXConfigError(
            f"dropout names segment(s) {unknown} that are not in the {segment!r} column; "
            f"the segments are {sorted(set(labels))}."
        )
    models: dict[str, BetaGeo] = {}
    for name in labels.drop_duplicates():
        rows = summary[labels == name]
        setting = choice.get(name, "beta") if isinstance(dropout, Mapping) else dropout
        models[name] = BetaGeo(dropout=setting).fit(rows["frequency"], rows["recency"], rows["T"])
    return models


def _predicted(summary: pd.DataFrame, model: Any, labels: pd.Series | None, horizon: float) -> np.ndarray:
    out = np.zeros(len(summary))
    if isinstance(model, Mapping):
        if labels is None:
            raise CXConfigError("a dict of models needs segment labels: pass segment=")
        missing = sorted(set(labels) - {str(k) for k in model})
        if missing:
            raise CXConfigError(f"no model for segment(s) {missing}; the models are for {sorted(model)}.")
        for name, m in model.items():
            mask = (labels == str(name)).to_numpy()
            rows = summary[mask]
            out[mask] = np.asarray(
                m.conditional_expected_purchases(horizon, rows["frequency"], rows["recency"], rows["T"])
            )
        return out
    return np.asarray(
        model.conditional_expected_purchases(horizon, summary["frequency"], summary["recency"], summary["T"])
    )


def _horizon(summary: pd.DataFrame) -> float:
    require_columns(summary, ["frequency_holdout", "duration_holdout"], "summary with a holdout period")
    horizon = summary["duration_holdout"].unique()
    if len(horizon) != 1:
        raise CXDataError(
            "customers have different holdout periods",
            column="duration_holdout",
            value=sorted(horizon)[:3],
            expected="one holdout period for all (rfm_summary with observation_end=)",
        )
    return float(horizon[0])


def holdout_check(summary: pd.DataFrame, model: Any, /, *, segment: str | None = "segment") -> pd.DataFrame:
    r"""Compare a model's predicted holdout purchases with the actual ones, by segment and in total.

    Parameters
    ----------
    summary : DataFrame
        :func:`~cxkit.clv.rfm_summary` with ``observation_end=`` (``frequency_holdout``,
        ``duration_holdout``) and the ``segment`` column.
    model : BetaGeo, ParetoNBD or dict
        A fitted model for everybody (pooled), or segment label -> fitted model
        (:func:`fit_by_segment`).
    segment : str or None, default "segment"
        The column of segment labels; None: the total only.

    Returns
    -------
    DataFrame
        One row per segment, then ``all``: ``customers``, ``predicted`` (the sum of
        :math:`E[Y(t) \mid x, t_x, T]` over the holdout length :math:`t`, Fader, Hardie & Lee 2005,
        equation 10), ``actual`` (the repeat purchases made) and ``ratio`` (predicted / actual; 1 is
        right, above 1 over-predicts).

    Examples
    --------
    >>> from cxkit.clv import BetaGeo, sample_bgnbd
    >>> sim = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 30.0, n=400, seed=3)
    >>> later = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 40.0, n=400, seed=3)  # the same customers, 10 more
    >>> sim = sim.assign(frequency_holdout=later["frequency"] - sim["frequency"], duration_holdout=10.0,
    ...                  segment=["x", "y"] * 200)
    >>> bg = BetaGeo().fit(sim["frequency"], sim["recency"], sim["T"])
    >>> table = holdout_check(sim, bg)
    >>> table.columns.tolist()
    ['customers', 'predicted', 'actual', 'ratio']
    >>> table.loc["all", "customers"]
    np.int64(400)
    """
    import pandas as pd

    horizon = _horizon(summary)
    labels = _groups(summary, segment) if segment is not None else None
    if labels is None:
        require_columns(summary, _RFM, "summary from rfm_summary")
    pred = _predicted(summary, model, labels, horizon)
    frame = pd.DataFrame(
        {"customers": 1, "predicted": pred, "actual": summary["frequency_holdout"].to_numpy(dtype=float)},
        index=summary.index,
    )
    rows = []
    if labels is not None:
        by = frame.groupby(labels.to_numpy(), sort=False).sum()
        rows.append(by)
    rows.append(frame.sum().to_frame("all").T)
    table = pd.concat(rows)
    table.index.name = segment or "group"
    table["customers"] = table["customers"].astype(int)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["ratio"] = table["predicted"] / table["actual"]
    return table


@style.plotting
def plot_holdout(
    summary: pd.DataFrame,
    model: Any,
    /,
    *,
    segment: str | None = None,
    max_frequency: int = 7,
    unit: str = "weeks",
    label: str = "BG/NBD prediction",
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw mean holdout purchases, actual and predicted, by repeat purchases in the calibration period.

    Fader, Hardie & Lee's (2005) figure 4: customers grouped by their calibration frequency (the
    last group is ``max_frequency`` or more), the mean purchases each group made in the holdout
    period against the mean the model expected.

    Parameters
    ----------
    summary : DataFrame
        :func:`~cxkit.clv.rfm_summary` with ``observation_end=``.
    model : BetaGeo, ParetoNBD or dict
        A fitted model, or segment label -> model (then ``segment`` names the column of labels).
    segment : str, optional
        The column of segment labels, when ``model`` is a dict.
    max_frequency : int, default 7
        The last group: this many repeat purchases or more.
    unit : str, default "weeks"
        The unit of T, for the axis label.
    label : str, default "BG/NBD prediction"
        The legend's name of the predicted line.
    ax : matplotlib Axes, optional
        Where to draw; a new course-style figure by default.
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from cxkit.clv import BetaGeo, sample_bgnbd
    >>> sim = sample_bgnbd(0.5, 6.0, 1.2, 3.5, 30.0, n=300, seed=2)
    >>> sim = sim.assign(frequency_holdout=1, duration_holdout=10.0)
    >>> bg = BetaGeo().fit(sim["frequency"], sim["recency"], sim["T"])
    >>> fig = plot_holdout(sim, bg)
    >>> " ".join(fig.axes[0].get_ylabel().split())
    'Mean purchases in the 10-week holdout'
    """
    import pandas as pd

    if isinstance(max_frequency, bool) or not isinstance(max_frequency, int) or max_frequency < 1:
        raise CXConfigError(f"max_frequency must be a whole number of at least 1; got {max_frequency!r}.")
    horizon = _horizon(summary)
    labels = _groups(summary, segment) if segment is not None else None
    if labels is None:
        require_columns(summary, _RFM, "summary from rfm_summary")
    pred = _predicted(summary, model, labels, horizon)
    group = summary["frequency"].clip(upper=max_frequency).to_numpy()
    frame = pd.DataFrame({"actual": summary["frequency_holdout"].to_numpy(), "predicted": pred})
    table = frame.groupby(group).mean()
    fig, ax, _ = style.figure_for(ax, 3.5, width=9)
    ax.plot(table.index, table["actual"], marker="o", label="actual", color=style.PALETTE["blue"])
    orange = style.PALETTE["orange"]
    ax.plot(table.index, table["predicted"], marker="s", linestyle="--", label=label, color=orange)
    ticks = [str(int(k)) for k in table.index]
    if table.index.max() == max_frequency:
        ticks[-1] = f"{max_frequency}+"
    ax.set_xticks(table.index, ticks)
    ax.set_xlabel("Repeat purchases in the calibration period")
    ax.set_ylabel(f"Mean purchases in the\n{horizon:.0f}-{unit.rstrip('s')} holdout")
    ax.set_title(title or "Holdout purchases, predicted vs actual")
    ax.legend()
    return fig


@style.plotting
def plot_underserved(
    view: pd.DataFrame,
    /,
    *,
    value: str = "clv_12m",
    score: str = "mean_nps",
    top: float = 0.2,
    max_score: float = 6,
    as_of: str | None = None,
    ax: Any = None,
    title: str | None = None,
) -> Any:
    """Draw each customer's predicted value against their satisfaction; mark the under-served.

    The under-served are the customers in the top ``top`` share of predicted value whose mean
    score is ``max_score`` or less (high value, unhappy: where CX work pays first).

    Parameters
    ----------
    view : DataFrame
        One row per customer with the ``value`` and ``score`` columns.
    value : str, default "clv_12m"
        The predicted value (EUR of margin).
    score : str, default "mean_nps"
        The customer's mean answer (0-10).
    top : float, default 0.2
        The share of customers with the highest value that counts as high value.
    max_score : float, default 6
        The highest mean score that counts as unhappy (6: a detractor's answer).
    as_of : str, optional
        The date the prediction is made at, shown in the axis label.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import pandas as pd
    >>> v = pd.DataFrame({"clv_12m": [10.0, 50.0, 80.0, 5.0, 90.0], "mean_nps": [9, 3, 8, 2, 5]})
    >>> fig = plot_underserved(v, as_of="2025-12-31")
    >>> " ".join(fig.axes[0].get_ylabel().split())
    'Predicted 12-month margin (EUR) as of 2025-12-31'
    """
    require_columns(view, [value, score], "table of customers")
    if not isinstance(top, float | int) or isinstance(top, bool) or not 0 < top < 1:
        raise CXConfigError(f"top must be a share between 0 and 1 (0.2 for the top 20%); got {top!r}.")
    cut = view[value].quantile(1 - top)
    marked = view[(view[value] >= cut) & (view[score] <= max_score)]
    fig, ax, _ = style.figure_for(ax, 4.0, width=10)
    ax.scatter(view[score], view[value], s=8, color=style.PALETTE["sky_blue"], label="customers")
    ax.scatter(
        marked[score],
        marked[value],
        s=30,
        color=style.PALETTE["vermillion"],
        marker="D",
        label=f"under-served: top-{100 * top:.0f}% value, mean NPS <= {max_score:g} ({len(marked)})",
    )
    ax.axhline(cut, color="black", linewidth=1)
    ax.axvline(max_score + 0.5, color="black", linewidth=1)
    ax.set_xlabel("Mean NPS answer of the customer (0-10)")
    dated = f" as of {as_of}" if as_of else ""
    ax.set_ylabel(f"Predicted 12-month margin\n(EUR){dated}")
    ax.set_title(title or "Predicted value against satisfaction")
    ax.legend(loc="upper left", frameon=True, framealpha=0.9)
    return fig
