"""Checking free texts before they are scored: blanks, non-text entries and other languages.

cxkit's text tools (VADER sentiment, the theme taxonomy, the topic model) are **English only**.
:func:`check_texts` sorts every entry into one of three statuses:

``ok``           English text (as far as the check can tell): scored.
``blank``        missing (``None``, ``NaN``, ``pd.NA``), empty or only spaces: not scored.
``no_words``     no word at all: only emoji, numbers or punctuation (``"😡😡😡"``, ``"10/10"``):
                 flagged, not scored (a lexicon of words has nothing to read; VADER would call
                 it neutral, which it is not).
``not_english``  probably another language: flagged, not scored (VADER would misread it:
                 the French *retard*, "delay", is the English insult in its lexicon).

Anything else (a number, a list, bytes) is a :class:`~cxkit.errors.CXDataError` naming the row.

The language check (:func:`english_share`) uses no word list written for cxkit: a word counts as
English when it is in VADER's lexicon (about 7,500 words, shipped with ``vaderSentiment``), in
scikit-learn's English stop words (318 words) or among the keywords of the theme taxonomy
(``cxkit/voc/taxonomy.yaml``, the company's own vocabulary). A text of four words or more of
which fewer than 30% are English is flagged; so is a short text (one to three words) of which
fewer than half are English (``"Très mauvais service"``: none of its words is in the lists),
since one English word of two is already the evidence a short comment gives. The thresholds
(4 words, 0.3, 0.5) were chosen by hand on the course data, where they flag every French,
German, Spanish and Dutch text and no English one; English texts full of product names can be
misjudged (``check_language=False`` scores everything).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cxkit.errors import CXConfigError, CXDataError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["MIN_ENGLISH_SHARE", "MIN_ENGLISH_SHARE_SHORT", "MIN_WORDS", "check_texts", "english_share"]

#: Texts with fewer words are not judged (too little evidence): they are taken as English.
MIN_WORDS = 4
#: A text with a smaller share of English words is flagged ``not_english``.
MIN_ENGLISH_SHARE = 0.3
#: A shorter text (fewer than :data:`MIN_WORDS` words) with a smaller share is flagged too.
MIN_ENGLISH_SHARE_SHORT = 0.5

_WORD = re.compile(r"[^\W\d_]{2,}(?:'[^\W\d_]+)?")


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """English words known from the libraries' data and the taxonomy (see the module docstring)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # type: ignore[import-untyped]
    from vaderSentiment.vaderSentiment import (  # type: ignore[import-untyped]
        BOOSTER_DICT,
        NEGATE,
        SentimentIntensityAnalyzer,
    )

    from cxkit.voc.taxonomy import load_taxonomy

    words = set(SentimentIntensityAnalyzer().lexicon) | set(ENGLISH_STOP_WORDS)
    words |= set(NEGATE) | set(BOOSTER_DICT)
    for theme in load_taxonomy().values():
        for phrase in theme["keywords"]:
            words |= {w.lower() for w in _WORD.findall(phrase) if w.isascii()}
    return frozenset(words)


def _known(word: str, vocab: frozenset[str]) -> bool:
    w = word.lower()
    if w in vocab:
        return True
    for suffix in ("'s", "s", "es", "ed", "ing", "ly"):  # plain English endings
        if w.endswith(suffix) and w[: -len(suffix)] in vocab:
            return True
    return False


def english_share(text: str) -> tuple[int, float]:
    """Count the words of ``text`` and the share of them that are known English words.

    Parameters
    ----------
    text : str
        One text.

    Returns
    -------
    (int, float)
        The number of words (runs of two letters or more, with an inner apostrophe) and the
        share of them found in the English vocabulary (see the module docstring); ``nan``
        share for a text without words.

    Examples
    --------
    >>> n, share = english_share("The parcel is three days late.")  # "parcel" is in no list
    >>> n, round(share, 2)
    (6, 0.83)
    >>> english_share("Meine Bestellung ist seit drei Tagen überfällig.")
    (7, 0.0)
    """
    words = _WORD.findall(text)
    if not words:
        return 0, float("nan")
    vocab = _vocabulary()
    return len(words), sum(_known(w, vocab) for w in words) / len(words)


def check_texts(texts: Any, *, what: str = "texts") -> pd.DataFrame:
    """Check a collection of texts; give each its status: ``ok``, ``blank``, ``no_words``, ``not_english``.

    Parameters
    ----------
    texts : list, tuple, numpy array or pandas Series of str
        The texts; missing values (``None``, ``NaN``, ``pd.NA``) are allowed and become ``blank``.
    what : str, default "texts"
        How to call the input in error messages.

    Returns
    -------
    pandas.DataFrame
        One row per text (the Series' index, else 0..n-1): ``text`` (the entry, ``""`` for a
        missing one) and ``status``.

    Raises
    ------
    CXDataError
        ``texts`` is empty, or an entry is not text (a number, bytes, a list), naming its row.
    CXConfigError
        ``texts`` is a single string or not a collection (pass a list of texts).

    Examples
    --------
    >>> check_texts(["Great lamp!", "", None, "Die neue App stürzt beim Bezahlen ständig ab.",
    ...              "Très mauvais service", "😡😡😡"])
                                                text       status
    0                                    Great lamp!           ok
    1                                                       blank
    2                                                       blank
    3  Die neue App stürzt beim Bezahlen ständig ab.  not_english
    4                           Très mauvais service  not_english
    5                                            😡😡😡     no_words
    """
    import numpy as np
    import pandas as pd

    if isinstance(texts, str | bytes):
        raise CXConfigError(
            f"{what} must be a collection of texts (a list or a column), not a single string: "
            f"wrap it in a list, e.g. [{str(texts)[:30]!r}]."
        )
    if isinstance(texts, pd.DataFrame):
        raise CXConfigError(f"{what} must be one column of texts, not a table: pass df['comment'].")
    if isinstance(texts, pd.Series):
        series = texts
    elif isinstance(texts, list | tuple | np.ndarray | pd.Index):
        series = pd.Series(list(texts), dtype=object)
    else:
        raise CXConfigError(
            f"{what} must be a list, tuple, array or pandas Series of texts; got a {type(texts).__name__}."
        )
    if len(series) == 0:
        raise CXDataError(f"no {what} to analyse", expected="at least one text")
    values = series.to_numpy(dtype=object)
    missing = pd.isna(series).to_numpy(dtype=bool)
    is_text = np.array([isinstance(v, str) for v in values], dtype=bool)
    bad = np.flatnonzero(~missing & ~is_text)
    if len(bad):
        i = int(bad[0])
        raise CXDataError(
            f"not a text ({type(values[i]).__name__})",
            column=str(series.name) if series.name is not None else None,
            row=f"{i} (label {series.index[i]!r})" if series.index[i] != i else i,
            value=values[i] if not isinstance(values[i], str) else None,
            expected=f"{what} as strings, or a blank for a missing one",
        )
    text = np.where(missing, "", values).astype(object)
    status = np.full(len(text), "ok", dtype=object)
    blank = np.array([not t.strip() for t in text], dtype=bool)
    status[blank] = "blank"
    for j in np.flatnonzero(~blank):
        n, share = english_share(text[j])
        if n == 0:
            status[j] = "no_words"
        elif share < (MIN_ENGLISH_SHARE if n >= MIN_WORDS else MIN_ENGLISH_SHARE_SHORT):
            status[j] = "not_english"
    return pd.DataFrame({"text": text, "status": status}, index=series.index)
