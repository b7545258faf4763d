"""cxkit.voc.choose_n_topics: coherence (NPMI) and stability (Greene et al. 2014) of topic models."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from cxkit.errors import CXConfigError, CXDataError
from cxkit.voc import TopicModel, choose_n_topics
from cxkit.voc.topics import _agreement, _average_jaccard, _npmi_coherence

THEMES = [
    "parcel late",
    "late parcel again",
    "parcel lost",
    "app crashed",
    "crashed app again",
    "app froze",
    "lovely lamp",
    "lamp lovely",
    "lovely desk",
] * 4


def test_average_jaccard_by_hand() -> None:
    # depth 1: {a} vs {b} -> 0; depth 2: {a,b} vs {b,a} -> 1; depth 3: {a,b,c} vs {a,b,d} -> 2/4
    assert _average_jaccard(["a", "b", "c"], ["b", "a", "d"]) == pytest.approx((0 + 1 + 0.5) / 3)
    assert _average_jaccard(["a", "b"], ["a", "b"]) == 1.0
    assert _average_jaccard(["a", "b"], ["c", "d"]) == 0.0


def test_agreement_matches_topics_one_to_one_whatever_their_order() -> None:
    ref = [["a", "b"], ["c", "d"], ["e", "f"]]
    assert _agreement(ref, [ref[2], ref[0], ref[1]]) == 1.0
    # one topic replaced by an unrelated one: (1 + 1 + 0) / 3
    assert _agreement(ref, [["x", "y"], ref[0], ref[1]]) == pytest.approx(2 / 3)


def test_npmi_coherence_by_hand() -> None:
    # 4 texts; words w0, w1, w2. w0 in texts 0,1; w1 in 0,1; w2 in 2.
    binary = sp.csc_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 0, 1], [0, 0, 0]], dtype=float))
    vocab = {"w0": 0, "w1": 1, "w2": 2}
    # w0,w1: P = 1/2 each, joint 1/2 -> log(0.5 / 0.25) / -log(0.5) = 1
    assert _npmi_coherence([["w0", "w1"]], binary, vocab) == pytest.approx(1.0)
    # w0,w2 never together -> -1; the mean of two topics
    assert _npmi_coherence([["w0", "w1"], ["w0", "w2"]], binary, vocab) == pytest.approx(0.0)
    # a partial overlap: w0 in 0,1; w3 in 1,2 -> P = 1/2, 1/2, joint 1/4 -> log(1) = 0
    b2 = sp.csc_matrix(np.array([[1, 0], [1, 1], [0, 1], [0, 0]], dtype=float))
    assert _npmi_coherence([["a", "b"]], b2, {"a": 0, "b": 1}) == pytest.approx(0.0, abs=1e-12)


def test_choose_n_topics_finds_the_three_planted_themes() -> None:
    out = choose_n_topics(THEMES, n_topics=[2, 3, 5], n_top_words=2, min_df=1)
    assert list(out.index) == [2, 3, 5]
    assert out["subsample_stability"].idxmax() == 3
    assert out.loc[3, "seed_stability"] == 1.0
    assert (out[["seed_stability", "subsample_stability", "worst_topic"]] >= 0).all().all()
    assert ((out["coherence"] >= -1) & (out["coherence"] <= 1)).all()
    again = choose_n_topics(THEMES, n_topics=[2, 3, 5], n_top_words=2, min_df=1)
    assert again.equals(out)  # repeatable
    none = choose_n_topics(THEMES, n_topics=[3], n_top_words=2, min_df=1, seeds=[], n_subsamples=0)
    assert np.isnan(none.loc[3, "seed_stability"])
    assert np.isnan(none.loc[3, "worst_topic"])


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"n_topics": []}, CXConfigError, "n_topics"),
        ({"n_topics": 3}, CXConfigError, "n_topics"),
        ({"n_topics": [0]}, CXConfigError, "n_topics"),
        ({"seeds": 1}, CXConfigError, "seeds"),
        ({"fraction": 1.0}, CXConfigError, "fraction"),
        ({"n_subsamples": -1}, CXConfigError, "n_subsamples"),
        ({"n_top_words": 1}, CXConfigError, "n_top_words"),
        ({"n_topics": [40]}, CXDataError, "English texts"),
    ],
)
def test_choose_n_topics_bad_options(kwargs, error, words) -> None:
    with pytest.raises(error, match=words):
        choose_n_topics(THEMES, **{"min_df": 1, **kwargs})


@pytest.mark.course
def test_the_seed_changes_nndsvda_topics_on_the_course_data() -> None:
    """Module 09's corrected claim: a fixed seed repeats the topics; another seed can change them.

    scikit-learn's "nndsvda" start runs a randomised SVD seeded by random_state, so the seed is
    not idle: on the conversations, 8 topics with seed 0 and seed 1 differ, 6 do not.
    """
    from cxkit.data import load

    texts = load("conversations")["text"]
    words = {
        s: TopicModel(n_topics=8, n_top_words=7, random_state=s).fit(texts).top_words_["words"]
        for s in (0, 1)
    }
    assert not words[0].equals(words[1])
    assert TopicModel(n_topics=8, n_top_words=7).fit(texts).top_words_["words"].equals(words[0])
    six = [
        set(TopicModel(n_topics=6, n_top_words=7, random_state=s).fit(texts).top_words_["words"])
        for s in (0, 1)
    ]
    assert six[0] == six[1]
