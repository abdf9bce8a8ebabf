"""Allow `python -m ozg_desk`."""

import sys

from ozg_desk.cli.main import main

sys.exit(main())
