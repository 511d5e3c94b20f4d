"""The demo vocabulary data file: its schema, the rules a schema cannot say, and its reader."""

from __future__ import annotations

import copy
import json
import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from shop.demo.engine import vocabulary as vocab
from shop.demo.engine.images import MOTIFS

SCHEMA_PATH = vocab.DATA_PATH.with_name("vocabulary.schema.json")

GOODS_WORDS = {"name", "brand", "model", "noun", "tier_adj", "f1", "f2", "use", "use2"}
BOOK_WORDS = {"title", "noun", "author", "f1", "f2", "format", "language", "publisher"}
TITLE_WORDS = {"adj", "word", "place", "name"}
REVIEW_WORDS = {"noun", "attr", "feature", "use"}
BOOK_PARTS = ("openers", "middles", "closers")


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def data() -> Any:
    return load(vocab.DATA_PATH)


def schema_errors(data: Any) -> list[str]:
    schema = load(SCHEMA_PATH)
    Draft202012Validator.check_schema(schema)
    errors = Draft202012Validator(schema).iter_errors(data)
    return sorted(f"{error.json_path}: {error.message}" for error in errors)


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def templates(data: Any) -> Iterator[tuple[str, str, set[str]]]:
    """(where, template, the placeholders it may use) for every formatted text in the file."""
    tables = [
        ("descriptions.openers", data["descriptions"]["openers"], GOODS_WORDS),
        ("descriptions.uses", data["descriptions"]["uses"], GOODS_WORDS),
        ("descriptions.features", data["descriptions"]["features"], {"rest"}),
        *((f"books.{part}", data["books"][part], BOOK_WORDS) for part in BOOK_PARTS),
        *(
            (f"reviews.{table}.{tone}", texts, REVIEW_WORDS)
            for table, by_tone in data["reviews"].items()
            for tone, texts in by_tone.items()
        ),
        *(
            (
                f"{product_type['noun']}.title_patterns",
                product_type.get("title_patterns", []),
                TITLE_WORDS,
            )
            for product_type in product_types(data)
        ),
    ]
    for where, texts, allowed in tables:
        for text in texts:
            yield where, text, allowed


def product_types(data: Any) -> Iterator[dict[str, Any]]:
    for department in data["departments"]:
        for leaf in department["leaves"]:
            yield from leaf["types"]


def problems(data: Any) -> list[str]:
    """What the schema cannot check (references, uniqueness, template placeholders), for data
    that matches the schema."""
    found: list[str] = []
    category_slugs = Counter(
        slug
        for department in data["departments"]
        for slug in (department["slug"], *(leaf["slug"] for leaf in department["leaves"]))
    )
    codes = Counter(department["code"] for department in data["departments"])
    brands = Counter(b["name"] for d in data["departments"] for b in d["brands"])
    countries = Counter(country["code"] for country in data["countries"])
    for kind, counts in (
        ("category slug", category_slugs),
        ("department code", codes),
        ("brand", brands),
        ("country", countries),
    ):
        found += [f"{kind} {key!r} is used {n} times" for key, n in counts.items() if n > 1]

    for department in data["departments"]:
        books = department["books"]
        if not books and not department["series"]:
            found.append(f"department {department['slug']!r} has no model series")
        for leaf in department["leaves"]:
            for product_type in leaf["types"]:
                noun = product_type["noun"]
                low, high = product_type["price_range"]
                if low >= high:
                    found.append(f"{noun!r}: price range {low}-{high} is empty")
                for item in product_type["attributes"]:
                    if isinstance(item, str) and item not in data["attributes"]:
                        found.append(f"{noun!r}: unknown attribute {item!r}")
                if books and not product_type.get("title_patterns"):
                    found.append(f"book type {noun!r} has no title patterns")
                if not books and ("title_patterns" in product_type or "words" in product_type):
                    found.append(f"{noun!r} has book title patterns but is not a book")
                if not books and len(product_type["uses"]) < 2:
                    found.append(f"{noun!r} needs at least two uses")
                uses_words = any(
                    "word" in placeholders(t) for t in product_type.get("title_patterns", [])
                )
                if uses_words and not product_type.get("words"):
                    found.append(f"book type {noun!r} has {{word}} in titles but no words")

    for where, template, allowed in templates(data):
        unknown = placeholders(template) - allowed
        if unknown:
            found.append(f"{where}: {template!r} uses unknown {sorted(unknown)}")
    for country in data["countries"]:
        if placeholders(country["street_format"]) != {"street", "number"}:
            found.append(f"{country['code']}.street_format must take {{street}} and {{number}}")
    return found


def test_the_data_file_matches_its_schema(data: Any) -> None:
    assert schema_errors(data) == []


def test_the_data_file_passes_the_checks_a_schema_cannot_make(data: Any) -> None:
    assert problems(data) == []


def test_the_schema_knows_every_image_motif() -> None:
    department = load(SCHEMA_PATH)["$defs"]["department"]
    assert set(department["properties"]["motif"]["enum"]) == set(MOTIFS)


def test_the_schema_catches_a_malformed_file(data: Any) -> None:
    broken = copy.deepcopy(data)
    del broken["departments"][0]["code"]
    broken["departments"][0]["palette"][0] = [300, 0, 0]
    broken["reviews"]["sentences"].pop("neutral")

    errors = "\n".join(schema_errors(broken))
    assert "'code' is a required property" in errors
    assert "300 is greater than the maximum of 255" in errors
    assert "'neutral' is a required property" in errors


def test_the_checks_catch_what_the_schema_lets_through(data: Any) -> None:
    broken = copy.deepcopy(data)
    electronics = broken["departments"][0]
    headphones = electronics["leaves"][0]["types"][0]
    headphones["attributes"].append("glitter")
    headphones["price_range"] = [90, 10]
    broken["departments"][1]["leaves"][0]["slug"] = electronics["leaves"][0]["slug"]
    broken["reviews"]["titles"]["positive"].append("Love the {colour}")

    assert schema_errors(broken) == []
    found = "\n".join(problems(broken))
    assert "unknown attribute 'glitter'" in found
    assert "price range 90-10 is empty" in found
    assert f"category slug {electronics['leaves'][0]['slug']!r} is used 2 times" in found
    assert "'Love the {colour}' uses unknown ['colour']" in found


def test_the_reader_builds_the_tables(data: Any) -> None:
    loaded = vocab.load_vocabulary()

    assert [d.slug for d in loaded.departments] == [d["slug"] for d in data["departments"]]
    assert loaded.countries[0].cities[0] == tuple(data["countries"][0]["cities"][0].values())
    # Shared axes are one object, and every book has the shared format and language.
    books = [t for d in loaded.departments if d.books for leaf in d.leaves for t in leaf.types]
    assert books and all(t.attributes == (vocab.BOOK_FORMAT, vocab.BOOK_LANGUAGE) for t in books)
    assert all(
        isinstance(low, float) and low < high
        for d in loaded.departments
        for leaf in d.leaves
        for (low, high) in (t.price_range for t in leaf.types)
    )
    assert vocab.PRICE_BANDS == ("budget", "mid-range", "premium")


def test_the_reader_refuses_an_unknown_attribute(data: Any, tmp_path: Path) -> None:
    data["departments"][0]["leaves"][0]["types"][0]["attributes"] = ["glitter"]
    path = tmp_path / "vocabulary.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(vocab.VocabularyError, match="unknown attribute 'glitter'") as error:
        vocab.load_vocabulary(path)
    assert str(path) in str(error.value)


def test_the_reader_refuses_a_missing_table(data: Any, tmp_path: Path) -> None:
    del data["countries"]
    path = tmp_path / "vocabulary.json"
    path.write_text(json.dumps(data), encoding="utf-8")

    with pytest.raises(vocab.VocabularyError, match="countries"):
        vocab.load_vocabulary(path)
