"""Order and recency: what a user did *next*, and what they did *last*.

Two uses of the event times on top of the session rows (``interactions.session_rows``):

* **Sequence neighbours.** Items a user touched within ``window`` events of each other are
  related the way a basket is, but without a fixed silence to cut on; with ``directed`` only
  the later item is suggested by the earlier one ("after X, people went on to Y"). The counts
  are saturated (``log1p``) and normalised by both items' totals, ``T[i, j] / sqrt(out_i in_j)``,
  so a bestseller does not follow everything. The lists are stored per seed like the
  regression's, and ``blend_sequence`` adds them in with a relative weight, so the shop serves
  the blend exactly as it serves the regression alone.
* **Recency of the history.** ``recency_weights`` discounts a user's events by how many of the
  user's events are newer (a half-life in events, not days: one user rates 300 films in an
  afternoon, another buys once a month). Used when scoring a history, never when learning the
  item lists.

Events with the same timestamp have no order: they count in both directions and share a
recency. Measured on MovieLens validation splits carved from the training data (see
benchmarks/README_recsys.md): directed sequence lists and recency lift NDCG@10 most on the
temporal split, undirected lists on the random split.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from recommendations.engine.interactions import EventLog
from recommendations.engine.similarity import Neighbours, top_per_row

PAIRS_PER_SUM = 4_000_000  # pairs counted in one sparse sum: ~100 MB of temporaries


@dataclass(frozen=True)
class SequenceConfig:
    """Sequence neighbours blended into the regression's lists (``weight`` 0 = off).

    ``weight`` is relative: the sequence scores are first scaled to the same mean as the
    regression's positive weights.
    """

    weight: float = 0.0
    window: int = 10
    directed: bool = False
    neighbours: int = 100


def sequence_neighbours(events: EventLog, n_items: int, config: SequenceConfig) -> Neighbours:
    """Per-seed lists of the items that come within ``config.window`` events of the seed.

    Pairs are counted a few gaps at a time into a sparse sum, at most ``PAIRS_PER_SUM`` pairs
    at once: memory stays bounded (a million events make twenty million pairs over a window of
    10) while a small log is counted in one pass.
    """
    order = events.ordered()
    users, times = events.users[order], events.timestamps[order]
    items = events.items[order].astype(np.int32)
    counts = sp.csr_matrix((n_items, n_items), dtype=np.float64)
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    pending = 0
    for gap in range(1, max(1, config.window) + 1):
        same = users[gap:] == users[:-gap]
        early, late = items[:-gap][same], items[gap:][same]
        # Reverse pairs: always when undirected; for ties in time whatever the direction.
        back = (times[gap:][same] == times[:-gap][same]) if config.directed else slice(None)
        r, c = np.concatenate((early, late[back])), np.concatenate((late, early[back]))
        keep = r != c
        rows.append(r[keep])
        cols.append(c[keep])
        pending += rows[-1].size
        if pending >= PAIRS_PER_SUM or gap >= config.window:
            counts = _add_pairs(counts, rows, cols)
            rows, cols, pending = [], [], 0
    counts.data = np.log1p(counts.data)
    out = np.asarray(counts.sum(axis=1)).ravel()
    into = np.asarray(counts.sum(axis=0)).ravel()
    coo = counts.tocoo()
    score = coo.data / np.sqrt(out[coo.row] * into[coo.col])
    return top_per_row(coo.row, coo.col, score, n_items, config.neighbours, duplicates=None)


def _add_pairs(
    counts: sp.csr_matrix, rows: list[np.ndarray], cols: list[np.ndarray]
) -> sp.csr_matrix:
    """``counts`` plus one for each (row, col) pair (integer counts: exact in any order)."""
    r, c = np.concatenate(rows), np.concatenate(cols)
    part = sp.csr_matrix((np.ones(r.size), (r, c)), shape=counts.shape)
    return part if counts.nnz == 0 else sp.csr_matrix(counts + part)


def blend_sequence(
    regression: Neighbours, sequence: Neighbours, weight: float, k: int | None = None
) -> Neighbours:
    """``regression + weight * scale * sequence`` per seed, the ``k`` best kept.

    ``scale`` brings the sequence scores to the mean of the regression's positive weights, so
    ``weight`` means the same on any data. ``weight <= 0`` returns ``regression`` unchanged.
    """
    if weight <= 0:
        return regression
    if regression.n_items != sequence.n_items:
        raise ValueError("both lists must cover the same catalogue")
    reg_ok, seq_ok = regression.indices >= 0, sequence.indices >= 0
    if not seq_ok.any():
        return regression
    reg_mean = float(regression.scores[reg_ok].mean()) if reg_ok.any() else 1.0
    scale = weight * reg_mean / float(sequence.scores[seq_ok].mean())
    n = regression.n_items
    rows = np.r_[np.nonzero(reg_ok)[0], np.nonzero(seq_ok)[0]]
    cols = np.r_[regression.indices[reg_ok], sequence.indices[seq_ok]]
    vals = np.r_[regression.scores[reg_ok], scale * sequence.scores[seq_ok]]
    # A pair is in each list at most once: the sparse sum adds at most two values (exact in
    # either order) and leaves the pairs sorted, which ``top_per_row`` then need not redo.
    summed = sp.csr_matrix((vals.astype(np.float64), (rows, cols)), shape=(n, n)).tocoo()
    return top_per_row(
        summed.row, summed.col, summed.data, n, k or max(regression.k, sequence.k),
        duplicates=None,
    )  # fmt: skip


def recency_weights(events: EventLog, half_life: float | None) -> np.ndarray:
    """Per event ``0.5 ** (newer / half_life)``, ``newer`` = the user's strictly newer events.

    ``None`` (or a non-positive half-life) weighs every event 1.
    """
    n = events.users.size
    if half_life is None or half_life <= 0 or n == 0:
        return np.ones(n)
    order = events.ordered()
    users, times = events.users[order], events.timestamps[order]
    # Events of a user sorted oldest first: newer = (user's last position) - (last position of
    # this event's timestamp), so that ties share the same count.
    last_of_user = np.r_[np.flatnonzero(users[1:] != users[:-1]), n - 1]
    user_end = np.repeat(last_of_user, np.diff(np.r_[-1, last_of_user]))
    tie_end = np.r_[np.flatnonzero((users[1:] != users[:-1]) | (times[1:] != times[:-1])), n - 1]
    tie_last = np.repeat(tie_end, np.diff(np.r_[-1, tie_end]))
    weights = np.empty(n)
    weights[order] = 0.5 ** ((user_end - tie_last) / half_life)
    return weights


def recency_history(
    matrix: sp.spmatrix, events: EventLog, half_life: float | None
) -> sp.csr_matrix:
    """The user x item matrix with each entry scaled by its most recent event's recency.

    Entries without a timed event keep their value; this is the history to score, the matrix
    to learn from stays unweighted.
    """
    out = sp.csr_matrix(matrix, dtype=np.float32, copy=True)
    if half_life is None or half_life <= 0 or events.users.size == 0:
        return out
    # A pair bought twice counts at its most recent event.
    newest = _max_duplicates(events, recency_weights(events, half_life), out.shape)
    untimed = out.astype(bool).astype(np.float32) - newest.astype(bool).multiply(out.astype(bool))
    factor = newest.multiply(out.astype(bool)) + untimed
    return sp.csr_matrix(out.multiply(factor), dtype=np.float32)


def _max_duplicates(events: EventLog, values: np.ndarray, shape: tuple[int, int]) -> sp.csr_matrix:
    key = events.users * shape[1] + events.items
    order = np.lexsort((-values, key))
    key, values = key[order], values[order]
    first = np.r_[True, key[1:] != key[:-1]]
    rows, cols = np.divmod(key[first], shape[1])
    return sp.csr_matrix((values[first], (rows, cols)), shape=shape)
