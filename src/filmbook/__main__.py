"""Run filmbook as ``python -m filmbook``."""

import sys

from filmbook.cli import main

sys.exit(main())
