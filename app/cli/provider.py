"""``cybercabinet provider-questions ASSESSMENT_ID -o FILE.pdf``: the page for the IT provider.

The technical questions of the assessment (``ask_it_provider`` in the bank) still open
(unanswered or "I don't know"; ``--all`` for every one, with its answer) and a column for the
provider's answer, to print or e-mail; written atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.common import EXIT_OK, check_writable, database_url
from app.domain.catalog import get_entry
from app.i18n import LANGUAGES, _, current_language, ngettext
from app.reporting.files import write_atomically
from app.reporting.provider_sheet import build_provider_sheet, provider_questions
from app.storage.database import open_database


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "provider-questions", parents=parents,
        help=_("print the technical questions to answer with the IT provider (PDF)"))
    parser.add_argument("assessment", metavar="ASSESSMENT_ID")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.pdf",
                        help=_("where to write the PDF"))
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help=_("the page's language (default: the assessment's)"))
    parser.add_argument("--all", dest="every_question", action="store_true",
                        help=_("list the answered technical questions too, with their answers "
                               "(by default: only those unanswered or answered \"I don't "
                               "know\")"))
    parser.set_defaults(handler=write_provider_questions)


def write_provider_questions(args: argparse.Namespace) -> int:
    check_writable(args.output)
    with open_database(database_url(args), read_only=True, backup=False) as db:
        snapshot = db.load_snapshot(args.assessment)
    questionnaire = get_entry(snapshot.questionnaire_id,
                              snapshot.questionnaire_version).questionnaire
    language = args.lang or (snapshot.language if snapshot.language in LANGUAGES
                             else current_language())
    write_atomically(args.output, build_provider_sheet(
        snapshot, questionnaire, language=language, every_question=args.every_question))
    count = len(provider_questions(snapshot, questionnaire, every_question=args.every_question))
    print(ngettext("Questions for the IT provider written: {path} ({count} question).",
                   "Questions for the IT provider written: {path} ({count} questions).",
                   count).format(path=args.output, count=count))
    return EXIT_OK
