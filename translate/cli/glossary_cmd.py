"""``translate glossary``: check which terms an article contains; lint a glossary against a corpus;
convert glossaries to TBX."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from translate.cli.app import app
from translate.cli.options import EncodingOption

glossary_app = typer.Typer(no_args_is_help=True, help="Glossaries of names: check matches, lint context rules, convert to TBX.")
app.add_typer(glossary_app, name="glossary")

GlossaryPaths = Annotated[list[Path], typer.Option("--glossary", "-g", help="Glossary file or folder (repeatable).", exists=True)]


class CheckFormat(str, Enum):
    TEXT = "text"
    JSONL = "jsonl"


@glossary_app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="Arabic article (UTF-8 text).")],
    glossary: GlossaryPaths,
    output_format: Annotated[CheckFormat, typer.Option("--format", help="text: one match a line; jsonl: one record per match.")] = CheckFormat.TEXT,
    encoding: EncodingOption = None,
) -> None:
    """List every glossary match in FILE with the English form required there.

    Offsets (start, end) are character indices into the file's text (Python string indices). A match
    whose spelling is ambiguous and whose context is missing is listed as `possible` (JSONL:
    "enforce": false): translate run will not enforce it, only flag it for the editor.

    Example: translate glossary check seeds/000_9881ad367b76134a.txt --glossary glossary/"""
    from translate.document import read_document
    from translate.glossary import TermMatcher, load_glossary, match_document

    matcher = TermMatcher(load_glossary(glossary))
    document = read_document(file, encoding)
    for found in match_document(document, matcher):
        term = found.match
        if output_format is CheckFormat.JSONL:
            record = {
                "start": found.start,
                "end": found.end,
                "surface": term.surface,
                "en": term.entry.en,
                "required": term.required,
                "mention": term.mention,
                "enforce": term.enforce,
                "type": term.entry.type,
                "segment": found.segment,
                "entry": term.entry.location,
            }
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            mention = term.mention if term.enforce else "possible"
            typer.echo(f"{found.start}-{found.end}\t{term.surface}\t{term.required}\t{mention}\t{term.entry.location}")


@glossary_app.command("lint")
def lint_command(
    glossary: Annotated[list[Path], typer.Argument(help="Glossary files or folders.", exists=True)],
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", "-c", help="Arabic article, or a folder of *.txt articles (repeatable): their matches are listed in context.", exists=True)] = None,
    context_words: Annotated[int, typer.Option("--words", min=1, max=20, help="Words of context on each side.")] = 5,
    encoding: EncodingOption = None,
) -> None:
    """Review a glossary: warnings for spellings that are common Arabic words without a context rule,
    and, with --corpus, every match in context (keyword in context) with counts by outcome
    (enforced, possible, ruled out) per entry.

    Example: translate glossary lint glossary/ --corpus seeds/000_9881ad367b76134a.txt"""
    from translate.document import read_document
    from translate.glossary import load_glossary
    from translate.glossary.lint import lint_glossary, render_lint

    loaded = load_glossary(glossary)
    files = [found for path in corpus or () for found in (sorted(path.rglob("*.txt")) if path.is_dir() else [path])]
    documents = [read_document(path, encoding) for path in files]
    typer.echo(render_lint(lint_glossary(loaded, documents), context_words), nl=False)


@glossary_app.command("convert")
def convert_command(
    glossary: GlossaryPaths,
    out: Annotated[Path, typer.Option("--out", "-o", help="The TBX file to write.", dir_okay=False)],
) -> None:
    """Write the glossaries as one TBX-Basic file (for CAT tools and terminology databases).

    Example: translate glossary convert -g glossary/ --out names.tbx"""
    from translate.atomic import write_atomic
    from translate.glossary import load_glossary, render_tbx

    loaded = load_glossary(glossary)
    written = write_atomic(out, render_tbx(loaded))
    typer.echo(f"{len(loaded)} entries → {written}", err=True)
