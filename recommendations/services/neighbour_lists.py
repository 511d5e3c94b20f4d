"""Writing a build's neighbour lists: one row per product, hundreds of thousands on a large
catalogue. PostgreSQL takes them by COPY, streamed (no statement per batch, no row objects);
other databases in ``bulk_create`` batches."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from django.db import connection

from ..models import ItemNeighbours

WRITE_BATCH = 2_000
_COLUMNS = (
    "build_id",
    "product_id",
    "neighbour_ids",
    "scores",
    "complement_ids",
    "complement_scores",
)


@dataclass(frozen=True)
class NeighbourList:
    product_id: int
    neighbour_ids: list[int]
    scores: list[float]
    complement_ids: list[int]
    complement_scores: list[float]


def neighbour_lists_write(*, build_id: int, lists: Iterable[NeighbourList]) -> int:
    """Write ``lists`` as ``build_id``'s rows; returns how many. The caller holds no lock: the
    rows are invisible to shoppers until the build is switched to serving."""
    if connection.vendor == "postgresql":
        return _copy(build_id, lists)
    written = 0
    rows = (_model_row(build_id, item) for item in lists)
    while batch := list(islice(rows, WRITE_BATCH)):
        ItemNeighbours.objects.bulk_create(batch)
        written += len(batch)
    return written


def _model_row(build_id: int, item: NeighbourList) -> ItemNeighbours:
    return ItemNeighbours(
        build_id=build_id,
        product_id=item.product_id,
        neighbour_ids=item.neighbour_ids,
        scores=item.scores,
        complement_ids=item.complement_ids,
        complement_scores=item.complement_scores,
    )


def _copy(build_id: int, lists: Iterable[NeighbourList]) -> int:
    table = connection.ops.quote_name(ItemNeighbours._meta.db_table)
    statement = f"COPY {table} ({', '.join(_COLUMNS)}) FROM STDIN"
    written = 0
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in _copy_rows(build_id, lists):
            copy.write_row(row)
            written += 1
    return written


def _copy_rows(build_id: int, lists: Iterable[NeighbourList]) -> Iterator[tuple[object, ...]]:
    # jsonb columns take their text form; COPY parses it as the column's type.
    for item in lists:
        yield (
            build_id,
            item.product_id,
            json.dumps(item.neighbour_ids),
            json.dumps(item.scores),
            json.dumps(item.complement_ids),
            json.dumps(item.complement_scores),
        )
