r"""The team self-assessments: a Likert questionnaire scored per principle or dimension, with its uncertainty.

Each member of a team answers every statement of the questionnaire (``questionnaire.yaml``: two
statements per principle, 1 = strongly disagree ... 5 = strongly agree). A rater's score on a
principle is the mean of their answers to its statements; the team's score is the mean over raters,
with a Student *t* interval because a team has few raters; the overall score is the mean of each
rater's seven principle scores, treated the same way.

The same machinery scores any questionnaire of that shape: module 10's CX maturity self-assessment
(``maturity.yaml``: six dimensions, strategy to culture, each with five described levels) is loaded
by :func:`maturity_questionnaire` and read against its levels by :func:`maturity_levels`.

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
from dataclasses import KW_ONLY, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cxkit.errors import CXConfigError, CXDataError
from cxkit.stats.checks import check_confidence
from cxkit.style import plotting

__all__ = [
    "MATURITY_PATH",
    "QUESTIONNAIRE_PATH",
    "Dimension",
    "Question",
    "Questionnaire",
    "compare_assessments",
    "example_answers",
    "load_questionnaire",
    "maturity_levels",
    "maturity_questionnaire",
    "plot_self_assessment",
    "self_assessment",
    "self_assessment_alt",
]

#: The course's questionnaire.
QUESTIONNAIRE_PATH = Path(__file__).with_name("questionnaire.yaml")
#: The worked example of module 06: a support team's answers in March and in June.
EXAMPLE_PATH = Path(__file__).with_name("example_teams.yaml")
#: Module 10's CX maturity questionnaire (six dimensions with five described levels each).
MATURITY_PATH = Path(__file__).with_name("maturity.yaml")


@dataclass(frozen=True)
class Question:
    """One statement of the questionnaire: its id, the principle it scores and its text."""

    id: str
    principle: str
    text: str


@dataclass(frozen=True)
class Dimension:
    """A scored dimension declared by the questionnaire itself: id, name and described levels."""

    id: str
    name: str
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    """A Likert questionnaire: the answer scale and the statements, each tied to a principle.

    The statements score the framework's principles (module 06), or the questionnaire's own
    ``dimensions`` when it declares them (module 10's maturity questionnaire); ``facet`` says which
    word to use ("principle", "dimension"), ``title`` names the assessment, ``level_names`` names
    the levels a score is read against, and ``examples`` is a YAML file of example answers.
    """

    scale_min: int
    scale_max: int
    labels: tuple[str, ...]
    items: tuple[Question, ...]
    _: KW_ONLY
    title: str = "Team self-assessment"
    facet: str = "principle"
    dimensions: tuple[Dimension, ...] = ()
    level_names: tuple[str, ...] = ()
    examples: Path | None = None

    @property
    def item_ids(self) -> list[str]:
        """The statements' ids, in questionnaire order."""
        return [q.id for q in self.items]

    @property
    def principles(self) -> list[str]:
        """The principles scored, in questionnaire order (each once)."""
        return list(dict.fromkeys(q.principle for q in self.items))


def load_questionnaire(*, path: str | Path | None = None) -> Questionnaire:
    """Read and check a questionnaire YAML file (default: the course's ``questionnaire.yaml``).

    Every item needs ``id``, ``principle`` (an id of a principle in the framework) and ``text``;
    the scale needs ``min`` < ``max`` and one label per point. A questionnaire may instead declare
    its own ``dimensions`` (each ``id``, ``name`` and ``levels``, one description per level of
    ``level_names``), whose items name a ``dimension``; and optionally ``title``, ``facet`` and
    ``examples`` (a YAML file beside it).

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
    dims, level_names = _dimensions(raw, p.name, hi - lo + 1)
    key = "dimension" if dims else "principle"
    known = {d.id for d in dims} if dims else {pr.id for pr in framework().principles}
    items = []
    for k, it in enumerate(raw["items"]):
        if not isinstance(it, dict) or sorted(it) != sorted(["id", key, "text"]):
            raise CXDataError("wrong fields", dataset=p.name, row=k, expected=f"id, {key} and text")
        if it[key] not in known:
            raise CXDataError(
                f"unknown {key}",
                dataset=p.name,
                column=key,
                row=it["id"],
                value=it[key],
                expected="one of " + ", ".join(sorted(known)),
            )
        items.append(Question(str(it["id"]), str(it[key]), " ".join(str(it["text"]).split())))
    ids = [q.id for q in items]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise CXDataError("item id used twice", dataset=p.name, column="id", value=dup, expected="unique ids")
    scored = {q.principle for q in items}
    unscored = [d.id for d in dims if d.id not in scored]
    if unscored:
        raise CXDataError(
            "dimension without a statement",
            dataset=p.name,
            column="dimension",
            value=unscored[0],
            expected="at least one item per dimension",
        )
    examples = raw.get("examples")
    return Questionnaire(
        lo,
        hi,
        tuple(str(x) for x in labels),
        tuple(items),
        title=str(raw.get("title", "Team self-assessment")),
        facet=str(raw.get("facet", "dimension" if dims else "principle")),
        dimensions=dims,
        level_names=level_names,
        examples=p.with_name(str(examples)) if examples else None,
    )


def _dimensions(raw: dict, name: str, n_levels: int) -> tuple[tuple[Dimension, ...], tuple[str, ...]]:
    """Read the optional ``dimensions`` and ``level_names`` sections of a questionnaire."""
    if "dimensions" not in raw:
        return (), ()
    level_names = raw.get("level_names")
    if not isinstance(level_names, list) or len(level_names) != n_levels:
        raise CXDataError(
            "bad level names",
            dataset=name,
            column="level_names",
            value=level_names,
            expected=f"a list of {n_levels} names, one per point of the scale",
        )
    dims = []
    for k, d in enumerate(raw["dimensions"] or []):
        if not isinstance(d, dict) or sorted(d) != ["id", "levels", "name"]:
            raise CXDataError(
                "wrong fields", dataset=name, column="dimensions", row=k, expected="id, name and levels"
            )
        if not isinstance(d["levels"], list) or len(d["levels"]) != n_levels:
            raise CXDataError(
                "wrong number of level descriptions",
                dataset=name,
                column="levels",
                row=d["id"],
                value=len(d["levels"]) if isinstance(d["levels"], list) else d["levels"],
                expected=f"{n_levels}, one per level",
            )
        dims.append(
            Dimension(str(d["id"]), str(d["name"]), tuple(" ".join(str(x).split()) for x in d["levels"]))
        )
    if not dims:
        raise CXDataError(
            "no dimensions", dataset=name, column="dimensions", expected="at least one dimension"
        )
    ids = [d.id for d in dims]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise CXDataError(
            "dimension id used twice", dataset=name, column="id", value=dup, expected="unique ids"
        )
    return tuple(dims), tuple(str(x) for x in level_names)


def maturity_questionnaire() -> Questionnaire:
    """Return module 10's CX maturity questionnaire (``maturity.yaml``).

    Six dimensions (strategy, customer understanding, design, measurement, governance, culture),
    two statements each on the 1-5 agreement scale, and five described levels per dimension.

    >>> q = maturity_questionnaire()
    >>> q.principles
    ['strategy', 'customer_understanding', 'design', 'measurement', 'governance', 'culture']
    >>> q.level_names
    ('Ad hoc', 'Emerging', 'Defined', 'Managed', 'Embedded')
    """
    return load_questionnaire(path=MATURITY_PATH)


def example_answers(*, round: str | None = None, questionnaire: Any = None) -> Any:
    """Return a questionnaire's example answers for one round (default: its first round).

    For the course's questionnaire: module 06's support team (six agents) in ``"March"`` or
    ``"June"``; for :func:`maturity_questionnaire`: module 10's steering group in ``"January"``.

    >>> example_answers(round="June").shape
    (6, 14)
    >>> example_answers(questionnaire=maturity_questionnaire()).shape
    (5, 12)
    """
    import pandas as pd
    import yaml

    q = as_questionnaire(questionnaire)
    path = q.examples if q.examples is not None else EXAMPLE_PATH
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if round is None:
        round = next(iter(raw))
    if round not in raw:
        raise CXConfigError(f"round must be one of {', '.join(repr(k) for k in raw)}; got {round!r}.")
    table = pd.DataFrame(raw[round], index=pd.RangeIndex(1, len(raw[round]) + 1, name="rater"))
    answers_table(table, q)
    return table


def as_questionnaire(questionnaire: Any) -> Questionnaire:
    """Return the questionnaire ``None`` (the course's), a :class:`Questionnaire` or a YAML path names."""
    if questionnaire is None:
        return load_questionnaire()
    if isinstance(questionnaire, Questionnaire):
        return questionnaire
    if isinstance(questionnaire, str | Path):
        return load_questionnaire(path=questionnaire)
    raise CXConfigError(
        f"questionnaire must be None (the course's), a Questionnaire or a path to a YAML file; "
        f"got {type(questionnaire).__name__}."
    )


def answers_table(answers: Any, q: Questionnaire) -> Any:
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
    table = answers_table(answers, q)
    by_principle = {p: [it.id for it in q.items if it.principle == p] for p in q.principles}
    scores = table[[]].copy()
    for p, items in by_principle.items():
        scores[p] = table[items].mean(axis=1)
    scores["overall"] = scores[q.principles].mean(axis=1)
    return scores


def self_assessment(answers: Any, *, questionnaire: Any = None, confidence: float = 0.95) -> Any:
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

    Bhatia, R. & Davis, C. (2000). A better bound on the variance. *The American Mathematical
    Monthly*, 107(4), 353-357 (the interval of answers that are all alike).

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
    q = as_questionnaire(questionnaire)
    scores = _rater_scores(answers, q)
    n = len(scores)
    total = scores.sum().to_numpy()
    total_sq = (scores**2).sum().to_numpy()
    low, high, _se = mean_t(
        np.full(len(total), n), total, total_sq, confidence=confidence, bounds=(q.scale_min, q.scale_max)
    )
    if q.dimensions:
        names = {d.id: d.name for d in q.dimensions}
    else:
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
        index=pd.Index(list(scores.columns), name=q.facet),
    )
    return out


def compare_assessments(
    a: Any,
    b: Any,
    *,
    questionnaire: Any = None,
    confidence: float = 0.95,
    paired: bool = False,
    names: tuple[str, str] = ("A", "B"),
) -> Any:
    r"""Compare two self-assessments (two teams, or one team on two dates): ``a - b`` per principle.

    **Independent groups** (``paired=False``, two teams, or a team whose members changed): for each
    principle the raters' scores of the two groups are compared with Welch's two-sample *t*
    interval (``scipy.stats.ttest_ind(..., equal_var=False).confidence_interval``):

    .. math::

        \bar s_a - \bar s_b \pm t_{1-\alpha/2,\,\nu}
        \sqrt{\frac{\mathrm{sd}_a^2}{n_a} + \frac{\mathrm{sd}_b^2}{n_b}}, \qquad
        \nu = \frac{(v_a + v_b)^2}{v_a^2/(n_a-1) + v_b^2/(n_b-1)},\; v = \mathrm{sd}^2/n .

    **The same raters twice** (``paired=True``): rater :math:`r`'s change
    :math:`\delta_r = s_{ar} - s_{br}` is the unit, and the paired *t* interval is
    (``scipy.stats.ttest_rel(...).confidence_interval``, Student 1908)

    .. math::

        \bar\delta \pm t_{1-\alpha/2,\,n-1}\,\frac{\mathrm{sd}(\delta)}{\sqrt n} .

    Each rater's own level (some rate everything high) cancels in :math:`\delta_r`, so when the
    same people answer twice the paired interval is the right one, and usually narrower: treating
    them as two independent groups leaves the between-rater spread in the error and misstates
    what changed. The raters are matched by the row labels (the index) of ``a`` and ``b``, which
    must hold the same raters. With fewer than two raters (or pairs) the interval is NaN. When the
    answers have no spread at all (every rater changed by the same amount, or every answer alike),
    the *t* interval would be a single point with p = 0; the interval is then a score interval
    bounded by the scale (Bhatia & Davis 2000), never of zero width (see ``_alike_difference``).

    Parameters
    ----------
    a, b : DataFrame or dict
        The two groups' answers (see :func:`self_assessment`).
    questionnaire : Questionnaire or path, optional
        Default: the course's.
    confidence : float, default 0.95
    paired : bool, default False
        ``True`` when ``a`` and ``b`` are the same raters (matched by their row labels) on two
        dates: the paired *t* test. ``False``: two independent groups, Welch's test.
    names : tuple of two str, default ("A", "B")
        The groups' names, used in the columns ``score_<name>``.

    Returns
    -------
    DataFrame
        Indexed by principle then ``overall``; columns ``name``, ``score_<a>``, ``score_<b>``,
        ``n_<a>``, ``n_<b>``, ``difference``, ``low``, ``high``, ``p_value`` (Welch's test, or the
        paired *t* test with ``paired=True``) and ``test`` (``"Welch"`` or ``"paired t"``).

    Raises
    ------
    CXDataError
        Bad answers in either group (the message names the item); with ``paired=True``, a rater
        in one round and not in the other (the message names the rater).
    CXConfigError
        A bad ``confidence``, ``paired`` or ``names``.

    References
    ----------
    Welch, B. L. (1947). The generalization of "Student's" problem when several different population
    variances are involved. *Biometrika*, 34(1/2), 28-35.

    Student (1908). The probable error of a mean. *Biometrika*, 6(1), 1-25 (the paired case: the
    mean of the differences).

    Bhatia, R. & Davis, C. (2000). A better bound on the variance. *The American Mathematical
    Monthly*, 107(4), 353-357 (the interval of answers that are all alike).

    Zou, G. Y. & Donner, A. (2008). Construction of confidence limits about effect measures: a
    general approach. *Statistics in Medicine*, 27(10), 1693-1702 (square-and-add).

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

    The same four raters in both rounds: their changes are 1, 2, 2 and 0, mean 1.25, sd 0.957, so
    with :math:`t_{0.975,3} = 3.182` the paired interval is 1.25 ± 3.182 × 0.957/√4 = 1.25 ± 1.52:

    >>> p = compare_assessments(after, before, paired=True, names=("June", "March"))
    >>> round(float(p.loc["overall", "low"]), 2), round(float(p.loc["overall", "high"]), 2)
    (-0.27, 2.77)
    >>> p.loc["overall", "test"]
    'paired t'
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
    if not isinstance(paired, bool):
        raise CXConfigError(
            f"paired must be True (the same raters in both rounds) or False (two independent "
            f"groups); got {paired!r}."
        )
    q = as_questionnaire(questionnaire)
    sa, sb = _rater_scores(a, q), _rater_scores(b, q)
    if paired:
        sb = _matched_raters(sa, sb, names)
    ra = self_assessment(a, questionnaire=q, confidence=confidence)
    na, nb = names
    rows = []
    for p in sa.columns:
        x, y = sa[p].to_numpy(), sb[p].to_numpy()
        low = high = p_value = float("nan")
        if paired:
            delta = x - y
            if len(delta) >= 2 and delta.std() > 0:
                res = stats.ttest_rel(x, y)
                ci = res.confidence_interval(confidence)
                low, high, p_value = float(ci.low), float(ci.high), float(res.pvalue)
            elif len(delta) >= 2:  # every rater changed by the same amount: no spread for t to use
                low, high, p_value = _alike_difference([x], [y], q, confidence)
        elif len(x) >= 2 and len(y) >= 2 and (x.std() > 0 or y.std() > 0):
            with warnings.catch_warnings():  # a group with no spread is fine: Welch uses the other's
                warnings.simplefilter("ignore", RuntimeWarning)
                res = stats.ttest_ind(x, y, equal_var=False)
                ci = res.confidence_interval(confidence)
            low, high, p_value = float(ci.low), float(ci.high), float(res.pvalue)
        elif len(x) >= 2 and len(y) >= 2:  # no spread in either group: no spread for Welch to use
            low, high, p_value = _alike_difference(x, y, q, confidence)
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
                "test": "paired t" if paired else "Welch",
            }
        )
    return pd.DataFrame(rows, index=pd.Index(list(sa.columns), name=q.facet))


def _alike_difference(x: Any, y: Any, q: Any, confidence: float) -> tuple[float, float, float]:
    r"""Interval and p-value of a change when the answers have no spread (all alike).

    The *t* interval would be a single point with p = 0. Paired (``x``, ``y`` given as one-element
    lists of the two rounds): the raters' changes lie in :math:`\pm R`, :math:`R` = scale max − min,
    so the change gets the score interval of a mean bounded by :math:`(-R, R)` (Bhatia & Davis
    2000; :func:`cxkit.stats.intervals.bounded_mean_score`) and the p-value the score test of 0 with
    the largest variance there, :math:`R^2/n`. Two groups: each group's own score interval on
    the answer scale, combined by square-and-add (Newcombe 1998; Zou & Donner 2008), and a pooled
    score test with the largest variance at the pooled mean.
    """
    import math

    import numpy as np
    from scipy import stats

    from cxkit.stats.intervals import bounded_mean_score

    lo, hi = q.scale_min, q.scale_max
    if isinstance(x, list):  # paired
        delta = np.asarray(x[0], dtype=float) - np.asarray(y[0], dtype=float)
        m, r = len(delta), float(hi - lo)
        d = float(delta.mean())
        low, high = bounded_mean_score(d, m, (-r, r), confidence=confidence)
        p_value = 1.0 if d == 0 else float(2 * stats.norm.sf(abs(d) / (r / math.sqrt(m))))
        return float(low), float(high), p_value
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    mx, my = float(x.mean()), float(y.mean())
    lx, hx = (float(v) for v in bounded_mean_score(mx, len(x), (lo, hi), confidence=confidence))
    ly, hy = (float(v) for v in bounded_mean_score(my, len(y), (lo, hi), confidence=confidence))
    d = mx - my
    low = d - math.hypot(mx - lx, hy - my)
    high = d + math.hypot(hx - mx, my - ly)
    pooled = (len(x) * mx + len(y) * my) / (len(x) + len(y))
    var0 = (hi - pooled) * (pooled - lo) * (1 / len(x) + 1 / len(y))
    p_value = (
        1.0 if d == 0 else float(2 * stats.norm.sf(abs(d) / math.sqrt(var0))) if var0 > 0 else float("nan")
    )
    return low, high, p_value


def _matched_raters(sa: Any, sb: Any, names: Any) -> Any:
    """Return ``sb``'s rows in ``sa``'s rater order; a rater in one round only is an error."""
    only_a = [r for r in sa.index if r not in sb.index]
    only_b = [r for r in sb.index if r not in sa.index]
    if only_a or only_b or sa.index.has_duplicates or sb.index.has_duplicates:
        missing, where = (
            (only_a[0], names[1]) if only_a else (only_b[0], names[0]) if only_b else (None, None)
        )
        if missing is None:
            dup = sa.index[sa.index.duplicated()].tolist() or sb.index[sb.index.duplicated()].tolist()
            raise CXDataError(
                "the same rater appears twice in one round",
                dataset="answers",
                row=dup[0],
                expected="one row per rater in each round, labelled by the rater (paired=True matches them)",
            )
        raise CXDataError(
            f"a rater with no answers in round {where!r}",
            dataset="answers",
            row=missing,
            expected=(
                "the same raters in both rounds, matched by their row labels (paired=True); "
                "for two different groups use paired=False"
            ),
        )
    return sb.loc[sa.index]


@plotting
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
    facet = result.index.name or "principle"
    ax.set_title(
        title or f"Team self-assessment: score per {facet} ({n} rater{'s' if n != 1 else ''}{lines})"
    )
    ax.grid(True, axis="x", alpha=0.3)
    ax.grid(False, axis="y")
    ax.spines[["top", "right"]].set_visible(False)
    if own:  # a figure passed in keeps its caller's layout
        fig.tight_layout()
    return fig


def maturity_levels(result: Any, *, questionnaire: Any = None) -> Any:
    """Read each dimension's score against the questionnaire's described levels.

    The level is the whole part of the score (1 to 5: a team at 3.4 on a dimension has reached
    level 3 and works towards level 4); the next level's description says what the next step looks
    like. A convention of the course, stated so it can be changed: maturity models differ in how
    they turn answers into a level, and none is a measurement standard.

    Parameters
    ----------
    result : pandas.DataFrame
        The result of :func:`self_assessment` on the maturity questionnaire.
    questionnaire : Questionnaire or path, optional
        Default: :func:`maturity_questionnaire`.

    Returns
    -------
    pandas.DataFrame
        Indexed by dimension (without ``overall``): ``name``, ``score``, ``low``, ``high``,
        ``level`` (1-5), ``level_name``, ``description`` (what the level looks like) and
        ``next_step`` (the next level's description; blank at the top level).

    Raises
    ------
    CXConfigError
        The questionnaire declares no dimensions with levels.
    CXDataError
        A dimension of the questionnaire is not in ``result``.

    Examples
    --------
    >>> import pandas as pd
    >>> q = maturity_questionnaire()
    >>> r = self_assessment(pd.DataFrame({i: [3, 4] for i in q.item_ids}), questionnaire=q)
    >>> m = maturity_levels(r, questionnaire=q)
    >>> float(m.loc["strategy", "score"]), int(m.loc["strategy", "level"]), m.loc["strategy", "level_name"]
    (3.5, 3, 'Defined')
    """
    import pandas as pd

    q = maturity_questionnaire() if questionnaire is None else as_questionnaire(questionnaire)
    if not q.dimensions or not q.level_names:
        raise CXConfigError(
            "maturity_levels needs a questionnaire with dimensions and level_names (maturity.yaml)."
        )
    rows = []
    for d in q.dimensions:
        if d.id not in result.index:
            raise CXDataError(
                "dimension missing from the result",
                column="index",
                value=d.id,
                expected="the result of self_assessment on this questionnaire",
            )
        score = float(result.loc[d.id, "score"])
        level = min(max(math.floor(score + 1e-9), q.scale_min), q.scale_max)
        k = level - q.scale_min
        rows.append(
            {
                "name": d.name,
                "score": score,
                "low": float(result.loc[d.id, "low"]),
                "high": float(result.loc[d.id, "high"]),
                "level": level,
                "level_name": q.level_names[k],
                "description": d.levels[k],
                "next_step": d.levels[k + 1] if k + 1 < len(d.levels) else "",
            }
        )
    return pd.DataFrame(rows, index=pd.Index([d.id for d in q.dimensions], name=q.facet))


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
