"""Datasets in, datasets out: JSONL (``.jsonl``, ``.jsonl.gz``), Parquet (a file or a folder of parts)
and CSV/TSV rows, on a local disk or object storage (``s3://``, ``gs://``, ``az://``), each row's text
one article through the same sentence stream as files.

- :mod:`translate.datasets.location` — local paths and URIs over pyarrow's filesystems; atomic writes.
- :mod:`translate.datasets.rows` — reading rows one at a time, a bad row an error, not a stop.
- :mod:`translate.datasets.parts` — writing parts in the input's format, committed atomically.
- :mod:`translate.datasets.run` — :func:`run_dataset`: rows → windows → parts, resumable.
"""

from translate.datasets.location import Location, is_uri, locate
from translate.datasets.rows import DATASET_SUFFIXES, dataset_format
from translate.datasets.run import PART_ROWS, DatasetOutcome, DatasetProgress, DatasetRequest, run_dataset

__all__ = ["DATASET_SUFFIXES", "PART_ROWS", "DatasetOutcome", "DatasetProgress", "DatasetRequest", "Location", "dataset_format", "is_dataset", "is_uri", "locate", "run_dataset"]


def is_dataset(text: str) -> bool:
    """Whether a command-line input names a dataset: a dataset file's suffix, or a URI."""
    return dataset_format(text.rstrip("/")) is not None or is_uri(text)
