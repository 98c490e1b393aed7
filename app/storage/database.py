"""The storage facade: what the GUI, the CLI and the report use.

``open_database(url)`` checks the file, takes the writer's lock, backs the file up, applies the
migrations and returns a ``Database``. Every method is one transaction: an answer is committed
(with its history row) the moment it is given, or not at all. Methods take and return plain
values (``records.py``, the domain's ``AssessmentSnapshot``); ids are UUIDs as text.

Profile answers (the questionnaire's ``profile`` questions: country, server, remote access…) are
answers of the assessment like any other, with their history; each saved one is also copied to
the practice's ``profile``, and a new assessment of that practice starts with them filled in.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Concatenate, Final, ParamSpec, TypeVar

from sqlalchemy import Engine, Select, func, select
from sqlalchemy.orm import Session

from app.domain.action_plan import build_action_plan
from app.domain.answers import (
    Answer as DomainAnswer,
)
from app.domain.answers import (
    AnswerValue,
    parse_value,
    validate_value,
    value_from_json,
    value_to_json,
)
from app.domain.assessment import (
    ActionStatus,
    AssessmentSnapshot,
    AssessmentStatus,
    PracticeInfo,
)
from app.domain.catalog import DEFAULT_QUESTIONNAIRE_ID, CatalogEntry, get_entry
from app.domain.questionnaire import Question, Questionnaire
from app.domain.scoring import score_assessment, unanswered_profile
from app.domain.skip_logic import visible_question_ids
from app.domain.vocabulary import Owner
from app.errors import NotFoundError, ValidationError
from app.i18n import _
from app.paths import default_database_url
from app.storage import backup as backups
from app.storage import migrate
from app.storage.engine import (
    WRITE,
    FileLock,
    Target,
    check_file,
    create_private_file,
    make_engine,
    parse_target,
    set_wal,
    sqlite_connect,
    translated,
)
from app.storage.errors import (
    DatabaseCorruptError,
    DatabaseReadOnlyError,
    ReadOnlyAssessmentError,
    StorageError,
)
from app.storage.models import (
    NAME_LENGTH,
    ActionItem,
    Answer,
    AnswerHistory,
    Assessment,
    Practice,
    Signature,
    utcnow,
)
from app.storage.records import (
    READ_ONLY_STATUSES,
    ActionItemRecord,
    AnswerRecord,
    AssessmentPage,
    AssessmentRow,
    AssessmentSort,
    HistoryEntry,
    PracticeRecord,
    SignatureKind,
    SignatureRecord,
)

P = ParamSpec("P")
R = TypeVar("R")


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Final = _Unset()
"""For ``update_*`` methods: "leave this field as it is" (``None`` may be a real value)."""

SHA256 = re.compile(r"^[0-9a-f]{64}$")


# --- opening ----------------------------------------------------------------------------------

def open_database(url: str | None = None, *, backup: bool = True, read_only: bool = False,
                  questionnaires: Path | None = None,
                  keep_backups: int = backups.DEFAULT_KEEP) -> Database:
    """Open (creating or upgrading it if needed) the database at ``url``.

    ``url``: an SQLAlchemy URL or a plain file path; default ``app.paths.default_database_url()``.
    ``backup``: back the SQLite file up first if it changed since its newest backup (a backup
    is always made before an upgrade). ``read_only``: look without changing anything (no lock
    file, no backup, no upgrade; works while another instance has the file open).
    ``questionnaires``: the folder to find questionnaires in (default: the shipped ones).

    Raises a ``StorageError`` subclass (locked, read-only, damaged, too new, unreachable…) or
    ``NotFoundError`` / ``ValidationError`` with a message for people; never leaves a
    half-written file.
    """
    target = parse_target(url or default_database_url())
    if target.path is not None:
        return _open_sqlite(target, target.path, backup=backup, read_only=read_only,
                            questionnaires=questionnaires, keep=keep_backups)
    return _open_server(target, read_only=read_only, questionnaires=questionnaires)


def _open_sqlite(target: Target, path: Path, *, backup: bool, read_only: bool,
                 questionnaires: Path | None, keep: int) -> Database:
    created = False
    if read_only:
        check_file(path, writable=False)
    else:
        created = create_private_file(path)
        if not created:
            check_file(path, writable=True)
    lock: FileLock | None = None
    if not read_only:
        lock = FileLock(path)
        lock.acquire()
    try:
        hint = functools.partial(backups.restore_hint, path)
        with translated(target, hint):
            _health_check(path, read_only=read_only, hint=hint)
            engine = make_engine(target, read_only=read_only, migrations=True)
            try:
                with engine.connect() as connection:
                    state = migrate.read_state(connection)
            finally:
                engine.dispose()
            migrate.check_state(state, target)
            upgraded_from = None
            last_backup = None
            if read_only:
                migrate.refuse_outdated(state, target)
            else:
                upgrade = migrate.needs_upgrade(state)
                if not state.is_empty and (upgrade or backup):
                    newest = [b for b in backups.list_backups(path) if b.label != "damaged"]
                    if upgrade or not newest or backups.changed_since(path, newest[-1].path):
                        last_backup = backups.make_backup(
                            path, label="before-upgrade" if upgrade else "", keep=keep)
                set_wal(path)
                if upgrade:
                    engine = make_engine(target, migrations=True)
                    try:
                        before, _after = migrate.upgrade(engine, target)
                    finally:
                        engine.dispose()
                    upgraded_from = before
            main = make_engine(target, read_only=read_only)
        return Database(target, main, lock=lock, read_only=read_only,
                        questionnaires=questionnaires, created=created or state.is_empty,
                        upgraded_from=upgraded_from, last_backup=last_backup,
                        keep_backups=keep)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _health_check(path: Path, *, read_only: bool,
                  hint: Callable[[], tuple[str, Path | None]]) -> None:
    """``PRAGMA quick_check``: "not a database" and damaged pages are found before any use
    (and before a backup of a damaged file could push a good one out of the rotation)."""
    connection = sqlite_connect(path, read_only=read_only)
    try:
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    finally:
        connection.close()
    if rows != ["ok"]:
        text, newest = hint()
        raise DatabaseCorruptError(
            _("The database {path} is damaged ({reason}).").format(path=path, reason=rows[0]),
            hint=text, backup=newest)


def _open_server(target: Target, *, read_only: bool,
                 questionnaires: Path | None) -> Database:
    try:
        engine = make_engine(target, migrations=True)
    except ImportError as error:
        raise StorageError(_("PostgreSQL support is not installed ({reason}).").format(
            reason=error), hint=_("Install it with: pip install 'cybercabinet[postgres]'.")
        ) from error
    upgraded_from = None
    try:
        with translated(target):
            with engine.connect() as connection:
                state = migrate.read_state(connection)
            migrate.check_state(state, target)
            if read_only:
                migrate.refuse_outdated(state, target)
            elif migrate.needs_upgrade(state):
                upgraded_from, _after = migrate.upgrade(engine, target)
    finally:
        engine.dispose()
    return Database(target, make_engine(target, read_only=read_only), lock=None,
                    read_only=read_only, questionnaires=questionnaires,
                    created=state.is_empty, upgraded_from=upgraded_from, last_backup=None,
                    keep_backups=0)


def backup_database(url: str | None = None, *,
                    keep: int = backups.DEFAULT_KEEP) -> Path:
    """Back up an SQLite database now, even while another instance has it open."""
    target = parse_target(url or default_database_url())
    if target.path is None:
        raise StorageError(_("CyberCabinet backs up SQLite files only."),
                           hint=_("Back up a PostgreSQL database with pg_dump."))
    check_file(target.path, writable=False)
    hint = functools.partial(backups.restore_hint, target.path)
    with translated(target, hint):
        _health_check(target.path, read_only=True, hint=hint)
        engine = make_engine(target, read_only=True, migrations=True)
        try:
            with engine.connect() as connection:
                state = migrate.read_state(connection)
        finally:
            engine.dispose()
        migrate.check_state(state, target)
        return backups.make_backup(target.path, keep=keep)


def restore_database(backup: Path | None = None, url: str | None = None, *,
                     keep: int = backups.DEFAULT_KEEP) -> tuple[Path, Path | None]:
    """Replace the SQLite database by a backup (default: its newest).

    Returns (the backup restored, where the replaced database was saved). Refused while the
    database is open elsewhere. The restored file is upgraded the next time it is opened.
    """
    target = parse_target(url or default_database_url())
    if target.path is None:
        raise StorageError(_("CyberCabinet restores SQLite files only."),
                           hint=_("Restore a PostgreSQL database with pg_restore."))
    chosen = backup or backups.newest_backup(target.path)
    if chosen is None:
        raise NotFoundError(_("There is no backup of {path}.").format(path=target.path))
    saved = backups.restore(target.path, chosen, keep=keep)
    return chosen, saved


# --- the facade -------------------------------------------------------------------------------

def _guarded(method: Callable[Concatenate[Database, P], R]
             ) -> Callable[Concatenate[Database, P], R]:
    """Translate driver errors (locked, disk full, damaged…) into storage errors."""
    @functools.wraps(method)
    def wrapper(self: Database, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with translated(self.target, self._restore_hint):
            return method(self, *args, **kwargs)
    return wrapper


class Database:
    """An open database. Use it as a context manager, or call ``close()``."""

    def __init__(self, target: Target, engine: Engine, *, lock: FileLock | None,
                 read_only: bool, questionnaires: Path | None, created: bool,
                 upgraded_from: str | None, last_backup: Path | None,
                 keep_backups: int) -> None:
        self.target = target
        self.engine = engine
        self.read_only = read_only
        self.created = created
        """The schema was created by this opening (a new database)."""
        self.upgraded_from = upgraded_from
        """The schema revision before this opening upgraded it, if it did."""
        self.last_backup = last_backup
        """The backup made by this opening, if one was."""
        self.revision = migrate.head_revision()
        self._lock = lock
        self._questionnaires = questionnaires
        self._keep = keep_backups
        self._entries: dict[tuple[str, str], CatalogEntry] = {}

    # -- lifetime --

    @property
    def url(self) -> str:
        """For display: the file path, or the server URL without its password."""
        return self.target.display

    @property
    def path(self) -> Path | None:
        return self.target.path

    @property
    def backend(self) -> str:
        return self.target.backend

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()

    def _restore_hint(self) -> tuple[str, Path | None]:
        if self.target.path is None:
            return "", None
        return backups.restore_hint(self.target.path)

    @contextlib.contextmanager
    def _reading(self) -> Iterator[Session]:
        """One read transaction: a consistent view (SQLite's BEGIN; REPEATABLE READ on
        PostgreSQL, so that a snapshot's answers and actions are of the same moment)."""
        with Session(self.engine, expire_on_commit=False) as session:
            if self.target.backend == "postgresql":
                session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
            yield session

    @contextlib.contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite), committed at the end."""
        if self.read_only:
            raise DatabaseReadOnlyError(
                _("The database {path} was opened read-only.").format(path=self.url),
                hint=_("Open it for writing to change it."))
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={WRITE: True})
            yield session
            session.commit()

    @_guarded
    def backup(self) -> Path:
        """Back the SQLite file up now (rotating the old backups)."""
        if self.target.path is None:
            raise StorageError(_("CyberCabinet backs up SQLite files only."),
                               hint=_("Back up a PostgreSQL database with pg_dump."))
        return backups.make_backup(self.target.path, keep=self._keep or backups.DEFAULT_KEEP)

    # -- questionnaires --

    def questionnaire_entry(self, questionnaire_id: str,
                            version: str | None = None) -> CatalogEntry:
        if version is not None and (questionnaire_id, version) in self._entries:
            return self._entries[(questionnaire_id, version)]
        entry = get_entry(questionnaire_id, version, folder=self._questionnaires)
        self._entries[(questionnaire_id, entry.questionnaire.version)] = entry
        return entry

    def questionnaire(self, assessment_id: str) -> Questionnaire:
        """The questionnaire (id and version) the assessment was created with."""
        row = self.get_assessment(assessment_id)
        return self.questionnaire_entry(row.questionnaire_id,
                                        row.questionnaire_version).questionnaire

    def _questionnaire_of(self, assessment: Assessment) -> Questionnaire:
        return self.questionnaire_entry(assessment.questionnaire_id,
                                        assessment.questionnaire_version).questionnaire

    # -- practices --

    @_guarded
    def create_practice(self, name: str, *, address: str = "", country: str = "",
                        identifiers: Mapping[str, str] | None = None) -> PracticeRecord:
        practice = Practice(name=_name(name, _("practice name")), address=address.strip(),
                            country=_country(country),
                            identifiers=_identifiers(identifiers or {}), profile={})
        with self._writing() as session:
            session.add(practice)
            session.flush()
            return _practice_record(practice)

    @_guarded
    def update_practice(self, practice_id: str, *, name: str | _Unset = UNSET,
                        address: str | _Unset = UNSET, country: str | _Unset = UNSET,
                        identifiers: Mapping[str, str] | _Unset = UNSET) -> PracticeRecord:
        """Change the practice; signed assessments keep the details they were signed with."""
        with self._writing() as session:
            practice = self._practice(session, practice_id)
            if not isinstance(name, _Unset):
                practice.name = _name(name, _("practice name"))
            if not isinstance(address, _Unset):
                practice.address = address.strip()
            if not isinstance(country, _Unset):
                practice.country = _country(country)
            if not isinstance(identifiers, _Unset):
                practice.identifiers = _identifiers(identifiers)
            practice.updated_at = utcnow()
            session.flush()
            return _practice_record(practice)

    @_guarded
    def get_practice(self, practice_id: str) -> PracticeRecord:
        with self._reading() as session:
            return _practice_record(self._practice(session, practice_id))

    @_guarded
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
            return [_practice_record(p) for p in session.scalars(statement)]

    def _practice(self, session: Session, practice_id: str) -> Practice:
        practice = session.get(Practice, _uuid(practice_id, kind="practice"))
        if practice is None:
            raise _not_found("practice", practice_id)
        return practice

    # -- assessments --

    @_guarded
    def create_assessment(self, practice_id: str, *,
                          questionnaire_id: str = DEFAULT_QUESTIONNAIRE_ID,
                          version: str | None = None, language: str | None = None,
                          filled_by: str = "") -> AssessmentRow:
        """A new draft for the practice, on the questionnaire's newest version unless one is
        named; the practice's profile answers are filled in."""
        entry = self.questionnaire_entry(questionnaire_id, version)
        questionnaire = entry.questionnaire
        language = language or questionnaire.languages[0]
        if language not in questionnaire.languages:
            raise ValidationError(
                _("The questionnaire {id} is not available in {language}; it is in: "
                  "{languages}.").format(id=questionnaire.id, language=language,
                                          languages=", ".join(questionnaire.languages)))
        by = _name(filled_by, _("name"), required=False)
        with self._writing() as session:
            practice = self._practice(session, practice_id)
            now = utcnow()
            assessment = Assessment(
                practice_id=practice.id, questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=entry.content_hash, language=language,
                status=AssessmentStatus.DRAFT, filled_by=by, created_at=now, updated_at=now,
                answer_count=0)
            session.add(assessment)
            session.flush()
            for question in questionnaire.profile:
                raw = practice.profile.get(question.id)
                if raw is None:
                    continue
                try:
                    value = validate_value(question, value_from_json(raw))
                except ValidationError:
                    continue  # the question changed since: ask again
                self._add_answer(session, assessment, question.id, value, "", "", by, now)
            session.flush()
            return self._row(session, assessment.id)

    @_guarded
    def new_version_from(self, assessment_id: str, *, by: str = "",
                         questionnaire_version: str | None = None) -> AssessmentRow:
        """A new draft derived from an assessment (typically a signed one, a year later): same
        practice, the questionnaire's newest version unless one is named, every answer that is
        still valid copied, linked by ``previous_id``."""
        who = _name(by, _("name"), required=False)
        with self._writing() as session:
            source = self._assessment(session, assessment_id)
            entry = self.questionnaire_entry(source.questionnaire_id, questionnaire_version)
            questionnaire = entry.questionnaire
            now = utcnow()
            language = (source.language if source.language in questionnaire.languages
                        else questionnaire.languages[0])
            assessment = Assessment(
                practice_id=source.practice_id, questionnaire_id=questionnaire.id,
                questionnaire_version=questionnaire.version,
                questionnaire_hash=entry.content_hash, language=language,
                status=AssessmentStatus.DRAFT, filled_by=who or source.filled_by,
                created_at=now, updated_at=now, previous_id=source.id, answer_count=0)
            session.add(assessment)
            session.flush()
            answers = session.scalars(select(Answer).where(Answer.assessment_id == source.id)
                                      .order_by(Answer.id))
            for old in answers:
                question = questionnaire.question(old.question_id)
                if question is None:
                    continue
                try:
                    value = validate_value(question, value_from_json(old.value))
                except ValidationError:
                    continue
                self._add_answer(session, assessment, old.question_id, value, old.note,
                                 old.evidence, who, now, answered_by=old.answered_by,
                                 answered_at=old.answered_at)
            session.flush()
            return self._row(session, assessment.id)

    @_guarded
    def get_assessment(self, assessment_id: str) -> AssessmentRow:
        with self._reading() as session:
            return self._row(session, _uuid(assessment_id, kind="assessment"),
                             shown=assessment_id)

    @_guarded
    def list_assessments(self, *, practice_id: str | None = None,
                         status: AssessmentStatus | str | Sequence[AssessmentStatus] | None = None,
                         questionnaire_id: str | None = None, search: str | None = None,
                         sort: AssessmentSort | str = AssessmentSort.UPDATED_AT,
                         descending: bool = True, limit: int | None = 100,
                         offset: int = 0) -> AssessmentPage:
        """A page of the assessment list, and how many match: two queries, whatever the page.

        ``search`` matches any part of the practice's name, case-insensitively.
        """
        try:
            order = AssessmentSort(sort)
        except ValueError:
            raise ValidationError(_("Cannot sort by {sort}; choose one of: {choices}.").format(
                sort=sort, choices=", ".join(s.value for s in AssessmentSort))) from None
        conditions: list[Any] = []
        if practice_id is not None:
            conditions.append(Assessment.practice_id == _uuid(practice_id, kind="practice"))
        if status is not None:
            statuses = [status] if isinstance(status, str) else list(status)
            conditions.append(Assessment.status.in_([_status(s) for s in statuses]))
        if questionnaire_id:
            conditions.append(Assessment.questionnaire_id == questionnaire_id)
        if search:
            conditions.append(func.lower(Practice.name).contains(search.strip().lower(),
                                                                 autoescape=True))
        key = {
            AssessmentSort.UPDATED_AT: Assessment.updated_at,
            AssessmentSort.CREATED_AT: Assessment.created_at,
            AssessmentSort.PRACTICE_NAME: func.lower(Practice.name),
            AssessmentSort.STATUS: Assessment.status,
        }[order]
        statement = (_row_select().where(*conditions)
                     .order_by(key.desc() if descending else key.asc(),
                               Assessment.id.desc() if descending else Assessment.id.asc())
                     .offset(max(offset, 0)))
        if limit is not None:
            statement = statement.limit(max(limit, 0))
        count = select(func.count()).select_from(Assessment)
        if search:
            count = count.join(Practice, Practice.id == Assessment.practice_id)
        count = count.where(*conditions)
        with self._reading() as session:
            rows = [_assessment_row(row) for row in session.execute(statement)]
            total = int(session.execute(count).scalar_one())
        return AssessmentPage(rows=rows, total=total, offset=max(offset, 0), limit=limit)

    @_guarded
    def set_status(self, assessment_id: str, status: AssessmentStatus | str, *,
                   allow_unanswered: bool = False) -> AssessmentRow:
        """Mark an assessment completed or back to draft; signing goes through
        ``record_signature``.

        Completing requires an answer to every asked question ("I don't know" and "not
        applicable" are answers) unless ``allow_unanswered``; it syncs the action items.
        """
        wanted = _status(status)
        if wanted not in (AssessmentStatus.DRAFT, AssessmentStatus.COMPLETED):
            raise ValidationError(_("An assessment becomes {status} by being signed.").format(
                status=wanted.value))
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            self._check_editable(assessment)
            now = utcnow()
            if wanted is AssessmentStatus.COMPLETED:
                questionnaire = self._questionnaire_of(assessment)
                values = self._values(session, assessment.id)
                missing = _unanswered(questionnaire, values)
                if missing and not allow_unanswered:
                    raise ValidationError(
                        _("{count} questions are still unanswered (the first is {id}).").format(
                            count=len(missing), id=missing[0]),
                        hint=_("Answer them; \"I don't know\" is an answer too."))
                if assessment.status is not AssessmentStatus.COMPLETED:
                    assessment.completed_at = now
                self._sync_actions(session, assessment, questionnaire, values, dt.date.today())
            else:
                assessment.completed_at = None
            assessment.status = wanted
            assessment.updated_at = now
            session.flush()
            return self._row(session, assessment.id)

    @_guarded
    def set_current_question(self, assessment_id: str, question_id: str | None) -> None:
        """Remember where the practice stopped (the GUI resumes there)."""
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            if question_id is not None:
                self._question(assessment, question_id)
            assessment.current_question_id = question_id

    def _assessment(self, session: Session, assessment_id: str, *,
                    for_update: bool = False) -> Assessment:
        statement = select(Assessment).where(
            Assessment.id == _uuid(assessment_id, kind="assessment"))
        if for_update:
            statement = statement.with_for_update()
        assessment = session.scalars(statement).one_or_none()
        if assessment is None:
            raise _not_found("assessment", assessment_id)
        return assessment

    def _row(self, session: Session, assessment_id: uuid.UUID,
             shown: str | None = None) -> AssessmentRow:
        row = session.execute(_row_select().where(Assessment.id == assessment_id)).one_or_none()
        if row is None:
            raise _not_found("assessment", shown or str(assessment_id))
        return _assessment_row(row)

    def _check_editable(self, assessment: Assessment) -> None:
        if assessment.status in READ_ONLY_STATUSES:
            raise ReadOnlyAssessmentError(
                _("The assessment {id} is {status}: it can no longer be changed.").format(
                    id=assessment.id, status=assessment.status.value),
                hint=_("Start a new version from it: cybercabinet assessment new --from "
                       "{id}").format(id=assessment.id))

    def _question(self, assessment: Assessment, question_id: str) -> Question:
        questionnaire = self._questionnaire_of(assessment)
        question = questionnaire.question(question_id)
        if question is None:
            raise ValidationError(
                _("{question} is not a question of {id} {version}.").format(
                    question=question_id, id=questionnaire.id, version=questionnaire.version),
                hint=_("See 'cybercabinet assessment show {id}'.").format(id=assessment.id))
        return question

    # -- answers --

    @_guarded
    def save_answer(self, assessment_id: str, question_id: str, value: AnswerValue,
                    note: str = "", by: str = "", *,
                    evidence: str | None = None) -> AnswerRecord:
        """Validate and save one answer, with its history row, in one committed transaction.

        Refused (``ValidationError``) if the question is not in the questionnaire, is not asked
        given the answers so far (skip logic), or does not allow the value; refused
        (``ReadOnlyAssessmentError``) if the assessment is signed. Saving the same value, note
        and evidence again changes nothing; ``evidence=None`` keeps the evidence reference as
        it is. A completed assessment stays completed (it is not signed yet).
        """
        who = _name(by, _("name"), required=False)
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            self._check_editable(assessment)
            questionnaire = self._questionnaire_of(assessment)
            question = self._question(assessment, question_id)
            rows = {row.question_id: row for row in session.scalars(
                select(Answer).where(Answer.assessment_id == assessment.id))}
            values = {qid: value_from_json(row.value) for qid, row in rows.items()}
            if question_id not in visible_question_ids(questionnaire, values):
                raise ValidationError(
                    _("{question} is not asked, given the answers so far (see its "
                      "condition).").format(question=question_id),
                    hint=_("Answer the questions it depends on first."))
            value = validate_value(question, value)
            now = utcnow()
            row = rows.get(question_id)
            stored = value_to_json(value)
            if row is not None and row.value == stored and row.note == note and (
                    evidence is None or evidence == row.evidence):
                return _answer_record(row)
            row = self._add_answer(session, assessment, question_id, value, note,
                                   evidence, who, now, existing=row)
            values[question_id] = value
            assessment.updated_at = now
            if questionnaire.is_profile(question_id):
                practice = session.get_one(Practice, assessment.practice_id)
                practice.profile = {**practice.profile, question_id: stored}
                practice.updated_at = now
            session.flush()
            return _answer_record(row)

    @_guarded
    def parse_value(self, assessment_id: str, question_id: str, text: str) -> AnswerValue:
        """Read a value typed by a person (``yes``, ``na``, ``3``, ``a,b``…) for a question of
        the assessment; ``ValidationError`` says what is allowed."""
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            question = self._question(assessment, question_id)
        return parse_value(question, text)

    def _add_answer(self, session: Session, assessment: Assessment, question_id: str,
                    value: AnswerValue, note: str, evidence: str | None, by: str,
                    now: dt.datetime, *, existing: Answer | None = None,
                    answered_by: str | None = None,
                    answered_at: dt.datetime | None = None) -> Answer:
        stored = value_to_json(value)
        session.add(AnswerHistory(
            assessment_id=assessment.id, question_id=question_id, changed_by=by,
            changed_at=now, old_value=existing.value if existing else None,
            old_note=existing.note if existing else None, new_value=stored, new_note=note))
        if existing is None:
            existing = Answer(assessment_id=assessment.id, question_id=question_id)
            session.add(existing)
            assessment.answer_count += 1
        existing.value = stored
        existing.note = note
        if evidence is not None:
            existing.evidence = evidence
        elif existing.evidence is None:
            existing.evidence = ""
        existing.answered_by = by if answered_by is None else answered_by
        existing.answered_at = now if answered_at is None else answered_at
        return existing

    @_guarded
    def clear_answer(self, assessment_id: str, question_id: str, by: str = "") -> bool:
        """Remove an answer (the history keeps it); False if there was none."""
        who = _name(by, _("name"), required=False)
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            self._check_editable(assessment)
            self._question(assessment, question_id)
            row = session.scalars(select(Answer).where(
                Answer.assessment_id == assessment.id,
                Answer.question_id == question_id)).one_or_none()
            if row is None:
                return False
            now = utcnow()
            session.add(AnswerHistory(
                assessment_id=assessment.id, question_id=question_id, changed_by=who,
                changed_at=now, old_value=row.value, old_note=row.note, new_value=None,
                new_note=None))
            session.delete(row)
            assessment.answer_count -= 1
            assessment.updated_at = now
            if self._questionnaire_of(assessment).is_profile(question_id):
                practice = session.get_one(Practice, assessment.practice_id)
                practice.profile = {k: v for k, v in practice.profile.items() if k != question_id}
                practice.updated_at = now
            return True

    @_guarded
    def answers(self, assessment_id: str) -> dict[str, AnswerRecord]:
        """Every stored answer, with who gave it, when, and its evidence reference."""
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            return {row.question_id: _answer_record(row) for row in session.scalars(
                select(Answer).where(Answer.assessment_id == assessment.id)
                .order_by(Answer.id))}

    @_guarded
    def answer_history(self, assessment_id: str,
                       question_id: str | None = None) -> list[HistoryEntry]:
        """Every change, oldest first (of one question, or of the whole assessment)."""
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            statement = select(AnswerHistory).where(
                AnswerHistory.assessment_id == assessment.id)
            if question_id is not None:
                statement = statement.where(AnswerHistory.question_id == question_id)
            return [_history_entry(h) for h in session.scalars(
                statement.order_by(AnswerHistory.id))]

    def _values(self, session: Session, assessment_id: uuid.UUID) -> dict[str, AnswerValue]:
        return {qid: value_from_json(raw) for qid, raw in session.execute(
            select(Answer.question_id, Answer.value).where(
                Answer.assessment_id == assessment_id))}

    # -- snapshot --

    @_guarded
    def load_snapshot(self, assessment_id: str) -> AssessmentSnapshot:
        """The assessment as the domain sees it: what the report prints and fingerprints.

        Signed assessments carry the practice details they were signed with; action states are
        those of the current (not obsolete) action items.
        """
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            return self._snapshot(session, assessment)

    def _snapshot(self, session: Session, assessment: Assessment) -> AssessmentSnapshot:
        if assessment.practice_info is not None:
            practice = _info_from_json(assessment.practice_info)
        else:
            practice = _practice_record(session.get_one(Practice, assessment.practice_id)).info()
        answers = {row.question_id: DomainAnswer(value_from_json(row.value), row.note)
                   for row in session.scalars(select(Answer).where(
                       Answer.assessment_id == assessment.id))}
        actions = {item.question_id: _action_record(item).state() for item in session.scalars(
            select(ActionItem).where(ActionItem.assessment_id == assessment.id,
                                     ActionItem.obsolete.is_(False)))}
        return AssessmentSnapshot(
            id=str(assessment.id), practice=practice,
            questionnaire_id=assessment.questionnaire_id,
            questionnaire_version=assessment.questionnaire_version,
            questionnaire_hash=assessment.questionnaire_hash, language=assessment.language,
            answers=answers, status=assessment.status, filled_by=assessment.filled_by,
            created_at=assessment.created_at, updated_at=assessment.updated_at,
            actions=actions)

    # -- action items --

    @_guarded
    def sync_action_items(self, assessment_id: str, *,
                          start: dt.date | None = None) -> list[ActionItemRecord]:
        """Bring the action items in line with the action plan of the current answers.

        A new gap gets an item (owner and priority from the plan, due date
        ``PlannedAction.due_date(start)``, start defaulting to today); an item a person edited
        keeps its owner, due date, status and comment; an item whose gap is gone is marked
        obsolete (kept, and revived if the gap comes back). Returns the current items in the
        plan's order. Allowed on signed assessments: action items are not part of what is
        signed.
        """
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            questionnaire = self._questionnaire_of(assessment)
            values = self._values(session, assessment.id)
            return self._sync_actions(session, assessment, questionnaire, values,
                                      start or dt.date.today())

    def _sync_actions(self, session: Session, assessment: Assessment,
                      questionnaire: Questionnaire, values: Mapping[str, AnswerValue],
                      start: dt.date) -> list[ActionItemRecord]:
        plan = build_action_plan(score_assessment(questionnaire, values))
        items = {item.question_id: item for item in session.scalars(
            select(ActionItem).where(ActionItem.assessment_id == assessment.id))}
        now = utcnow()
        current = []
        for planned in plan:
            item = items.pop(planned.key, None)
            if item is None:
                item = ActionItem(assessment_id=assessment.id, question_id=planned.key,
                                  owner=planned.owner, priority=planned.priority,
                                  due_date=planned.due_date(start), status=ActionStatus.TODO,
                                  comment="", obsolete=False, edited=False, updated_at=now)
                session.add(item)
            else:
                changed = item.obsolete or item.priority is not planned.priority
                if not item.edited:
                    if item.priority is not planned.priority or item.obsolete:
                        item.due_date = planned.due_date(start)
                    changed = changed or item.owner is not planned.owner
                    item.owner = planned.owner
                item.priority = planned.priority
                item.obsolete = False
                if changed:
                    item.updated_at = now
            current.append(item)
        for item in items.values():
            if not item.obsolete:
                item.obsolete = True
                item.updated_at = now
        session.flush()
        return [_action_record(item) for item in current]

    @_guarded
    def action_items(self, assessment_id: str, *,
                     include_obsolete: bool = False) -> list[ActionItemRecord]:
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            statement = select(ActionItem).where(ActionItem.assessment_id == assessment.id)
            if not include_obsolete:
                statement = statement.where(ActionItem.obsolete.is_(False))
            return [_action_record(i) for i in session.scalars(statement.order_by(ActionItem.id))]

    @_guarded
    def update_action_item(self, assessment_id: str, question_id: str, *,
                           owner: Owner | str | _Unset = UNSET,
                           due_date: dt.date | _Unset | None = UNSET,
                           status: ActionStatus | str | _Unset = UNSET,
                           comment: str | _Unset = UNSET) -> ActionItemRecord:
        """A person's change to an action: kept by later syncs."""
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            statement = select(ActionItem).where(ActionItem.assessment_id == assessment.id,
                                                 ActionItem.question_id == question_id)
            item = session.scalars(statement).one_or_none()
            if item is None:
                self._sync_actions(session, assessment, self._questionnaire_of(assessment),
                                   self._values(session, assessment.id), dt.date.today())
                item = session.scalars(statement).one_or_none()
            if item is None:
                raise NotFoundError(
                    _("The assessment {id} has no action for {question} (its answer is not "
                      "a gap).").format(id=assessment.id, question=question_id))
            if not isinstance(owner, _Unset):
                item.owner = _enum(Owner, owner, _("owner"))
            if not isinstance(due_date, _Unset):
                item.due_date = due_date
            if not isinstance(status, _Unset):
                item.status = _enum(ActionStatus, status, _("status"))
            if not isinstance(comment, _Unset):
                item.comment = comment
            item.edited = True
            item.updated_at = utcnow()
            session.flush()
            return _action_record(item)

    # -- signatures --

    @_guarded
    def record_signature(self, assessment_id: str, *, kind: SignatureKind | str,
                         file_sha256: str, signer_name: str, role: str = "",
                         signed_at: dt.datetime | None = None,
                         fingerprint: str | None = None) -> SignatureRecord:
        """Record that a PDF of the assessment was signed, and lock the assessment.

        The practice signs a completed assessment (it becomes ``signed``, read-only, its
        practice details frozen); an auditor countersigns a signed one (``reviewed``).
        ``fingerprint``, if given, must be the assessment's current fingerprint (the one printed
        in the signed PDF).
        """
        which = _enum(SignatureKind, kind, _("signature kind"))
        digest = file_sha256.strip().lower()
        if not SHA256.match(digest):
            raise ValidationError(_("{value} is not a SHA-256 (64 hexadecimal digits).").format(
                value=file_sha256))
        signer = _name(signer_name, _("signer's name"))
        when = signed_at or utcnow()
        if when.tzinfo is None:
            raise ValidationError(_("The signing time needs a time zone."))
        with self._writing() as session:
            assessment = self._assessment(session, assessment_id, for_update=True)
            if which is SignatureKind.PRACTICE:
                allowed = (AssessmentStatus.COMPLETED, AssessmentStatus.SIGNED)
                advice = _("Mark it completed first.")
                new_status = AssessmentStatus.SIGNED
            else:
                allowed = (AssessmentStatus.SIGNED, AssessmentStatus.REVIEWED)
                advice = _("The practice signs it first.")
                new_status = AssessmentStatus.REVIEWED
            if assessment.status not in allowed:
                raise ValidationError(
                    _("The assessment {id} is {status}: it cannot be signed by {kind} "
                      "yet.").format(id=assessment.id, status=assessment.status.value,
                                     kind=which.value), hint=advice)
            if assessment.practice_info is None:
                practice = session.get_one(Practice, assessment.practice_id)
                assessment.practice_info = _info_to_json(_practice_record(practice).info())
            snapshot = self._snapshot(session, assessment)
            if fingerprint is not None and fingerprint != snapshot.fingerprint:
                raise ValidationError(
                    _("The signed file does not show the assessment as it is now (fingerprint "
                      "{given}, expected {expected})."
                      ).format(given=fingerprint[:12], expected=snapshot.fingerprint[:12]),
                    hint=_("Export the report again and sign that."))
            signature = Signature(assessment_id=assessment.id, kind=which, file_sha256=digest,
                                  signer_name=signer,
                                  role=_name(role, _("role"), required=False), signed_at=when,
                                  fingerprint=snapshot.fingerprint)
            session.add(signature)
            if assessment.status is not new_status:
                assessment.status = new_status
                assessment.updated_at = utcnow()
            session.flush()
            return _signature_record(signature)

    @_guarded
    def signatures(self, assessment_id: str) -> list[SignatureRecord]:
        with self._reading() as session:
            assessment = self._assessment(session, assessment_id)
            return [_signature_record(s) for s in session.scalars(
                select(Signature).where(Signature.assessment_id == assessment.id)
                .order_by(Signature.signed_at, Signature.id))]


# --- helpers ----------------------------------------------------------------------------------

def _row_select() -> Select[Any]:  # a 15-column row
    statement: Select[Any] = select(  # type: ignore[assignment]
        Assessment.id, Assessment.practice_id, Practice.name, Assessment.questionnaire_id,
        Assessment.questionnaire_version, Assessment.questionnaire_hash, Assessment.language,
        Assessment.status, Assessment.filled_by, Assessment.created_at, Assessment.updated_at,
        Assessment.completed_at, Assessment.previous_id, Assessment.current_question_id,
        Assessment.answer_count,
    )
    return statement.join(Practice, Practice.id == Assessment.practice_id)


def _assessment_row(row: Any) -> AssessmentRow:
    return AssessmentRow(
        id=str(row[0]), practice_id=str(row[1]), practice_name=row[2],
        questionnaire_id=row[3], questionnaire_version=row[4], questionnaire_hash=row[5],
        language=row[6], status=AssessmentStatus(row[7]), filled_by=row[8],
        created_at=row[9], updated_at=row[10], completed_at=row[11],
        previous_id=str(row[12]) if row[12] is not None else None,
        current_question_id=row[13], answer_count=int(row[14]))


def _practice_record(practice: Practice) -> PracticeRecord:
    profile: dict[str, AnswerValue] = {}
    for qid, raw in (practice.profile or {}).items():
        with contextlib.suppress(ValidationError):
            profile[qid] = value_from_json(raw)
    return PracticeRecord(
        id=str(practice.id), name=practice.name, address=practice.address,
        country=practice.country, identifiers=dict(practice.identifiers or {}),
        profile=profile, created_at=practice.created_at, updated_at=practice.updated_at)


def _answer_record(row: Answer) -> AnswerRecord:
    return AnswerRecord(question_id=row.question_id, value=value_from_json(row.value),
                        note=row.note, evidence=row.evidence or "",
                        answered_by=row.answered_by, answered_at=row.answered_at)


def _history_entry(row: AnswerHistory) -> HistoryEntry:
    return HistoryEntry(
        id=row.id, question_id=row.question_id, changed_by=row.changed_by,
        changed_at=row.changed_at,
        old_value=value_from_json(row.old_value) if row.old_value is not None else None,
        old_note=row.old_note,
        new_value=value_from_json(row.new_value) if row.new_value is not None else None,
        new_note=row.new_note)


def _action_record(item: ActionItem) -> ActionItemRecord:
    return ActionItemRecord(question_id=item.question_id, owner=item.owner,
                            priority=item.priority, due_date=item.due_date, status=item.status,
                            comment=item.comment, obsolete=item.obsolete, edited=item.edited,
                            updated_at=item.updated_at)


def _signature_record(signature: Signature) -> SignatureRecord:
    return SignatureRecord(id=str(signature.id), assessment_id=str(signature.assessment_id),
                           kind=signature.kind, file_sha256=signature.file_sha256,
                           signer_name=signature.signer_name, role=signature.role,
                           signed_at=signature.signed_at, fingerprint=signature.fingerprint)


def _info_to_json(info: PracticeInfo) -> dict[str, Any]:
    return {"name": info.name, "address": info.address, "country": info.country,
            "identifiers": dict(info.identifiers)}


def _info_from_json(data: Mapping[str, Any]) -> PracticeInfo:
    return PracticeInfo(name=str(data.get("name", "")), address=str(data.get("address", "")),
                        country=str(data.get("country", "")),
                        identifiers={str(k): str(v)
                                     for k, v in dict(data.get("identifiers") or {}).items()})


def _unanswered(questionnaire: Questionnaire, values: Mapping[str, AnswerValue]) -> list[str]:
    """Ids of the asked questions (profile first) that have no answer yet."""
    profile = [q.id for q in unanswered_profile(questionnaire, values)]
    scored = [r.question.id for r in score_assessment(questionnaire, values).unanswered]
    return profile + scored


def _uuid(text: str, *, kind: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(text).strip())
    except ValueError:
        raise _not_found(kind, text) from None


def _not_found(kind: str, shown: str) -> NotFoundError:
    if kind == "practice":
        return NotFoundError(_("There is no practice {id}.").format(id=shown),
                             hint=_("See 'cybercabinet practice list'."))
    return NotFoundError(_("There is no assessment {id}.").format(id=shown),
                         hint=_("See 'cybercabinet assessment list'."))


def _name(text: str, what: str, *, required: bool = True) -> str:
    value = " ".join(str(text).split())
    if required and not value:
        raise ValidationError(_("The {what} is empty.").format(what=what))
    if len(value) > NAME_LENGTH:
        raise ValidationError(_("The {what} is longer than {limit} characters.").format(
            what=what, limit=NAME_LENGTH))
    return value


def _country(text: str) -> str:
    value = text.strip().upper()
    if value and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValidationError(_("{value} is not a two-letter country code (CH, FR…).").format(
            value=text))
    return value


def _identifiers(identifiers: Mapping[str, str]) -> dict[str, str]:
    cleaned = {}
    for key, value in identifiers.items():
        name = str(key).strip()
        if not name:
            raise ValidationError(_("An identifier has no name (e.g. GLN=7601000000000)."))
        cleaned[name] = str(value).strip()
    return cleaned


def _status(value: AssessmentStatus | str) -> AssessmentStatus:
    return _enum(AssessmentStatus, value, _("status"))


E = TypeVar("E", AssessmentStatus, ActionStatus, Owner, SignatureKind)


def _enum(kind: type[E], value: E | str, what: str) -> E:
    try:
        return kind(value)
    except ValueError:
        raise ValidationError(_("{value} is not a valid {what}; choose one of: "
                                "{choices}.").format(
            value=value, what=what, choices=", ".join(m.value for m in kind))) from None
