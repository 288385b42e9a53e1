"""Heavy libraries stay out of light commands; the package API is what __all__ says."""

from __future__ import annotations

import subprocess
import sys

import pytest

import translate

HEAVY = ("torch", "transformers", "ctranslate2")


@pytest.mark.parametrize("argv", [["--help"], ["segment", "--help"], ["run", "--help"], ["model", "--help"]])
def test_light_commands_do_not_import_heavy_libraries(argv) -> None:
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_segment_command_does_not_import_heavy_libraries(seed_path) -> None:
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        f"try:\n    app(['segment', {str(seed_path)!r}])\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "HEAVY:"


def test_all_names_exist() -> None:
    missing = [name for name in translate.__all__ if not hasattr(translate, name)]
    assert missing == []
    assert translate.__all__ == sorted(translate.__all__)
    public = {name for name, value in vars(translate).items() if not name.startswith("_") and not isinstance(value, type(translate))}
    assert public <= set(translate.__all__) | {"annotations"}
