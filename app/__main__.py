"""``python -m app``: the same as the ``cybercabinet`` command."""

import sys

from app.cli.main import main

sys.exit(main())
