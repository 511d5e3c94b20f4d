"""Search quality and latency on a seeded demo shop, beside the search of before (issue 15).

Usage (on a scratch database, e.g. the medium demo on SQLite):

    SHOP_VAR_DIR=/tmp/bench .venv/bin/python manage.py migrate
    SHOP_VAR_DIR=/tmp/bench .venv/bin/python manage.py seed_demo --size medium
    SHOP_VAR_DIR=/tmp/bench .venv/bin/python benchmarks/search_quality.py --split validation
    SHOP_VAR_DIR=/tmp/bench .venv/bin/python benchmarks/search_quality.py --split test

Honest evaluation: the seeds are split. ``--split validation`` (the default) pools the
validation seeds ``VALIDATION_SEEDS`` and prints each seed's hit@10 beside the pooled figure
(their spread is the cross-validation beside the held-out figure); the corrector is tuned on
these only. ``--split test`` scores ``TEST_SEED``, a seed never used before, once after all
tuning; its figure is reported whatever it is, and once it has been seen it is spent (a later
round of tuning moves to a fresh test seed and says so). Seed 15, the seed of the first
reports, was seen during the first round of tuning and belongs to neither split. ``--seed N``
scores one seed for a look (not a reported figure).

The query set is generated from the catalogue by fixed rules, written here before any tuning
and never tuned on (``--seed`` picks the sample and the typos, nothing else):

* ``exact``: each product type's name as written ("wireless headphones");
* ``type typo 1`` / ``type typo 2``: the type's longest word with one typo (words of 4 letters
  or more) or two typos (8 or more), each a random deletion, insertion, substitution or swap of
  neighbours, never on the first letter;
* ``brand typo 1`` / ``brand typo 2``: the same on each brand's name;
* ``attribute typo 1``: an attribute value of one word of 5 letters or more ("merino"), one typo;
* ``joined``: a type name of two or more words written as one ("hairdryer");
* ``split``: a one-word type name (or a type's word) of 7 letters or more split where both parts
  (3 letters or more) are words of the catalogue's titles or descriptions ("head phones");
* ``natural``: the type in a sentence, from fixed templates ("do you have {plural}", "i am
  looking for a {type}", "show me {plural} please", "{type} under {price}", the price the type's
  75th percentile rounded up to 10: then a relevant product also costs no more).

A product is relevant when it has the intended type (brand for brand queries, value for value
queries). Printed per family, for the search of today and the search of before
(``shop.catalogue.search.product_search_queryset``, ranked as the listing ranked it):
hit@10 (a relevant product in the top 10), precision@10 (relevant share of the top 10, out of
at most the relevant products there are) and MRR@10. Latency: p50/p99 of the search service
in-process (the first 10 products of ``search_products``), of the results page with facets
through the WSGI handler (Django's test client, page cache off), and of the suggest API.
Targets: hit@10 >= 0.95 on typo and compound families, precision@10 on ``exact`` not below
before, in-process p99 <= 30 ms, results page p99 <= 60 ms, suggest p99 <= 15 ms.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Seeds to tune on, and the held-out seed (fresh in each round of issue 15 that can change the
# ranking, scored once: 7919 was spent in the second round, 65537 is the third's).
VALIDATION_SEEDS = (101, 102, 103, 104, 105)
TEST_SEED = 65537
ANALYSED_TABLES = (
    "catalogue_product",
    "catalogue_producttype",
    "catalogue_category",
    "catalogue_attributevalue",
    "catalogue_productattributevalue",
    "catalogue_productvariant",
    "catalogue_variantoption",
)
TEMPLATES = (
    "do you have {plural}",
    "i am looking for a {type}",
    "show me {plural} please",
    "{type} under {price}",
)


@dataclass(frozen=True)
class Query:
    family: str
    text: str
    relevant: frozenset[int]


def typo(word: str, rng: random.Random) -> str:
    """One random edit, never on the first letter, always a different word."""
    for _attempt in range(20):
        i = rng.randrange(1, len(word))
        kind = rng.choice(("delete", "insert", "substitute", "swap"))
        if kind == "delete":
            out = word[:i] + word[i + 1 :]
        elif kind == "insert":
            out = word[:i] + rng.choice(LETTERS) + word[i:]
        elif kind == "substitute":
            out = word[:i] + rng.choice(LETTERS.replace(word[i], "")) + word[i + 1 :]
        else:
            if i >= len(word) - 1:
                continue
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        if out != word:
            return out
    return word


def with_typos(phrase: str, count: int, min_length: int, rng: random.Random) -> str | None:
    words = phrase.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    if len(words[longest]) < min_length:
        return None
    word = words[longest]
    for _n in range(count):
        word = typo(word, rng)
    words[longest] = word
    return " ".join(words)


def plural(phrase: str) -> str:
    if phrase.endswith(("s", "x", "ch", "sh")):
        return phrase + ("" if phrase.endswith("s") else "es")
    if phrase.endswith("y") and phrase[-2:-1] not in "aeiou":
        return phrase[:-1] + "ies"
    return phrase + "s"


def generate(rng: random.Random, per_family: int) -> list[Query]:
    from django.db.models import Q

    from shop.catalogue.models import Product, ProductAttributeValue, VariantOption

    products = list(
        Product.objects.filter(is_active=True).values_list(
            "id", "product_type__name", "brand", "price", "title", "description"
        )
    )
    by_type: dict[str, set[int]] = defaultdict(set)
    by_brand: dict[str, set[int]] = defaultdict(set)
    prices: dict[str, list[float]] = defaultdict(list)
    price_of: dict[int, float] = {}
    text_words: set[str] = set()
    for pid, type_name, brand, price, title, description in products:
        by_type[type_name.lower()].add(pid)
        if brand:
            by_brand[brand.lower()].add(pid)
        prices[type_name.lower()].append(float(price))
        price_of[pid] = float(price)
        text_words.update(re.findall(r"[a-z]+", f"{title} {description}".lower()))
    by_value: dict[str, set[int]] = defaultdict(set)
    for name, pid in ProductAttributeValue.objects.values_list("value__name", "product_id"):
        by_value[name.lower()].add(pid)
    for name, pid in VariantOption.objects.filter(~Q(value__name="")).values_list(
        "value__name", "variant__product_id"
    ):
        by_value[name.lower()].add(pid)

    families: dict[str, list[Query]] = defaultdict(list)
    for name, ids in sorted(by_type.items()):
        relevant = frozenset(ids)
        families["exact"].append(Query("exact", name, relevant))
        for count, length in ((1, 4), (2, 8)):
            if text := with_typos(name, count, length, rng):
                families[f"type typo {count}"].append(Query(f"type typo {count}", text, relevant))
        words = name.split()
        if len(words) >= 2 and all(w.isalpha() for w in words):
            families["joined"].append(Query("joined", "".join(words), relevant))
        for word in words:
            if len(word) < 7 or not word.isalpha():
                continue
            cuts = [
                c
                for c in range(3, len(word) - 2)
                if word[:c] in text_words and word[c:] in text_words
            ]
            if cuts:
                cut = rng.choice(cuts)
                split = name.replace(word, f"{word[:cut]} {word[cut:]}")
                families["split"].append(Query("split", split, relevant))
        template = rng.choice(TEMPLATES)
        limit = (
            int(math.ceil(statistics.quantiles(prices[name], n=4)[-1] / 10) * 10)
            if len(prices[name]) >= 2
            else int(prices[name][0]) + 10
        )
        if "{price}" in template:
            relevant = frozenset(i for i in ids if price_of[i] <= limit)
        text = template.format(type=name, plural=plural(name), price=limit)
        families["natural"].append(Query("natural", text, relevant))
    for name, ids in sorted(by_brand.items()):
        for count, length in ((1, 4), (2, 8)):
            if text := with_typos(name, count, length, rng):
                families[f"brand typo {count}"].append(
                    Query(f"brand typo {count}", text, frozenset(ids))
                )
    for name, ids in sorted(by_value.items()):
        one_word = " " not in name and name.isalpha() and len(name) >= 5
        if one_word and (text := with_typos(name, 1, 5, rng)):
            families["attribute typo 1"].append(Query("attribute typo 1", text, frozenset(ids)))
    queries: list[Query] = []
    for family in sorted(families):
        found = families[family]
        rng.shuffle(found)
        queries.extend(found[:per_family])
    return queries


def score(ranked: list[int], relevant: frozenset[int]) -> tuple[float, float, float]:
    top = ranked[:10]
    hits = [pid in relevant for pid in top]
    hit = 1.0 if any(hits) else 0.0
    precision = sum(hits) / max(1, min(10, len(relevant)))
    mrr = next((1.0 / (i + 1) for i, h in enumerate(hits) if h), 0.0)
    return hit, precision, mrr


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _n in range(repeat):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("validation", "test"), default="validation")
    parser.add_argument("--seed", type=int, help="one seed instead of a split (a look only)")
    parser.add_argument("--per-family", type=int, default=120)
    parser.add_argument("--latency-queries", type=int, default=300)
    parser.add_argument("--no-latency", action="store_true", help="quality only")
    parser.add_argument("--show-misses", action="store_true", help="print each query missed")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("STOREFRONT_PAGE_CACHE", "false")
    # One client asks hundreds of suggestions a minute: under the anonymous API throttle most
    # would be quick 429s, timing the refusal instead of the suggestion. The throttle still runs.
    os.environ.setdefault("API_THROTTLE_ANON", "1000000/minute")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from shop.catalogue.models import Product
    from shop.catalogue.search import product_search_queryset
    from shop.catalogue.selectors import product_base_queryset
    from shop.search.selectors import search_products

    settings.STOREFRONT_PAGE_CACHE = False
    # Pages link their assets without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["*"]
    seeds: tuple[int, ...]
    if args.seed is not None:
        seeds, label = (args.seed,), f"seed {args.seed} (a look, not a split)"
    elif args.split == "test":
        seeds, label = (TEST_SEED,), f"test split, seed {TEST_SEED}"
    else:
        seeds, label = VALIDATION_SEEDS, f"validation split, seeds {VALIDATION_SEEDS}"
    if connection.vendor == "postgresql":
        # Planner statistics for the freshly seeded tables (autovacuum may be off or behind:
        # without them the match is planned as a nested loop over every product type).
        with connection.cursor() as cursor:
            for analysed in ANALYSED_TABLES:
                cursor.execute(f"ANALYZE {analysed}")
    by_seed = {seed: generate(random.Random(seed), args.per_family) for seed in seeds}
    queries = [q for seed in seeds for q in by_seed[seed]]
    print(
        f"{Product.objects.count()} products on {connection.vendor}; {len(queries)} queries "
        f"({label})"
    )

    def now(text: str) -> list[int]:
        return [p.pk for p in search_products(text).queryset[:10]]

    def before(text: str) -> list[int]:
        found = product_search_queryset(product_base_queryset(), text)
        ranked = found.order_by("-search_rank", "-popularity", "id")  # type: ignore[misc]
        return [p.pk for p in ranked[:10]]

    now("warm up")
    table: dict[str, dict[str, list[tuple[float, float, float]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    seed_hits: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(list))
    for seed in seeds:
        for query in by_seed[seed]:
            scored = score(now(query.text), query.relevant)
            table[query.family]["now"].append(scored)
            seed_hits[query.family][seed].append(scored[0])
            if args.show_misses and scored[1] < 1:
                print(f"  miss [{query.family}] {query.text!r}: {scored}")
            table[query.family]["before"].append(score(before(query.text), query.relevant))

    print(f"\n{'family':<18}{'n':>5}  {'hit@10':>15}  {'precision@10':>15}  {'MRR@10':>15}")
    print(f"{'':<18}{'':>5}  {'before → now':>15}  {'before → now':>15}  {'before → now':>15}")
    verdicts = []
    spreads = []
    for family in sorted(table):
        rows = table[family]
        means = {k: [statistics.fmean(r[i] for r in rows[k]) for i in range(3)] for k in rows}
        b, n = means["before"], means["now"]
        print(
            f"{family:<18}{len(rows['now']):>5}  {b[0]:>6.3f} → {n[0]:<6.3f}  "
            f"{b[1]:>6.3f} → {n[1]:<6.3f}  {b[2]:>6.3f} → {n[2]:<6.3f}"
        )
        per_seed = [statistics.fmean(seed_hits[family][s]) for s in seeds if seed_hits[family][s]]
        if len(per_seed) > 1:
            spread = " ".join(f"{h:.3f}" for h in per_seed)
            spreads.append(
                f"{family:<18}{spread}  (sd {statistics.stdev(per_seed):.3f}, "
                f"min {min(per_seed):.3f})"
            )
        if "typo" in family or family in ("joined", "split"):
            verdicts.append((f"hit@10 {family} >= 0.95", n[0] >= 0.95, f"{n[0]:.3f}"))
        if family == "exact":
            verdicts.append(
                ("precision@10 exact not below before", n[1] >= b[1], f"{b[1]:.3f} → {n[1]:.3f}")
            )
    if spreads:
        print("\nhit@10 now, per validation seed")
        print("\n".join(spreads))
    if args.no_latency:
        return report(verdicts)

    rng = random.Random(seeds[0])
    sample = [q.text for q in queries]
    rng.shuffle(sample)
    sample = sample[: args.latency_queries]
    client = Client()

    def answered(response: Any) -> object:
        # Only answers are timed: a refusal or an error is quick and would flatter the figures.
        if response.status_code != 200:
            raise SystemExit(f"{response.request['PATH_INFO']} answered {response.status_code}")
        return response

    def page_of(text: str) -> object:
        return answered(client.get("/search/", {"q": text}))

    def suggest_for(text: str) -> object:
        # As typed so far: the query less its last two letters.
        return answered(client.get("/api/search/suggest/", {"q": text[: max(3, len(text) - 2)]}))

    service = [t for q in sample for t in timed(partial(now, q))]
    old = [t for q in sample for t in timed(partial(before, q))]
    page = [t for q in sample for t in timed(partial(page_of, q))]
    suggest = [t for q in sample for t in timed(partial(suggest_for, q))]
    print("\nlatency (ms)             p50      p99")
    for name, values in (
        ("search before", old),
        ("search service", service),
        ("results page+facets", page),
        ("suggest API", suggest),
    ):
        print(f"{name:<22}{percentile(values, 0.5):>7.1f}  {percentile(values, 0.99):>7.1f}")
    for name, values, target in (
        ("in-process", service, 30),
        ("results page", page, 60),
        ("suggest", suggest, 15),
    ):
        p99 = percentile(values, 0.99)
        verdicts.append((f"{name} p99 <= {target} ms", p99 <= target, f"{p99:.1f}"))
    return report(verdicts)


def report(verdicts: list[tuple[str, bool, str]]) -> int:
    print()
    for verdict, ok, figure in verdicts:
        print(f"{'PASS' if ok else 'FAIL'}  {verdict}: {figure}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
