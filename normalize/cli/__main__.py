"""``python -m normalize.cli``: the command line, as the ``normalize`` script runs it."""

import sys

from normalize.cli import main

sys.exit(main())
