"""Heavy libraries stay out of light commands; the package API is what __all__ says."""

from __future__ import annotations

import subprocess
import sys

import pytest

import translate

HEAVY = ("torch", "transformers", "ctranslate2", "ray")


def heavy_modules_after(argv: list[str]) -> str:
    """Run the CLI with ``argv`` in a fresh interpreter; the heavy libraries it imported, comma-joined."""
    code = (
        "import sys\n"
        "from translate.cli import app\n"
        f"try:\n    app({argv!r})\nexcept SystemExit:\n    pass\n"
        f"print('HEAVY:' + ','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return completed.stdout.strip().splitlines()[-1].removeprefix("HEAVY:")


@pytest.mark.parametrize("argv", [["--help"], ["segment", "--help"], ["run", "--help"], ["model", "--help"], ["review", "--help"], ["tm", "--help"], ["serve", "--help"]])
def test_light_commands_do_not_import_heavy_libraries(argv) -> None:
    assert heavy_modules_after(argv) == ""


def test_segment_command_does_not_import_heavy_libraries(seed_path) -> None:
    assert heavy_modules_after(["segment", str(seed_path)]) == ""


def test_glossary_check_does_not_import_heavy_libraries(seed_path) -> None:
    glossary = seed_path.parent.parent / "glossary"
    assert heavy_modules_after(["glossary", "check", str(seed_path), "--glossary", str(glossary)]) == ""


def test_all_names_exist() -> None:
    missing = [name for name in translate.__all__ if not hasattr(translate, name)]
    assert missing == []
    assert translate.__all__ == sorted(translate.__all__)
    public = {name for name, value in vars(translate).items() if not name.startswith("_") and not isinstance(value, type(translate))}
    assert public <= set(translate.__all__) | {"annotations"}


def test_the_review_server_never_imports_a_model_library() -> None:
    code = "import sys\nimport translate.server.review, translate.server.review_memory\nprint(','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip() == ""


def test_help_does_not_import_the_web_stack() -> None:
    code = "import sys\nfrom translate.cli import app\ntry:\n    app(['--help'])\nexcept SystemExit:\n    pass\nprint('WEB:' + ','.join(m for m in ('starlette', 'uvicorn', 'rapidfuzz') if m in sys.modules))"
    completed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert completed.stdout.strip().splitlines()[-1] == "WEB:"
