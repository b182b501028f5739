"""Plain text: the whole document is prose.

>>> read("Talks in Kiev.", None, "text").segments[0].text
'Talks in Kiev.'
"""

from __future__ import annotations

from normalize.formats.segments import Document, Segment


def read(text: str, config, format_name: str) -> Document:
    """One segment: all of ``text``."""
    return Document([Segment(0, len(text), text)])


def same_structure(before: str, after: str, config, format_name: str) -> bool:
    """Plain text has no structure to break."""
    return True
