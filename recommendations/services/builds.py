"""Services that rebuild the recommendations.

A rebuild is ``prepare`` (read the signals and catalogue, build the inputs once), one or more
``compute_chunk`` steps (each a slice of the catalogue, shareable across Celery workers) and
``finish`` (merge, write the neighbour lists, switch the serving build atomically, prune).
The inputs and chunk results travel between workers through the cache (Redis in production).
A failure at any step marks the build failed and leaves the previous build serving.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from shop.core.services import (
    Progress,
    run_fail,
    run_mark_succeeded,
    run_start_versioned,
    runs_prune,
)
from shop.core.services import quiet as _quiet

from ..engine.complements import Complements, broad_keys
from ..engine.content import ItemTexts, vectorize_items
from ..engine.evaluation import ranking_metrics, split_per_user
from ..engine.interactions import InteractionMatrix, build_interactions
from ..engine.pipeline import (
    ChunkResult,
    build_neighbours,
    chunk_bounds,
    combine_chunks,
    compute_chunk,
)
from ..engine.popularity import growth_scores, item_popularity, top_items, trending_scores
from ..engine.rebuys import rebuy_cycles
from ..engine.recommender import Recommender
from ..engine.similarity import Neighbours
from ..models import Build, ItemNeighbours
from ..selectors.dataset import (
    CatalogueArrays,
    SignalArrays,
    basket_matrix,
    catalogue_arrays,
    paid_purchases,
    positions_in,
    signal_arrays,
)
from ..selectors.rows import CURRENT_BUILD_KEY
from .interactions import interaction_buffer_flush
from .neighbour_lists import NeighbourList, neighbour_lists_write

logger = logging.getLogger(__name__)

STORED_NEIGHBOURS = 24
TRENDING_LENGTH = 48
TRENDING_HALF_LIFE_DAYS = 14.0
INPUTS_TTL = 6 * 3600
METRICS_MAX_INTERACTIONS = 300_000
MIN_ITEMS_PER_CHUNK = 2_000


class BuildError(Exception):
    pass


@dataclass(frozen=True)
class BuildInputs:
    matrix: InteractionMatrix
    texts: ItemTexts | None
    catalogue: CatalogueArrays
    trending: list[int]
    baskets: sp.csr_matrix  # orders and carts x the same items as ``matrix``


def _inputs_key(build_id: int) -> str:
    return f"recs:build:{build_id}:inputs"


def _chunk_key(build_id: int, index: int) -> str:
    return f"recs:build:{build_id}:chunk:{index}"


def build_create() -> Build:
    """A new running build with the next version number. Builds left running by a worker that
    died long ago are marked failed first."""
    return run_start_versioned(model=Build)


def build_prepare(
    *, build: Build, n_chunks: int = 1, progress: Progress = _quiet
) -> list[tuple[int, int]]:
    """Read everything once, keep the engine's inputs in the cache; returns the item slices."""
    progress(_("Reading signals and catalogue"))
    interaction_buffer_flush()  # the views still waiting in the buffer count too
    signals = signal_arrays()
    catalogue = catalogue_arrays()
    now = time.time()
    matrix = build_interactions(
        signals.users,
        signals.items,
        signals.kinds,
        signals.values,
        signals.timestamps,
        now=now,
        item_universe=catalogue.product_ids,
    )
    progress(
        _("%(users)d shoppers x %(items)d products, %(events)d signals")
        % {"users": matrix.n_users, "items": matrix.n_items, "events": len(signals)}
    )
    texts = (
        vectorize_items(
            catalogue.titles, catalogue.descriptions, catalogue.categories, catalogue.brands
        )
        if catalogue.titles
        else None
    )
    trending = _trending(catalogue.product_ids, signals, now)
    baskets = basket_matrix(catalogue.product_ids)
    progress(_("%(baskets)d baskets (orders and carts)") % {"baskets": baskets.shape[0]})
    cache.set(
        _inputs_key(build.pk),
        BuildInputs(
            matrix=matrix, texts=texts, catalogue=catalogue, trending=trending, baskets=baskets
        ),
        INPUTS_TTL,
    )
    # Small catalogues are not worth splitting: a chunk has a fixed cost of its own.
    n_chunks = max(1, min(n_chunks, matrix.n_items // MIN_ITEMS_PER_CHUNK))
    bounds = chunk_bounds(matrix.n_items, n_chunks) if matrix.n_items else [(0, 0)]
    build.n_users = matrix.n_users
    build.n_items = matrix.n_items
    build.n_interactions = len(signals)
    build.n_chunks = len(bounds)
    build.save(update_fields=["n_users", "n_items", "n_interactions", "n_chunks"])
    return bounds


def _trending(product_ids: np.ndarray, signals: SignalArrays, now: float) -> list[int]:
    """What is rising against its own past (growth), then, to fill the list, what is busiest
    lately (decayed counts): "Trending now" beside, not a copy of, the best sellers."""
    items = positions_in(product_ids, signals.items)
    rising = top_items(
        growth_scores(items, signals.timestamps, product_ids.size, now), TRENDING_LENGTH
    )
    busy = trending_scores(
        items, signals.timestamps, product_ids.size, now, half_life_days=TRENDING_HALF_LIFE_DAYS
    )
    fill = top_items(busy, TRENDING_LENGTH - rising.size, exclude=set(rising.tolist()))
    return [int(product_ids[i]) for i in (*rising, *fill)]


def _inputs(build_id: int) -> BuildInputs:
    inputs = cache.get(_inputs_key(build_id))
    if inputs is None:
        raise BuildError(f"inputs of build {build_id} are gone from the cache")
    return inputs


def build_compute_chunk(*, build_id: int, index: int, item_start: int, item_stop: int) -> None:
    """One slice of the catalogue. Idempotent: a retried chunk overwrites its own result. A
    chunk of a build that is no longer running (failed, marked failed as abandoned, or
    finished) is dropped: the broker redelivers unacknowledged chunks of a killed build after
    its visibility timeout, long after a newer build took over."""
    if not _still_running(build_id):
        logger.info("dropping chunk %d of build %d: no longer running", index, build_id)
        return
    inputs = _inputs(build_id)
    result = compute_chunk(
        inputs.matrix.matrix, item_start, item_stop, inputs.matrix.sessions, inputs.texts
    )
    # A result lost by the cache makes build_finish fail the build loudly, never half-serve.
    cache.set(_chunk_key(build_id, index), result, INPUTS_TTL)
    Build.objects.filter(pk=build_id).update(chunks_done=F("chunks_done") + 1)


def _offline_metrics(matrix: InteractionMatrix) -> dict[str, float]:
    """Hold-out quality of this build's model (per-user 80/20, seed 42), on a sample of
    shoppers when the data is large."""
    data = sp.csr_matrix(matrix.matrix)
    if data.nnz == 0:
        return {}
    if data.nnz > METRICS_MAX_INTERACTIONS:
        rng = np.random.default_rng(42)
        keep = rng.random(data.shape[0]) < METRICS_MAX_INTERACTIONS / data.nnz
        data = data[np.flatnonzero(keep)]
    coo = data.tocoo()
    test_mask = split_per_user(coo.row)
    shape = data.shape
    train = sp.csr_matrix(
        (coo.data[~test_mask], (coo.row[~test_mask], coo.col[~test_mask])), shape=shape
    )
    test = sp.csr_matrix(
        (coo.data[test_mask], (coo.row[test_mask], coo.col[test_mask])), shape=shape
    )
    recommender = Recommender.from_neighbours(build_neighbours(train), item_popularity(train))
    users = np.flatnonzero(np.diff(test.indptr) > 0)
    if users.size == 0:
        return {}
    recs = recommender.recommend_histories(train[users], k=10, explain=False)
    metrics = ranking_metrics(recs.items, test[users], n_catalogue=shape[1]).as_dict()
    named = {f"{name}@10": value for name, value in metrics.items() if name != "coverage"}
    named["coverage"] = metrics["coverage"]
    named["users"] = float(users.size)
    return {name: round(float(value), 4) for name, value in named.items()}


def build_finish(*, build_id: int, progress: Progress = _quiet) -> Build:
    """Merge the chunks, write the lists, then switch the serving build in one transaction.
    A build that is no longer running is left as it is, and one that a newer build overtook
    finishes without serving: a build never replaces a newer one."""
    build = Build.objects.get(pk=build_id)
    if build.status != Build.Status.RUNNING:
        logger.info("not finishing build %d: it is %s", build_id, build.status)
        return build
    if Build.objects.filter(is_current=True, version__gt=build.version).exists():
        return _overtaken(build)
    inputs = _inputs(build_id)
    chunks: list[ChunkResult] = []
    for index in range(build.n_chunks):
        chunk = cache.get(_chunk_key(build_id, index))
        if chunk is None:
            raise BuildError(f"chunk {index} of build {build_id} is missing")
        chunks.append(chunk)
    progress(_("Merging %(n)d chunk(s)") % {"n": len(chunks)})
    matrix = inputs.matrix
    product_ids = inputs.catalogue.product_ids
    neighbours = combine_chunks(chunks) if matrix.n_items else None
    progress(_("Learning what is bought together"))
    complements = _complement_lists(inputs)
    progress(_("Writing neighbour lists"))
    ItemNeighbours.objects.filter(build_id=build_id).delete()  # a retried finish starts clean
    written = neighbour_lists_write(
        build_id=build_id,
        lists=_neighbour_lists(neighbours, complements, product_ids, matrix.n_items),
    )
    progress(_("%(n)d neighbour lists written") % {"n": written})
    progress(_("Measuring offline quality"))
    metrics = _offline_metrics(matrix)
    rebuys = {str(pid): round(days, 1) for pid, days in rebuy_cycles(*paid_purchases()).items()}
    with transaction.atomic():
        build = Build.objects.select_for_update().get(pk=build_id)
        # The serving build is locked too, so two finishing builds switch one after the other.
        serving = list(Build.objects.select_for_update().filter(is_current=True))
        if build.status != Build.Status.RUNNING:
            return build  # failed meanwhile (abandoned): its lists are pruned with it
        if any(other.version > build.version for other in serving):
            return _overtaken(build)
        Build.objects.filter(is_current=True).exclude(pk=build_id).update(is_current=False)
        succeeded = run_mark_succeeded(run=build)
        build.is_current = True
        build.metrics = metrics
        build.trending = inputs.trending
        build.broad_type_ids = [int(t) for t in broad_keys(inputs.catalogue.type_ids)]
        build.rebuy_cycles = rebuys
        build.save(
            update_fields=[
                *succeeded,
                "is_current",
                "metrics",
                "trending",
                "broad_type_ids",
                "rebuy_cycles",
            ]
        )
        transaction.on_commit(lambda: cache.delete(CURRENT_BUILD_KEY))
    _cleanup(build)
    builds_prune()
    return build


def _neighbour_lists(
    neighbours: Neighbours | None,
    complements: list[tuple[np.ndarray, np.ndarray]],
    product_ids: np.ndarray,
    n_items: int,
) -> Iterator[NeighbourList]:
    """Each item's stored lists, in product ids, generated as they are written."""
    for item in range(n_items):
        assert neighbours is not None
        idx, val = neighbours.row(item)
        idx, val = idx[:STORED_NEIGHBOURS], val[:STORED_NEIGHBOURS]
        together, together_scores = complements[item]
        yield NeighbourList(
            product_id=int(product_ids[item]),
            neighbour_ids=[int(product_ids[i]) for i in idx],
            scores=[round(float(s), 5) for s in val],
            complement_ids=[int(product_ids[i]) for i in together],
            complement_scores=[round(float(s), 5) for s in together_scores],
        )


def _complement_lists(inputs: BuildInputs) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each product's complements from same-basket co-occurrence (never its own type; dearer
    ones only when bought with it often enough): "Frequently bought together" and, combined
    over a cart, "Complete your order"."""
    catalogue = inputs.catalogue
    model = Complements().fit(inputs.baskets)
    keys = catalogue.type_ids.copy()
    keys[np.isin(keys, broad_keys(keys))] = -1
    return model.item_lists(k=STORED_NEIGHBOURS, item_key=keys, prices=catalogue.prices)


def _cleanup(build: Build) -> None:
    cache.delete_many(
        [_inputs_key(build.pk), *(_chunk_key(build.pk, i) for i in range(build.n_chunks))]
    )


def _overtaken(build: Build) -> Build:
    run_fail(run=build, error=_("A newer build took over while this one was running."))
    _cleanup(build)
    build.refresh_from_db()
    return build


def _still_running(build_id: int) -> bool:
    return Build.objects.filter(pk=build_id, status=Build.Status.RUNNING).exists()


def build_fail(*, build_id: int, error: str) -> None:
    """Record the failure; the serving build is untouched."""
    build = Build.objects.filter(pk=build_id).first()
    if build is not None:
        run_fail(run=build, error=error)
        _cleanup(build)


def builds_prune(*, keep: int | None = None) -> int:
    """Delete all but the newest ``keep`` finished builds (never the serving one)."""
    keep = keep if keep is not None else settings.RECOMMENDATIONS_KEEP_BUILDS
    current = set(Build.objects.filter(is_current=True).values_list("pk", flat=True))
    return runs_prune(model=Build, keep=keep, protected=current, newest_first=["-version"])


def build_run(*, n_chunks: int = 1, progress: Progress = _quiet) -> Build:
    """The whole rebuild in this process (the management command, eager Celery, tests)."""
    build = build_create()
    progress(_("Build %(version)d started") % {"version": build.version})
    try:
        bounds = build_prepare(build=build, n_chunks=n_chunks, progress=progress)
        for index, (start, stop) in enumerate(bounds):
            progress(
                _("Chunk %(i)d/%(n)d: items %(a)d-%(b)d")
                % {"i": index + 1, "n": len(bounds), "a": start, "b": stop}
            )
            build_compute_chunk(build_id=build.pk, index=index, item_start=start, item_stop=stop)
        return build_finish(build_id=build.pk, progress=progress)
    except Exception as error:
        build_fail(build_id=build.pk, error=f"{type(error).__name__}: {error}")
        raise


def build_start(*, n_chunks: int) -> tuple[Build, list[tuple[int, int]]]:
    """The first step of a distributed rebuild: a new build with its inputs prepared."""
    build = build_create()
    try:
        return build, build_prepare(build=build, n_chunks=n_chunks)
    except Exception as error:
        build_fail(build_id=build.pk, error=f"{type(error).__name__}: {error}")
        raise
