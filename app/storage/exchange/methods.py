"""The exchange file on the facade: ``export_exchange`` and ``import_exchange``.

Export reads one consistent moment and writes the file atomically (0600), protected by a
passphrase if one is given. Import reads the file (size capped before reading), decrypts it,
checks the envelope, the hash, the schema and then the content against the installed
questionnaire, all before the one write transaction that stores it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pydantic
from sqlalchemy.exc import IntegrityError

from app.domain.catalog import CatalogEntry
from app.errors import NotFoundError
from app.i18n import _
from app.storage.core import DatabaseCore, guarded
from app.storage.errors import ExchangeError
from app.storage.lookup import find_assessment

if TYPE_CHECKING:
    from app.storage.exchange.importing import ImportResult
    from app.storage.exchange.schema import Content

# lazy: the exchange modules (and ``cryptography`` with them: ~11 MB; 0.03-0.14 s to import,
# measured, as much of it is already loaded or not) are imported by the methods that use them:
# every opening of the database builds this mixin, few ever export or import.

MIN_PASSPHRASE = 10
"""A file that leaves the practice deserves more than a short word."""


@dataclass(frozen=True)
class ExportResult:
    path: Path
    fingerprint: str
    content_sha256: str
    encrypted: bool


def exchange_bytes(content: Content, passphrase: str | None = None) -> bytes:
    """The file's bytes: plain JSON, or encrypted when a passphrase is given."""
    from app.storage.exchange import crypto
    from app.storage.exchange import format as exchange_format

    plain = exchange_format.encode(content)
    if passphrase is None:
        return plain
    if len(passphrase) < MIN_PASSPHRASE:
        raise ExchangeError(_("The passphrase is shorter than {count} characters.").format(
            count=MIN_PASSPHRASE), hint=_("Choose a longer one (a few words)."))
    return crypto.encrypt(plain, passphrase)


def read_content(data: bytes, passphrase: str | None = None) -> Content:
    """The content of an exchange file's bytes, checked (envelope, hash, schema)."""
    from app.storage.exchange import crypto
    from app.storage.exchange import format as exchange_format

    if crypto.is_encrypted(data):
        data = crypto.decrypt(data, passphrase)
    return exchange_format.decode(data)


def read_exchange_file(path: Path, passphrase: str | None = None) -> Content:
    from app.storage.exchange import files

    return read_content(files.read_bounded(path), passphrase)


def is_protected(path: Path) -> bool:
    """Whether the file needs a passphrase (so that a face can ask for one first)."""
    from app.storage.exchange import crypto, files

    return crypto.is_encrypted(files.read_bounded(path)[:len(crypto.MAGIC)])


class Exchange(DatabaseCore):
    @guarded
    def exchange_content(self, assessment_id: str) -> Content:
        """Everything about one assessment, as the exchange file carries it."""
        from app.storage.exchange.export import export_content

        with self._reading() as session:
            assessment = find_assessment(session, assessment_id)
            try:
                return export_content(session, assessment)
            except pydantic.ValidationError as error:
                raise ExchangeError(_("The assessment {id} cannot be exported: {reason}.").format(
                    id=assessment_id, reason=error.errors()[0]["msg"])) from None

    def export_exchange(self, assessment_id: str, target: Path,
                        passphrase: str | None = None) -> ExportResult:
        """Write the assessment to ``target`` (a ``.ccab`` file), atomically, 0600."""
        from app.storage.exchange import files
        from app.storage.exchange import format as exchange_format

        content = self.exchange_content(assessment_id)
        files.write_private(target, exchange_bytes(content, passphrase))
        return ExportResult(target, content.fingerprint,
                            exchange_format.content_sha256(content.model_dump(mode="json")),
                            encrypted=passphrase is not None)

    def import_exchange(self, source: Path, passphrase: str | None = None) -> ImportResult:
        """Import a ``.ccab`` file: everything is checked before the one transaction that
        writes it; a refused file (``ExchangeError``) leaves the database as it was."""
        return self.import_content(read_exchange_file(source, passphrase))

    @guarded
    def import_content(self, content: Content) -> ImportResult:
        from app.storage.exchange.importing import check, write

        checked = check(content, self._entry_for(content))
        try:
            with self._writing() as session:
                result = write(session, checked)
                if result.already_imported:
                    session.rollback()
                return result
        except IntegrityError as error:  # a safety net: ``check`` and ``write`` look first
            raise ExchangeError(
                _("The file conflicts with what this database holds ({reason}); nothing was "
                  "imported.").format(reason=str(error.orig).splitlines()[0]),
                hint=_("Please report this problem.")) from None

    def _entry_for(self, content: Content) -> CatalogEntry:
        wanted = content.questionnaire
        try:
            return self.questionnaire_entry(wanted.id, wanted.version)
        except NotFoundError:
            raise ExchangeError(
                _("The file's questionnaire {id} version {version} is not installed here; "
                  "nothing was imported.").format(id=wanted.id, version=wanted.version),
                hint=_("Update CyberCabinet or install that questionnaire version.")) from None
