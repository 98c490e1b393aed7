"""``cybercabinet report ASSESSMENT_ID -o FILE.pdf``: export an assessment's PDF report.

    cybercabinet report ASSESSMENT_ID -o FILE.pdf [--lang fr|de|it|en]
                        [--actions-csv FILE.csv] [--frameworks rgpd,nlpd]

The assessment is read from the database (read-only: it works while the application is open),
its questionnaire from the installed ones (the exact version it was answered on). The PDF, and
the CSV of the action plan when asked, are written atomically: a failure leaves no half file.
``--frameworks``: ``rgpd`` (EU), ``nlpd`` (Swiss act and its ordinance, OPDo), ``opdo``
(ordinance only); by default the practice's country decides.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

from app.cli.common import EXIT_OK, check_writable, database_url
from app.cli.report_signing import add_signing_options, sign_report
from app.domain.catalog import get_entry
from app.domain.compliance import Framework, frameworks_for_country
from app.i18n import LANGUAGES, _, current_language
from app.reporting.csv_export import actions_csv
from app.reporting.files import write_atomically
from app.reporting.report import build_report
from app.storage.database import open_database

FRAMEWORK_CHOICES = ("rgpd", "csp", "cpfr", "nlpd", "opdo", "cpch", "ldep", "fr", "ch")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "report", parents=parents,
        help=_("export an assessment's PDF report (and its action plan as CSV)"))
    parser.add_argument("assessment", metavar="ASSESSMENT_ID")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf",
                        help=_("where to write the PDF"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("the report's language (default: the assessment's)"))
    parser.add_argument("--actions-csv", type=Path, metavar="FILE.csv",
                        help=_("also write the action plan as CSV (UTF-8, semicolons)"))
    parser.add_argument("--frameworks", type=parse_frameworks, metavar="rgpd,nlpd",
                        help=_("data-protection laws to summarise: rgpd, nlpd (with the OPDo), "
                               "opdo; default: those of the practice's country"))
    add_signing_options(parser)  # --sign, --passphrase-env, --timestamp-url, --location
    parser.set_defaults(handler=export_report)


def parse_frameworks(text: str) -> set[Framework]:
    """``rgpd,nlpd`` → the frameworks to summarise. A law by its short name (``rgpd``, ``csp``,
    ``cpfr``, ``nlpd`` with its ordinance, ``opdo`` alone, ``cpch``, ``ldep``), or a country for
    all of its laws (``fr``: RGPD, CSP, CPFR; ``ch``: nLPD, OPDo, CPCH, LDEP)."""
    words: dict[str, set[Framework]] = {
        "rgpd": {Framework.RGPD},
        "csp": {Framework.CSP},
        "cpfr": {Framework.CPFR},
        "nlpd": {Framework.NLPD, Framework.OPDO},
        "opdo": {Framework.OPDO},
        "cpch": {Framework.CPCH},
        "ldep": {Framework.LDEP},
        "fr": frameworks_for_country("FR"),
        "ch": frameworks_for_country("CH"),
    }
    chosen: set[Framework] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        if part in words:
            chosen |= words[part]
        elif part:
            raise argparse.ArgumentTypeError(
                _("unknown framework {name!r}; choose from {choices}").format(
                    name=part, choices=", ".join(FRAMEWORK_CHOICES)))
    if not chosen:
        raise argparse.ArgumentTypeError(_("name at least one framework"))
    return chosen


def finish_pdf(pdf: bytes, args: argparse.Namespace) -> bytes:
    """The bytes to write, from the rendered report: the place where ``--sign`` signs them.

    Signing must be the last change to the bytes; the CSV and the messages come after.
    """
    if getattr(args, "sign", None) is None:
        return pdf

    return sign_report(pdf, args)


def export_report(args: argparse.Namespace) -> int:
    for target in (args.output, args.actions_csv):
        if target is not None:
            check_writable(target)
    with open_database(database_url(args), read_only=True, backup=False) as db:
        snapshot = db.load_snapshot(args.assessment)
    entry = get_entry(snapshot.questionnaire_id, snapshot.questionnaire_version)
    if entry.content_hash != snapshot.questionnaire_hash:
        print(_("warning: the installed questionnaire {id} {version} differs from the one this "
                "assessment was answered on; the report uses the installed one.").format(
            id=snapshot.questionnaire_id, version=snapshot.questionnaire_version),
            file=sys.stderr)
    language = args.lang or (snapshot.language if snapshot.language in LANGUAGES
                             else current_language())
    pdf = build_report(snapshot, entry.questionnaire, language=language,
                       frameworks=args.frameworks)
    pdf = finish_pdf(pdf, args)
    write_atomically(args.output, pdf)
    print(_("Report written: {path} (SHA-256 {sha256}).").format(
        path=args.output, sha256=hashlib.sha256(pdf).hexdigest()))
    if args.actions_csv is not None:
        write_atomically(args.actions_csv, actions_csv(snapshot, entry.questionnaire,
                                                       language=language))
        print(_("Action plan written: {path}.").format(path=args.actions_csv))
    return EXIT_OK
