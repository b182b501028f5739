"""``python -m normalize.cli``: the command line, as the ``normalize`` script runs it."""

from normalize.cli import run

run()
