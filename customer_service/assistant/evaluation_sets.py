"""The assistant's evaluation sets: where they are and how they are read.

* ``held-out``: written by the team before issue 16 (its lines that equalled training lines
  after normalisation were removed in issue 16), then redrawn from one pool with the team's
  training lines (``training/legacy.yaml``) by a seeded hash of each line's text, so that it is
  drawn the same way as the training data (``scripts/assistant_heldout_split.py``);
* ``stress``: written for issue 16 in a deliberately different style, frozen before tuning;
* ``hard-oos``: shop-sounding requests the shop cannot act on, frozen with the stress set.

None of them is ever used for training, calibration or choosing a model; each file's header
says where it came from. The labelled product-constraint set (``constraints.yaml``) is read by
:mod:`.constraint_eval`.
"""

from __future__ import annotations

from pathlib import Path

from .data import DATA_DIR, as_examples, load_dataset

EVALUATION_DIR = DATA_DIR / "evaluation"
EVALUATION_SETS: dict[str, Path] = {
    "held-out": EVALUATION_DIR / "heldout.yaml",
    "stress": EVALUATION_DIR / "stress.yaml",
    "hard-oos": EVALUATION_DIR / "hard_oos.yaml",
}


def load_evaluation_set(name: str) -> list[tuple[str, str]]:
    """The ``(text, intent)`` lines of one evaluation set, validated."""
    return as_examples(
        load_dataset(EVALUATION_SETS[name], min_examples=1, require_all_intents=False)
    )
