"""Cleaning what people type before it is stored: names, country codes, identifiers, enums, ids.

Each function returns the cleaned value or raises ``ValidationError`` / ``NotFoundError`` with a
message for people; nothing here touches the database.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from typing import TypeVar

from app.domain.assessment import ActionStatus, AssessmentStatus
from app.domain.review import ReviewItemStatus
from app.domain.vocabulary import Owner
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.storage.models import NAME_LENGTH
from app.storage.records import SignatureKind

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def parse_uuid(text: str, *, kind: str) -> uuid.UUID:
    """An id typed by a person; one that is not a UUID simply does not exist."""
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        raise not_found(kind, text) from None


def not_found(kind: str, shown: str) -> NotFoundError:
    if kind == "practice":
        return NotFoundError(_("There is no practice {id}.").format(id=shown),
                             hint=_("See 'cybercabinet practice list'."))
    return NotFoundError(_("There is no assessment {id}.").format(id=shown),
                         hint=_("See 'cybercabinet assessment list'."))


def clean_name(text: str, what: str, *, required: bool = True) -> str:
    """A person's or a practice's name: spaces collapsed, not too long, present if required."""
    value = " ".join(str(text).split())
    if required and not value:
        raise ValidationError(_("The {what} is empty.").format(what=what))
    if len(value) > NAME_LENGTH:
        raise ValidationError(_("The {what} is longer than {limit} characters.").format(
            what=what, limit=NAME_LENGTH))
    return value


def clean_country(text: str) -> str:
    value = text.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError(_("{value} is not a two-letter country code (CH, FR…).").format(
            value=text))
    return value


def clean_identifiers(identifiers: Mapping[str, str]) -> dict[str, str]:
    cleaned = {}
    for key, value in identifiers.items():
        name = str(key).strip()
        if not name:
            raise ValidationError(_("An identifier has no name (e.g. GLN=7601000000000)."))
        cleaned[name] = str(value).strip()
    return cleaned


def clean_sha256(text: str) -> str:
    digest = text.strip().lower()
    if not SHA256.match(digest):
        raise ValidationError(_("{value} is not a SHA-256 (64 hexadecimal digits).").format(
            value=text))
    return digest


def assessment_status(value: AssessmentStatus | str) -> AssessmentStatus:
    return enum_value(AssessmentStatus, value, _("status"))


E = TypeVar("E", AssessmentStatus, ActionStatus, Owner, SignatureKind, ReviewItemStatus)


def enum_value(kind: type[E], value: E | str, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError(_("{value} is not a valid {what}; choose one of: "
                                "{choices}.").format(
            value=value, what=what, choices=", ".join(m.value for m in kind))) from None
