"""Build hook: the package carries its compiled catalogs and its resources.

pyproject.toml holds the metadata; this file only adds one step to ``build_py`` so that
``pip install .`` (or a wheel) works alone, without the Makefile: the ``.po`` catalogs of
``i18n/`` are compiled to ``.mo`` (Babel, a build requirement), and ``questionnaires/``,
``i18n/`` and ``assets/`` are copied into the package as ``app/_resources/``, where
``app.paths.resource_root`` finds them. An editable install (``pip install -e .``, the Makefile's)
compiles the catalogs in place and reads the resources from the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
RESOURCE_DIRS = ("questionnaires", "i18n", "assets")
DOMAIN = "cybercabinet"
_NOT_SHIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.po", "*.pot", "*.py", ".*")


def compile_catalogs(catalogs: Path) -> None:
    """Every ``<lang>/LC_MESSAGES/cybercabinet.po`` to its ``.mo``, as ``pybabel compile``."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po_path in sorted(catalogs.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=po_path.parent.parent.name)
        mo_path = po_path.with_suffix(".mo")
        partial = mo_path.with_suffix(".mo.part")
        with partial.open("wb") as mo_file:
            write_mo(mo_file, catalog)
        partial.replace(mo_path)


class BuildWithResources(build_py):
    """``build_py``, then the catalogs compiled and the resources copied into the package."""

    def run(self) -> None:
        compile_catalogs(ROOT / "i18n")
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "app" / "_resources"
        shutil.rmtree(target, ignore_errors=True)
        for name in RESOURCE_DIRS:
            shutil.copytree(ROOT / name, target / name, ignore=_NOT_SHIPPED)


setup(cmdclass={"build_py": BuildWithResources})
