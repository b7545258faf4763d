"""Themes of texts: tagged by a keyword taxonomy kept as data, or found by a topic model (TF-IDF + NMF).

The taxonomy is read by :mod:`cxkit.voc.taxonomy` (which :mod:`cxkit.voc.text` uses too, so the
modules import each other without a cycle).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from sklearn.base import BaseEstimator  # type: ignore[import-untyped]

from cxkit.errors import CXConfigError, CXDataError, CXNotFittedError
from cxkit.stats.checks import check_whole
from cxkit.voc.taxonomy import check_taxonomy, load_taxonomy
from cxkit.voc.text import check_texts

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TopicModel", "themes"]


def _pattern(phrases: list[str]) -> re.Pattern[str]:
    """One case-insensitive regular expression matching any phrase as whole words (``*``: any ending)."""
    parts = []
    for p in phrases:
        body = re.escape(p.strip().rstrip("*")).replace(r"\ ", r"\s+")
        tail = r"\w*" if p.strip().endswith("*") else ""
        parts.append(rf"(?<!\w){body}{tail}(?!\w)")
    return re.compile("|".join(parts), re.IGNORECASE)


def themes(texts: Any, *, taxonomy: dict[str, Any] | str | Path | None = None) -> pd.DataFrame:
    """Tag each text with the themes of a keyword taxonomy (several, one or none per text).

    Parameters
    ----------
    texts : list, array or pandas Series of str
        The texts; missing entries are allowed (they get no theme).
    taxonomy : dict or path, optional
        A taxonomy as returned by :func:`load_taxonomy`, or the path of a YAML file; default the
        course company's (``cxkit/voc/taxonomy.yaml``).

    Returns
    -------
    pandas.DataFrame
        One row per text (a Series' index kept): one bool column per theme, in taxonomy order,
        then ``themes`` (the matching theme names joined by ``", "``; ``""`` for none) and
        ``status`` (as :func:`cxkit.voc.text.check_texts`: a text flagged ``not_english`` keeps
        whatever themes its keywords match, since some keywords are in other languages).

    Raises
    ------
    CXDataError
        ``texts`` is empty or has a non-text entry.
    CXConfigError
        A bad taxonomy (see :func:`load_taxonomy`).

    Notes
    -----
    A rule-based taxonomy is transparent (a reader can see why a comment got its theme) and
    stable over time, which dashboards need; it misses phrasings nobody listed, which the
    unsupervised :class:`TopicModel` can reveal.

    Examples
    --------
    >>> from cxkit.voc import themes
    >>> t = themes(["Parcel 3 days late, and I was on hold for 40 minutes", "Lamp came on time", ""])
    >>> t["themes"].tolist()
    ['late_delivery, phone_wait', 'fast_delivery', '']
    >>> t[["late_delivery", "phone_wait", "fast_delivery", "status"]]
       late_delivery  phone_wait  fast_delivery status
    0           True        True          False     ok
    1          False       False           True     ok
    2          False       False          False  blank
    """
    import numpy as np
    import pandas as pd

    if taxonomy is None or isinstance(taxonomy, str | Path):
        tax = load_taxonomy(path=taxonomy)
    elif isinstance(taxonomy, dict):
        tax = check_taxonomy({"themes": taxonomy}, "taxonomy")
    else:
        raise CXConfigError(
            f"taxonomy must be a dict (see load_taxonomy()) or a YAML path; got a {type(taxonomy).__name__}."
        )
    checked = check_texts(texts)
    text = checked["text"].astype(str)
    out = pd.DataFrame(index=checked.index)
    for name, spec in tax.items():
        hit = text.str.contains(_pattern(spec["keywords"]), regex=True)
        if spec["unless"]:
            hit &= ~text.str.contains(_pattern(spec["unless"]), regex=True)
        out[name] = hit.to_numpy(dtype=bool)
    names = np.asarray(list(tax), dtype=object)
    flags = out[list(tax)].to_numpy(dtype=bool)
    out["themes"] = [", ".join(names[row]) for row in flags]
    out["status"] = checked["status"]
    return out


class TopicModel(BaseEstimator):
    r"""Topics found in texts without a taxonomy: TF-IDF weights factorised by NMF (scikit-learn).

    A scikit-learn estimator (``get_params``, ``set_params``, :func:`sklearn.base.clone`): the
    settings are keyword-only, :meth:`fit` returns the model, :meth:`transform` gives each
    text its topic, and :meth:`fit_transform` does both on the same texts.

    Parameters
    ----------
    n_topics : int, default 8
        Number of topics to find.
    n_top_words : int, default 8
        Words shown per topic in :attr:`top_words_`.
    random_state : int, default 0
        Seed of NMF's initialisation: the same seed gives the same topics.
    min_df : int, default 3
        Ignore words found in fewer texts.

    Attributes
    ----------
    top_words_ : pandas.DataFrame
        One row per topic: ``topic`` (1, 2, ...), ``words`` (its top words joined by ``", "``)
        and ``share`` (share of the texts whose strongest topic it is, among the texts with at
        least one word left after cleaning: those without, counted in ``n_without_words_``,
        have no topic, as :meth:`transform` gives them topic 0).
    n_without_words_ : int
        English texts of the fit with no word left once stop words and rare words are removed.
    vocabulary_size_ : int
        The number of distinct words kept.
    vectorizer_, nmf_
        The fitted scikit-learn ``TfidfVectorizer`` and ``NMF``.

    Notes
    -----
    Each text becomes a TF-IDF vector (term frequency times
    :math:`\log\frac{1 + n}{1 + \mathrm{df}(t)} + 1`, rows scaled to unit length,
    scikit-learn's ``TfidfVectorizer`` with English stop words removed). Non-negative matrix
    factorisation then writes the text-by-word matrix as :math:`X \\approx WH` with
    :math:`W, H \ge 0`, minimising :math:`\lVert X - WH\rVert_F^2` (Lee & Seung 1999); row
    :math:`k` of :math:`H` weighs the words of topic :math:`k` and :math:`W` the topics of each
    text. Topics are not named: a person reads the top words and names them, and they change
    with ``n_topics`` and the data. Blank and non-English texts are left out of the fit.

    References
    ----------
    Lee, D. D. & Seung, H. S. (1999). Learning the parts of objects by non-negative matrix
    factorization. *Nature*, 401, 788–791.

    Examples
    --------
    >>> from cxkit.voc import TopicModel
    >>> texts = ["late parcel again", "parcel late, no update", "app crashed at checkout",
    ...          "the app crashed twice", "lovely lamp", "lovely desk and lamp"] * 3
    >>> model = TopicModel(n_topics=3, n_top_words=2, min_df=1).fit(texts)
    >>> model.top_words_["words"].tolist()
    ['lamp, lovely', 'late, parcel', 'app, crashed']
    >>> model.transform(["my parcel is late", ""])["topic"].tolist()
    [2, 0]
    """

    def __init__(
        self, *, n_topics: int = 8, n_top_words: int = 8, random_state: int = 0, min_df: int = 3
    ) -> None:
        self.n_topics = n_topics
        self.n_top_words = n_top_words
        self.random_state = random_state
        self.min_df = min_df

    def _check(self) -> None:
        check_whole(self.n_topics, "n_topics", 1, 100)
        check_whole(self.n_top_words, "n_top_words", 1, 50)
        check_whole(self.min_df, "min_df", 1, 1000)
        check_whole(self.random_state, "random_state", 0, 2**32 - 1)

    def fit(self, texts: Any) -> Self:
        """Fit the topics on ``texts`` (blank and non-English ones are left out).

        Parameters
        ----------
        texts : list, array or pandas Series of str

        Returns
        -------
        self

        Raises
        ------
        CXDataError
            Bad texts (see :func:`cxkit.voc.text.check_texts`), or too few usable texts or words.
        CXConfigError
            A bad setting (``n_topics`` etc. not a whole number in range).
        """
        import numpy as np
        import pandas as pd
        from sklearn.decomposition import NMF  # type: ignore[import-untyped]
        from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

        self._check()
        checked = check_texts(texts)
        usable = checked.loc[checked["status"] == "ok", "text"].tolist()
        if len(usable) < self.n_topics:
            raise CXDataError(
                f"only {len(usable)} English texts to find {self.n_topics} topics in",
                expected="at least as many texts as topics",
            )
        vec = TfidfVectorizer(stop_words="english", min_df=self.min_df, token_pattern=r"(?u)\b[a-z]{2,}\b")
        try:
            x = vec.fit_transform([t.lower() for t in usable])
        except ValueError:
            raise CXDataError(
                "no words left after removing stop words and rare words",
                expected=f"words found in at least min_df={self.min_df} texts",
            ) from None
        if x.shape[1] < self.n_topics:
            raise CXDataError(
                f"only {x.shape[1]} distinct words for {self.n_topics} topics",
                expected="more texts, a smaller min_df or fewer topics",
            )
        nmf = NMF(n_components=self.n_topics, init="nndsvda", random_state=self.random_state, max_iter=500)
        w = nmf.fit_transform(x)
        words = np.asarray(vec.get_feature_names_out())
        top = [words[np.argsort(-row, kind="stable")[: self.n_top_words]] for row in nmf.components_]
        # A text with no word left after cleaning (stop words and rare words removed) has no
        # topic: it is left out of the shares, as transform gives it topic 0.
        has_words = np.asarray(x.getnnz(axis=1)) > 0
        strongest = w[has_words].argmax(axis=1)
        share = np.bincount(strongest, minlength=self.n_topics) / max(len(strongest), 1)
        self.n_without_words_ = int((~has_words).sum())
        self.vectorizer_ = vec
        self.nmf_ = nmf
        self.vocabulary_size_ = int(x.shape[1])
        self.top_words_ = pd.DataFrame(
            {
                "topic": np.arange(1, self.n_topics + 1),
                "words": [", ".join(t) for t in top],
                "share": share,
            }
        )
        return self

    def transform(self, texts: Any) -> pd.DataFrame:
        """Give each text its strongest topic (``0`` for a blank or non-English text).

        Parameters
        ----------
        texts : list, array or pandas Series of str

        Returns
        -------
        pandas.DataFrame
            One row per text: ``topic`` (1..n_topics, 0 when not scored) and ``weight`` (NMF's
            weight of that topic; 0 when the text has none of the topics' words).

        Raises
        ------
        CXNotFittedError
            Before :meth:`fit`.
        """
        import numpy as np
        import pandas as pd

        if not hasattr(self, "nmf_"):
            raise CXNotFittedError("This TopicModel is not fitted yet: call model.fit(texts) first.")
        checked = check_texts(texts)
        ok = (checked["status"] == "ok").to_numpy()
        topic = np.zeros(len(checked), dtype=np.int64)
        weight = np.zeros(len(checked))
        if ok.any():
            w = self.nmf_.transform(self.vectorizer_.transform(checked.loc[ok, "text"].str.lower()))
            topic[ok] = w.argmax(axis=1) + 1
            weight[ok] = w.max(axis=1)
            topic[ok & (weight == 0)] = 0
        return pd.DataFrame({"topic": topic, "weight": weight}, index=checked.index)

    def fit_transform(self, texts: Any) -> pd.DataFrame:
        """Fit the topics on ``texts``, then give each of them its strongest topic.

        The same as ``model.fit(texts).transform(texts)``.

        Parameters
        ----------
        texts : list, array or pandas Series of str

        Returns
        -------
        pandas.DataFrame
            As :meth:`transform`.
        """
        return self.fit(texts).transform(texts)
