"""Property tests over the fuzz targets (tests/fuzz_targets.py): segmentation, decoding, glossary
matching and loading, every exporter, run JSONL from elsewhere, and evaluation, on arbitrary and
hostile Unicode. A few dozen examples each here; scripts/fuzz_campaign.py runs thousands."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz_targets import TARGETS, Target

EXAMPLES = {"exporters": 25, "evaluation": 25, "run-jsonl-reading": 40}


@pytest.mark.parametrize("target", TARGETS, ids=[target.name for target in TARGETS])
def test_target_holds_its_invariants(target: Target) -> None:
    run = settings(max_examples=EXAMPLES.get(target.name, 60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])(
        given(target.strategy)(target.check)
    )
    run()
