"""The category tree and the product catalogue.

Products are planned in two steps. :func:`plan_catalogue` draws everything the behaviour model
needs (leaf, type, brand, price, popularity, dates) as numpy arrays, so the million-event
simulation never has to build Python objects. :func:`build_products` then dresses the plan in
titles and descriptions for the database.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from . import vocabulary as vocab
from .specs import CategorySpec, ProductSpec
from .variants import attribute_slug, build_variants, type_slug

SLUG_MAX_LENGTH = 200
# Share of products that are sold out, nearly sold out, or withdrawn from sale.
OUT_OF_STOCK_SHARE = 0.08
LOW_STOCK_SHARE = 0.12
INACTIVE_SHARE = 0.03
# Share of products added in the last 200 days, which get "new arrival" style dates.
NEW_PRODUCT_SHARE = 0.15
# Attempts at a fresh title before a model series is numbered to make it unique.
UNNUMBERED_ATTEMPTS = 3

LEAVES: tuple[tuple[vocab.Department, vocab.Leaf], ...] = tuple(
    (department, leaf) for department in vocab.DEPARTMENTS for leaf in department.leaves
)
TYPES: tuple[vocab.ProductType, ...] = tuple(
    product_type for _, leaf in LEAVES for product_type in leaf.types
)
BRANDS: tuple[vocab.Brand, ...] = tuple(
    brand for department in vocab.DEPARTMENTS for brand in department.brands
)


def _offsets(counts: list[int]) -> npt.NDArray[np.int64]:
    return np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)


# Flat index tables so plans can be drawn with vectorised lookups.
LEAF_DEPARTMENT = np.array(
    [vocab.DEPARTMENTS.index(department) for department, _ in LEAVES], dtype=np.int64
)
LEAF_TYPE_COUNT = np.array([len(leaf.types) for _, leaf in LEAVES], dtype=np.int64)
LEAF_TYPE_START = _offsets([len(leaf.types) for _, leaf in LEAVES])
DEPARTMENT_BRAND_COUNT = np.array([len(d.brands) for d in vocab.DEPARTMENTS], dtype=np.int64)
DEPARTMENT_BRAND_START = _offsets([len(d.brands) for d in vocab.DEPARTMENTS])
BRAND_TIER = np.array([brand.tier for brand in BRANDS], dtype=np.int64)
TYPE_LOG_PRICE = np.log(np.array([t.price_range for t in TYPES], dtype=np.float64))


@dataclass(frozen=True, slots=True)
class CataloguePlan:
    """What the behaviour model needs to know about each product, one array entry per product.

    ``price_position`` is where the price sits in its type's range (0 cheapest, 1 dearest, on a
    log scale), which is what a taste's price band is matched against.
    """

    leaf: npt.NDArray[np.int64]
    product_type: npt.NDArray[np.int64]
    brand: npt.NDArray[np.int64]
    price_cents: npt.NDArray[np.int64]
    price_position: npt.NDArray[np.float64]
    popularity: npt.NDArray[np.float64]
    created_days_ago: npt.NDArray[np.int64]
    stock: npt.NDArray[np.int64]
    active: npt.NDArray[np.bool_]
    image_seed: npt.NDArray[np.int64]

    @property
    def department(self) -> npt.NDArray[np.int64]:
        return LEAF_DEPARTMENT[self.leaf]

    def __len__(self) -> int:
        return int(self.leaf.shape[0])


@dataclass(frozen=True, slots=True)
class ProductFacts:
    """Words a product's reviews can quote: its noun, a variant value, features and uses."""

    noun: str
    variant: str
    features: tuple[str, ...]
    uses: tuple[str, ...]
    is_book: bool


def build_categories() -> tuple[CategorySpec, ...]:
    """The fixed two-level tree, each department directly followed by its leaves."""
    categories: list[CategorySpec] = []
    for department in vocab.DEPARTMENTS:
        categories.append(
            CategorySpec(department.slug, department.name, None, department.description)
        )
        categories.extend(
            CategorySpec(leaf.slug, leaf.name, department.slug, leaf.description)
            for leaf in department.leaves
        )
    return tuple(categories)


def plan_catalogue(count: int, rng: np.random.Generator) -> CataloguePlan:
    """Draw the latent and numeric side of ``count`` products.

    Every leaf gets at least one product when there are enough, so even the small shop shows a
    full category tree. Brands set the price tier, which ties brand and price band together the
    way real shoppers experience them.
    """
    weights = np.array([leaf.weight for _, leaf in LEAVES])
    guaranteed = min(count // len(LEAVES), 1)
    per_leaf = guaranteed + rng.multinomial(
        count - guaranteed * len(LEAVES), weights / weights.sum()
    )
    leaf = rng.permutation(np.repeat(np.arange(len(LEAVES)), per_leaf))

    product_type = LEAF_TYPE_START[leaf] + (rng.random(count) * LEAF_TYPE_COUNT[leaf]).astype(
        np.int64
    )
    from .baskets import device_popularity, with_kits  # baskets reads this module's tables

    with_kits(leaf, product_type)
    department = LEAF_DEPARTMENT[leaf]
    brand = DEPARTMENT_BRAND_START[department] + (
        rng.random(count) * DEPARTMENT_BRAND_COUNT[department]
    ).astype(np.int64)

    position = (BRAND_TIER[brand] + rng.beta(2.0, 2.0, count)) / 3.0
    position = np.clip(position + rng.normal(0.0, 0.06, count), 0.01, 0.99)
    low, high = TYPE_LOG_PRICE[product_type, 0], TYPE_LOG_PRICE[product_type, 1]
    price_cents = _shelf_price_cents(np.exp(low + position * (high - low)))

    is_new = rng.random(count) < NEW_PRODUCT_SHARE
    created = np.where(
        is_new,
        200.0 * rng.random(count) ** 2,
        rng.uniform(200.0, 1100.0, count),
    ).astype(np.int64)

    stock_draw = rng.random(count)
    stock = np.where(
        stock_draw < OUT_OF_STOCK_SHARE,
        0,
        np.where(
            stock_draw < OUT_OF_STOCK_SHARE + LOW_STOCK_SHARE,
            rng.integers(1, 4, count),
            np.clip(np.rint(rng.lognormal(3.3, 0.8, count)), 4, 500),
        ),
    ).astype(np.int64)

    return CataloguePlan(
        leaf=leaf,
        product_type=product_type,
        brand=brand,
        price_cents=price_cents,
        price_position=position,
        popularity=rng.lognormal(0.0, 1.2, count) * device_popularity(product_type),
        created_days_ago=created,
        stock=stock,
        active=rng.random(count) >= INACTIVE_SHARE,
        image_seed=rng.integers(0, 2**31 - 1, count),
    )


def _shelf_price_cents(euros: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Round to shelf prices people recognise: 12.99, 149.99, 1249.99."""
    cents = np.where(
        euros < 100,
        np.floor(euros) * 100 + 99,
        np.where(euros < 1000, np.rint(euros / 5) * 500 - 1, np.rint(euros / 50) * 5000 - 1),
    )
    return np.maximum(cents, 199).astype(np.int64)


def build_products(
    plan: CataloguePlan, rng: random.Random
) -> tuple[tuple[ProductSpec, ...], tuple[ProductFacts, ...]]:
    """Give each planned product a unique title, slug and SKU and a descriptive text."""
    titles: set[str] = set()
    slugs: set[str] = set()
    products: list[ProductSpec] = []
    facts: list[ProductFacts] = []
    for index in range(len(plan)):
        department, leaf = LEAVES[int(plan.leaf[index])]
        product_type = TYPES[int(plan.product_type[index])]
        brand = BRANDS[int(plan.brand[index])]
        sku = f"{department.code}-{leaf.slug[:3].upper()}-{index + 1:06d}"
        writer = _book_text if department.books else _goods_text
        title, description, product_facts, drawn = writer(
            department, leaf, product_type, brand, rng, titles
        )
        titles.add(title)
        slug = unique_slug(title, slugs)
        slugs.add(slug)
        price = Decimal(int(plan.price_cents[index])).scaleb(-2)
        variants = build_variants(
            sku=sku,
            product_type=product_type,
            drawn={name: value for name, (value, _slug) in drawn.items()},
            price=price,
            stock=int(plan.stock[index]),
            seed=int(plan.image_seed[index]),
        )
        products.append(
            ProductSpec(
                sku=sku,
                slug=slug,
                title=title,
                brand=brand.name,
                description=description,
                price=min(variant.price for variant in variants),
                currency="EUR",
                category_slug=leaf.slug,
                stock=sum(variant.stock for variant in variants),
                active=bool(plan.active[index]),
                created_days_ago=int(plan.created_days_ago[index]),
                image_seed=int(plan.image_seed[index]),
                type_slug=type_slug(product_type),
                attributes=tuple(
                    (attribute, value)
                    for value, attribute in drawn.values()
                    if attribute not in {option for v in variants for option, _ in v.options}
                ),
                variants=variants,
            )
        )
        facts.append(product_facts)
    return tuple(products), tuple(facts)


def _goods_text(
    department: vocab.Department,
    leaf: vocab.Leaf,
    product_type: vocab.ProductType,
    brand: vocab.Brand,
    rng: random.Random,
    taken: set[str],
) -> tuple[str, str, ProductFacts, dict[str, tuple[str, str]]]:
    attempt = 0
    while True:
        series = rng.choice(department.series)
        if department.numbered:
            model = f"{series} {rng.randrange(1, 100) * 10}"
        elif attempt >= UNNUMBERED_ATTEMPTS:
            model = f"{series} {rng.randrange(2, 100)}"
        else:
            model = series
        variants = [(a.name, rng.choice(a.values)) for a in product_type.attributes]
        # The title names what describes the product; the options it comes in are variants.
        shown = ", ".join(
            capitalise(value)
            for attribute, (_, value) in zip(product_type.attributes, variants, strict=True)
            if not attribute.variant
        )
        title = f"{brand.name} {model} {product_type.noun}" + (f", {shown}" if shown else "")
        if title not in taken:
            break
        attempt += 1

    noun = _lower_noun(product_type.noun)
    features = rng.sample(product_type.features, min(4, len(product_type.features)))
    use, use2 = rng.sample(product_type.uses, 2)
    opener = rng.choice(vocab.DESCRIPTION_OPENERS)
    words = {
        "name": f"{brand.name} {model}",
        "brand": brand.name,
        "model": model,
        "noun": noun,
        "tier_adj": _with_article(rng.choice(vocab.TIER_ADJECTIVES[brand.tier])),
        "f1": features[0],
        "f2": features[1],
        "use": use,
        "use2": use2,
    }
    sentences = [capitalise(opener.format(**words))]
    # Mention the remaining features once each, never repeating the opener's.
    remaining = features[2 if "{f2}" in opener else 1 :]
    if remaining:
        sentence = rng.choice(vocab.DESCRIPTION_FEATURES)
        sentences.append(sentence.format(rest=_join_phrases(remaining)))
    if variants:
        details = "; ".join(f"{name}: {value}" for name, value in variants)
        sentences.append(f"Specification: {details}.")
    if "{use}" in opener:
        sentences.append(f"It is just as handy for {use2}.")
    else:
        sentences.append(rng.choice(vocab.DESCRIPTION_USES).format(**words))
    sentences.append(f"Part of our {leaf.name} range from {brand.name}.")
    sentences.append(rng.choice(vocab.TIER_CLOSERS[brand.tier]))
    variant = variants[0][1] if variants else noun
    facts = ProductFacts(noun, variant, tuple(features), (use, use2), is_book=False)
    drawn = {
        name: (value, attribute_slug(attribute))
        for attribute, (name, value) in zip(product_type.attributes, variants, strict=True)
    }
    return title, " ".join(sentences), facts, drawn


def _book_text(
    department: vocab.Department,
    leaf: vocab.Leaf,
    product_type: vocab.ProductType,
    brand: vocab.Brand,
    rng: random.Random,
    taken: set[str],
) -> tuple[str, str, ProductFacts, dict[str, tuple[str, str]]]:
    while True:
        work = rng.choice(product_type.title_patterns).format(
            adj=rng.choice(vocab.BOOK_ADJECTIVES),
            word=rng.choice(product_type.words) if product_type.words else "",
            place=rng.choice(vocab.BOOK_PLACES),
            name=rng.choice(rng.choice(vocab.COUNTRIES).first_names),
        )
        country = rng.choice(vocab.COUNTRIES)
        author = f"{rng.choice(country.first_names)} {rng.choice(country.last_names)}"
        book_format = rng.choice(vocab.BOOK_FORMAT.values)
        title = f"{work} by {author} ({book_format})"
        if title not in taken:
            break

    noun = _lower_noun(product_type.noun)
    f1, f2 = rng.sample(product_type.features, 2)
    words = {
        "title": work,
        "noun": noun,
        "author": author,
        "f1": f1,
        "f2": f2,
        "format": book_format.lower(),
        "language": rng.choice(vocab.BOOK_LANGUAGE.values),
        "publisher": brand.name,
    }
    sentences = [
        capitalise(rng.choice(vocab.BOOK_OPENERS).format(**words)),
        rng.choice(vocab.BOOK_MIDDLES).format(**words),
        f"Shelved under {leaf.name} in our {department.name} department.",
        rng.choice(vocab.BOOK_CLOSERS).format(**words),
    ]
    facts = ProductFacts(noun, book_format.lower(), (f1, f2), (), is_book=True)
    drawn = {
        vocab.BOOK_FORMAT.name: (book_format, attribute_slug(vocab.BOOK_FORMAT)),
        vocab.BOOK_LANGUAGE.name: (str(words["language"]), attribute_slug(vocab.BOOK_LANGUAGE)),
    }
    return title, " ".join(sentences), facts, drawn


def unique_slug(text: str, taken: set[str]) -> str:
    """An ASCII, hyphenated, lower-case slug of at most 200 characters not already in ``taken``.

    Distinct titles can still fold to the same slug (punctuation and accents disappear), hence
    the numbered fallback.
    """
    folded = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:SLUG_MAX_LENGTH].strip("-")
    candidate, number = slug, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = slug[: SLUG_MAX_LENGTH - len(suffix)].rstrip("-") + suffix
        number += 1
    return candidate


def capitalise(value: str) -> str:
    """Upper-case only the first letter: openers and variants may start lower-case."""
    return value[:1].upper() + value[1:]


@lru_cache(maxsize=256)
def _lower_noun(noun: str) -> str:
    """Lower-case a product noun for running text but keep acronyms such as GPS or SPF."""

    def lower(word: str) -> str:
        return word.lower() if word[1:].islower() or len(word) == 1 else word

    return " ".join("-".join(lower(part) for part in word.split("-")) for word in noun.split())


def _join_phrases(phrases: list[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    return phrases[0] if len(phrases) == 1 else f"{', '.join(phrases[:-1])} and {phrases[-1]}"


def _with_article(adjective: str) -> str:
    return f"{'an' if adjective[0] in 'aeiou' else 'a'} {adjective}"
