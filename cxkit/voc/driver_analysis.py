"""Which themes move the score: the score with a theme against the score without it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["drivers"]

_COLUMNS = [
    "theme",
    "n_with",
    "n_without",
    "score_with",
    "score_without",
    "difference",
    "low",
    "high",
    "p_value",
    "too_small",
]


def drivers(
    df: pd.DataFrame,
    score: str,
    themes: Sequence[str],
    *,
    metric: str = "nps",
    confidence: float = 0.95,
    cluster: str | None = None,
    min_n: int = 30,
) -> pd.DataFrame:
    r"""Rank themes by how much the score differs between the texts that have them and the rest.

    For each theme, the answers are split into those whose text has the theme (``with``) and the
    others (``without``), and the score of the two groups is compared:
    ``difference = score_with - score_without``. The most negative difference comes first: the
    themes that come with the lowest scores.

    Parameters
    ----------
    df : pandas.DataFrame
        One row per answer: the score column and one bool column per theme (e.g. survey answers
        joined with :func:`cxkit.voc.themes` of their comments). Rows with a blank score are
        left out.
    score : str
        The score column: 0–10 answers for ``metric="nps"``, any numbers for ``"mean"``.
    themes : sequence of str
        The theme columns (bool).
    metric : {"nps", "mean"}, default "nps"
        ``"nps"``: the difference of the two groups' NPS, in points, with the interval and
        p-value of :func:`cxkit.metrics.compare_nps`. ``"mean"``: the difference of the mean
        scores with Welch's *t* interval and test (``scipy.stats.ttest_ind(equal_var=False)``).
    confidence : float, default 0.95
        Confidence level of the intervals.
    cluster : str, optional
        The customer column, when a customer answers several times (``metric="nps"`` only): the
        cluster-robust variance of :func:`cxkit.metrics.compare_nps`.
    min_n : int, default 30
        Smaller groups are flagged ``too_small`` (their interval is wide; read with care).

    Returns
    -------
    pandas.DataFrame
        One row per theme, sorted by ``difference`` (lowest first; themes that never or always
        occur come last with missing values): ``theme``, ``n_with``, ``n_without``,
        ``score_with``, ``score_without``, ``difference``, ``low``, ``high``, ``p_value``,
        ``too_small``.

    Raises
    ------
    CXDataError
        A missing column, a theme column that is not True/False, invalid scores (as
        :func:`cxkit.metrics.nps`), or no answered rows.
    CXConfigError
        An unknown ``metric``, an empty ``themes``, ``cluster`` with ``metric="mean"``, a bad
        ``confidence`` or ``min_n``.

    Notes
    -----
    With a theme in :math:`n_1` answers and not in :math:`n_0`, for NPS (Rocks 2016):

    .. math::

        \Delta = 100\big[(\hat p_1 - \hat d_1) - (\hat p_0 - \hat d_0)\big], \quad
        \mathrm{SE} = 100\sqrt{\tfrac{\hat p_1 + \hat d_1 - (\hat p_1 - \hat d_1)^2}{n_1}
                     + \tfrac{\hat p_0 + \hat d_0 - (\hat p_0 - \hat d_0)^2}{n_0}},

    and for means (Welch 1947) :math:`\Delta = \bar y_1 - \bar y_0`,
    :math:`\mathrm{SE} = \sqrt{s_1^2/n_1 + s_0^2/n_0}` with Welch–Satterthwaite degrees of
    freedom; the interval is :math:`\Delta \pm q\,\mathrm{SE}`. A difference is an
    association, not a cause: customers who mention a late parcel may differ in other ways,
    and one text can carry several themes (each theme is compared with all other answers).

    References
    ----------
    Rocks, B. (2016). Interval estimation for the "Net Promoter Score". *The American
    Statistician*, 70(4), 365–372.

    Welch, B. L. (1947). The generalization of "Student's" problem when several different
    population variances are involved. *Biometrika*, 34(1–2), 28–35.

    Examples
    --------
    >>> import pandas as pd
    >>> from cxkit.voc import drivers
    >>> df = pd.DataFrame({
    ...     "nps": [0, 2, 9, 10, 10, 9, 7, 10],
    ...     "late": [True, True, False, False, False, False, True, False],
    ...     "staff": [False, False, True, True, False, False, False, True],
    ... })
    >>> drivers(df, "nps", ["late", "staff"], min_n=2)[["theme", "n_with", "score_with",
    ...                                                  "score_without", "difference"]]
       theme  n_with  score_with  score_without  difference
    0   late       3      -66.67          100.0     -166.67
    1  staff       3      100.00            0.0      100.00
    """
    import numpy as np
    import pandas as pd

    from cxkit._checks import require_columns, validate_scores
    from cxkit.stats.checks import check_choice, check_confidence, check_min_n
    from cxkit.voc.loop import _numbers

    metric = check_choice(metric, ("nps", "mean"), "metric")
    confidence = check_confidence(confidence)
    min_n = check_min_n(min_n)
    if isinstance(themes, str) or not isinstance(themes, Sequence) or len(themes) == 0:
        raise CXConfigError("themes must be a non-empty list of theme columns, e.g. ['late_delivery'].")
    if cluster is not None and metric != "nps":
        raise CXConfigError("cluster= is for metric='nps' (compare_nps); the Welch test has no clusters.")
    require_columns(df, [score, *themes, *([cluster] if cluster else [])], "table")
    answered = df[df[score].notna()]
    if len(answered) == 0:
        raise CXDataError("no answered rows", column=score, expected="at least one score")
    if metric == "nps":
        validate_scores(answered[score], lo=0, hi=10, metric="nps", dropna=False, scale_check=False)
    else:
        _numbers(answered, score, "numeric scores")
    y = answered[score].to_numpy(dtype=float)
    rows = []
    for theme in themes:
        has = _theme_flags(answered, theme)
        n1, n0 = int(has.sum()), int((~has).sum())
        row: dict[str, Any] = {"theme": theme, "n_with": n1, "n_without": n0}
        if n1 == 0 or n0 == 0:
            row.update(dict.fromkeys(_COLUMNS[3:9], np.nan))
        elif metric == "nps":
            ids = None
            if cluster is not None:
                ids = (answered[cluster][has].to_numpy(), answered[cluster][~has].to_numpy())
            row.update(_nps_difference(y, has, ids, confidence=confidence, min_n=min_n))
        else:
            row.update(_mean_difference(y[has], y[~has], confidence=confidence))
        row["too_small"] = min(n1, n0) < min_n
        rows.append(row)
    out = pd.DataFrame(rows, columns=_COLUMNS)
    for name in ("score_with", "score_without", "difference", "low", "high"):
        out[name] = out[name].astype(float).round(2)
    out = out.sort_values("difference", na_position="last", kind="stable").reset_index(drop=True)
    return out


def _theme_flags(answered: pd.DataFrame, theme: str) -> Any:
    """Return a theme column as a bool array, or raise naming it."""
    import pandas as pd

    col = answered[theme]
    if not (pd.api.types.is_bool_dtype(col) and not col.isna().any()):
        raise CXDataError(
            "not a True/False theme column",
            column=theme,
            value=str(col.dtype),
            expected="bool values (themes() gives them), without blanks",
        )
    return col.to_numpy(dtype=bool)


def _nps_difference(y: Any, has: Any, ids: Any, *, confidence: float, min_n: int) -> dict[str, Any]:
    """Compare the NPS with the theme and without it (:func:`cxkit.metrics.compare_nps`)."""
    from cxkit.metrics import compare_nps

    c = compare_nps(
        y[has].astype(int),
        y[~has].astype(int),
        confidence=confidence,
        cluster=ids,
        min_n=min_n,
        scale_check=False,
    )
    return {
        "score_with": c.value_a,
        "score_without": c.value_b,
        "difference": c.value,
        "low": c.low,
        "high": c.high,
        "p_value": c.p_value,
    }


def _mean_difference(a: Any, b: Any, *, confidence: float) -> dict[str, Any]:
    """Compare the mean with the theme and without it, with Welch's interval and test (two answers each)."""
    import numpy as np
    from scipy import stats

    row = {"score_with": a.mean(), "score_without": b.mean(), "difference": a.mean() - b.mean()}
    if len(a) < 2 or len(b) < 2:
        return {**row, "low": np.nan, "high": np.nan, "p_value": np.nan}
    t = stats.ttest_ind(a, b, equal_var=False)
    ci = t.confidence_interval(confidence)
    return {**row, "low": ci.low, "high": ci.high, "p_value": t.pvalue}
