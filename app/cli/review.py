"""``cybercabinet review``: an auditor's verdicts and opinion, beside the practice's answers.

    review ASSESSMENT_ID QUESTION_ID --status disputed [--comment TEXT] [--proposed VALUE]
    review ASSESSMENT_ID QUESTION_ID --clear
    review ASSESSMENT_ID --opinion TEXT [--conclude]
    review ASSESSMENT_ID [--json]                      (show the review)

The practice's answers are never changed. ``--auditor`` defaults to the auditor already named on
the review.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, print_json, print_table
from app.cli.storage_options import iso, open_for_reading, open_for_writing
from app.domain.answers import value_to_json
from app.errors import ValidationError
from app.i18n import _

if TYPE_CHECKING:
    from app.domain.review import Review
    from app.storage.database import Database

VERDICTS = ("confirmed", "disputed", "evidence_needed")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    review = commands.add_parser(
        "review", parents=parents, help=_("review an assessment's answers (auditor)"),
        description=_("Set the auditor's verdict on one answer (confirmed, disputed with the "
                      "answer you believe right, or evidence needed), write the review's "
                      "opinion, or show the review. The practice's answers are never changed. "
                      "A completed or signed assessment can be reviewed; a countersigned one "
                      "no longer."))
    review.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    review.add_argument("question_id", metavar="QUESTION_ID", nargs="?",
                        help=_("the answer to give a verdict on"))
    action = review.add_mutually_exclusive_group()
    action.add_argument("--status", choices=VERDICTS, help=_("the verdict on the answer"))
    action.add_argument("--clear", action="store_true", help=_("withdraw the verdict"))
    action.add_argument("--opinion", metavar="TEXT",
                        help=_("the review's overall opinion (without QUESTION_ID)"))
    review.add_argument("--comment", default="", metavar="TEXT",
                        help=_("why (with --status)"))
    review.add_argument("--proposed", metavar="VALUE",
                        help=_("the answer you believe right (with --status disputed), written "
                               "as for 'assessment answer'"))
    review.add_argument("--conclude", action="store_true",
                        help=_("with --opinion: the review is concluded and dated now "
                               "(without it, the review stays in progress)"))
    review.add_argument("--auditor", metavar="NAME",
                        help=_("who reviews (default: the auditor already named on the "
                               "review)"))
    review.add_argument("--json", action="store_true",
                        help=_("when showing: print JSON for scripts"))
    review.set_defaults(handler=review_command)


def review_command(args: argparse.Namespace) -> int:
    _check_usage(args)
    if args.question_id is None and args.opinion is None:
        return _show(args)

    with open_for_writing(args) as db:
        if args.opinion is not None:
            result = db.set_review_opinion(args.assessment_id, args.opinion,
                                           _auditor(db, args), concluded=args.conclude)
            state = _("concluded") if result.reviewed_at else _("in progress")
            print(_("Opinion saved; the review is {state}.").format(state=state))
            return EXIT_OK
        if args.clear:
            removed = db.clear_review_item(args.assessment_id, args.question_id,
                                           by=args.auditor or "")
            print(_("{question}: verdict withdrawn.").format(question=args.question_id)
                  if removed else _("{question} had no verdict.").format(
                      question=args.question_id))
            return EXIT_OK
        proposed = None
        if args.proposed is not None:
            proposed = db.parse_value(args.assessment_id, args.question_id, args.proposed)
        item = db.set_review_item(args.assessment_id, args.question_id, args.status,
                                  comment=args.comment, proposed=proposed,
                                  auditor=_auditor(db, args))
    shown = _("{question}: {status}").format(question=item.question_id, status=item.status.value)
    if item.proposed is not None:
        shown += " " + _("(proposed: {value})").format(value=_text(item.proposed))
    print(shown + " " + _("(saved)"))
    return EXIT_OK


def _check_usage(args: argparse.Namespace) -> None:
    def wrong(message: str) -> ValidationError:
        return ValidationError(message, hint=_("See 'cybercabinet review --help'."))

    if args.question_id is not None and args.status is None and not args.clear:
        raise wrong(_("With QUESTION_ID, give --status (or --clear)."))
    if args.question_id is None and (args.status or args.clear):
        raise wrong(_("--status and --clear need QUESTION_ID."))
    if args.opinion is not None and args.question_id is not None:
        raise wrong(_("--opinion is for the whole review: give it without QUESTION_ID."))
    if args.conclude and args.opinion is None:
        raise wrong(_("--conclude goes with --opinion TEXT."))
    if args.proposed is not None and args.status != "disputed":
        raise wrong(_("--proposed goes with --status disputed."))
    if args.comment and args.status is None:
        raise wrong(_("--comment goes with --status."))


def _auditor(db: Database, args: argparse.Namespace) -> str:
    if args.auditor:
        return str(args.auditor)
    existing = db.review(args.assessment_id)
    if existing is None:
        raise ValidationError(_("Who reviews? Give --auditor NAME (needed on the first change "
                                "of a review)."))
    return existing.auditor


def _show(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    if db is None:
        raise ValidationError(_("There is no assessment {id}.").format(id=args.assessment_id),
                              hint=_("See 'cybercabinet assessment list'."))
    with db:
        review = db.review(args.assessment_id)
        row = db.get_assessment(args.assessment_id)
        answers = db.answers(args.assessment_id)
    if args.json:
        print_json(_review_json(review, row.score, row.reviewed_score))
        return EXIT_OK
    if review is None:
        print(_("{id} has no review yet.").format(id=row.id))
        return EXIT_OK
    when = review.reviewed_at.astimezone().strftime("%Y-%m-%d %H:%M") if review.reviewed_at \
        else _("in progress")
    print(_("Review by {auditor} ({when})").format(auditor=review.auditor, when=when))
    print(_("Score: {score} self-assessed, {reviewed} reviewed").format(
        score=_score(row.score), reviewed=_score(row.reviewed_score)))
    if review.opinion:
        print(_("Opinion: {opinion}").format(opinion=review.opinion))
    print()
    print_table([[qid, item.status.value,
                  _text(answers[qid].value) if qid in answers else "",
                  _text(item.proposed) if item.proposed is not None else "", item.comment]
                 for qid, item in review.items.items()],
                [_("QUESTION"), _("VERDICT"), _("ANSWER"), _("PROPOSED"), _("COMMENT")])
    return EXIT_OK


def _review_json(review: Review | None, score: float | None,
                 reviewed: float | None) -> dict[str, Any] | None:
    if review is None:
        return None
    return {
        "auditor": review.auditor, "opinion": review.opinion,
        "reviewed_at": iso(review.reviewed_at), "score": score, "reviewed_score": reviewed,
        "items": {qid: {"status": item.status.value, "comment": item.comment,
                        "proposed": value_to_json(item.proposed)
                        if item.proposed is not None else None,
                        "updated_at": iso(item.updated_at)}
                  for qid, item in review.items.items()},
    }


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}/100"


def _text(value: object) -> str:
    shown = value_to_json(value)  # type: ignore[arg-type]
    if isinstance(shown, list):
        return ",".join(shown)
    return f"{shown:g}" if isinstance(shown, float) else str(shown)
