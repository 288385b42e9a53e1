"""Options shared by several commands, declared once."""

from __future__ import annotations

import os
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from translate.engines import DEFAULT_ENGINE
from translate.engines.resolve import DEFAULT_MODEL

#: Environment variable naming the model when --model is not given.
MODEL_ENV = "TRANSLATE_MODEL"

ModelOption = Annotated[
    Optional[str],
    typer.Option("--model", "-m", help=f"Hub id or local Marian model directory [default: ${MODEL_ENV} or {DEFAULT_MODEL}]."),
]
RevisionOption = Annotated[Optional[str], typer.Option("--revision", help="Hub revision (branch, tag or commit).")]
class Device(str, Enum):
    AUTO = "auto"
    CPU = "cpu"
    CUDA = "cuda"


DeviceOption = Annotated[Device, typer.Option("--device", help="Where the model runs.")]
EncodingOption = Annotated[Optional[str], typer.Option("--encoding", help="Input encoding (default: UTF-8, Windows-1256 detected).")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")]
GlossaryOption = Annotated[
    Optional[list[Path]],
    typer.Option("--glossary", "-g", help="Glossary file or folder (repeatable).", exists=True),
]


def resolve_model_option(model: str | None) -> str:
    return model or os.environ.get(MODEL_ENV) or DEFAULT_MODEL


class SegmentFormat(str, Enum):
    TEXT = "text"
    JSONL = "jsonl"


class EngineName(str, Enum):
    TORCH = "torch"
    CT2 = "ct2"


#: The CLI's default engine is the library's (translate.engines.DEFAULT_ENGINE, chosen by measurement).
DEFAULT_ENGINE_NAME = EngineName(DEFAULT_ENGINE)

#: Servers listen on loopback unless told otherwise: another machine reaches them only if you choose so.
DEFAULT_HOST = "127.0.0.1"
HostOption = Annotated[str, typer.Option("--host", help="Address to listen on (loopback by default).")]
PortOption = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: a free one).")]
BeamOption = Annotated[int, typer.Option("--beam", min=1, max=32, help="Beam size (1 = greedy).")]
EngineOption = Annotated[EngineName, typer.Option("--engine", "-e", help="torch (transformers) or ct2 (CTranslate2, converted once and cached).")]
QuantizationOption = Annotated[
    Optional[str],
    typer.Option("--quantization", help="ct2: int8 (default), int8_float32, int16, float32, float16/bfloat16 on GPU; torch: float32 (default), int8 (CPU), float16/bfloat16 (GPU)."),
]
