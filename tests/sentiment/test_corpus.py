"""The review corpus is built from its checked-in sources and split once, as a fold is drawn:
the shipped files are current, every line says where it came from, a group (a review and its
rewrites, a template and its fillings) never spans training and held-out, and no held-out line
equals a training line after normalisation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from shop.ml.protocol import find_duplicates, fold_word_coverage, word_coverage
from shop.ratings.sentiment import DEFAULT_HELDOUT_PATH, DEFAULT_TRAINING_PATH, SENTIMENTS
from shop.ratings.sentiment.corpus import (
    HELDOUT_SHARE,
    SOURCES_DIR,
    RewriteRules,
    build_corpus,
    split_corpus,
    template_fillings,
    write_corpus,
)


def _rows(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_the_shipped_files_are_what_the_sources_build(tmp_path: Path) -> None:
    sizes = write_corpus(tmp_path / "train.jsonl", tmp_path / "heldout.jsonl")
    assert (tmp_path / "train.jsonl").read_text() == DEFAULT_TRAINING_PATH.read_text()
    assert (tmp_path / "heldout.jsonl").read_text() == DEFAULT_HELDOUT_PATH.read_text()
    assert sizes == (len(_rows(DEFAULT_TRAINING_PATH)), len(_rows(DEFAULT_HELDOUT_PATH)))


def test_every_line_has_a_group_and_a_source_file() -> None:
    sources = {path.name for path in SOURCES_DIR.iterdir()}
    for row in _rows(DEFAULT_TRAINING_PATH) + _rows(DEFAULT_HELDOUT_PATH):
        assert row["label"] in SENTIMENTS and row["text"].strip() and row["group"]
        assert row["source"].split(":")[0] in sources
    readme = (SOURCES_DIR.parent / "README.md").read_text()
    assert all(name in readme for name in sources)


def test_the_split_keeps_groups_whole_and_no_duplicates_across() -> None:
    training, held_out = _rows(DEFAULT_TRAINING_PATH), _rows(DEFAULT_HELDOUT_PATH)
    assert not {row["group"] for row in training} & {row["group"] for row in held_out}
    sets = {"training": [r["text"] for r in training], "held-out": [r["text"] for r in held_out]}
    assert find_duplicates(sets) == []
    share = len(held_out) / (len(training) + len(held_out))
    assert abs(share - HELDOUT_SHARE) < 0.03
    # Drawn as a fold is, so its words are no more familiar than a fold's (before issue 20 the
    # held-out file was an easy core: 90% of its words seen in training against 83% for a fold).
    labels, groups = [r["label"] for r in training], [r["group"] for r in training]
    fold_coverage = fold_word_coverage(sets["training"], labels, groups)
    assert abs(word_coverage(sets["training"], sets["held-out"]) - fold_coverage) < 0.02


def test_templated_reviews_are_varied() -> None:
    corpus = build_corpus()
    templated = [line for line in corpus if line.source.startswith("templates.yaml")]
    assert len(templated) >= 300
    assert Counter(line.label for line in templated).keys() == set(SENTIMENTS)
    rules = Counter(line.source.rsplit("(", 1)[1] for line in corpus if "(" in line.source)
    assert set(rules) == {"context)", "after)", "typo)"}
    lengths = [len(line.text.split()) for line in corpus]
    assert min(lengths) <= 2 and max(lengths) >= 20


def test_two_slots_of_one_base_never_repeat_a_phrase() -> None:
    kinds = {"kettle": {"name": ["kettle"], "good": ["it is quick", "it is quiet"]}}
    fillings = template_fillings("{good} and {good2}.", kinds, {}, 4)
    assert set(fillings) == {"It is quick and it is quiet.", "It is quiet and it is quick."}


def test_rewrites_keep_the_review_and_are_seeded() -> None:
    frames = RewriteRules(
        context=("Got it in the sale.",),
        after=("I paid by card.",),
        context_share=1,
        after_share=1,
        typo_share=1,
    )
    rewrites = dict((rule, text) for text, rule in frames.rewrites("Lovely kettle, boils fast."))
    assert rewrites["context"] == "Got it in the sale. Lovely kettle, boils fast."
    assert rewrites["after"] == "Lovely kettle, boils fast. I paid by card."
    assert rewrites["typo"] != "Lovely kettle, boils fast."
    assert frames.rewrites("Lovely kettle, boils fast.") == frames.rewrites(
        "Lovely kettle, boils fast."
    )


def test_the_split_is_seeded_and_stratified() -> None:
    corpus = build_corpus()
    first, second = split_corpus(corpus), split_corpus(corpus)
    assert first == second
    counts = Counter(line.label for line in first[1])
    assert max(counts.values()) <= 1.2 * min(counts.values())
