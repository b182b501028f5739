"""Plain text: the whole document is prose, but for the keys and other values of its front matter.

>>> read("Talks in Kiev.", Config(), "text").segments[0].text
'Talks in Kiev.'
>>> [s.text for s in read("---\\nslug: kiev-talks\\ntitle: Kiev talks\\n---\\nTalks in Kiev.", Config(), "text").segments]
['Kiev talks', 'Talks in Kiev.']
"""

from __future__ import annotations

from normalize.config import Config
from normalize.formats.front_matter import read_front_matter
from normalize.formats.segments import Document, Segment


def read(text: str, config: Config, format_name: str) -> Document:
    """The prose values of the front matter (:mod:`~normalize.formats.front_matter`), then the body: the rest of ``text``."""
    document = Document()
    body_start = read_front_matter(text, config, document)
    if text[body_start:]:
        document.segments.append(Segment(body_start, len(text), text[body_start:], language=document.language))
    return document


def has_front_matter(text: str) -> bool:
    """Does ``text`` start with front matter (then it is cleaned like a structured document)?"""
    return read_front_matter(text, Config(prose_fields=()), Document()) > 0


def same_structure(before: str, after: str, config: Config, format_name: str) -> bool:
    """Plain text has no structure to break but its front matter, which the segments already compare."""
    return True
