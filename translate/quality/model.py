"""The calibrated quality model: a length model, a lexicon, and small logistic regressions over the
features that give one 0–100 score and the ``omission``, ``truncation`` and ``addition`` flags.

Every number here is fitted by ``scripts/fit_quality.py`` on errors planted
(:mod:`translate.testing.corruptions`) in independent professional pairs — never on the held-back
articles ``scripts/eval_quality.py`` reports — and shipped in ``translate/data/quality/model.json``:
the script that wrote it, its sources and the data's digest are in the file. A flag's threshold was
set on the fitted pairs to a false-alarm rate (``target_false_alarms`` in the file), so a flag means
the same thing on every article.

Inputs (:data:`INPUTS`) are derived from the raw features with a sign each way where a side matters
(a short English is evidence of omission, a long one of addition); missing lexicon coverage (too few
known words) is neutral, with an indicator.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from translate.quality.lengths import LengthModel
from translate.quality.lexicon import Lexicon, default_lexicon

__all__ = ["INPUTS", "Logistic", "QualityModel", "default_model", "model_inputs"]

#: Names of the regression inputs, in the order of every weight vector.
INPUTS = (
    "short_chars", "long_chars", "short_words", "long_words", "short_document", "long_document",
    "source_uncovered", "source_last_uncovered", "source_gap", "source_sparse", "source_unreached", "source_hole", "source_clause_uncovered",
    "target_uncovered", "target_last_uncovered", "target_gap", "target_sparse", "target_unreached", "target_hole", "target_clause_uncovered",
    "ends_open", "ends_dangling", "joints_lost", "joints_added",
    "numbers_missing", "numbers_extra", "latin_missing",
    "quotes_lost", "quotes_added", "brackets_lost", "brackets_added",
    "repeat_loop", "repeat_trigram", "untranslated", "arabic_share", "log_source_words",
)


def _clip(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def model_inputs(features: Mapping[str, float]) -> list[float]:
    """The :data:`INPUTS` of one feature dictionary (:func:`translate.quality.pair_features`)."""
    get = features.get
    z_chars, z_words, z_document = get("length_z_chars", 0.0), get("length_z_words", 0.0), get("length_z", 0.0)
    source_share, target_share = get("lex_source_share"), get("lex_target_share")
    values = {
        "short_chars": _clip(-z_chars, 0, 8),
        "long_chars": _clip(z_chars, 0, 8),
        "short_words": _clip(-z_words, 0, 8),
        "long_words": _clip(z_words, 0, 8),
        "short_document": _clip(-z_document, 0, 8),
        "long_document": _clip(z_document, 0, 8),
        "source_uncovered": 0.5 if source_share is None else 1 - source_share,
        "source_last_uncovered": 1 - get("lex_source_last", 0.5),
        "source_gap": get("lex_source_gap", 0.3),
        "source_sparse": float(source_share is None),
        "source_unreached": 1 - get("lex_source_reach", 0.8),
        "source_hole": get("lex_source_hole", 0.3),
        "source_clause_uncovered": 1 - get("lex_source_clause", 0.5),
        "target_clause_uncovered": 1 - get("lex_target_clause", 0.5),
        "target_unreached": 1 - get("lex_target_reach", 0.8),
        "target_hole": get("lex_target_hole", 0.3),
        "target_uncovered": 0.5 if target_share is None else 1 - target_share,
        "target_last_uncovered": 1 - get("lex_target_last", 0.5),
        "target_gap": get("lex_target_gap", 0.3),
        "target_sparse": float(target_share is None),
        "ends_open": get("ends_open", 0.0),
        "ends_dangling": get("ends_dangling", 0.0),
        "joints_lost": _clip(get("joints_source", 0.0) - get("joints_target", 0.0), 0, 5),
        "joints_added": _clip(get("joints_target", 0.0) - get("joints_source", 0.0), 0, 5),
        "numbers_missing": _clip(get("numbers_missing", 0.0), 0, 3),
        "numbers_extra": _clip(get("numbers_extra", 0.0), 0, 3),
        "latin_missing": _clip(get("latin_missing", 0.0), 0, 3),
        "quotes_lost": _clip(get("quotes_source", 0.0) - get("quotes_target", 0.0), 0, 4),
        "quotes_added": _clip(get("quotes_target", 0.0) - get("quotes_source", 0.0), 0, 4),
        "brackets_lost": _clip(get("brackets_source", 0.0) - get("brackets_target", 0.0), 0, 4),
        "brackets_added": _clip(get("brackets_target", 0.0) - get("brackets_source", 0.0), 0, 4),
        "repeat_loop": _clip(get("repeat_loop_words", 0.0), 0, 12) / 4,
        "repeat_trigram": _clip(get("repeat_trigram_max", 0.0) - 1, 0, 4),
        "untranslated": get("untranslated", 0.0),
        "arabic_share": get("arabic_share", 0.0),
        "log_source_words": math.log1p(get("source_words", 0.0)),
    }
    return [float(values[name]) for name in INPUTS]


@dataclass(frozen=True)
class Logistic:
    """``p = σ(bias + Σ weight·(input − mean)/scale)``; a flag fires at ``p ≥ threshold`` (and only
    once the flag ``requires`` fired, when it names one)."""

    bias: float
    weights: tuple[float, ...]
    threshold: float
    requires: str | None = None

    def probability(self, standardized: Sequence[float]) -> float:
        logit = self.bias + sum(w * x for w, x in zip(self.weights, standardized))
        return 1.0 / (1.0 + math.exp(-_clip(logit, -40.0, 40.0)))


@dataclass(frozen=True)
class QualityModel:
    """The fitted pieces. ``error`` gives the score (100·(1 − p)); ``flags`` each give one flag."""

    lengths: LengthModel
    lexicon: Lexicon
    mean: tuple[float, ...] = ()
    scale: tuple[float, ...] = ()
    error: Logistic | None = None
    flags: Mapping[str, Logistic] = None  # type: ignore[assignment]

    def standardize(self, inputs: Sequence[float]) -> list[float]:
        return [(x - m) / s for x, m, s in zip(inputs, self.mean, self.scale)]

    @property
    def calibrated(self) -> bool:
        return self.error is not None


def _logistic(data: Mapping[str, object]) -> Logistic:
    requires = data.get("requires")
    return Logistic(float(data["bias"]), tuple(float(w) for w in data["weights"]), float(data["threshold"]), str(requires) if requires else None)  # type: ignore[arg-type, union-attr]


def model_from_dict(data: Mapping[str, object], lexicon: Lexicon) -> QualityModel:
    """A model from the JSON the fit script writes (its ``inputs`` must be :data:`INPUTS`)."""
    calibration = data.get("calibration")
    lengths = LengthModel.from_dict(data["lengths"])  # type: ignore[arg-type]
    if not calibration:
        return QualityModel(lengths, lexicon, flags={})
    if tuple(calibration["inputs"]) != INPUTS:  # type: ignore[index]
        raise ValueError("the quality model was fitted on other inputs; refit it with scripts/fit_quality.py")
    return QualityModel(
        lengths,
        lexicon,
        tuple(calibration["mean"]),  # type: ignore[index]
        tuple(calibration["scale"]),  # type: ignore[index]
        _logistic(calibration["error"]),  # type: ignore[index]
        {name: _logistic(values) for name, values in calibration["flags"].items()},  # type: ignore[index]
    )


@lru_cache(maxsize=1)
def default_model() -> QualityModel:
    """The shipped model (read once: package data that never changes)."""
    text = resources.files("translate").joinpath("data", "quality", "model.json").read_text(encoding="utf-8")
    return model_from_dict(json.loads(text), default_lexicon())
