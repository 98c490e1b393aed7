"""CyberCabinet: cybersecurity self-assessment for medical practices."""

from importlib import metadata

try:
    __version__ = metadata.version("cybercabinet")
except metadata.PackageNotFoundError:  # running from a bare checkout that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "CyberCabinet"
