"""``python -m openness``: the command line, as the ``openness`` script runs it."""

from ._cli import main

raise SystemExit(main())
