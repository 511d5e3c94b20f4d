"""Scoring the entity extraction on the labelled constraint set (``evaluation/constraints.yaml``).

A line counts only if every field is exactly right: product types, brand, colour, size,
attributes, price bounds, price level, sort, people, and the order number, e-mail address and
country. The vocabulary is ``evaluation/vocabulary.yaml`` (the demo catalogue's words), so the
figure does not depend on a database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .constraints import ConstraintExtractor
from .entities import extract_email, extract_order_number
from .evaluation_sets import EVALUATION_DIR
from .vocabulary import ShopVocabulary

CONSTRAINTS_PATH = EVALUATION_DIR / "constraints.yaml"
VOCABULARY_PATH = EVALUATION_DIR / "vocabulary.yaml"
FIELDS = (
    "product_types", "brand", "colour", "size", "attributes", "price_min", "price_max",
    "price_level", "sort", "people", "order_number", "email", "country",
)  # fmt: skip


def load_vocabulary(path: str | Path = VOCABULARY_PATH) -> ShopVocabulary:
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return ShopVocabulary.build(
        product_types=raw.get("product_types", ()),
        type_aliases=raw.get("type_aliases") or {},
        brands=raw.get("brands", ()),
        colours=raw.get("colours") or {},
        sizes=raw.get("sizes") or {},
        attributes=raw.get("attributes") or {},
        countries=raw.get("countries") or {},
    )


def extract_all(extractor: ConstraintExtractor, text: str) -> dict[str, Any]:
    """Every field the labelled set checks, in its plain form."""
    constraints = extractor.extract(text)

    def price(value: Decimal | None) -> str | None:
        return None if value is None else format(value.normalize(), "f")

    return {
        "product_types": list(constraints.product_types),
        "brand": constraints.brand,
        "colour": constraints.colour,
        "size": constraints.size,
        "attributes": [list(pair) for pair in constraints.attributes],
        "price_min": price(constraints.price_min),
        "price_max": price(constraints.price_max),
        "price_level": constraints.price_level.value if constraints.price_level else None,
        "sort": constraints.sort.value if constraints.sort else None,
        "people": constraints.people,
        "order_number": extract_order_number(text),
        "email": extract_email(text),
        "country": extractor.country(text),
    }


def _expected(expect: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {name: None for name in FIELDS}
    found["product_types"], found["attributes"] = [], []
    for name, value in expect.items():
        if name not in FIELDS:
            raise ValueError(f"unknown field {name!r} in the constraint set")
        if name in ("price_min", "price_max"):
            value = format(Decimal(str(value)).normalize(), "f")
        found[name] = value
    return found


@dataclass(frozen=True, slots=True)
class ConstraintReport:
    part: str
    total: int
    exact: int
    field_errors: Counter[str]
    errors: tuple[tuple[str, dict[str, tuple[Any, Any]]], ...]  # text, field -> (want, got)

    @property
    def exact_match(self) -> float:
        return self.exact / self.total if self.total else 0.0

    def field_accuracy(self, name: str) -> float:
        """The share of lines whose ``name`` field is exactly right."""
        return 1 - self.field_errors[name] / self.total if self.total else 0.0

    def render(self, *, show_errors: bool = True) -> list[str]:
        lines = [
            f"{self.part}: {self.exact}/{self.total} exactly right ({self.exact_match:.1%})",
            "  per field: "
            + ", ".join(f"{name} {self.field_accuracy(name):.1%}" for name in FIELDS),
        ]
        if self.field_errors:
            lines.append(
                "  wrong fields: "
                + ", ".join(f"{name} {count}" for name, count in self.field_errors.most_common())
            )
        if show_errors:
            for text, wrong in self.errors:
                detail = "; ".join(f"{k}: want {w!r} got {g!r}" for k, (w, g) in wrong.items())
                lines.append(f"  {text!r}: {detail}")
        return lines


def score_constraints(
    lines: Sequence[Mapping[str, Any]], extractor: ConstraintExtractor, *, part: str
) -> ConstraintReport:
    field_errors: Counter[str] = Counter()
    errors: list[tuple[str, dict[str, tuple[Any, Any]]]] = []
    exact = 0
    for line in lines:
        want = _expected(line.get("expect") or {})
        got = extract_all(extractor, line["text"])
        wrong = {name: (want[name], got[name]) for name in FIELDS if want[name] != got[name]}
        field_errors.update(list(wrong))
        if wrong:
            errors.append((line["text"], wrong))
        else:
            exact += 1
    return ConstraintReport(part, len(lines), exact, field_errors, tuple(errors))


def evaluate_constraints(
    path: str | Path = CONSTRAINTS_PATH, vocabulary_path: str | Path = VOCABULARY_PATH
) -> list[ConstraintReport]:
    """One report per part of the labelled set (``dev``, ``test``)."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    extractor = ConstraintExtractor(load_vocabulary(vocabulary_path))
    return [score_constraints(lines, extractor, part=part) for part, lines in raw.items()]
