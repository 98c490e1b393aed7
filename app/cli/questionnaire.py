"""``cybercabinet questionnaire list|validate``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import EXIT_BAD_INPUT, EXIT_OK, print_json, print_table
from app.domain.catalog import builtin_entries
from app.domain.loader import QuestionnaireInvalid, find_questionnaires, load_questionnaire
from app.domain.questionnaire import text_in
from app.i18n import _, current_language


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("questionnaire", parents=parents,
                                help=_("list and validate questionnaires"))
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = sub.add_parser("list", parents=parents, help=_("list the installed questionnaires"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.set_defaults(handler=list_questionnaires)
    validate = sub.add_parser("validate", parents=parents,
                              help=_("check questionnaire files or folders"))
    validate.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    validate.set_defaults(handler=validate_questionnaires)


def list_questionnaires(args: argparse.Namespace) -> int:
    entries = builtin_entries()
    language = current_language()
    if args.json:
        print_json([{
            "id": e.questionnaire.id,
            "version": e.questionnaire.version,
            "title": text_in(e.questionnaire.title, language),
            "languages": e.questionnaire.languages,
            "themes": len(e.questionnaire.themes),
            "questions": sum(1 for _q in e.questionnaire.scored_questions()),
            "content_hash": e.content_hash,
        } for e in entries])
        return EXIT_OK
    rows = [[e.questionnaire.id, e.questionnaire.version,
             ",".join(e.questionnaire.languages),
             str(sum(1 for _q in e.questionnaire.scored_questions())),
             text_in(e.questionnaire.title, language)] for e in entries]
    print_table(rows, [_("ID"), _("VERSION"), _("LANGUAGES"), _("QUESTIONS"), _("TITLE")])
    return EXIT_OK


def validate_questionnaires(args: argparse.Namespace) -> int:
    paths = find_questionnaires(args.paths)
    if not paths:
        print(_("No questionnaire found in {paths}.").format(
            paths=", ".join(map(str, args.paths))), file=sys.stderr)
        return EXIT_BAD_INPUT
    failed = 0
    for path in paths:
        try:
            questionnaire = load_questionnaire(path)
        except QuestionnaireInvalid as error:
            failed += 1
            for problem in error.problems:
                print(str(problem), file=sys.stderr)
            continue
        count = sum(1 for _q in questionnaire.scored_questions())
        print(_("{path}: valid ({id} {version}, {count} questions)").format(
            path=path, id=questionnaire.id, version=questionnaire.version, count=count))
    return EXIT_BAD_INPUT if failed else EXIT_OK
