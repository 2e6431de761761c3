"""``python -m highlights.cli``, as ``python -m highlights``: the command line."""
import sys

from . import main

sys.exit(main())
