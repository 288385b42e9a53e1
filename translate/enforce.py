"""The glossary guarantee: every matched term's required English form is in its segment's output.

It holds on top of any :class:`~translate.engines.base.Engine`, any model, beam or greedy, because
the last step is a string operation that cannot fail. The steps, per segment:

1. **Check** the decoded English: each required form must occur as whole words (``Lavrov`` does not
   count inside ``Lavrovs``); a form required twice needs two occurrences, and an occurrence inside a
   longer required form (``Lavrov`` inside ``Sergei Lavrov``) does not count for the shorter one.
2. **Repair** by re-decoding with a forced prefix up to and including the missing term(s)
   (``engine.translate(sources, prefixes=...)``), so the model continues fluently after the name.
   Each missing term's spot is a near miss in the output (``Lavroff``, ``Dimitri Medvedev``, a bare
   ``Lavrov`` where ``Sergei Lavrov`` is required — replaced, never duplicated), else the target word
   the term's source tokens attend to most (cross-attention, argmax), else the term's relative
   position in the source. All missing terms of a segment go into one prefix (the output up to the
   last of them, with each written at its spot), so a segment costs one re-decode however many terms
   it lacks; only segments that lack a term are re-decoded, all in one batched call.
3. **Force**: whatever is still missing after ``max_rounds`` is written into the text at its spot.
   The prefix, not the model's rendering of it, is kept verbatim, so a term the target vocabulary
   cannot spell (``<unk>`` pieces) still appears exactly.

A repair must fit the model's target positions (engines that report ``max_positions`` and
``count_target_tokens``): a segment whose English, with the missing terms written in, would take more
than ``max_positions - 1`` target tokens is not re-decoded — the re-decode could not hold the prefix
and what follows it, and would lose the tail or run past the positions (issue 32). Its terms are
forced at step 3 (status ``forced``) and :attr:`Enforced.repair_skipped` names why.

Repeats of a name next to its required form (``Sergei Lavrov Lavrov``) are removed unless a
requirement needs them; a full name the model wrote where a later mention requires the short form is
shortened (house style: ``Lavrov`` after the first mention). Changed outputs are re-scored (``engine.score``), so token log-probabilities
and attention describe the final text.

Design note: dynamic beam allocation (Post & Vilar 2018; Hu et al. 2019) was the alternative; it
needs a custom beam search inside each engine, while prefix repair uses the Engine Protocol as is and
costs nothing when the model already produced every term.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from translate.align.words import target_span, word_alignment
from translate.engines.base import Engine, Hypothesis, positions_of
from translate.glossary.mentions import TermMatch

__all__ = [
    "DEFAULT_REPAIR_ROUNDS",
    "NEAR_MISS_RATIO",
    "STATUSES",
    "Enforced",
    "enforce_terms",
    "locate_forms",
    "summarize_terms",
]

logger = logging.getLogger(__name__)

#: Re-decoding rounds before the remaining terms are forced into the text. One round places every
#: missing term in the prefix; a second runs only if a spliced output lost one.
DEFAULT_REPAIR_ROUNDS = 2
#: An output word at least this similar (difflib ratio, case-folded) to a word of a required form is
#: a near spelling of it: ``Lavroff``/``Lavrov`` is 0.77, ``Dimitri``/``Dmitry`` 0.77.
NEAR_MISS_RATIO = 0.75
#: How a term was satisfied; the same values appear in :class:`~translate.records.TermReport`.
STATUSES = ("model", "repaired", "forced")

_WORD = re.compile(r"\w+(?:['’.-]\w+)*")
_POSSESSIVE = re.compile(r"['’]s$")
#: Words a near miss may contain but never start or end with (``Ministry of Defence``).
_FUNCTION_WORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to"})
_OPENERS = "([{\"'“‘«"
#: How far past the prefix's length the engine's rendering of it may reach (dropped <unk>s, spaces).
_SPLICE_SLACK = 16


@dataclass(frozen=True)
class Enforced:
    """A segment's final translation: ``spans[i]`` locates term ``i``'s required form in
    ``hypothesis.text``; ``statuses[i]`` says how it got there; ``decodes`` counts re-decodes."""

    hypothesis: Hypothesis
    spans: tuple[tuple[int, int], ...]
    statuses: tuple[str, ...]
    decodes: int = 0
    #: The segment lacked a term but was too long to re-decode within the model's target positions:
    #: its missing terms were forced into the model's English (see the module docstring).
    repair_skipped: bool = False


# -- checking -------------------------------------------------------------------------------------
def _pattern(form: str) -> re.Pattern[str]:
    left = r"(?<!\w)" if form[:1].isalnum() or form[:1] == "_" else ""
    right = r"(?!\w)" if form[-1:].isalnum() or form[-1:] == "_" else ""
    return re.compile(left + re.escape(form) + right)


def locate_forms(text: str, forms: Sequence[str]) -> list[tuple[int, int] | None]:
    """A distinct whole-word occurrence of each form, or ``None`` where there are too few.

    Longer forms claim their occurrences first; equal forms take occurrences left to right in the
    order given, so two matches requiring ``Lavrov`` need two ``Lavrov``s."""
    spans: list[tuple[int, int] | None] = [None] * len(forms)
    taken: list[tuple[int, int]] = []
    for index in sorted(range(len(forms)), key=lambda i: (-len(forms[i]), i)):
        for match in _pattern(forms[index]).finditer(text):
            span = match.span()
            if not any(span[0] < end and start < span[1] for start, end in taken):
                spans[index] = span
                taken.append(span)
                break
    return spans


# -- where a missing term goes ------------------------------------------------------------------
def _words(text: str, start: int = 0) -> list[tuple[int, int]]:
    return [match.span() for match in _WORD.finditer(text, start)]


def _fold(text: str) -> str:
    return " ".join(word.casefold() for word in _WORD.findall(text))


def _word_similarity(word: str, form_word: str) -> float:
    """Character similarity of two case-folded words; an inflection of the form word (``russian``
    for ``russia``, ``syrians``) is not similar: it is a different, correct word."""
    if word != form_word and word.startswith(form_word):
        return 0.0
    return SequenceMatcher(None, word, form_word, autojunk=False).ratio()


def _window_score(words: Sequence[str], form_words: Sequence[str]) -> float | None:
    """How well output words stand for the form: every content word must be a near spelling of a
    distinct form word, and the form's head (last word: the surname, ``Duma``, ``Jazeera``) must be
    among them. The score is the share of words matched on both sides (1.0 = a misspelt full form)."""
    if not words or words[0] in _FUNCTION_WORDS or words[-1] in _FUNCTION_WORDS:
        return None
    content = [word for word in words if word not in _FUNCTION_WORDS]
    unmatched = list(range(len(form_words)))
    for word in content:
        best = max(unmatched, key=lambda k: _word_similarity(word, form_words[k]), default=None)
        if best is None or _word_similarity(word, form_words[best]) < NEAR_MISS_RATIO:
            return None
        unmatched.remove(best)
    if len(form_words) - 1 in unmatched:
        return None
    return 2 * (len(form_words) - len(unmatched)) / (len(form_words) + len(content))


def _near_miss(text: str, form: str, low: int, taken: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    """The output words that best stand for ``form`` (at or after ``low``, clear of ``taken``): a
    misspelling (``Lavroff``, ``Sergey Lavrov``, ``Al-Jazeera``), a part of it (``Lavrov`` for
    ``Sergei Lavrov``, ``Duma`` for ``State Duma``) or its words around a function word (``Ministry of
    Defence``). Inflections (``Russian`` for ``Russia``) are not near misses; a possessive ``'s``
    stays outside the span."""
    form_words = [_fold(word) for word in _WORD.findall(form)]
    if not form_words:
        return None
    words = _words(text, low)
    best: tuple[float, int, int] | None = None
    for first in range(len(words)):
        for size in range(1, len(form_words) + 3):
            if first + size > len(words):
                break
            start, end = words[first][0], words[first + size - 1][1]
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                break
            folded = [_POSSESSIVE.sub("", _fold(text[a:b])) for a, b in words[first : first + size]]
            score = _window_score(folded, form_words)
            if score is not None and (best is None or (-score, start) < (-best[0], best[1])):
                end -= len(_POSSESSIVE.search(text[start:end]).group(0)) if _POSSESSIVE.search(text[start:end]) else 0
                best = (score, start, end)
    if best is None:
        return None
    start, end = best[1], best[2]
    # Take along brackets the form brings itself: "(EPA)" replaces "(Epa)", not "Epa".
    while start > low and form[:1] in _OPENERS and text[start - 1 : start] == form[:1]:
        start -= 1
    if form[-1:] and not form[-1:].isalnum() and text[end : end + 1] == form[-1:]:
        end += 1
    return start, end


def _aligned_position(hypothesis: Hypothesis | None, source: str, term: TermMatch, text: str) -> int | None:
    """Where the term's translation sits by cross-attention: the start of the first target word
    linked to the term's source words (:func:`translate.align.words.word_alignment`), scaled from the
    hypothesis's text to ``text`` (which may already hold forms written in)."""
    if hypothesis is None or not hypothesis.text:
        return None
    span = target_span(word_alignment(source, hypothesis), term.start, term.end)
    if span is None:
        return None
    return round(span[0] / len(hypothesis.text) * len(text))


def _snap(text: str, position: int, low: int, taken: Sequence[tuple[int, int]]) -> int:
    """``position`` moved to a word start at or after ``low`` and outside every taken span."""
    position = max(low, min(position, len(text)))
    while position > low and not text[position - 1].isspace():
        position -= 1
    for start, end in sorted(taken):
        if start < position < end:
            position = end
    return position


@dataclass(frozen=True)
class _Fix:
    start: int  # replace text[start:end] by the form
    end: int
    term: int


def _plan_fix(text: str, source: str, terms: Sequence[TermMatch], spans: Sequence[tuple[int, int] | None], low: int, hypothesis: Hypothesis | None) -> _Fix:
    taken = [span for span in spans if span is not None]
    fixes = []
    for index, span in enumerate(spans):
        if span is not None:
            continue
        form = terms[index].required
        near = _near_miss(text, form, low, taken)
        if near is not None:
            fixes.append(_Fix(near[0], near[1], index))
            continue
        position = _aligned_position(hypothesis, source, terms[index], text)
        if position is None:
            position = round(terms[index].start / max(1, len(source)) * len(text))
        position = _snap(text, position, low, taken)
        fixes.append(_Fix(_head_start(text, form, position, low, taken), position, index))
    return min(fixes, key=lambda fix: (fix.start, fix.term))


def _head_start(text: str, form: str, position: int, low: int, taken: Sequence[tuple[int, int]]) -> int:
    """Where to start writing ``form`` at ``position`` so words just before it that begin the form
    are replaced, not repeated (``Sergei`` + ``Sergei Lavrov``)."""
    head = [word.casefold() for word in _WORD.findall(form)]
    before = _words(text[:position], low)
    for size in range(min(len(head) - 1, len(before)), 0, -1):
        window = before[-size:]
        if text[window[-1][1] : position].strip():
            break
        overlaps = any(window[0][0] < end and start < position for start, end in taken)
        if not overlaps and _fold(text[window[0][0] : window[-1][1]]) == " ".join(head[:size]):
            return window[0][0]
    return position


def _joined(before: str, form: str, after: str) -> str:
    left = "" if not before or before[-1].isspace() or before[-1] in _OPENERS else " "
    right = " " if after and after[0].isalnum() else ""
    return before + left + form + right + after


# -- splicing a re-decoded output ---------------------------------------------------------------
def _splice(prefix: str, output: str) -> str:
    """``prefix`` verbatim, then what the model wrote after its own rendering of the prefix."""
    if output.startswith(prefix):
        cut = len(prefix)
    else:
        head = output[: len(prefix) + _SPLICE_SLACK]
        cut = 0
        for a, b, size in SequenceMatcher(None, prefix, head, autojunk=False).get_matching_blocks():
            if size:
                cut = b + size + (len(prefix) - a - size if a + size == len(prefix) else 0)
        cut = min(cut, len(output))
    rest = output[cut:]
    if rest and (rest[0].isspace() or (rest[0].isalnum() and prefix[-1:].isalnum())):
        return prefix + " " + rest.lstrip()
    return prefix + rest


def _drop_repeats(text: str, forms: Sequence[str], low: int = 0) -> str:
    """Remove words that repeat a located form's head just before it or its tail just after it
    (``Sergei Lavrov Lavrov`` → ``Sergei Lavrov``), when every form stays located."""
    changed = True
    while changed:
        changed = False
        spans = locate_forms(text, forms)
        for index, span in enumerate(spans):
            if span is None:
                continue
            form_words = [word.casefold() for word in _WORD.findall(forms[index])]
            after = _words(text, span[1])
            for size in range(len(form_words), 0, -1):
                window = after[:size]
                if len(window) < size or text[span[1] : window[0][0]].strip() or _fold(text[window[0][0] : window[-1][1]]) != " ".join(form_words[-size:]):
                    continue
                candidate = text[: span[1]] + text[window[-1][1] :]
                if None not in locate_forms(candidate, forms):
                    text, changed = candidate, True
                    break
            if changed:
                break
            before = [w for w in _words(text[: span[0]], low)]
            for size in range(len(form_words), 0, -1):
                window = before[-size:] if len(before) >= size else []
                if not window or text[window[-1][1] : span[0]].strip() or _fold(text[window[0][0] : window[-1][1]]) != " ".join(form_words[:size]):
                    continue
                candidate = text[: window[0][0]] + text[span[0] :]
                if None not in locate_forms(candidate, forms):
                    text, changed = candidate, True
                    break
            if changed:
                break
    return text


# -- the loop -------------------------------------------------------------------------------------
def _target_room(engine: Engine) -> Callable[[Sequence[str]], list[bool]]:
    """Whether each planned English (the missing terms written in) fits the engine's target positions
    with room for ``</s>``: re-decoding it whole must stay within them. Engines that report no
    positions (fakes) fit everything."""
    positions = positions_of(engine)
    count = getattr(engine, "count_target_tokens", None)
    if positions is None or not callable(count):
        return lambda texts: [True] * len(texts)
    return lambda texts: [tokens <= positions - 1 for tokens in count(list(texts))] if texts else []


@dataclass
class _Work:
    """Mutable state of one segment while it is being repaired (private to this module)."""

    source: str
    terms: tuple[TermMatch, ...]
    text: str
    hypothesis: Hypothesis
    statuses: list[str] = field(default_factory=list)
    locked: int = 0
    decodes: int = 0
    repair_skipped: bool = False

    @property
    def forms(self) -> list[str]:
        return [term.required for term in self.terms]


def _shorten_later_mentions(text: str, terms: Sequence[TermMatch]) -> tuple[str, list[int]]:
    """House style: a later mention uses the short form, so the model's ``Sergei Lavrov`` there
    becomes ``Lavrov`` — unless the full form is also required in this segment. Returns the text
    and the terms whose form was produced that way."""
    required = {term.required for term in terms}
    shortened = []
    for index, term in enumerate(terms):
        full, short = term.entry.en, term.entry.en_short
        if term.mention == "first" or not short or full == short or full in required or term.required != short:
            continue
        text, count = _pattern(full).subn(short, text)
        if count:
            shortened.append(index)
    return text, shortened


def _write_missing(item: _Work, low: int) -> tuple[str, list[int]]:
    """The text with every missing form written at its spot (at or after ``low``), and the terms
    written. Each step adds one distinct occurrence, so ``len(terms)`` steps suffice; the bound
    only guards against a spot that cannot take the form."""
    text, written = item.text, []
    for _ in range(2 * len(item.terms) + 1):
        spans = locate_forms(text, item.forms)
        if None not in spans:
            break
        fix = _plan_fix(text, item.source, item.terms, spans, low, item.hypothesis)
        text = _joined(text[: fix.start].rstrip(), item.terms[fix.term].required, text[fix.end :].lstrip())
        written.append(fix.term)
    return text, written


def enforce_terms(
    engine: Engine,
    sources: Sequence[str],
    hypotheses: Sequence[Hypothesis],
    terms: Sequence[Sequence[TermMatch]],
    *,
    max_rounds: int = DEFAULT_REPAIR_ROUNDS,
) -> list[Enforced]:
    """Make every ``terms[i][k].required`` appear in translation ``i``; see the module docstring.

    ``hypotheses[i]`` is the engine's translation of ``sources[i]``; term offsets index ``sources[i]``.
    Segments whose terms are all there come back unchanged, with no engine call; ``max_rounds=0``
    skips re-decoding (string-level forcing only)."""
    work = [_Work(source, tuple(segment_terms), hypothesis.text, hypothesis) for source, hypothesis, segment_terms in zip(sources, hypotheses, terms)]
    for item in work:
        item.statuses = ["model" if span is not None else "repaired" for span in locate_forms(item.text, item.forms)]
        item.text, shortened = _shorten_later_mentions(item.text, item.terms)
        for index in shortened:
            item.statuses[index] = "forced"
    fits = _target_room(engine)
    for _ in range(max_rounds):
        planned: list[tuple[_Work, str, str, list[int]]] = []
        for item in work:
            if item.repair_skipped:
                continue
            written_text, written = _write_missing(item, item.locked)
            if not written:
                continue
            spans = locate_forms(written_text, item.forms)
            prefix_end = max(span[1] for index, span in enumerate(spans) if span is not None and index in written)
            planned.append((item, written_text, written_text[:prefix_end], written))
        requests: list[tuple[_Work, str]] = []
        for (item, _, prefix, written), fit in zip(planned, fits([text for _, text, _, _ in planned])):
            if not fit:
                item.repair_skipped = True
                continue
            requests.append((item, prefix))
            for index in written:
                item.statuses[index] = "repaired"
        skipped = len(planned) - len(requests)
        if skipped:
            logger.info("glossary repair: %d segment(s) too long to re-decode within the model's positions; their terms are forced", skipped)
        if not requests:
            break
        logger.debug("glossary repair round: re-decoding %d of %d segments with forced prefixes", len(requests), len(work))
        outputs = engine.translate([item.source for item, _ in requests], prefixes=[prefix for _, prefix in requests])
        for (item, prefix), output in zip(requests, outputs):
            item.text = _drop_repeats(_splice(prefix, output.text), item.forms, len(prefix))
            item.locked = len(prefix)
            item.hypothesis = output
            item.decodes += 1
    for item in work:
        item.text, written = _write_missing(item, 0)
        for index in written:
            item.statuses[index] = "forced"
        # Backstop: a spot can only fail through pathological overlaps; append what is left.
        for index, span in enumerate(locate_forms(item.text, item.forms)):
            if span is None:
                item.text = _joined(item.text.rstrip(), item.terms[index].required, "")
                item.statuses[index] = "forced"
        item.text = _drop_repeats(item.text, item.forms)
    changed = [index for index, item in enumerate(work) if item.text != hypotheses[index].text]
    final = list(hypotheses)
    if changed:
        for index, rescored in zip(changed, engine.score([work[i].source for i in changed], [work[i].text for i in changed])):
            final[index] = rescored
    results = []
    for item, hypothesis in zip(work, final):
        spans = locate_forms(hypothesis.text, item.forms)
        if None in spans:  # unreachable: the backstop above writes every form; never fail silently
            raise RuntimeError(f"glossary enforcement lost a term in {hypothesis.text!r}")
        results.append(Enforced(hypothesis, tuple(span for span in spans if span is not None), tuple(item.statuses), item.decodes, item.repair_skipped))
    return results


def summarize_terms(statuses: Sequence[str]) -> str:
    """One line for the end of a run: ``61 glossary terms enforced: 12 by the model, 49 repaired, 0
    forced``, and ``; 2 possible (not enforced)`` when some matches were only possible."""
    enforced = [status for status in statuses if status != "possible"]
    counts = {status: 0 for status in STATUSES}
    for status in enforced:
        counts[status] = counts.get(status, 0) + 1
    parts = [f"{counts[status]} {'by the model' if status == 'model' else status}" for status in STATUSES]
    line = f"{len(enforced)} glossary term{'s' if len(enforced) != 1 else ''} enforced: " + ", ".join(parts)
    possible = len(statuses) - len(enforced)
    return line + (f"; {possible} possible (not enforced)" if possible else "")
