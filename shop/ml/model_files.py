"""Model files: a fitted scikit-learn pipeline saved with joblib next to its provenance.

A model file holds ``{"info": <ModelInfo as a dict>, "pipeline": <fitted Pipeline>}``. The
info records a format version, the scikit-learn version and a hash of the training data, so a
model that is stale (data edited, library upgraded) or from an incompatible release is
detected and retrained instead of silently used. Each model package keeps its own format
version and passes it in: the versions are independent, the file handling is not.

Model files are pickles: load only files this application wrote itself.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import joblib
import sklearn
from sklearn.pipeline import Pipeline

Example = tuple[str, str]  # (text, label)


class ModelError(RuntimeError):
    """A model file is missing, unreadable, or from an incompatible format version."""


def dataset_hash(examples: Sequence[Example]) -> str:
    """A content hash of ``(text, label)`` examples, independent of their order and file layout.

    Stored with a trained model, it tells whether the model was trained on the current data;
    comments, reordering or reformatting of a training file do not count as a change.
    """
    payload = json.dumps(sorted(examples), ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """Provenance stored next to the fitted pipeline."""

    format_version: int
    data_hash: str
    sklearn_version: str
    trained_at: str
    n_examples: int
    labels: tuple[str, ...]
    # Settings fitted with the model, such as a confidence threshold chosen on out-of-fold
    # predictions; a model without any leaves it empty.
    calibration: dict[str, float] = field(default_factory=dict)

    @classmethod
    def for_training(
        cls,
        *,
        format_version: int,
        examples: Sequence[Example],
        labels: Iterable[object],
        calibration: dict[str, float] | None = None,
    ) -> ModelInfo:
        """The info of a pipeline just fitted on ``examples``; ``labels`` are its ``classes_``."""
        return cls(
            format_version=format_version,
            data_hash=dataset_hash(examples),
            sklearn_version=sklearn.__version__,
            trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
            n_examples=len(examples),
            labels=tuple(str(label) for label in labels),
            calibration=dict(calibration or {}),
        )

    def is_stale_for(self, examples: Sequence[Example]) -> bool:
        """True if trained on other examples, or with another scikit-learn version.

        A pipeline pickled by another scikit-learn release may load yet predict differently,
        so an upgrade counts as stale too.
        """
        other_library = self.sklearn_version != sklearn.__version__
        return other_library or self.data_hash != dataset_hash(examples)


def save_model(path: str | Path, pipeline: Pipeline, info: ModelInfo) -> None:
    """Write the model atomically, so a reader never sees a half-written file.

    The file is written next to its destination and renamed over it: the rename is atomic on
    one file system, and a failed write leaves the previous model in place.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload: dict[str, Any] = {"info": asdict(info), "pipeline": pipeline}
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(handle)
    try:
        joblib.dump(payload, temporary, compress=3)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def load_model(path: str | Path, *, format_version: int, kind: str) -> tuple[Pipeline, ModelInfo]:
    """Read a model written by :func:`save_model`; raise :class:`ModelError` if it is unusable.

    ``format_version`` is the only version the caller reads; ``kind`` names the model for the
    message about a foreign file, with its article (``"an intent model"``).
    """
    path = Path(path)
    try:
        payload = joblib.load(path)
    except FileNotFoundError as error:
        raise ModelError(f"no model file at {path}") from error
    except Exception as error:  # a corrupt pickle can raise almost anything
        raise ModelError(f"cannot read model file {path}: {error}") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("info"), dict):
        raise ModelError(f"{path} is not {kind} file")
    raw_info = dict(payload["info"])
    version = raw_info.get("format_version")
    if version != format_version:
        raise ModelError(f"{path} has model format {version!r}, this code reads {format_version}")
    raw_info["labels"] = tuple(raw_info["labels"])
    return payload["pipeline"], ModelInfo(**raw_info)


class RetrainableModel(Protocol):
    """What :func:`load_or_train` needs of a classifier class."""

    @classmethod
    def load(cls, path: str | Path) -> Self: ...

    @classmethod
    def train_from_file(cls, path: str | Path) -> Self: ...

    def is_stale(self, data_path: str | Path) -> bool: ...

    def save(self, path: str | Path) -> None: ...


Model = TypeVar("Model", bound=RetrainableModel)


def load_or_train(model_class: type[Model], model_path: str | Path, data_path: str | Path) -> Model:
    """Load the model at ``model_path``; retrain and save it if missing, unusable or stale.

    A deployment calls this at start-up (or on first use): editing the training data or
    upgrading scikit-learn then costs one retraining, about a second, instead of wrong answers.
    """
    try:
        model: Model | None = model_class.load(model_path)
    except ModelError:
        model = None
    if model is None or model.is_stale(data_path):
        model = model_class.train_from_file(data_path)
        model.save(model_path)
    return model
