"""Expected answers of exercise 07 (solutions/07-cx-metrics.ipynb): NPS, CSAT and their uncertainty.

Each function computes its expected value from the course data with :mod:`cxkit.metrics`;
``tests/test_answers_07.py`` recomputes every one independently with plain pandas.
"""

from __future__ import annotations

from cxkit.course.answers import _load, question


def _answered():
    surveys = _load("surveys")
    return surveys[surveys["responded"].astype(bool)]


@question(
    "07.q1",
    kind="number",
    abs_tol=0.05,
    prompt="Overall NPS of the answered surveys, in points",
    hints=(
        "NPS = % promoters (9-10) minus % detractors (0-6), among the customers who answered the NPS question.",
        "Keep the rows where responded is True, then nps(answered['nps'], dropna=True).value: "
        "dropna=True leaves out those who skipped the question.",
    ),
)
def _overall_nps() -> float:
    from cxkit.metrics import nps

    return float(nps(_answered()["nps"], dropna=True).value)


@question(
    "07.q2",
    kind="number",
    abs_tol=0.05,
    prompt="95% margin of error (Wald) of the overall NPS, in points",
    hints=(
        "The margin of error is half the width of the 95% confidence interval, in NPS points.",
        "With p and d the promoter and detractor shares: 100 * 1.96 * sqrt(((p + d) - (p - d)**2) / n); "
        "or the .moe of the result of nps(...).",
    ),
)
def _overall_moe() -> float:
    from cxkit.metrics import nps

    return float(nps(_answered()["nps"], dropna=True).moe)


@question(
    "07.q3",
    kind="number",
    abs_tol=0.05,
    prompt="NPS of B2B minus NPS of B2C (answered surveys), in points",
    hints=(
        "Compute the NPS of each segment separately, then subtract: B2B minus B2C (the order sets the sign).",
        "compare_nps(b2b_scores, b2c_scores, dropna=True).value gives the difference a - b directly.",
    ),
)
def _b2b_minus_b2c() -> float:
    from cxkit.metrics import compare_nps

    answered = _answered()
    b2b = answered.loc[answered["segment"] == "B2B", "nps"]
    b2c = answered.loc[answered["segment"] == "B2C", "nps"]
    return float(compare_nps(b2b, b2c, dropna=True).value)


@question(
    "07.q4",
    kind="percent",
    abs_tol=0.05,
    prompt="Percent of answered surveys about the delivery touchpoint after a late delivery that are detractors",
    hints=(
        "Keep the answered surveys about the delivery touchpoint (touchpoint == 'delivery'): only they can reflect "
        "the parcel's arrival. Join them to the orders on order_id; a delivery is late when "
        "delivered_date > promised_date (orders never delivered have no delivered_date and are left out).",
        "Among the late ones with an NPS answer, a detractor scored 0 to 6: take (nps <= 6).mean() * 100, "
        "or the 'detractors' share of nps(...).shares.",
    ),
)
def _late_detractor_pct() -> float:
    from cxkit.metrics import nps

    orders = _load("orders")[["order_id", "promised_date", "delivered_date"]]
    answered = _answered()
    d = answered[answered["touchpoint"] == "delivery"].merge(orders, on="order_id")
    d = d[d["delivered_date"].notna() & d["nps"].notna()]
    late = d.loc[d["delivered_date"] > d["promised_date"], "nps"]
    return float(nps(late).shares["detractors"])


@question(
    "07.q5",
    kind="percent",
    abs_tol=0.05,
    prompt="CSAT (% satisfied, top-two box) of surveys about the support_phone touchpoint",
    hints=(
        "CSAT is the share of answers that are 4 or 5 on the 1-5 scale, among those who answered the CSAT question.",
        "Filter the answered surveys to touchpoint == 'support_phone', then csat(scores, dropna=True).value.",
    ),
)
def _csat_support_phone() -> float:
    from cxkit.metrics import csat

    answered = _answered()
    return float(csat(answered.loc[answered["touchpoint"] == "support_phone", "csat"], dropna=True).value)
