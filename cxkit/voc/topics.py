"""Themes of texts: tagged by a keyword taxonomy kept as data, or found by a topic model (TF-IDF + NMF).

The taxonomy is read by :mod:`cxkit.voc.taxonomy` (which :mod:`cxkit.voc.text` uses too, so the
modules import each other without a cycle).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from sklearn.base import BaseEstimator  # type: ignore[import-untyped]

from cxkit.errors import CXConfigError, CXDataError, CXNotFittedError
from cxkit.stats.checks import check_whole
from cxkit.voc.taxonomy import check_taxonomy, load_taxonomy
from cxkit.voc.text import check_texts

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["TopicModel", "choose_n_topics", "themes"]


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
        Seed of the randomised SVD behind NMF's ``"nndsvda"`` start: the same seed, texts and
        scikit-learn version repeat the same topics. Repeatable is not stable: another seed or
        another sample of the texts can give other topics (:func:`choose_n_topics` measures it).
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

        self._check()
        checked = check_texts(texts)
        usable = checked.loc[checked["status"] == "ok", "text"].tolist()
        if len(usable) < self.n_topics:
            raise CXDataError(
                f"only {len(usable)} English texts to find {self.n_topics} topics in",
                expected="at least as many texts as topics",
            )
        vec, x = _tfidf(usable, min_df=self.min_df, n_topics=self.n_topics)
        nmf = _nmf(self.n_topics, self.random_state)
        w = nmf.fit_transform(x)
        words = np.asarray(vec.get_feature_names_out())
        top = _top_words(nmf.components_, words, self.n_top_words)
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


def _tfidf(usable: list[str], *, min_df: int, n_topics: int) -> tuple[Any, Any]:
    """TF-IDF of the usable texts (lower-cased, English stop words out): the vectorizer and the matrix."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]

    vec = TfidfVectorizer(stop_words="english", min_df=min_df, token_pattern=r"(?u)\b[a-z]{2,}\b")
    try:
        x = vec.fit_transform([t.lower() for t in usable])
    except ValueError:
        raise CXDataError(
            "no words left after removing stop words and rare words",
            expected=f"words found in at least min_df={min_df} texts",
        ) from None
    if x.shape[1] < n_topics:
        raise CXDataError(
            f"only {x.shape[1]} distinct words for {n_topics} topics",
            expected="more texts, a smaller min_df or fewer topics",
        )
    return vec, x


def _nmf(n_topics: int, seed: int) -> Any:
    """Make the NMF of :class:`TopicModel` (``"nndsvda"`` start, 500 iterations at most)."""
    from sklearn.decomposition import NMF  # type: ignore[import-untyped]

    return NMF(n_components=n_topics, init="nndsvda", random_state=seed, max_iter=500)


def _top_words(components: Any, words: Any, n: int) -> list[Any]:
    """Return the ``n`` heaviest words of each topic (row of H), heaviest first."""
    import numpy as np

    return [words[np.argsort(-row, kind="stable")[:n]] for row in components]


def _average_jaccard(a: Any, b: Any) -> float:
    """Average Jaccard of two ranked word lists over the depths 1..t (Greene et al. 2014, eq. 1)."""
    total = 0.0
    for d in range(1, len(a) + 1):
        sa, sb = set(a[:d]), set(b[:d])
        total += len(sa & sb) / len(sa | sb)
    return total / len(a)


def _agreement(ref: list[Any], other: list[Any]) -> float:
    """Agreement of two topic sets: the mean average Jaccard of the best one-to-one matching (Hungarian)."""
    import numpy as np
    from scipy.optimize import linear_sum_assignment

    sim = np.array([[_average_jaccard(r, o) for o in other] for r in ref])
    rows, cols = linear_sum_assignment(-sim)
    return float(sim[rows, cols].mean())


def _npmi_coherence(top: list[Any], binary: Any, vocabulary: dict[str, int]) -> float:
    """Mean NPMI of the pairs of each topic's top words, over topics (document co-occurrence)."""
    import itertools

    import numpy as np

    n_docs = binary.shape[0]
    scores = []
    for words in top:
        cols = [vocabulary[w] for w in words]
        sub = binary[:, cols]
        df = np.asarray(sub.sum(axis=0)).ravel() / n_docs
        co = (sub.T @ sub).toarray() / n_docs
        pairs = []
        for i, j in itertools.combinations(range(len(cols)), 2):
            pij = co[i, j]
            if pij == 0:
                pairs.append(-1.0)
            elif pij == 1:
                pairs.append(1.0)
            else:
                pairs.append(float(np.log(pij / (df[i] * df[j])) / -np.log(pij)))
        scores.append(np.mean(pairs))
    return float(np.mean(scores))


def choose_n_topics(
    texts: Any,
    *,
    n_topics: Sequence[int] = (4, 6, 8, 10),
    n_top_words: int = 10,
    min_df: int = 3,
    seeds: Sequence[int] = (1, 2),
    n_subsamples: int = 3,
    fraction: float = 0.8,
    seed: int = 0,
) -> pd.DataFrame:
    r"""Compare numbers of topics by coherence and by stability across seeds and subsamples.

    For each number of topics :math:`k`, a :class:`TopicModel` is fitted on all the texts (the
    reference, ``random_state=seed``), again with each of ``seeds``, and on ``n_subsamples``
    random samples of ``fraction`` of the texts. A good :math:`k` gives topics whose words occur
    together (coherence) and that come back when the seed or the sample changes (stability).

    Parameters
    ----------
    texts : list, array or pandas Series of str
        The texts (blank and non-English ones are left out, as :meth:`TopicModel.fit` does).
    n_topics : sequence of int, default (4, 6, 8, 10)
        The numbers of topics to compare (keep the grid small: each costs
        ``1 + len(seeds) + n_subsamples`` fits).
    n_top_words : int, default 10
        Words per topic compared (coherence and stability).
    min_df : int, default 3
        As :class:`TopicModel`.
    seeds : sequence of int, default (1, 2)
        Other seeds of NMF's start (the randomised SVD of ``"nndsvda"``).
    n_subsamples : int, default 3
        Random subsamples of the texts, fitted without the rest.
    fraction : float, default 0.8
        The share of the texts in each subsample.
    seed : int, default 0
        The reference fit's ``random_state`` and the seed of the subsamples.

    Returns
    -------
    pandas.DataFrame
        One row per :math:`k` (index ``n_topics``): ``coherence`` (mean NPMI, −1 to 1),
        ``seed_stability`` and ``subsample_stability`` (mean agreement with the reference, 0 to
        1; 1: the same top words in the same order), and ``worst_topic`` (the lowest agreement
        of a reference topic with its match, over all the refits: a topic that does not come
        back).

    Raises
    ------
    CXDataError
        Bad texts, or too few texts or words for the largest :math:`k`.
    CXConfigError
        An empty or bad ``n_topics``, ``seeds``, ``n_subsamples`` or ``fraction``.

    Notes
    -----
    **Coherence** is the mean normalised pointwise mutual information of the pairs of each
    topic's top words (Bouma 2009; Lau, Newman & Baldwin 2014), with :math:`P(w)` the share of
    the texts that contain :math:`w`:

    .. math::

        \mathrm{NPMI}(w_i, w_j) = rac{\lograc{P(w_i, w_j)}{P(w_i)P(w_j)}}{-\log P(w_i, w_j)},

    −1 when the two words never occur together, 0 when independent, 1 when always together;
    here counted in the texts themselves (intrinsic), not in an outside corpus.

    **Stability** follows Greene, O'Callaghan & Cunningham (2014): the average Jaccard of two
    ranked lists :math:`R_1, R_2` of :math:`t` words is
    :math:`\mathrm{AJ} = rac{1}{t}\sum_{d=1}^{t} rac{|R_{1,d} \cap R_{2,d}|}{|R_{1,d} \cup
    R_{2,d}|}` (the top :math:`d` words of each); two sets of :math:`k` topics agree by the mean
    AJ of their best one-to-one matching (the Hungarian algorithm,
    ``scipy.optimize.linear_sum_assignment``); a :math:`k`'s stability is the mean agreement
    of the refits with the reference. The subsamples reuse the vocabulary and IDF weights of
    all the texts (Greene et al. refit them; the difference is small for a few thousand texts).

    Neither score picks :math:`k` alone: prefer a :math:`k` whose topics are stable and
    coherent, then read the words; a topic that a person cannot name is not a finding.

    References
    ----------
    Bouma, G. (2009). Normalized (pointwise) mutual information in collocation extraction.
    *Proceedings of GSCL*, 31–40.

    Greene, D., O'Callaghan, D. & Cunningham, P. (2014). How many topics? Stability analysis for
    topic models. *ECML PKDD 2014*, LNCS 8724, 498–513.

    Lau, J. H., Newman, D. & Baldwin, T. (2014). Machine reading tea leaves: automatically
    evaluating topic coherence and topic model quality. *Proceedings of EACL 2014*, 530–539.

    Examples
    --------
    Three themes, each written in a few ways: their top words co-occur as well in two topics
    as in three (coherence), but only three topics come back whatever the seed or the sample:

    >>> from cxkit.voc import choose_n_topics
    >>> texts = ["parcel late", "late parcel again", "parcel lost", "app crashed",
    ...          "crashed app again", "app froze", "lovely lamp", "lamp lovely", "lovely desk"] * 4
    >>> choose_n_topics(texts, n_topics=[2, 3, 5], n_top_words=2, min_df=1).round(2).reset_index()
       n_topics  coherence  seed_stability  subsample_stability  worst_topic
    0         2       0.73            0.75                 0.67         0.00
    1         3       0.73            1.00                 0.91         0.50
    2         5       0.64            0.80                 0.63         0.17
    """
    import numpy as np
    import pandas as pd

    from cxkit.stats.checks import check_seed

    if isinstance(n_topics, int | str) or not isinstance(n_topics, Sequence) or len(n_topics) == 0:
        raise CXConfigError(
            f"n_topics must be a non-empty list of whole numbers, e.g. [4, 6, 8]; got {n_topics!r}."
        )
    ks = [check_whole(k, "n_topics", 1, 100) for k in n_topics]
    if isinstance(seeds, int | str) or not isinstance(seeds, Sequence):
        raise CXConfigError(f"seeds must be a list of whole numbers, e.g. [1, 2]; got {seeds!r}.")
    others = [check_whole(s, "seeds", 0, 2**32 - 1) for s in seeds]
    n_top_words = check_whole(n_top_words, "n_top_words", 2, 50)
    min_df = check_whole(min_df, "min_df", 1, 1000)
    n_subsamples = check_whole(n_subsamples, "n_subsamples", 0, 100)
    seed = check_whole(seed, "seed", 0, 2**32 - 1)
    check_seed(seed)
    if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 < fraction < 1:
        raise CXConfigError(f"fraction must be a share between 0 and 1 (e.g. 0.8); got {fraction!r}.")
    checked = check_texts(texts)
    usable = checked.loc[checked["status"] == "ok", "text"].tolist()
    if len(usable) < max(ks):
        raise CXDataError(
            f"only {len(usable)} English texts to find {max(ks)} topics in",
            expected="at least as many texts as topics",
        )
    vec, x = _tfidf(usable, min_df=min_df, n_topics=max(ks))
    words = np.asarray(vec.get_feature_names_out())
    binary = (x > 0).astype(np.float64).tocsc()
    rng = np.random.default_rng(seed)
    size = max(round(fraction * x.shape[0]), max(ks))
    samples = [np.sort(rng.choice(x.shape[0], size=size, replace=False)) for _ in range(n_subsamples)]
    rows = []
    for k in ks:
        ref = _top_words(_nmf(k, seed).fit(x).components_, words, n_top_words)
        by_seed = [_top_words(_nmf(k, s).fit(x).components_, words, n_top_words) for s in others]
        by_sample = [_top_words(_nmf(k, seed).fit(x[idx]).components_, words, n_top_words) for idx in samples]
        seed_agree = [_agreement(ref, o) for o in by_seed]
        sample_agree = [_agreement(ref, o) for o in by_sample]
        worst = [
            min(max(_average_jaccard(r, t) for t in other) for r in ref) for other in [*by_seed, *by_sample]
        ]
        rows.append(
            {
                "n_topics": k,
                "coherence": _npmi_coherence(ref, binary, vec.vocabulary_),
                "seed_stability": float(np.mean(seed_agree)) if seed_agree else np.nan,
                "subsample_stability": float(np.mean(sample_agree)) if sample_agree else np.nan,
                "worst_topic": float(min(worst)) if worst else np.nan,
            }
        )
    return pd.DataFrame(rows).set_index("n_topics")
