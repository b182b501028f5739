"""Article formats: find the prose in a document, clean it, write the document back.

Each reader turns a decoded document into :class:`~normalize.formats.segments.Segment`
objects, the runs of prose with their positions; :func:`clean_document` cleans
each through the pipeline and writes back only what changed.  Everything that is
not prose (markup, code, URLs, other fields) stays byte-identical, and the
output is read again to prove it before anything is written.

>>> format_of("news/a.JSONL", Config()), format_of("photo.jpg", Config())
('jsonl', None)
>>> format_of("a.log", Config(formats=(("log", "jsonl"),)))
'jsonl'
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import PurePosixPath
from types import ModuleType

from normalize.changes import Change, LineIndex, Mention
from normalize.config import Config
from normalize.formats import delimited, jsonl, markdown, markup, plain
from normalize.formats.segments import Document, FormatError, Segment, collapse, rewrite, splice_text
from normalize.pipeline import Cleaned, Pipeline
from normalize.stages.base import languages_without_rules
from normalize.stages.language import UNDETERMINED
from normalize.stages.repair import REPAIR
from normalize.text import WORD, shown_around

__all__ = ["EXTENSIONS", "READERS", "FormatError", "clean_document", "document_prose", "format_of", "prose_of"]

SURE_GUESS_CHARS = 200  # a record with less prose than this takes the language of the whole document
SURE_GUESS_SCORE = 0.9
_MENTION = "mention"  # the stage of a mention's span, mapped back through the repairs like a change

READERS: dict[str, ModuleType] = {
    "text": plain, "markdown": markdown, "html": markup, "xml": markup,
    "jsonl": jsonl, "json": jsonl, "csv": delimited, "tsv": delimited,
}
EXTENSIONS = {
    "txt": "text", "text": "text", "md": "markdown", "markdown": "markdown",
    "html": "html", "htm": "html", "xhtml": "html", "xml": "xml",
    "jsonl": "jsonl", "ndjson": "jsonl", "json": "json", "csv": "csv", "tsv": "tsv", "tab": "tsv",
}


def format_of(path: str, config: Config) -> str | None:
    """The reader for ``path``: by extension (``config.formats`` first), or ``config.format``.

    ``None`` means not an article: the file is copied untouched.
    """
    extension = PurePosixPath(path).suffix.lower().lstrip(".")
    named = dict(config.formats).get(extension) or EXTENSIONS.get(extension)
    if named is None:
        return None
    return config.format or named


def clean_document(pipeline: Pipeline, text: str, format_name: str) -> Cleaned:
    """Clean the prose of ``text`` read as ``format_name``; raise FormatError if it cannot be read."""
    reader = READERS[format_name]
    if reader is plain and not plain.has_front_matter(text):  # one text: keep the pipeline's own positions (replayable)
        return pipeline.clean_text(text)
    config = pipeline.config
    document = reader.read(text, config, format_name)
    languages = _languages(document, pipeline)
    index = LineIndex(text)
    edits, changes, mentions, weights, paragraphs = [], [], [], {}, []
    for segment in document.segments:
        language, score = languages[(segment.record, segment.language)]
        stated = _stated(reader, segment, language)
        weights[(language, score)] = weights.get((language, score), 0) + len(segment.text)
        runs = [(0, segment, _cleaned(pipeline, segment, stated))]
        if any(segment.crosses_markup(start, end) for start, end, _ in runs[0][2][1]):
            # an edit would take in a tag (`Zelen<b>skiy</b>`): clean each run of text on its own instead
            runs = [(at, part, _cleaned(pipeline, part, stated)) for at, part in zip(segment.value_starts(), segment.parts)]
        value_edits = []
        for at, piece, (cleaned, piece_edits, origins) in runs:
            value_edits += [(at + start, at + end, after) for start, end, after in piece_edits]
            changes += [_placed(change, piece, origin, index) for change, origin in zip(cleaned.changes, origins)]
            mentions += _placed_mentions(cleaned, piece)
            paragraphs += cleaned.languages  # those of a text's paragraphs, when it was cleaned like a text
        if value_edits:
            edits.append((segment, value_edits))
    output = rewrite(text, edits)
    _verify(reader, format_name, config, text, output, document, edits)
    fixed = [_shifted(change, edits) for change in document.fixed]
    output = splice_text(output, [(c.start, c.end, c.after) for c in fixed])
    changes += [_locate(change, index) for change in document.fixed]
    language, score = max(weights, key=lambda k: (weights[k], k)) if weights else (document.language or UNDETERMINED, 0.0)
    changes.sort(key=lambda c: (c.start, c.end, c.stage))
    seen = list(dict.fromkeys([language, *(lang for lang, _ in weights), *paragraphs]))
    without_rules = languages_without_rules(pipeline.rules, seen)
    return Cleaned(output, language, score, changes, mentions, text, document_prose(document), document.problems, seen, without_rules)


def prose_of(text: str, format_name: str, config: Config) -> str:
    """The prose of ``text`` read as ``format_name``: a text as it is, a structured document's prose parts joined."""
    reader = READERS[format_name]
    whole = reader is plain and not plain.has_front_matter(text)
    return text if whole else document_prose(reader.read(text, config, format_name))


def document_prose(document: Document) -> str:
    """The prose of a structured document, its parts joined: what discovery counts names in."""
    return "\n\n".join(segment.text for segment in document.segments)


def _languages(document: Document, pipeline: Pipeline) -> dict[tuple[int | None, str | None], tuple[str, float]]:
    """The language of each record: the one it states (a strong prior), else detected.

    A record with too little prose of its own for a sure guess (a title, a short
    row) takes the language detected on the prose of all such records together.
    """
    prose: dict[int | None, list[str]] = {}
    for segment in document.segments:
        if segment.language is None:
            prose.setdefault(segment.record, []).append(segment.text)
    everything = None
    languages = {}
    for segment in document.segments:
        key = (segment.record, segment.language)
        if key in languages:
            continue
        stated = segment.language or document.language
        if stated:
            languages[key] = (stated, 1.0)
            continue
        own = "\n\n".join(prose[segment.record])
        guess = pipeline.guess(own) if _enough(pipeline, own) or len(prose) == 1 else None
        if guess is None or guess.score < SURE_GUESS_SCORE:
            if everything is None:
                everything = pipeline.guess("\n\n".join("\n\n".join(texts) for texts in prose.values()))
            guess = everything
        languages[key] = (guess.language, guess.score)
    return languages


def _stated(reader: ModuleType, segment: Segment, language: str) -> str | None:
    """The language to clean ``segment`` in: the body of a text with front matter is cleaned like
    a text, each paragraph in its own language, unless the front matter states one."""
    return segment.language if reader is plain and segment.field is None else language


def _enough(pipeline: Pipeline, prose: str) -> bool:
    """Is there prose enough for a sure guess?  Counted without the names, which cleaning changes."""
    names, size = pipeline.rules.name_words, 0
    for word in WORD.finditer(prose):
        if word.group().casefold() not in names:
            size += len(word.group()) + 1
            if size >= SURE_GUESS_CHARS:
                return True
    return False


def _cleaned(pipeline: Pipeline, segment: Segment, language: str | None) -> tuple[Cleaned, list, list]:
    """``segment``'s value cleaned: the result, its edits of the value, and where each change came from."""
    cleaned = pipeline.clean_text(segment.text, language)
    return (cleaned, *collapse(segment.text, cleaned.changes)) if cleaned.changes else (cleaned, [], [])


def _placed(change: Change, segment: Segment, origin: tuple[int, int], index: LineIndex) -> Change:
    """``change`` positioned in the input document: offsets, line, column, record and field."""
    start, end = segment.raw_offset(origin[0]), segment.raw_offset(origin[1], end=True)
    line, column = index.position(start)
    return replace(change, start=start, end=end, line=line, column=column, record=segment.record, field=segment.field)


def _placed_mentions(cleaned: Cleaned, segment: Segment) -> list[Mention]:
    """The segment's mentions with offsets in the input document, each with its context in the segment's prose."""
    if not cleaned.mentions:
        return []
    repairs = [c for c in cleaned.changes if c.stage == REPAIR.name]
    if repairs:  # mentions refer to the repaired text: map them back through the repairs
        probes = repairs + [Change(_MENTION, "", m.start, m.end, m.form, m.form) for m in cleaned.mentions]
        spans = collapse(segment.text, probes)[1][len(repairs):]
    else:
        spans = [(m.start, m.end) for m in cleaned.mentions]
    prose = cleaned.source_text  # the segment's text, not the document's markup or escapes
    return [replace(m, start=segment.raw_offset(s), end=segment.raw_offset(e, end=True), context=shown_around(prose, m.start, m.end))
            for m, (s, e) in zip(cleaned.mentions, spans)]


def _verify(reader: ModuleType, format_name: str, config: Config, text: str, output: str,
            document: Document, edits: list) -> None:
    """Read the output again: the same segments with the cleaned values, nothing else different."""
    if output == text:
        return
    again = reader.read(output, config, format_name)
    expected = {id(segment): segment.text for segment in document.segments}
    for segment, value_edits in edits:
        expected[id(segment)] = splice_text(segment.text, value_edits)
    same = (
        len(again.segments) == len(document.segments)
        and len(again.problems) == len(document.problems)
        and all(new.text == expected[id(old)] for old, new in zip(document.segments, again.segments))
        and _gaps(text, document.segments) == _gaps(output, again.segments)
        and reader.same_structure(text, output, config, format_name)
    )
    if not same:
        raise FormatError("cleaning would change the structure of the document, so it was not written; "
                          "please report this file")


def _gaps(text: str, segments: list[Segment]) -> list[str]:
    """Everything of ``text`` that is not prose."""
    gaps, cursor = [], 0
    for segment in sorted(segments, key=lambda s: s.start):
        gaps.append(text[cursor:segment.start])
        cursor = segment.end
    return gaps + [text[cursor:]]


def _shifted(change: Change, edits: list) -> Change:
    """A format fix (outside prose) moved by the prose edits before it."""
    shift = 0
    for segment, value_edits in edits:
        for start, end, after in value_edits:
            if segment.raw_offset(end, end=True) <= change.start:
                shift += len(segment.escape(after)) - (segment.raw_offset(end, end=True) - segment.raw_offset(start))
    return replace(change, start=change.start + shift, end=change.end + shift)


def _locate(change: Change, index: LineIndex) -> Change:
    line, column = index.position(change.start)
    return replace(change, line=line, column=column)
