r"""Acquisition-cohort tables: who is still buying n months after their first order.

A customer's *cohort* is the calendar month of their first order. For each cohort and each month
since that first order (month 0 is the month of the first order), :func:`cohort_table` counts the
customers of the cohort who ordered in that month, or gives them as a percentage of the cohort's
size:

.. math::

    \text{rate}_{c,k} = 100 \times \frac{\#\{i \in c : i \text{ ordered in month } c + k\}}{|c|}.

Months after the end of the data are blank (not zero): nobody could be seen buying then.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from cxkit import style
from cxkit.data.parse import read_date
from cxkit.errors import CXDataError
from cxkit.retention.orders import order_days
from cxkit.stats.checks import check_choice
from cxkit.stats.rates import check_rate_options, rate_table

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["cohort_rates", "cohort_table", "plot_cohort_table"]

VALUES = ("rate", "count")


def cohort_table(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    values: str = "rate",
    end: Any = None,
    max_months: int | None = None,
) -> pd.DataFrame:
    r"""Tabulate monthly acquisition cohorts by months since the first order.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer, timestamp : str
        The columns holding the customer and the order time.
    date_format, dayfirst : optional
        How a text ``timestamp`` column is written, as :func:`cxkit.data.read_dates` reads it:
        one way for the whole column, found from its values or given (``date_format="%d/%m/%Y"``,
        or ``dayfirst=True``: 05/02/2024 is 5 February); a column whose dates read both day-first
        and month-first (every day up to 12) is an error naming its first such value. Text dates
        given as arguments (``end=``) are read the same way.
    values : {"rate", "count"}
        ``"rate"``: percent of the cohort who ordered in that month; ``"count"``: how many did.
    end : date-like, optional
        The end of the observation (default: the last order). Orders after it are ignored, and
        cells for months after it are blank.
    max_months : int, optional
        Keep months 0 to ``max_months`` only.

    Returns
    -------
    pandas.DataFrame
        One row per cohort (index ``cohort``, text ``YYYY-MM``), a column ``customers`` (the cohort
        size), then one column per month since the first order (0, 1, 2, ...). Month 0 is 100 %
        by construction.

    Raises
    ------
    CXDataError
        If a column is missing, a customer or date is blank, or a date cannot be read.
    CXConfigError
        If ``values`` is not ``"rate"`` or ``"count"``.

    Notes
    -----
    .. math::

        \text{rate}_{c,k} = 100 \times \frac{\#\{i \in c : i \text{ ordered in month } c + k\}}{|c|}

    A cell is blank when month :math:`c + k` is after the month of ``end``; the last month may be
    partly observed.

    References
    ----------
    Fader, P. S. & Hardie, B. G. S. (2010). Customer-base valuation in a contractual setting: the
    perils of ignoring heterogeneity. *Marketing Science*, 29(1), 85-93 (cohort views).

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "timestamp": ["2024-01-03", "2024-02-10", "2024-01-20", "2024-02-02"]})
    >>> cohort_table(orders, values="count")  # doctest: +NORMALIZE_WHITESPACE
             customers    0    1
    cohort
    2024-01          2  2.0  1.0
    2024-02          1  1.0  NaN
    """
    import pandas as pd

    check_choice(values, VALUES, "values")
    days = order_days(orders, customer, timestamp, end, date_format=date_format, dayfirst=dayfirst)
    end = read_date(end, "end", date_format=date_format, dayfirst=dayfirst)
    month = days["day"].dt.year * 12 + days["day"].dt.month - 1
    first = month.groupby(days[customer]).transform("min")
    k = (month - first).to_numpy()
    last = int(month.max()) if end is None else int(end.year * 12 + end.month - 1)
    frame = pd.DataFrame({"cust": days[customer].to_numpy(), "first": first.to_numpy(), "k": k})
    active = frame.drop_duplicates(["cust", "k"]).pivot_table(
        index="first", columns="k", values="cust", aggfunc="size", fill_value=0
    )
    size = frame.drop_duplicates("cust").groupby("first").size()
    n_months = int(last - size.index.min()) + 1
    cols = list(range(n_months if max_months is None else min(n_months, int(max_months) + 1)))
    active = active.reindex(index=size.index, columns=cols, fill_value=0).astype(float)
    observed = (size.index.to_numpy()[:, None] + np.asarray(cols)[None, :]) <= last
    active = active.where(observed)
    if values == "rate":
        active = 100.0 * active.div(size, axis=0)
    labels = [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in size.index]
    table = pd.concat(
        [pd.DataFrame({"customers": size.to_numpy()}, index=labels), active.set_axis(labels)], axis=1
    )
    table.index.name = "cohort"
    return table


def cohort_rates(
    orders: pd.DataFrame,
    *,
    customer: str = "customer_id",
    timestamp: str = "timestamp",
    date_format: str | None = None,
    dayfirst: bool | None = None,
    end: Any = None,
    max_months: int | None = None,
    confidence: Any = 0.95,
    method: Any = "wilson",
    min_n: Any = 30,
) -> pd.DataFrame:
    r"""Tabulate each cohort cell's share ordering, with its interval: :func:`cohort_table` long.

    A cohort of 20 customers of whom 4 ordered in month 2 shows 20 %, but its 95 % Wilson interval
    runs from 8 % to 42 %: read small cells with their intervals, not as exact.

    Parameters
    ----------
    orders : pandas.DataFrame
        One row per order.
    customer, timestamp, date_format, dayfirst, end, max_months
        As for :func:`cohort_table`.
    confidence : float, default 0.95
    method : str, default "wilson"
        A method for a proportion (:func:`cxkit.stats.methods_for`).
    min_n : int, default 30
        Cohorts with fewer customers are flagged ``too_small``.

    Returns
    -------
    pandas.DataFrame
        One row per observed cell, indexed by (``cohort``, ``month``), months from 1 (month 0 is
        100 % by construction); the columns of :func:`cxkit.stats.rate_table` (``value`` the
        percent of the cohort ordering in that month, ``n`` the cohort's size, ``low``, ``high``,
        ``moe``, ``too_small``, ``method``, ``confidence``, ``count`` those who ordered).

    Raises
    ------
    CXDataError
        As :func:`cohort_table`.
    CXConfigError
        A bad ``confidence``, ``method`` or ``min_n``.

    Notes
    -----
    Each cell is a proportion :math:`x_{c,k}/|c|` of the cohort's customers, with the Wilson
    (1927) interval by default; the cells of one cohort share its customers, so they are not
    independent of each other.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b", "c"],
    ...     "timestamp": ["2024-01-03", "2024-02-10", "2024-01-20", "2024-02-02"]})
    >>> cohort_rates(orders)[["value", "n", "low", "high", "too_small", "count"]].round(1)
    ... # doctest: +NORMALIZE_WHITESPACE
                   value  n  low  high  too_small  count
    cohort  month
    2024-01 1       50.0  2  9.5  90.5       True      1
    """
    import pandas as pd

    check_rate_options(confidence=confidence, method=method, min_n=min_n)
    counts = cohort_table(
        orders,
        customer=customer,
        timestamp=timestamp,
        date_format=date_format,
        dayfirst=dayfirst,
        values="count",
        end=end,
        max_months=max_months,
    )
    wide = counts.drop(columns=["customers", 0]).reset_index()
    cells = wide.melt(id_vars="cohort", var_name="month", value_name="count").dropna(subset=["count"])
    cells = cells.sort_values(["cohort", "month"], kind="stable")
    size = counts["customers"].reindex(cells["cohort"]).to_numpy()
    index = pd.MultiIndex.from_arrays(
        [cells["cohort"], cells["month"].astype(int)], names=["cohort", "month"]
    )
    table = rate_table(
        cells["count"].to_numpy(),
        size,
        index=index,
        confidence=confidence,
        method=method,
        min_n=min_n,
    )
    table["count"] = table["count"].astype(int)
    return table


@style.plotting
def plot_cohort_table(
    table: pd.DataFrame, *, ax: Any = None, title: str | None = None, annotate: bool = True
) -> Any:
    """Draw a cohort table as a heat map (cohorts down, months since the first order across).

    Drawn in the course style inside :func:`cxkit.style.context`: the session's matplotlib
    settings are the same after the call.

    Parameters
    ----------
    table : pandas.DataFrame
        The result of :func:`cohort_table` (either ``values``).
    ax : matplotlib Axes, optional
        Where to draw; a new course-style figure by default.
    title : str, optional
        The title (default: says what the cells are).
    annotate : bool, default True
        Write each cell's value in it (rounded), so the figure does not rely on colour alone.

    Returns
    -------
    matplotlib.figure.Figure
        The figure.

    Raises
    ------
    CXDataError
        If ``table`` does not have the ``customers`` column of a cohort table.

    Examples
    --------
    >>> import pandas as pd
    >>> orders = pd.DataFrame({"customer_id": ["a", "a", "b"],
    ...     "timestamp": ["2024-01-03", "2024-02-10", "2024-02-02"]})
    >>> fig = plot_cohort_table(cohort_table(orders))
    >>> fig.axes[0].get_xlabel()
    'Months since first order'
    """
    import matplotlib.pyplot as plt

    if "customers" not in getattr(table, "columns", []):
        raise CXDataError(
            "not a cohort table", column="customers", expected="the result of cohort_table(...)"
        )
    body = table.drop(columns="customers")
    data = body.to_numpy(dtype=float)
    is_rate = bool(np.nanmax(data[:, 0]) <= 100.0 + 1e-9) and np.allclose(
        data[:, 0][~np.isnan(data[:, 0])], 100.0
    )
    if ax is None:
        height = min(9.0, max(3.5, 0.38 * len(body) + 1.8))
        fig, ax = plt.subplots(figsize=(style.FIGURE_WIDTH_IN, height))
    else:
        fig = ax.figure
    # Month 0 is 100 % by construction: leave it out of the colour scale so later months show.
    shown = data.copy()
    vmax = np.nanmax(shown[:, 1:]) if shown.shape[1] > 1 and np.isfinite(shown[:, 1:]).any() else 1.0
    image = ax.imshow(
        np.ma.masked_invalid(shown),
        aspect="auto",
        cmap="cividis",
        vmin=0,
        vmax=max(vmax, 1e-9),
        interpolation="nearest",
    )
    ax.grid(False)
    ax.set_xticks(range(body.shape[1]), [str(c) for c in body.columns])
    ylabels = [f"{c} (n={n:,})" for c, n in zip(table.index, table["customers"], strict=True)]
    ax.set_yticks(range(len(body)), ylabels)
    ax.set_xlabel("Months since first order")
    ax.set_ylabel("Cohort (first order)")
    unit = "% of the cohort ordering" if is_rate else "customers ordering"
    ax.set_title(title or f"Acquisition cohorts: {unit} in each month")
    if annotate and body.shape[1] <= 26:
        for i in range(data.shape[0]):
            for j in range(data.shape[1]):
                if np.isfinite(data[i, j]):
                    light = data[i, j] > 0.6 * vmax
                    ax.text(
                        j,
                        i,
                        f"{data[i, j]:.0f}",
                        ha="center",
                        va="center",
                        fontsize=style.MIN_FONT_PT,
                        color="black" if light else "white",
                    )
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("%" if is_rate else "customers")
    return fig
