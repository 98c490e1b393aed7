"""Every path the app uses, in one place.

The data folder comes from platformdirs and can be overridden with ``CYBERCABINET_HOME`` (tests
and portable installs use it). Bundled resources (questionnaires, catalogs, fonts, icons) are found
next to the ``app`` package in a checkout, inside it (``app/_resources``) when installed from a
wheel, and under ``sys._MEIPASS`` in a PyInstaller bundle, never relative to the current directory.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_DIR_NAME = "CyberCabinet"
HOME_ENV = "CYBERCABINET_HOME"
DB_ENV = "CYBERCABINET_DB"


def resource_root() -> Path:
    """The folder that holds ``questionnaires/``, ``i18n/`` and ``assets/``: the bundle's, the
    package's own copy when installed from a wheel (``setup.py`` puts it there), else the
    checkout's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    package = Path(__file__).resolve().parent
    shipped = package / "_resources"
    if shipped.is_dir():
        return shipped
    return package.parent


def questionnaires_dir() -> Path:
    return resource_root() / "questionnaires"


def catalogs_dir() -> Path:
    return resource_root() / "i18n"


def assets_dir() -> Path:
    return resource_root() / "assets"


def data_dir() -> Path:
    """The user's data folder, created readable by the user only."""
    override = os.environ.get(HOME_ENV)
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_DIR_NAME, False))
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def default_database_path() -> Path:
    return data_dir() / "cybercabinet.sqlite3"


def default_database_url() -> str:
    """``CYBERCABINET_DB`` if set, else the SQLite file in the data folder."""
    return os.environ.get(DB_ENV) or f"sqlite:///{default_database_path()}"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def identities_dir() -> Path:
    path = data_dir() / "identities"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def logs_dir() -> Path:
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
