"""The frozen executable's entry point: the ``cybercabinet`` command (the window without argument).

Same as the ``cybercabinet`` console script of ``pyproject.toml``: ``app.cli.main:main``.
"""

import sys

from app.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
