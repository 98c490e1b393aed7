"""Practices: create, rename or move, find, list by name."""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import func, select, update

from app.i18n import _
from app.storage.checks import clean_country, clean_identifiers, clean_name
from app.storage.convert import practice_record
from app.storage.core import UNSET, DatabaseCore, _Unset, guarded
from app.storage.lookup import find_practice
from app.storage.models import Assessment, Practice, name_key, utcnow
from app.storage.records import PracticeRecord


class Practices(DatabaseCore):
    @guarded
    def create_practice(self, name: str, *, address: str = "", country: str = "",
                        identifiers: Mapping[str, str] | None = None) -> PracticeRecord:
        practice = Practice(name=clean_name(name, _("practice name")), address=address.strip(),
                            country=clean_country(country),
                            identifiers=clean_identifiers(identifiers or {}), profile={})
        with self._writing() as session:
            session.add(practice)
            session.flush()
            return practice_record(practice)

    @guarded
    def update_practice(self, practice_id: str, *, name: str | _Unset = UNSET,
                        address: str | _Unset = UNSET, country: str | _Unset = UNSET,
                        identifiers: Mapping[str, str] | _Unset = UNSET) -> PracticeRecord:
        """Change the practice; signed assessments keep the details they were signed with."""
        with self._writing() as session:
            practice = find_practice(session, practice_id)
            if not isinstance(name, _Unset):
                practice.name = clean_name(name, _("practice name"))
                practice.name_key = name_key(practice.name)
                session.execute(update(Assessment).where(Assessment.practice_id == practice.id)
                                .values(practice_key=practice.name_key))
            if not isinstance(address, _Unset):
                practice.address = address.strip()
            if not isinstance(country, _Unset):
                practice.country = clean_country(country)
            if not isinstance(identifiers, _Unset):
                practice.identifiers = clean_identifiers(identifiers)
            practice.updated_at = utcnow()
            session.flush()
            return practice_record(practice)

    @guarded
    def get_practice(self, practice_id: str) -> PracticeRecord:
        with self._reading() as session:
            return practice_record(find_practice(session, practice_id))

    @guarded
    def list_practices(self, *, search: str | None = None, limit: int | None = None,
                       offset: int = 0) -> list[PracticeRecord]:
        """By name (case-insensitive); ``search`` matches any part of the name."""
        statement = select(Practice)
        if search:
            statement = statement.where(
                func.lower(Practice.name).contains(search.strip().lower(), autoescape=True))
        statement = statement.order_by(func.lower(Practice.name), Practice.id)
        statement = statement.offset(max(offset, 0))
        if limit is not None:
            statement = statement.limit(max(limit, 0))
        with self._reading() as session:
            return [practice_record(p) for p in session.scalars(statement)]
