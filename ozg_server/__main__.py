"""Allow `python -m ozg_server`."""

import sys

from ozg_server.cli import main

sys.exit(main())
