"""The spans of an article that no stage may touch (the stages' context has them).

URLs, e-mail addresses, @handles, #hashtags, code (Markdown inline code and
fenced blocks) and the identifiers that are not prose keep whatever spelling they
have: domain names (whose last label is a top-level domain of the public suffix
list), file names and paths, and slugs (lowercase ASCII words joined by ``-`` or ``_``):

>>> text = "See https://kiev.example/Kiev or mail kiev@mail.ua about Kiev"
>>> [text[s:e] for s, e in protected_spans(text)]
['https://kiev.example/Kiev', 'kiev@mail.ua']
>>> text = "Kiev: kiev.travel/tours?id=3, img/kiev_2022.jpg, kiev-talks.pdf and volodymyr-zelensky, not Kiev/Kyiv"
>>> [text[s:e] for s, e in protected_spans(text)]
['kiev.travel/tours?id=3', 'img/kiev_2022.jpg', 'kiev-talks.pdf', 'volodymyr-zelensky']

A fenced block runs to the first later line of at least as many of the same
fence characters, or to the end of the text when none follows (as in CommonMark):

>>> text = "Kiev\\n```\\nkiev = 1\\n````\\nKiev\\n~~~\\nKiev"
>>> [text[s:e] for s, e in protected_spans(text)]
['```\\nkiev = 1\\n````\\n', '~~~\\nKiev']
"""

from __future__ import annotations

import mimetypes
import re
from functools import lru_cache
from typing import Iterator

# Every pattern takes time in proportion to the length of the text, never its square,
# whatever the text (``a.a.a.…``, a megabyte without a space, lines of backticks):
# a match may start only where its run of characters starts (the look-behinds), a
# possessive quantifier never gives back what it took, an inline code span reaches at
# most MAX_CODE_SPAN characters, and fences are found by one pass over the lines.
MAX_CODE_SPAN = 1000
_FENCE_OPEN = re.compile(r"[ \t]*(`{3,}+|~{3,}+)[^\n]*(?:\n|\Z)")
_FENCE_CLOSE = re.compile(r"[ \t]*(`{3,}+|~{3,}+)[ \t]*(?:\n|\Z)")
_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_BRANCHES = {  # name: (pattern, a test that the text may hold a match at all)
    "code": (r"(?<!`)(?P<bt>`++)[^`\n][^\n]{0,%d}?(?<!`)(?P=bt)(?!`)" % MAX_CODE_SPAN, lambda t: "`" in t),
    "url": (r"""(?<![\w+.-])(?:[a-z][a-z0-9+.-]*+://|www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]""",
            lambda t: "://" in t or "www." in t.lower()),
    "email": (r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)+", lambda t: "@" in t),
    "handle": (r"(?<![\w@])[@#][^\W_][\w]*+", lambda t: "@" in t or "#" in t),
    # words joined by dots or slashes: a candidate that identifier_end() accepts or rejects
    "dotted": (r"(?<![\w~./\\-])[./\\]*+[\w~-]++(?:[./\\]++[\w~-]++)++",
               lambda t: "." in t or "/" in t or "\\" in t),
    "slug": (r"(?<![\w-])(?-i:[a-z0-9]++(?:[-_][a-z0-9]++)++)(?![\w-])", lambda t: "-" in t or "_" in t),
}
# Every match but inline code lies within a run of non-space characters and holds one of these marks
# before a non-space character: only such runs are searched (a text without a backtick has no code).
_MARK = re.compile(r"[@#./\\_-]\S")
_NON_SPACES = re.compile(r"\S*")
_DENSE = 64  # once that many marked runs came more often than one in that many characters, the rest is searched whole
_DOMAIN_PATH = re.compile(r"""/[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}’”]""")
_SEPARATOR = re.compile(r"[/\\]")
_FILE_EXTENSION = re.compile(r"\.([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*)\Z")
# the extensions Python itself knows (built in, not read from the machine's mime.types)
_FILE_EXTENSIONS = frozenset(extension.lstrip(".") for types in mimetypes.MimeTypes().types_map for extension in types)
# IANA's special-use domain names, which no public suffix list holds: RFC 6761 (example, test,
# invalid, localhost), RFC 6762 (local), RFC 7686 (onion), RFC 9476 (alt)
_SPECIAL_USE_DOMAINS = frozenset({"example", "test", "invalid", "localhost", "local", "onion", "alt"})


@lru_cache(maxsize=None)
def _inline(names: tuple[str, ...]) -> re.Pattern:
    """One pattern of the branches ``names``, in their order of priority."""
    return re.compile("|".join(f"(?P<{name}>{_BRANCHES[name][0]})" for name in names), re.IGNORECASE)


def _inline_for(text: str) -> re.Pattern | None:
    """The inline pattern without the branches that cannot match anywhere in ``text`` (same matches, less work)."""
    names = tuple(name for name, (_, may_match) in _BRANCHES.items() if may_match(text))
    return _inline(names) if names else None


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Return the sorted, non-overlapping ``(start, end)`` spans to leave alone."""
    spans, cursor = [], 0
    inline = _inline_for(text)
    code = "`" in text  # inline code may hold spaces: then each stretch between fences is searched whole
    for start, end in [*fenced_blocks(text), (len(text), len(text))]:
        if inline is not None:
            windows = [(cursor, start)] if code else marked_runs(text, cursor, start)
            spans += [span for window in windows for span in _inline_spans(inline, text, *window)]
        if end > start:
            spans.append((start, end))
        cursor = end
    return spans


def _inline_spans(inline: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The matches of ``inline`` in ``text[start:end]``; a dotted candidate only if it is an identifier.

    After a rejected candidate the search goes on from its second character (where
    no other candidate starts), so that each position is tried at most twice.
    """
    spans, position = [], start
    while (match := inline.search(text, position, end)) is not None:
        span_end = identifier_end(text, *match.span()) if match.lastgroup == "dotted" else match.end()
        if span_end is None:
            position = match.start() + 1
            continue
        spans.append((match.start(), span_end))
        position = span_end
    return spans


def marked_runs(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The runs of non-space characters of ``text[start:end]`` that hold a mark (``@#./\\_-``) before a non-space
    character, in order: the only places an inline pattern but code can match.  ``start`` begins a run or a line.

    Each run is walked back to its start, no further than the end of the run before, and the next mark searched after it.
    Where they come densely (:data:`_DENSE`: a list of links), the rest of the text is given as one stretch, from the
    end of a run: searched whole, as a search for every run would cost more.

    >>> text = "Said so. See kiev.ua, a well-known site; 3 / 4"
    >>> [text[s:e] for s, e in marked_runs(text, 0, len(text))]
    ['kiev.ua,', 'well-known']
    """
    floor, runs = start, 0
    while (mark := _MARK.search(text, floor, end)) is not None:
        if runs >= _DENSE and floor - start < _DENSE * runs:
            yield floor, end
            return
        runs += 1
        begin = mark.start()
        while begin > floor and not text[begin - 1].isspace():
            begin -= 1
        floor = _NON_SPACES.match(text, mark.start(), end).end()
        yield begin, floor


def identifier_end(text: str, start: int, end: int) -> int | None:
    """Where the identifier ``text[start:end]`` ends (a domain takes its path along), or None if it is prose.

    >>> [identifier_end(t, 0, len(t)) for t in ("kiev.city", "docs/kiev.pdf", "IMG.JPG", "e.g", "Kiev/Kyiv", "Kiev.As")]
    [9, 13, 7, None, None, None]
    """
    token = text[start:end]
    host = _SEPARATOR.split(token, 1)[0]
    if _is_domain(host.lstrip(".")) and not _next_sentence(host.rsplit(".", 1)[1]):
        path = _DOMAIN_PATH.match(text, start + len(host)) if len(host) < len(token) else None
        return path.end() if path else start + len(host)
    extension = _FILE_EXTENSION.search(token)
    if extension is None:
        return None
    in_folder, known = host != token, extension.group(1).lower() in _FILE_EXTENSIONS
    return end if (in_folder or known) and not _next_sentence(extension.group(1)) else None


def _next_sentence(label: str) -> bool:
    """Is the last label capitalised: the first word of a sentence after a missing space
    (``Kiev.As announced``)?  A top-level domain or an extension is lower or upper case."""
    return label[:1].isupper() and not label.isupper()


@lru_cache(maxsize=4096)
def _is_domain(host: str) -> bool:
    """Is ``host`` a name of two labels or more that ends in a public suffix (``kiev.travel``, ``kiev.ua``) or a
    special-use domain name (``kiev.example``, ``kiev.test``)?

    >>> _is_domain("kiev.ua"), _is_domain("kiev.test"), _is_domain("kiev.said")
    (True, True, False)
    """
    return "." in host and (host.rsplit(".", 1)[1].lower() in _SPECIAL_USE_DOMAINS or bool(public_suffixes()(host).suffix))


@lru_cache(maxsize=1)
def public_suffixes():
    """tldextract with the public suffix list it bundles (never downloaded, never cached on disk), read once per
    process when a host is first asked about: importing tldextract and reading its list cost 0.06 s and 0.03 s of
    CPU, which a run without a dotted name never needs (:meth:`~normalize.pipeline.Pipeline.preload` reads it
    before the workers fork, so that they share it).

    >>> public_suffixes()("news.kiev.ua").suffix
    'kiev.ua'
    """
    import tldextract

    extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    extract("example.com")  # reads the list now
    return extract


def fenced_blocks(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` spans of fenced code blocks, in one pass over the lines."""
    if "```" not in text and "~~~" not in text:
        return []
    blocks, fence, start = [], None, 0
    for line in _LINE.finditer(text):
        if fence is None:
            opening = _FENCE_OPEN.fullmatch(line.group())
            if opening:
                fence, start = opening.group(1), line.start()
            continue
        closing = _FENCE_CLOSE.fullmatch(line.group())
        if closing and closing.group(1)[0] == fence[0] and len(closing.group(1)) >= len(fence):
            blocks.append((start, line.end()))
            fence = None
    if fence is not None:
        blocks.append((start, len(text)))
    return blocks
