"""The repair stage, the first: mojibake and broken Unicode repaired by :mod:`normalize.stages.encoding`."""

from __future__ import annotations

from normalize.stages.base import Context, Edited
from normalize.stages.encoding import STAGE, fix_encoding


class Repair:
    """The stage: ftfy line by line, and the precise width and C1 fixes of :mod:`normalize.stages.characters`."""

    name = STAGE
    counted_as = "repairs"
    nothing = "nothing to repair"
    option = None

    def run(self, text: str, context: Context) -> Edited:
        return Edited(*fix_encoding(text))


REPAIR = Repair()
