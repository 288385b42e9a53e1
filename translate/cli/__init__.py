"""Command line: thin commands over the plain functions of each stage.

Each command module registers itself on :data:`app`; heavy libraries (torch, transformers,
ctranslate2) are imported inside commands only, so ``translate --help`` stays fast.
"""

from __future__ import annotations

from translate.cli import model_cmd, run_cmd, segment_cmd  # noqa: F401  (registers commands)
from translate.cli import eval_cmd  # noqa: F401  (registers `translate eval`)
from translate.cli import export_cmd  # noqa: F401  (registers `translate export`)
from translate.cli import glossary_cmd  # noqa: F401  (registers `translate glossary`)
from translate.cli import align_cmd  # noqa: F401  (registers `translate align`)
from translate.cli import review_cmd  # noqa: F401  (registers `translate review`)
from translate.cli import tm_cmd  # noqa: F401  (registers `translate tm`)
from translate.cli import serve_cmd  # noqa: F401  (registers `translate serve`)
from translate.cli import keys_cmd  # noqa: F401  (registers `translate keys`)
from translate.cli.app import app, examples_last, main

examples_last(app)  # help: options first, then examples

__all__ = ["app", "main"]
