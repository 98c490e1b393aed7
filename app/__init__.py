"""CyberCabinet: cybersecurity self-assessment for medical practices."""

from __future__ import annotations

import functools

APP_NAME = "CyberCabinet"


@functools.cache
def _version() -> str:
    # lazy: importlib.metadata takes 20-100 ms to import; the version is shown on demand.
    from importlib import metadata

    try:
        return metadata.version("cybercabinet")
    except metadata.PackageNotFoundError:  # a bare checkout that was never installed
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'app' has no attribute {name!r}")
