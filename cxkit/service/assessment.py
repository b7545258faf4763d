r"""The team self-assessment: a Likert questionnaire on the seven principles, scored with its uncertainty.

Each member of a team answers every statement of the questionnaire (``questionnaire.yaml``: two
statements per principle, 1 = strongly disagree ... 5 = strongly agree). A rater's score on a
principle is the mean of their answers to its statements; the team's score is the mean over raters,
with a Student *t* interval because a team has few raters; the overall score is the mean of each
rater's seven principle scores, treated the same way.

>>> import pandas as pd
>>> from cxkit.service import self_assessment
>>> answers = pd.DataFrame({i: [4, 5, 3] for i in load_questionnaire().item_ids})
>>> r = self_assessment(answers)
>>> float(r.loc["overall", "score"]), int(r.loc["overall", "n_raters"])
(4.0, 3)
"""

from __future__ import annotations

import math
import numbers
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats.checks import check_confidence

__all__ = [
    "QUESTIONNAIRE_PATH",
    "Question",
    "Questionnaire",
    "compare_assessments",
    "example_answers",
    "load_questionnaire",
    "plot_self_assessment",
    "self_assessment",
    "self_assessment_alt",
]

#: The course's questionnaire.
QUESTIONNAIRE_PATH = Path(__file__).with_name("questionnaire.yaml")
#: The worked example of module 06: a support team's answers in March and in June.
EXAMPLE_PATH = Path(__file__).with_name("example_teams.yaml")


@dataclass(frozen=True)
class Question:
    """One statement of the questionnaire: its id, the principle it scores and its text."""

    id: str
    principle: str
    text: str


@dataclass(frozen=True)
class Questionnaire:
    """A Likert questionnaire: the answer scale and the statements, each tied to a principle."""

    scale_min: int
    scale_max: int
    labels: tuple[str, ...]
    items: tuple[Question, ...]

    @property
    def item_ids(self) -> list[str]:
        """The statements' ids, in questionnaire order."""
        return [q.id for q in self.items]

    @property
    def principles(self) -> list[str]:
        """The principles scored, in questionnaire order (each once)."""
        return list(dict.fromkeys(q.principle for q in self.items))


def load_questionnaire(path: str | Path | None = None) -> Questionnaire:
    """Read and check a questionnaire YAML file (default: the course's ``questionnaire.yaml``).

    Every item needs ``id``, ``principle`` (an id of a principle in the framework) and ``text``;
    the scale needs ``min`` < ``max`` and one label per point.

    Raises
    ------
    CXFileNotFoundError
        The file does not exist.
    CXDataError
        A missing field, an unknown principle, a duplicate id or a scale whose labels do not match.

    Examples
    --------
    >>> q = load_questionnaire()
    >>> q.scale_min, q.scale_max, len(q.items), len(q.principles)
    (1, 5, 14, 7)
    """
    return _load(QUESTIONNAIRE_PATH if path is None else Path(path))


@lru_cache(maxsize=8)
def _load(p: Path) -> Questionnaire:
    import yaml

    from cxkit.errors import CXFileNotFoundError
    from cxkit.service.excellence import framework

    if not p.is_file():
        raise CXFileNotFoundError(f"No questionnaire file at {p}.")
    raw = yaml.safe_load(p.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or "scale" not in raw or "items" not in raw:
        raise CXDataError("missing sections", dataset=p.name, expected="the sections scale and items")
    sc = raw["scale"]
    lo, hi, labels = sc.get("min"), sc.get("max"), sc.get("labels")
    if not (isinstance(lo, int) and isinstance(hi, int) and lo < hi) or len(labels or []) != hi - lo + 1:
        raise CXDataError(
            "bad answer scale",
            dataset=p.name,
            column="scale",
            value=f"min {lo}, max {hi}, {len(labels or [])} labels",
            expected="whole numbers min < max and one label per point",
        )
    known = {pr.id for pr in framework().principles}
    items = []
    for k, it in enumerate(raw["items"]):
        if not isinstance(it, dict) or sorted(it) != ["id", "principle", "text"]:
            raise CXDataError("wrong fields", dataset=p.name, row=k, expected="id, principle and text")
        if it["principle"] not in known:
            raise CXDataError(
                "unknown principle",
                dataset=p.name,
                column="principle",
                row=it["id"],
                value=it["principle"],
                expected="one of " + ", ".join(sorted(known)),
            )
        items.append(Question(str(it["id"]), str(it["principle"]), " ".join(str(it["text"]).split())))
    ids = [q.id for q in items]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise CXDataError("item id used twice", dataset=p.name, column="id", value=dup, expected="unique ids")
    return Questionnaire(lo, hi, tuple(str(x) for x in labels), tuple(items))


def example_answers(round: str = "March") -> Any:
    """Return the answers of module 06's example team (six agents) in ``"March"`` or ``"June"``.

    >>> example_answers("June").shape
    (6, 14)
    """
    import pandas as pd
    import yaml

    raw = yaml.safe_load(EXAMPLE_PATH.read_text(encoding="utf-8"))
    if round not in raw:
        raise CXConfigError(f"round must be one of {', '.join(repr(k) for k in raw)}; got {round!r}.")
    table = pd.DataFrame(raw[round], index=pd.RangeIndex(1, len(raw[round]) + 1, name="rater"))
    _answers_table(table, load_questionnaire())
    return table


def _questionnaire(questionnaire: Any) -> Questionnaire:
    if questionnaire is None:
        return load_questionnaire()
    if isinstance(questionnaire, Questionnaire):
        return questionnaire
    if isinstance(questionnaire, str | Path):
        return load_questionnaire(questionnaire)
    raise CXConfigError(
        f"questionnaire must be None (the course's), a Questionnaire or a path to a YAML file; "
        f"got {type(questionnaire).__name__}."
    )


def _answers_table(answers: Any, q: Questionnaire) -> Any:
    """Check the answers and return them as a float DataFrame (rows: raters; columns: item ids)."""
    import pandas as pd

    if isinstance(answers, dict):
        answers = pd.DataFrame([answers])
    if not isinstance(answers, pd.DataFrame):
        raise CXDataError(
            "answers must be a table",
            dataset="answers",
            value=type(answers).__name__,
            expected="a DataFrame (one row per rater, one column per item) or a dict item -> answer",
        )
    if len(answers) == 0:
        raise CXDataError("no raters", dataset="answers", expected="at least one row of answers")
    ids = q.item_ids
    extra = [c for c in answers.columns if c not in ids]
    if extra:
        raise CXDataError(
            "not an item of the questionnaire",
            dataset="answers",
            column=str(extra[0]),
            expected="the item ids " + ", ".join(ids),
        )
    expected = f"a whole number from {q.scale_min} to {q.scale_max}"
    for item in ids:
        if item not in answers.columns:
            raise CXDataError("missing answer: no column for this item", column=item, expected=expected)
    block = answers[ids]
    if all(pd.api.types.is_integer_dtype(t) and not pd.api.types.is_bool_dtype(t) for t in block.dtypes):
        values = block.to_numpy(dtype=float, na_value=float("nan"))
        if ((values >= q.scale_min) & (values <= q.scale_max)).all():  # NaN fails this test too
            return block.astype(float)
    for item in ids:  # the slow path finds the first offending answer
        for label, v in answers[item].items():
            if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
                raise CXDataError("missing answer", column=item, row=label, expected=expected)
            ok = (
                isinstance(v, numbers.Real)
                and not isinstance(v, bool)
                and float(v).is_integer()
                and q.scale_min <= float(v) <= q.scale_max
            )
            if not ok:
                raise CXDataError("answer out of range", column=item, row=label, value=v, expected=expected)
    return answers[ids].astype(float)


def _rater_scores(answers: Any, q: Questionnaire) -> Any:
    """One row per rater, one column per principle (the mean of its items) plus ``overall``."""
    table = _answers_table(answers, q)
    by_principle = {p: [it.id for it in q.items if it.principle == p] for p in q.principles}
    scores = table[[]].copy()
    for p, items in by_principle.items():
        scores[p] = table[items].mean(axis=1)
    scores["overall"] = scores[q.principles].mean(axis=1)
    return scores


def self_assessment(answers: Any, questionnaire: Any = None, *, confidence: float = 0.95) -> Any:
    r"""Score a team's self-assessment: the mean per principle and overall, with a *t* interval.

    Rater :math:`r`'s score on principle :math:`p` is the mean of their answers to its :math:`k_p`
    statements, :math:`s_{rp} = \frac{1}{k_p}\sum_{i \in p} a_{ri}`; their overall score is the mean
    of their principle scores. The team's score is the mean over the :math:`n` raters,
    :math:`\bar s_p = \frac1n \sum_r s_{rp}`, with the Student *t* interval
    :math:`\bar s_p \pm t_{1-\alpha/2,\,n-1}\, \mathrm{sd}_p/\sqrt n` (``cxkit.stats.intervals.mean_t``,
    quantile from ``scipy.stats.t``). The raters are the sample: a team of five is a small sample of
    the views it could hold, so the interval is wide; with one rater it is undefined (NaN).

    Parameters
    ----------
    answers : DataFrame or dict
        One row per rater and one column per item id (``cc1``, ``cc2``, ...), each a whole number on
        the questionnaire's scale; or a dict ``{item: answer}`` for a single rater.
    questionnaire : Questionnaire or path, optional
        Default: the course's (``load_questionnaire()``).
    confidence : float, default 0.95
        The interval's confidence level.

    Returns
    -------
    DataFrame
        Indexed by principle id, then ``overall``; columns ``name``, ``score`` (mean on the answer
        scale), ``n_raters``, ``n_items``, ``sd`` (between raters), ``low``, ``high``.

    Raises
    ------
    CXDataError
        A missing item column, a blank answer, an answer off the scale or not a whole number, or a
        column that is not an item; the message names the item (and the rater's row).
    CXConfigError
        A bad ``confidence`` or ``questionnaire``.

    Notes
    -----
    Scoring items by their mean (not their sum) keeps every score on the answer scale (1-5), so
    principles with different numbers of statements compare directly. Likert answers are ordinal;
    treating their mean as a number is the usual practice for multi-item scales (Sauro & Lewis
    2016) and is stated here so a reader can disagree.

    References
    ----------
    Sauro, J. & Lewis, J. R. (2016). *Quantifying the User Experience* (2nd ed.), chapters 3 and 9.
    Morgan Kaufmann. Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1-25.

    Examples
    --------
    Three raters answer the two customer-centricity statements 4/4, 5/4 and 3/2 (and 4 elsewhere):
    their customer-centricity scores are 4, 4.5 and 2.5: mean 3.67, sd 1.04, and with
    :math:`t_{0.975,2} = 4.303` the interval is 3.67 ± 4.303 × 1.04/√3 = 3.67 ± 2.59.

    >>> import pandas as pd
    >>> ids = load_questionnaire().item_ids
    >>> a = pd.DataFrame({i: [4, 4, 4] for i in ids})
    >>> a["cc1"], a["cc2"] = [4, 5, 3], [4, 4, 2]
    >>> r = self_assessment(a)
    >>> cc = r.loc["customer_centricity"]
    >>> round(float(cc["score"]), 4), int(cc["n_raters"]), int(cc["n_items"])
    (3.6667, 3, 2)
    >>> round(float(cc["low"]), 2), round(float(cc["high"]), 2)
    (1.08, 6.25)
    """
    import numpy as np
    import pandas as pd

    from cxkit.service.excellence import framework
    from cxkit.stats.intervals import mean_t

    confidence = check_confidence(confidence)
    q = _questionnaire(questionnaire)
    scores = _rater_scores(answers, q)
    n = len(scores)
    total = scores.sum().to_numpy()
    total_sq = (scores**2).sum().to_numpy()
    low, high, _se = mean_t(np.full(len(total), n), total, total_sq, confidence=confidence)
    names = {p.id: p.name for p in framework().principles}
    n_items = {p: sum(it.principle == p for it in q.items) for p in q.principles}
    out = pd.DataFrame(
        {
            "name": [names.get(p, p) for p in scores.columns[:-1]] + ["Overall"],
            "score": scores.mean().to_numpy(),
            "n_raters": n,
            "n_items": [n_items[p] for p in scores.columns[:-1]] + [len(q.items)],
            "sd": scores.std(ddof=1).to_numpy() if n > 1 else np.nan,
            "low": low,
            "high": high,
        },
        index=pd.Index(list(scores.columns), name="principle"),
    )
    return out


def compare_assessments(
    a: Any,
    b: Any,
    questionnaire: Any = None,
    *,
    confidence: float = 0.95,
    names: tuple[str, str] = ("A", "B"),
) -> Any:
    r"""Compare two self-assessments (two teams, or one team on two dates): ``a - b`` per principle.

    For each principle the raters' scores of the two groups are compared with Welch's two-sample
    *t* interval (``scipy.stats.ttest_ind(..., equal_var=False).confidence_interval``):

    .. math::

        \bar s_a - \bar s_b \pm t_{1-\alpha/2,\,\nu}
        \sqrt{\frac{\mathrm{sd}_a^2}{n_a} + \frac{\mathrm{sd}_b^2}{n_b}}, \qquad
        \nu = \frac{(v_a + v_b)^2}{v_a^2/(n_a-1) + v_b^2/(n_b-1)},\; v = \mathrm{sd}^2/n .

    The groups are treated as independent samples of raters. For the same people on two dates a
    paired comparison would be narrower; with teams that change between dates, independent is the
    safe choice. With fewer than two raters in a group the interval is NaN.

    Parameters
    ----------
    a, b : DataFrame or dict
        The two groups' answers (see :func:`self_assessment`).
    questionnaire : Questionnaire or path, optional
        Default: the course's.
    confidence : float, default 0.95
    names : tuple of two str, default ("A", "B")
        The groups' names, used in the columns ``score_<name>``.

    Returns
    -------
    DataFrame
        Indexed by principle then ``overall``; columns ``name``, ``score_<a>``, ``score_<b>``,
        ``n_<a>``, ``n_<b>``, ``difference``, ``low``, ``high``, ``p_value`` (Welch's test).

    Raises
    ------
    CXDataError
        Bad answers in either group (the message names the item).
    CXConfigError
        A bad ``confidence`` or ``names``.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different population
    variances are involved. *Biometrika*, 34(1/2), 28-35.

    Examples
    --------
    >>> import pandas as pd
    >>> ids = load_questionnaire().item_ids
    >>> before = pd.DataFrame({i: [3, 3, 2, 4] for i in ids})
    >>> after = pd.DataFrame({i: [4, 5, 4, 4] for i in ids})
    >>> c = compare_assessments(after, before, names=("June", "March"))
    >>> c.loc["overall", ["score_June", "score_March", "difference"]].tolist()
    [4.25, 3.0, 1.25]
    >>> round(float(c.loc["overall", "low"]), 2), round(float(c.loc["overall", "high"]), 2)
    (0.02, 2.48)
    """
    import pandas as pd
    from scipy import stats

    confidence = check_confidence(confidence)
    if (
        not isinstance(names, tuple | list)
        or len(names) != 2
        or not all(isinstance(x, str) and x for x in names)
        or names[0] == names[1]
    ):
        raise CXConfigError(
            f"names must be two different non-empty texts, e.g. ('June', 'March'); got {names!r}."
        )
    q = _questionnaire(questionnaire)
    sa, sb = _rater_scores(a, q), _rater_scores(b, q)
    ra = self_assessment(a, q, confidence=confidence)
    na, nb = names
    rows = []
    for p in sa.columns:
        x, y = sa[p].to_numpy(), sb[p].to_numpy()
        low = high = p_value = float("nan")
        if len(x) >= 2 and len(y) >= 2 and (x.std() > 0 or y.std() > 0):
            with warnings.catch_warnings():  # a group with no spread is fine: Welch uses the other's
                warnings.simplefilter("ignore", RuntimeWarning)
                res = stats.ttest_ind(x, y, equal_var=False)
                ci = res.confidence_interval(confidence)
            low, high, p_value = float(ci.low), float(ci.high), float(res.pvalue)
        elif len(x) >= 2 and len(y) >= 2:  # no spread at all: the difference is exact
            low = high = float(x.mean() - y.mean())
        rows.append(
            {
                "name": ra.loc[p, "name"],
                f"score_{na}": float(x.mean()),
                f"score_{nb}": float(y.mean()),
                f"n_{na}": len(x),
                f"n_{nb}": len(y),
                "difference": float(x.mean() - y.mean()),
                "low": low,
                "high": high,
                "p_value": p_value,
            }
        )
    return pd.DataFrame(rows, index=pd.Index(list(sa.columns), name="principle"))


def plot_self_assessment(result: Any, *, ax: Any = None, title: str | None = None) -> Any:
    """Draw a self-assessment (from :func:`self_assessment`) as horizontal bars with their intervals.

    One bar per principle and one for the overall score, on the answer scale (1 to 5), each labelled
    with its score; the *t* interval is drawn as a black line where it is defined (two raters or
    more) and cut at the scale's ends. Returns the Figure (with ``ax`` given, its figure, whose
    layout is left to the caller).

    >>> import pandas as pd
    >>> ids = load_questionnaire().item_ids
    >>> fig = plot_self_assessment(self_assessment(pd.DataFrame({i: [4, 3] for i in ids})))
    >>> fig.axes[0].get_xlabel()
    'Team score (1 = strongly disagree, 5 = strongly agree)'
    """
    import numpy as np
    from matplotlib.figure import Figure

    from cxkit import style

    own = ax is None
    if ax is None:
        fig = Figure(figsize=(style.FIGURE_WIDTH_IN, 5.6), dpi=100)
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    res = result.iloc[::-1]
    y = np.arange(len(res))
    colors = [style.PALETTE["orange"] if i == "overall" else style.PALETTE["blue"] for i in res.index]
    ax.barh(y, res["score"] - 1, left=1, color=colors, height=0.6)
    lo = res["low"].clip(lower=1, upper=5)
    hi = res["high"].clip(lower=1, upper=5)
    ok = lo.notna().to_numpy()
    if ok.any():
        ax.errorbar(
            res["score"][ok],
            y[ok],
            xerr=[(res["score"] - lo)[ok], (hi - res["score"])[ok]],
            fmt="none",
            ecolor="black",
            capsize=4,
            linewidth=1.5,
        )
    for yi, s, idx in zip(y, res["score"], res.index, strict=True):
        ink = "black" if idx == "overall" else "white"  # black on orange, white on blue: both AA contrast
        ax.text(1.05, yi, f"{s:.1f}", va="center", ha="left", color=ink, fontsize=13, fontweight="bold")
    ax.set_yticks(y, res["name"])
    ax.set_xlim(1, 5.1)  # room for an interval's cap at 5
    ax.set_xticks([1, 2, 3, 4, 5])
    ax.set_xlabel("Team score (1 = strongly disagree, 5 = strongly agree)")
    n = int(res["n_raters"].iloc[0])
    lines = "; lines: 95% interval" if ok.any() else ""
    ax.set_title(
        title or f"Team self-assessment: score per principle ({n} rater{'s' if n != 1 else ''}{lines})"
    )
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    ax.spines[["top", "right"]].set_visible(False)
    if own:  # a figure passed in keeps its caller's layout
        fig.tight_layout()
    return fig


def self_assessment_alt(result: Any) -> str:
    """Alt text for :func:`plot_self_assessment`: the highest and lowest principle and the overall score."""
    body = result.drop(index="overall")
    top, bottom = body["score"].idxmax(), body["score"].idxmin()
    n = int(result["n_raters"].iloc[0])
    return (
        f"Bar chart of a team self-assessment by {n} rater{'s' if n != 1 else ''} on a 1-5 scale: "
        f"highest {body.loc[top, 'name']} at {body.loc[top, 'score']:.1f}, lowest "
        f"{body.loc[bottom, 'name']} at {body.loc[bottom, 'score']:.1f}; overall "
        f"{result.loc['overall', 'score']:.1f}."
    )
