"""Expected answers of exercise 08 (solutions/08-cx-metrics-ii.ipynb).

Each function computes its expected value from the course data with :mod:`cxkit.retention` and
:mod:`cxkit.clv`; the ``mistakes`` recompute the typical wrong answers the way the mistake does.
"""

from __future__ import annotations

from typing import Any

from cxkit.course.answers import _load, question

_MODULE = "Module 08 shows the method in its section"


def _b2b_orders() -> Any:
    customers = _load("customers")
    orders = _load("orders")
    b2b = customers.loc[customers["segment"] == "B2B", "customer_id"]
    return orders[orders["customer_id"].isin(b2b)]


@question(
    "08.q1",
    kind="percent",
    abs_tol=0.05,
    prompt="Repeat-purchase rate of business (B2B) customers, in percent",
    hints=(
        "Keep the orders of customers whose segment is B2B, then count customers who bought on at "
        "least two different days.",
        "Two orders on the same day are one purchase.",
        f"{_MODULE} *Retention and churn rates* (repeat_purchase_rate).",
    ),
    mistakes={
        "You counted two orders on the same day as a repeat purchase; count purchase days.": lambda: (
            100 * float((_b2b_orders().groupby("customer_id").size() >= 2).mean())
        ),
    },
)
def _b2b_repeat() -> float:
    from cxkit.retention import repeat_purchase_rate

    return repeat_purchase_rate(_b2b_orders()).value


def _all_cohorts() -> Any:
    from cxkit.retention import cohort_table

    return cohort_table(_load("orders"), max_months=3)


def _app_cohorts() -> Any:
    from cxkit.retention import cohort_table

    customers = _load("customers")
    orders = _load("orders")
    app = customers.loc[customers["acquisition_channel"] == "app", "customer_id"]
    return cohort_table(orders[orders["customer_id"].isin(app)], max_months=3)


@question(
    "08.q2",
    kind="percent",
    abs_tol=0.05,
    prompt="Month-2 rate of the March 2025 cohort in the table of ALL customers, in percent",
    hints=(
        "Build the cohort table of every order (no filter on the acquisition channel).",
        "Month 2 is the column 2: the second month after the month of the first order (May 2025).",
        f"{_MODULE} *Cohort tables*.",
    ),
    mistakes={
        "You used the app customers only; this question asks about all customers.": lambda: float(
            _app_cohorts().loc["2025-03", 2]
        ),
        "You read month 1 (April); month 2 is May 2025.": lambda: float(_all_cohorts().loc["2025-03", 1]),
    },
)
def _march_month2() -> float:
    return float(_all_cohorts().loc["2025-03", 2])


def _b2b_inputs(vat: float = 0.20) -> tuple[float, float, float]:
    o = _b2b_orders()
    o = o.assign(value=o["value"] / (1 + vat))  # order values without VAT (module 08's convention)
    o24 = o[o["timestamp"].dt.year == 2024]
    o25 = o[o["timestamp"].dt.year == 2025]
    aov = float(o25["value"].mean())  # over the orders of the year the frequency is taken from
    kept = float(o24["customer_id"].drop_duplicates().isin(o25["customer_id"]).mean())
    freq = float(o25.groupby("customer_id").size().mean())
    return aov, freq, kept


@question(
    "08.q3",
    kind="number",
    abs_tol=1.0,
    prompt="Simple CLV of a B2B customer (EUR, 30% margin, 10% discount rate)",
    hints=(
        "Use the B2B orders without VAT (value / 1.2) for all three inputs: average order value of "
        "2025's orders, orders per 2025 buyer in 2025, and the share of 2024 buyers who bought in 2025.",
        "simple_clv(aov, frequency, retention=..., margin=0.3, discount_rate=0.1).",
        f"{_MODULE} *The simple CLV formula*.",
    ),
    mistakes={
        "You left out the discounting (discount_rate=0).": lambda: _simple_b2b(discount_rate=0.0),
        "You used the inputs of all customers, not of the B2B ones.": lambda: _simple_all(),
        "You kept the 20% VAT in the order values (divide them by 1.2).": lambda: _simple_b2b(vat=0.0),
    },
)
def _b2b_clv() -> float:
    return _simple_b2b()


def _simple_b2b(discount_rate: float = 0.1, vat: float = 0.20) -> float:
    from cxkit.clv import simple_clv

    aov, freq, kept = _b2b_inputs(vat)
    return simple_clv(aov, freq, retention=kept, margin=0.3, discount_rate=discount_rate)


def _simple_all() -> float:
    from cxkit.clv import simple_clv

    o = _load("orders")
    o = o.assign(value=o["value"] / 1.2)
    o24 = o[o["timestamp"].dt.year == 2024]
    o25 = o[o["timestamp"].dt.year == 2025]
    kept = float(o24["customer_id"].drop_duplicates().isin(o25["customer_id"]).mean())
    freq = float(o25.groupby("customer_id").size().mean())
    return simple_clv(float(o25["value"].mean()), freq, retention=kept, margin=0.3, discount_rate=0.1)


def _summary() -> Any:
    from cxkit.clv import rfm_summary

    return rfm_summary(_load("orders"), calibration_end="2025-06-30", observation_end="2025-12-31")


def _bg() -> Any:
    from cxkit.clv import BetaGeo

    s = _summary()
    return BetaGeo().fit(s["frequency"], s["recency"], s["T"])


@question(
    "08.q4",
    kind="number",
    abs_tol=1.0,
    prompt="Purchases the BG/NBD model expects from B2B customers in the holdout period",
    hints=(
        "Fit BetaGeo on all customers' calibration summary (to 2025-06-30), then sum "
        "conditional_expected_purchases over the B2B customers.",
        "The holdout lasts duration_holdout weeks; use each customer's own history.",
        f"{_MODULE} *BG/NBD and Gamma-Gamma on Larkspur's customers*.",
    ),
    mistakes={
        "You used expected_purchases (a brand-new customer) instead of each customer's history.": lambda: (
            _b2b_count() * _bg().expected_purchases(float(_summary()["duration_holdout"].iloc[0]))
        ),
    },
)
def _b2b_expected() -> float:
    s = _b2b_summary()
    return float(
        _bg()
        .conditional_expected_purchases(s["duration_holdout"].iloc[0], s["frequency"], s["recency"], s["T"])
        .sum()
    )


def _b2b_summary() -> Any:
    s = _summary()
    customers = _load("customers").set_index("customer_id")
    return s[customers["segment"].reindex(s.index) == "B2B"]


def _b2b_count() -> int:
    return len(_b2b_summary())


# Task 6 (transfer): reading P(alive) for two customers, and choosing a stratified over a pooled fit.


def _calibration() -> Any:
    from cxkit.clv import rfm_summary

    return rfm_summary(_load("orders"), calibration_end="2025-06-30", observation_end="2025-12-31")


def _fit(summary: Any) -> Any:
    from cxkit.clv import BetaGeo

    return BetaGeo().fit(summary["frequency"], summary["recency"], summary["T"])


@question(
    "08.q21",
    kind="choice",
    choices=("A", "B"),
    prompt="Of the two customers of the case, which one has probably left (the lower P(alive))?",
    hints=(
        "P(alive) falls with the silence since the last purchase, measured against how often the "
        "customer used to buy.",
        "A frequent buyer silent for a long time is more suspicious than a rare buyer silent as long.",
        f"{_MODULE} 'BG/NBD and Gamma-Gamma on Larkspur's customers'.",
    ),
)
def _lower_alive() -> str:
    from cxkit.course.tasks import case

    c = case("08.two-customers")
    bg = _fit(_calibration())
    alive = {
        k: float(bg.conditional_probability_alive(c[k]["frequency"], c[k]["recency"], c[k]["T"]))
        for k in ("A", "B")
    }
    return min(alive, key=alive.__getitem__)


def _pooled_error(segment: str) -> float:
    """Return the pooled fit's holdout forecast error for one segment, in % of its real purchases."""
    customers = _load("customers")
    ids = set(customers.loc[customers["segment"] == segment, "customer_id"])
    summary = _calibration()
    part = summary[summary.index.isin(ids)]
    bg = _fit(summary)
    expected = bg.conditional_expected_purchases(
        part["duration_holdout"].iloc[0], part["frequency"], part["recency"], part["T"]
    ).sum()
    actual = float(part["frequency_holdout"].sum())
    return 100 * (float(expected) - actual) / actual


@question(
    "08.q22",
    kind="choice",
    choices=("pooled", "stratified"),
    prompt="Value customers with one BG/NBD fitted on everyone (pooled), or segment by segment (stratified)?",
    hints=(
        "Fit the pooled model once and compare its holdout forecast with the real holdout purchases, "
        "segment by segment (B2B, B2C).",
        "A model pooled over segments that buy at very different rates is pulled towards the larger segment.",
        f"{_MODULE} 'BG/NBD and Gamma-Gamma on Larkspur's customers'.",
    ),
)
def _stratify() -> str:
    # A pooled model that over-forecasts one segment and under-forecasts the other is averaging two
    # different populations: stratify (fit and value each segment on its own, or with the segment
    # as a covariate).
    b2b, b2c = _pooled_error("B2B"), _pooled_error("B2C")
    return "stratified" if b2b * b2c < 0 else "pooled"
