"""Quality estimation: a 0–100 score and named flags for every pair, so an editor reads the risky
sentences first — an omission, a cut sentence or an added clause as well as a wrong number.

Stages: :mod:`~translate.quality.words` (content stems), :mod:`~translate.quality.lengths` (the fitted
length model), :mod:`~translate.quality.lexicon` (coverage through an IBM-1 lexicon),
:mod:`~translate.quality.structure` (clauses, endings, quotes), :mod:`~translate.quality.features`
(all raw features of a pair), :mod:`~translate.quality.rules` (flags that need no fitting),
:mod:`~translate.quality.model` (the calibrated regressions) and :mod:`~translate.quality.score`.
Deterministic: the same pair in the same document gives the same score. ``docs/quality.md`` has the
flags, the features and the measured detection rates.
"""

from translate.quality.features import LengthDistribution, ModelEvidence, length_distribution, pair_features
from translate.quality.lengths import LengthShift, document_shift
from translate.quality.model import QualityModel, default_model
from translate.quality.score import FLAGS, attention_unattended, score_features, score_pair, score_pairs

__all__ = [
    "FLAGS",
    "LengthDistribution",
    "LengthShift",
    "ModelEvidence",
    "QualityModel",
    "attention_unattended",
    "default_model",
    "document_shift",
    "length_distribution",
    "pair_features",
    "score_features",
    "score_pair",
    "score_pairs",
]
