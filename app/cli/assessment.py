"""``cybercabinet assessment new|list|show|answer|complete``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, print_json, print_table
from app.cli.storage_options import assessment_json, iso, local, open_for_reading, open_for_writing
from app.domain.answers import value_to_json
from app.domain.catalog import DEFAULT_QUESTIONNAIRE_ID
from app.domain.questionnaire import text_in
from app.domain.scoring import score_assessment, unanswered_profile
from app.errors import CheckFailed, NotFoundError, ValidationError
from app.i18n import _, current_language, ngettext
from app.storage.errors import UnansweredQuestionsError

if TYPE_CHECKING:
    from app.domain.assessment import AssessmentSnapshot
    from app.domain.carry_over import CarryOver
    from app.domain.questionnaire import Questionnaire
    from app.domain.scoring import AssessmentScore

STATUSES = ("draft", "completed", "signed", "reviewed")
SORTS = ("updated_at", "created_at", "practice", "status")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    group = commands.add_parser("assessment", parents=parents,
                                help=_("create, list, show and answer assessments"))
    sub = group.add_subparsers(dest="action", required=True, metavar="ACTION")

    new = sub.add_parser(
        "new", parents=parents, help=_("start an assessment and print its id"),
        description=_("Start an assessment for a practice (its profile answers are filled in), "
                      "or a new version of an earlier assessment with --from. Its id alone is "
                      "printed, for scripts."))
    new.add_argument("practice_id", metavar="PRACTICE_ID", nargs="?",
                     help=_("the practice (see 'cybercabinet practice list')"))
    new.add_argument("--from", dest="previous", metavar="ASSESSMENT_ID",
                     help=_("copy the answers of this assessment into a new draft"))
    new.add_argument("--questionnaire", metavar="ID",
                     help=_("questionnaire id (default: cabinet-medical)"))
    new.add_argument("--version", dest="questionnaire_version", metavar="VERSION",
                     help=_("questionnaire version (default: the newest installed)"))
    new.add_argument("--language", metavar="LANG",
                     help=_("language of the answers and the report (fr, de, it, en)"))
    new.add_argument("--by", default="", metavar="NAME", help=_("who fills it in"))
    new.set_defaults(handler=new_assessment)

    listing = sub.add_parser("list", parents=parents, help=_("list the assessments"))
    listing.add_argument("--practice", metavar="PRACTICE_ID", help=_("of this practice only"))
    listing.add_argument("--status", choices=STATUSES, action="append",
                         help=_("only with this status (repeat for several)"))
    listing.add_argument("--search", metavar="TEXT",
                         help=_("only practices whose name contains TEXT"))
    listing.add_argument("--sort", choices=SORTS, default="updated_at",
                         help=_("order (default: %(default)s, newest first)"))
    listing.add_argument("--ascending", action="store_true", help=_("oldest or A first"))
    listing.add_argument("--limit", type=int, metavar="N", help=_("at most N assessments"))
    listing.add_argument("--offset", type=int, default=0, metavar="N",
                         help=_("skip the first N"))
    listing.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    listing.set_defaults(handler=list_assessments)

    show = sub.add_parser("show", parents=parents,
                          help=_("show an assessment's scores and unanswered questions"))
    show.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    show.add_argument("--json", action="store_true",
                      help=_("print JSON for scripts (with the fingerprint and the answers)"))
    show.set_defaults(handler=show_assessment)

    answer = sub.add_parser(
        "answer", parents=parents, help=_("save one answer"),
        description=_("Save one answer at once. VALUE is an option (yes, partly, no, or a "
                      "choice), a number, choices separated by commas, 'unknown' (I don't "
                      "know) or 'na' (not applicable)."))
    answer.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    answer.add_argument("question_id", metavar="QUESTION_ID")
    answer.add_argument("value", metavar="VALUE")
    answer.add_argument("--note", default="", metavar="TEXT", help=_("a note with the answer"))
    answer.add_argument("--evidence", metavar="TEXT",
                        help=_("where the proof is (a document, a ticket…)"))
    answer.add_argument("--by", default="", metavar="NAME", help=_("who answers"))
    answer.set_defaults(handler=answer_question)

    complete = sub.add_parser(
        "complete", parents=parents, help=_("mark a draft completed"),
        description=_("Mark a draft completed: every asked question must have an answer "
                      "(\"I don't know\" and \"not applicable\" are answers) unless "
                      "--allow-unanswered. Exit 1 when questions are still unanswered."))
    complete.add_argument("assessment_id", metavar="ASSESSMENT_ID")
    complete.add_argument("--allow-unanswered", action="store_true",
                          help=_("complete it even if asked questions have no answer"))
    complete.set_defaults(handler=complete_assessment)


def new_assessment(args: argparse.Namespace) -> int:
    if bool(args.practice_id) == bool(args.previous):
        raise ValidationError(_("Give either PRACTICE_ID or --from ASSESSMENT_ID."),
                              hint=_("See 'cybercabinet assessment new --help'."))
    with open_for_writing(args) as db:
        if args.previous:
            plan = db.carry_over_from(args.previous, args.questionnaire_version)
            row = db.new_version_from(args.previous, by=args.by,
                                      questionnaire_version=args.questionnaire_version)
            _say_carried_over(plan, row.questionnaire_version)
        else:
            row = db.create_assessment(args.practice_id,
                                       questionnaire_id=args.questionnaire
                                       or DEFAULT_QUESTIONNAIRE_ID,
                                       version=args.questionnaire_version,
                                       language=args.language, filled_by=args.by)
    print(row.id)
    return EXIT_OK


def _say_carried_over(plan: CarryOver, version: str) -> None:
    """On stderr (stdout is the id alone, for scripts): what was kept, what is asked again."""
    print(ngettext("{count} answer carried over to version {version}.",
                   "{count} answers carried over to version {version}.",
                   len(plan.kept)).format(count=len(plan.kept), version=version),
          file=sys.stderr)
    if plan.changed:
        print(ngettext("{count} question changed and is asked again: {ids}.",
                       "{count} questions changed and are asked again: {ids}.",
                       len(plan.changed)).format(count=len(plan.changed),
                                                 ids=", ".join(plan.changed)), file=sys.stderr)
    if plan.added:
        print(ngettext("{count} new question to answer.", "{count} new questions to answer.",
                       len(plan.added)).format(count=len(plan.added)), file=sys.stderr)


def list_assessments(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    if db is None:
        rows = []
        total = 0
    else:
        with db:
            page = db.list_assessments(practice_id=args.practice, status=args.status,
                                       search=args.search, sort=args.sort,
                                       descending=not args.ascending, limit=args.limit,
                                       offset=args.offset)
        rows, total = page.rows, page.total
    if args.json:
        print_json([assessment_json(row) for row in rows])
        return EXIT_OK
    print_table([[r.id, r.status.value, local(r.updated_at), str(r.answer_count),
                  f"{r.questionnaire_id} {r.questionnaire_version}", r.practice_name]
                 for r in rows],
                [_("ID"), _("STATUS"), _("UPDATED"), _("ANSWERS"), _("QUESTIONNAIRE"),
                 _("PRACTICE")])
    if total > len(rows):
        print(_("{shown} of {total} assessments shown.").format(shown=len(rows), total=total),
              file=sys.stderr)
    return EXIT_OK


def show_assessment(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    if db is None:
        raise _no_assessment(args.assessment_id)
    with db:
        row = db.get_assessment(args.assessment_id)
        snapshot = db.load_snapshot(args.assessment_id)
        records = db.answers(args.assessment_id)
        questionnaire = db.questionnaire(args.assessment_id)
    score = score_assessment(questionnaire, snapshot.values,
                             practice_country=snapshot.practice.country)
    unanswered = _unanswered(questionnaire, snapshot)
    if args.json:

        data: dict[str, Any] = assessment_json(row)
        data.update({
            "fingerprint": snapshot.fingerprint,
            "score": _rounded(score.overall),
            "level": {"number": score.level.number, "name": score.level.name,
                      "capped": score.is_capped},
            "themes": [{"id": t.theme.id, "title": _title(t.theme.title, snapshot.language),
                        "score": _rounded(t.score), "asked": t.asked, "answered": t.answered,
                        "gaps": t.gaps, "unknown": t.unknown} for t in score.themes],
            "critical_gaps": [r.question.id for r in score.critical_gaps if r.is_gap],
            "caps": [{"id": cap.rule.id, "level": cap.level, "about": list(cap.about),
                      "reason": _title(cap.rule.reason, snapshot.language)}
                     for cap in score.caps],
            "answers_to_check": [{"id": check.check.id, "about": list(check.about),
                                  "message": _title(check.check.message, snapshot.language)}
                                 for check in score.checks],
            "answers": {qid: {"value": value_to_json(record.value), "note": record.note,
                              "evidence": record.evidence, "answered_by": record.answered_by,
                              "answered_at": _iso(record)}
                        for qid, record in records.items()},
            "unanswered": unanswered,
        })
        print_json(data)
        return EXIT_OK
    _print_summary(row.practice_name, snapshot, score, questionnaire, unanswered)
    return EXIT_OK


def answer_question(args: argparse.Namespace) -> int:
    with open_for_writing(args) as db:
        value = db.parse_value(args.assessment_id, args.question_id, args.value)
        record = db.save_answer(args.assessment_id, args.question_id, value, note=args.note,
                                by=args.by, evidence=args.evidence)
    shown = value_to_json(record.value)
    text = ",".join(shown) if isinstance(shown, list) else (
        f"{shown:g}" if isinstance(shown, float) else shown)
    print(_("{question} = {value} (saved)").format(question=record.question_id, value=text))
    return EXIT_OK


def complete_assessment(args: argparse.Namespace) -> int:
    with open_for_writing(args) as db:
        try:
            row = db.set_status(args.assessment_id, "completed",
                                allow_unanswered=args.allow_unanswered)
        except UnansweredQuestionsError as error:
            shown = ", ".join(error.missing[:10])
            if len(error.missing) > 10:
                shown = _("{ids} and {count} more").format(ids=shown,
                                                           count=len(error.missing) - 10)
            raise CheckFailed(
                ngettext("{count} asked question is still unanswered: {ids}.",
                         "{count} asked questions are still unanswered: {ids}.",
                         len(error.missing)).format(count=len(error.missing), ids=shown),
                hint=_("Answer them (\"I don't know\" is an answer too), or complete it "
                       "anyway with --allow-unanswered. Nothing was changed.")) from error
    print(_("{id} is completed.").format(id=row.id))
    return EXIT_OK


def _no_assessment(assessment_id: str) -> Exception:
    return NotFoundError(_("There is no assessment {id}.").format(id=assessment_id),
                         hint=_("See 'cybercabinet assessment list'."))


def _unanswered(questionnaire: Questionnaire, snapshot: AssessmentSnapshot) -> list[str]:
    values = snapshot.values
    return ([q.id for q in unanswered_profile(questionnaire, values)]
            + [r.question.id for r in score_assessment(questionnaire, values).unanswered])


def _rounded(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _title(text: dict[str, str], language: str) -> str:
    return text_in(text, language)


def _iso(record: Any) -> str | None:
    return iso(record.answered_at)


def _print_summary(practice: str, snapshot: AssessmentSnapshot, score: AssessmentScore,
                   questionnaire: Questionnaire, unanswered: list[str]) -> None:
    language = current_language()

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.0f}"

    print(f"{practice} — {questionnaire.id} {questionnaire.version} — {snapshot.status.value}")
    print(_("Overall score: {score}/100, level {number} ({name})").format(
        score=pct(score.overall), number=score.level.number, name=_(score.level.name)))
    if score.is_capped:
        print(_("Capped by critical gaps (the score alone gives level {number}).").format(
            number=score.uncapped_level.number))
    content = questionnaire.content_language(language)
    for cap in score.caps:
        print("  " + _("Level {level} at most ({questions}): {reason}").format(
            level=cap.level, questions=", ".join(cap.about),
            reason=_title(cap.rule.reason, content)))
    for check in score.checks:
        print("  " + _("To check ({questions}): {message}").format(
            questions=", ".join(check.about), message=_title(check.check.message, content)))
    print(_("Fingerprint: {fingerprint}").format(fingerprint=snapshot.fingerprint))
    print()
    print_table([[t.theme.id, pct(t.score), f"{t.answered}/{t.asked}", str(t.gaps),
                  _title(t.theme.title, language)] for t in score.themes],
                [_("THEME"), _("SCORE"), _("ANSWERED"), _("GAPS"), _("TITLE")])
    print()
    if not unanswered:
        print(_("Every question asked has an answer."))
        return
    print(_("Unanswered ({count}):").format(count=len(unanswered)))
    for question_id in unanswered:
        question = questionnaire.question(question_id)
        text = _title(question.text, language) if question is not None else ""
        print(f"  {question_id}  {text}")
