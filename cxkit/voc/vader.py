"""Sentiment of short texts with VADER (Hutto & Gilbert 2014), English only."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MAX_CHARS", "NEGATIVE_MAX", "POSITIVE_MIN", "sentiment"]

#: VADER's authors' thresholds on the compound score (vaderSentiment README, "About the scoring").
POSITIVE_MIN = 0.05
NEGATIVE_MAX = -0.05
#: Longer texts are scored on their first this many characters (with a warning): VADER's time
#: grows faster than the length (0.14 s at 10,000 characters, 33 s at 100,000), and a comment
#: that long is a pasted document, not a customer's comment.
MAX_CHARS = 10_000


@lru_cache(maxsize=1)
def _analyzer() -> Any:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer  # type: ignore[import-untyped]

    return SentimentIntensityAnalyzer()


def sentiment(texts: Any, *, check_language: bool = True) -> pd.DataFrame:
    r"""Score the sentiment of each text with VADER, and label it positive, neutral or negative.

    Every text is checked first (:func:`cxkit.voc.text.check_texts`): a blank entry or, with
    ``check_language``, a text that is probably not English is **flagged and not scored** (its
    scores are missing). VADER scores English only.

    Parameters
    ----------
    texts : list, array or pandas Series of str
        The texts (comments, chats, posts); missing entries are allowed.
    check_language : bool, default True
        Flag texts that are probably in another language instead of scoring them.

    Returns
    -------
    pandas.DataFrame
        One row per text, same index as a Series input: ``neg``, ``neu``, ``pos`` (the shares of
        the text that are negative, neutral and positive; they sum to 1), ``compound`` (from −1,
        most negative, to +1), ``label`` (``"positive"``, ``"neutral"``, ``"negative"``, missing
        when not scored) and ``status`` (``"ok"``, ``"blank"``, ``"no_words"``: only emoji,
        numbers or punctuation, ``"not_english"``): only ``"ok"`` texts are scored.

    Warns
    -----
    CXDataWarning
        A text longer than :data:`MAX_CHARS` characters, scored on its first
        :data:`MAX_CHARS` only (the message names the first such row).

    Raises
    ------
    CXDataError
        ``texts`` is empty or has an entry that is not text (the message names the row).
    CXConfigError
        ``texts`` is a single string, a table or not a collection.

    Notes
    -----
    VADER (Valence Aware Dictionary and sEntiment Reasoner) adds up the valences of the words of
    its lexicon, adjusted by rules for negation ("not good"), boosters ("very"), capitals, "!"
    and "but", to a sum :math:`x`, then normalises it:

    .. math::

        \text{compound} = \frac{x}{\sqrt{x^2 + \alpha}}, \qquad \alpha = 15.

    The label uses the authors' recommended thresholds: positive when
    :math:`\text{compound} \ge 0.05`, negative when :math:`\text{compound} \le -0.05`, neutral
    in between. A lexicon cannot see sarcasm ("Brilliant, six days late"), reads slang and
    domain words by their everyday sense ("the desk is sick", "killer prices") and misses
    complaints without emotional words ("my basket vanished"): module 09 shows examples.

    References
    ----------
    Hutto, C. J. & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
    analysis of social media text. *Proceedings of ICWSM 2014*, 216–225.
    https://github.com/cjhutto/vaderSentiment

    Examples
    --------
    >>> from cxkit.voc import sentiment
    >>> sentiment(["The book was good.", "Not bad at all", "", "Today SUX!"])
         neg    neu    pos  compound     label status
    0  0.000  0.508  0.492    0.4404  positive     ok
    1  0.000  0.513  0.487    0.4310  positive     ok
    2    NaN    NaN    NaN       NaN      <NA>  blank
    3  0.779  0.221  0.000   -0.5461  negative     ok
    """
    import numpy as np
    import pandas as pd

    from cxkit.errors import CXConfigError
    from cxkit.voc.text import check_texts

    if not isinstance(check_language, bool):
        raise CXConfigError(f"check_language must be True or False; got {check_language!r}.")
    checked = check_texts(texts)
    status = checked["status"].to_numpy(dtype=object)
    if not check_language:
        status = np.where(status == "not_english", "ok", status)
    scores = np.full((len(status), 4), np.nan)
    analyzer = _analyzer()
    text = checked["text"].to_numpy(dtype=object)
    ok = np.flatnonzero(status == "ok")
    long = [i for i in ok if len(text[i]) > MAX_CHARS]
    if long:
        import warnings

        from cxkit.errors import CXDataWarning

        warnings.warn(
            f"sentiment: {len(long)} text(s) longer than {MAX_CHARS:,} characters are scored on their "
            f"first {MAX_CHARS:,} only (first: row {long[0]}, label {checked.index[long[0]]!r}, "
            f"{len(text[long[0]]):,} characters). A text that long is rarely one customer's comment: "
            "split it, or check the column.",
            CXDataWarning,
            stacklevel=2,
        )
    for i in ok:
        s = analyzer.polarity_scores(text[i][:MAX_CHARS])
        scores[i] = (s["neg"], s["neu"], s["pos"], s["compound"])
    compound = scores[:, 3]
    label = np.select(
        [compound >= POSITIVE_MIN, compound <= NEGATIVE_MAX, ~np.isnan(compound)],
        ["positive", "negative", "neutral"],
        "",
    )
    out = pd.DataFrame(scores, columns=["neg", "neu", "pos", "compound"], index=checked.index)
    out["label"] = pd.Series(label, index=checked.index, dtype="string").replace("", pd.NA)
    out["status"] = pd.Series(status, index=checked.index, dtype="string")
    return out
