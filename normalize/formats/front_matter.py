"""Front matter: the YAML (``---``) or TOML (``+++``) block at the top of a Markdown or text file.

It is structure, like a JSON record's keys: read line by line, conservatively,
without a YAML parser.  Only a one-line value of a key in ``Config.prose_fields``
is prose (quotes aside); keys, tags, slugs, paths, dates, ids, lists, nested
keys and multi-line values are kept as written.  A ``lang`` key (one of
``Config.language_fields``) states the document's language.

>>> text = "---\\nslug: kiev-news\\ntitle: 'Kiev talks'\\ntags: [kiev]\\nlang: en\\n---\\nBody"
>>> document = Document()
>>> end = read_front_matter(text, Config(), document)
>>> text[end:], [s.text for s in document.segments], document.language
('Body', ['Kiev talks'], 'en')
"""

from __future__ import annotations

import re

from normalize.config import Config
from normalize.formats.segments import Document, Segment, language_code

_BLOCK = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n(.*?\n)?(\1|\.\.\.)[ \t]*(\r?\n|\Z)", re.DOTALL)
_FIELD = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:=][ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


def read_front_matter(text: str, config: Config, document: Document) -> int:
    """Add the prose values of ``text``'s front matter to ``document``; return where the body starts (0: none)."""
    found = _BLOCK.match(text)
    if not found or found.group(2) is None:
        return 0
    fields = {name.casefold() for name in config.prose_fields}
    stating = {name.casefold() for name in config.language_fields}
    base = found.start(2)
    for field in _FIELD.finditer(found.group(2)):
        key, value = field.group(1), field.group(2)
        start = base + field.start(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value, start = value[1:-1], start + 1
        if key.casefold() in stating:
            document.language = language_code(value)
        elif key.casefold() in fields and value.strip() and value not in "|>":
            document.segments.append(Segment(start, start + len(value), value, field=key))
    return found.end()
