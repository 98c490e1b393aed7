"""``cybercabinet verify FILE.pdf [--trust CERT.pem ...] [--json]``: check a signed report.

Lists every signature in plain words (or JSON), reads the report's assessment fingerprint and
says whether it matches an assessment in the database. Exit 0 only when there is at least one
signature and every one is intact (and trusted, when ``--trust`` is given); 1 otherwise; 2 on
bad input (not a PDF, unreadable certificate…).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_CHECK_FAILED, EXIT_OK, database_url, print_json
from app.errors import NotFoundError, ValidationError
from app.i18n import _, ngettext
from app.reporting.signatures import load_certificates, verify_pdf

if TYPE_CHECKING:
    from app.reporting.signatures import SignatureReport, VerificationReport

MAX_INPUT_BYTES = 50 * 1024 * 1024


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    verify = commands.add_parser(
        "verify", parents=parents,
        help=_("check the signatures of a report and which assessment it comes from"))
    verify.add_argument("file", type=Path, metavar="FILE.pdf")
    verify.add_argument("--trust", type=Path, action="append", default=[], metavar="CERT.pem",
                        help=_("a certificate to trust (PEM or DER); may be repeated. With it, "
                               "every signer must be trusted for the check to pass"))
    verify.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    verify.set_defaults(handler=verify_report)


def verify_report(args: argparse.Namespace) -> int:
    trust = []
    for path in args.trust:
        trust.extend(load_certificates(_read(path, limit=1024 * 1024), source=str(path)))
    data = _read(args.file, limit=MAX_INPUT_BYTES)
    report = verify_pdf(data, trust=trust)
    database = match_database(args, report)
    passed = report.passed(require_trust=bool(trust))
    if args.json:
        print_json(report_json(args.file, report, database, passed))
    else:
        _print(args.file, report, database, passed)
    return EXIT_OK if passed else EXIT_CHECK_FAILED


# --- the database ---------------------------------------------------------------------------


def match_database(args: argparse.Namespace, report: VerificationReport) -> dict[str, Any]:
    """Whether the report's fingerprint is that of an assessment in the database.

    Never creates a database: an insurer verifying a report usually has none. Any problem
    with the database is reported as "unavailable", never as a failed verification.
    """
    if report.fingerprint is None:
        return {"status": "no_fingerprint"}
    url = database_url(args)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return {"status": "no_database"}
    try:  # lazy: storage takes ~0.5 s to import, for a database an insurer usually has not
        from app.storage import database as storage
    except ImportError:
        return {"status": "unavailable", "detail": "storage"}
    try:
        db = storage.open_database(url, read_only=True, backup=False)
    except Exception as error:  # the database is optional here: say so, don't fail
        return {"status": "unavailable", "detail": str(error)[:200]}
    try:
        return _lookup(db, report)
    except Exception as error:  # idem
        return {"status": "unavailable", "detail": str(error)[:200]}
    finally:
        close = getattr(db, "close", None) or getattr(db, "dispose", None)
        if callable(close):
            close()


def _lookup(db: Any, report: VerificationReport) -> dict[str, Any]:
    finder = getattr(db, "find_assessment_by_fingerprint", None)
    if callable(finder):
        found = finder(report.fingerprint)
        if found is None:
            return {"status": "not_found"}
        found_id = str(getattr(found, "id", found))
        return {"status": "match", "assessment": found_id}
    if not report.assessment_id:
        return {"status": "not_found"}

    try:
        snapshot = db.load_snapshot(report.assessment_id)
    except (NotFoundError, ValidationError):  # unknown, or not even an assessment id
        return {"status": "not_found"}
    if snapshot.fingerprint == report.fingerprint:
        recorded = getattr(db, "signatures", None)
        files = {s.file_sha256 for s in recorded(report.assessment_id)} if recorded else set()
        return {"status": "match", "assessment": report.assessment_id,
                "file_recorded": report.sha256 in files}
    return {"status": "mismatch", "assessment": report.assessment_id,
            "database_fingerprint": snapshot.fingerprint}


# --- output -------------------------------------------------------------------------------


def report_json(path: Path, report: VerificationReport, database: dict[str, Any],
                passed: bool) -> dict[str, Any]:
    return {
        "file": str(path),
        "sha256": report.sha256,
        "size": report.size,
        "passed": passed,
        "intact": report.intact,
        "trusted": report.trusted,
        "trust_list_given": report.trust_list_given,
        "fingerprint": report.fingerprint,
        "fingerprint_signed": report.fingerprint_signed,
        "assessment": report.assessment_id,
        "questionnaire": report.questionnaire,
        "database": database,
        "signatures": [_signature_json(s) for s in report.signatures],
    }


def _signature_json(s: SignatureReport) -> dict[str, Any]:
    return {
        "field": s.field,
        "signer": None if s.signer is None else {
            "common_name": s.signer.common_name,
            "organization": s.signer.organization,
            "email": s.signer.email,
            "role": s.signer.role,
            "country": s.signer.country,
            "issuer": s.signer.issuer,
            "self_signed": s.signer.self_signed,
            "certificate_sha256": s.signer.certificate_sha256,
        },
        "level": s.level,
        "certification": s.certification,
        "signing_time": _iso(s.signing_time),
        "timestamp": None if s.timestamp_intact is None else {
            "time": _iso(s.timestamp_time),
            "authority": s.timestamp_authority,
            "intact": s.timestamp_intact,
            "trusted": s.timestamp_trusted,
        },
        "intact": s.intact,
        "covers_whole_file": s.covers_whole_file,
        "coverage": s.coverage,
        "modification_level": s.modification_level,
        "modifications_allowed": s.modifications_allowed,
        "added_after": list(s.added_after),
        "only_signatures_added_after": s.only_signatures_added_after,
        "later_changes": s.later_changes(),
        "trusted": s.trusted,
        "trust": s.trust.value,
        "trust_explanation": s.trust.describe(),
        "reason": s.reason,
        "location": s.location,
        "problem": s.problem,
        "notes": list(s.notes),
        "ok": s.ok,
    }


def _print(path: Path, report: VerificationReport, database: dict[str, Any],
           passed: bool) -> None:
    count = len(report.signatures)
    print(ngettext("{path}: {count} signature", "{path}: {count} signatures", count).format(
        path=path, count=count))
    if report.assessment_id or report.fingerprint:
        print("  " + _("Assessment: {assessment} (questionnaire {questionnaire})").format(
            assessment=report.assessment_id or "?", questionnaire=report.questionnaire or "?"))
        print("  " + _("Fingerprint: {fingerprint}").format(fingerprint=report.fingerprint))
        if report.signatures and report.fingerprint and not report.fingerprint_signed:
            print("  " + _("WARNING: this assessment information is not the one the first "
                           "signature covers: it was changed after signing."))
        print("  " + _database_text(database))
    else:
        print("  " + _("This PDF carries no assessment fingerprint: it is not a CyberCabinet "
                       "report."))
    for number, s in enumerate(report.signatures, start=1):
        print()
        print(f"{number}. {s.field}" + (f" — {s.level}" if s.level else "")
              + (" — " + _("certification") if s.certification else ""))
        if s.problem:
            print("   " + _("NOT VALID: {problem}").format(problem=s.problem))
            continue
        if s.signer is not None:
            who = ", ".join(v for v in (s.signer.common_name, s.signer.role,
                                        s.signer.organization) if v)
            if s.signer.email:
                who += f" <{s.signer.email}>"
            print("   " + _("Signer: {who}").format(who=who))
        if s.signing_time:
            print("   " + _("Signed on: {time} (as stated by the signer's computer)").format(
                time=_when(s.signing_time)))
        if s.timestamp_intact is not None:
            state = (_("trusted") if s.timestamp_trusted else _("not trusted")) \
                if s.timestamp_intact else _("NOT INTACT")
            print("   " + _("Timestamp: {time} by {authority} ({state})").format(
                time=_when(s.timestamp_time), authority=s.timestamp_authority or "?",
                state=state))
        if s.reason or s.location:
            print("   " + _("Reason: {reason}; place: {location}").format(
                reason=s.reason or "-", location=s.location or "-"))
        print("   " + (_("Integrity: intact — what it signed has not changed by a single byte")
                       if s.intact else
                       _("Integrity: NOT INTACT — the signed content was changed")))
        coverage = (_("covers the whole file") if s.covers_whole_file
                    else _("does not cover the whole file"))
        print("   " + _("Coverage: {coverage}; added after it: {changes}").format(
            coverage=coverage, changes=s.later_changes()))
        print("   " + _("Signer identity: {trust}").format(trust=s.trust.describe()))
        for note in s.notes:
            print("   " + note)
        if s.signer is not None:
            print("   " + _("Certificate SHA-256: {fingerprint}").format(
                fingerprint=s.signer.certificate_sha256))
    print()
    print(_verdict(report, passed))


def _database_text(database: dict[str, Any]) -> str:
    status = database.get("status")
    if status == "match":
        text = _("Database: matches the assessment {assessment}.").format(
            assessment=database.get("assessment"))
        if database.get("file_recorded"):
            text += " " + _("This very file was recorded there when it was signed.")
        return text
    if status == "mismatch":
        return _("Database: DOES NOT MATCH — the assessment {assessment} has another "
                 "fingerprint there (it changed since, or this report is not its own).").format(
            assessment=database.get("assessment"))
    if status == "not_found":
        return _("Database: no assessment with this fingerprint.")
    if status == "no_database":
        return _("Database: none on this computer (not compared).")
    return _("Database: could not be consulted (not compared).")


def _verdict(report: VerificationReport, passed: bool) -> str:
    if not report.signatures:
        return _("NOT VALID: this PDF carries no signature.")
    if passed and report.trust_list_given:
        return _("VALID: every signature is intact and every signer is trusted.")
    if passed:
        return _("VALID: every signature is intact. Who signed is only proven once you trust "
                 "the signers' certificates (--trust CERT.pem).")
    if report.intact:
        return _("NOT VALID: every signature is intact, but not every signer is trusted.")
    return _("NOT VALID: at least one signature is not intact, or the report was changed "
             "after it was signed.")


def _read(path: Path, *, limit: int) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ValidationError(_("{path} is too large ({size} MB).").format(
                path=path, size=size // (1024 * 1024)))
        return path.read_bytes()
    except FileNotFoundError:
        raise ValidationError(_("{path}: no such file.").format(path=path)) from None
    except IsADirectoryError:
        raise ValidationError(_("{path} is a folder, not a file.").format(path=path)) from None
    except OSError as error:
        raise ValidationError(_("{path} cannot be read ({error}).").format(
            path=path, error=error.strerror or error)) from error


def _iso(moment: Any) -> str | None:
    return None if moment is None else str(moment.isoformat())


def _when(moment: Any) -> str:
    return "?" if moment is None else str(moment.strftime("%Y-%m-%d %H:%M:%S %Z"))
