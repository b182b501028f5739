"""The repair stage, the first: mojibake and broken Unicode repaired by :mod:`normalize.stages.encoding`."""

from __future__ import annotations

from normalize.stages.base import Context, Edited
from normalize.stages.characters import FULL_WIDTH, has_cjk
from normalize.stages.encoding import STAGE, fix_encoding

CJK_LANGUAGES = ("zh", "ja", "ko")  # langdetect's codes, before a region: zh-cn, zh-tw


class Repair:
    """The stage: ftfy line by line, and the precise width and C1 fixes of :mod:`normalize.stages.characters`."""

    name = STAGE
    counted_as = "repairs"
    nothing = "nothing to repair"
    option = None

    def run(self, text: str, context: Context) -> Edited:
        return Edited(*fix_encoding(text, cjk=in_cjk_language(text, context)))


def in_cjk_language(text: str, context: Context) -> bool:
    """Is ``text`` full-width text of a Chinese, Japanese or Korean document without a CJK character of its own?
    Its language is asked only then (a segment of a document is given its document's)."""
    return bool(FULL_WIDTH.search(text)) and not has_cjk(text) and context.detected.language.split("-")[0] in CJK_LANGUAGES


REPAIR = Repair()
