"""Logging into the data folder, rotated, with no secrets.

Logs are for us and for the IT provider: the user sees messages, never tracebacks. Passphrases
are never logged: code passes them as ``SecretStr``-like objects or not at all, and the filter
below masks anything that looks like one should it slip into a message.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from app.paths import logs_dir

LOG_FILE_NAME = "cybercabinet.log"
_SECRET = re.compile(r"(?i)(passphrase|password|mot de passe|passwort)(\s*[=:]\s*)(\S+)")


class _MaskSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = _SECRET.sub(r"\1\2***", message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def log_file() -> Path:
    return logs_dir() / LOG_FILE_NAME


def configure_logging(level: int = logging.INFO) -> Path:
    """Send the app's logs to a rotating file in the data folder (1 MB × 5)."""
    path = log_file()
    root = logging.getLogger("cybercabinet")
    if any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        return path
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_MaskSecrets())
    root.addHandler(handler)
    root.setLevel(level)
    path.chmod(0o600)
    return path
