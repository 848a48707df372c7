"""``python -m reporting`` is the ``reporting`` command."""

import sys

from reporting.cli import main

sys.exit(main())
