"""``cybercabinet compare A B [--json]``: what changed between two assessments of a practice.

A is the earlier assessment, B the later one: every change is B − A. The table is for people
(numbers and dates in the interface's language, through Babel); ``--json`` is for scripts, with
keys documented in docs/auditor.md and kept stable. Both are read-only: the database is opened
read-only, so it works while the application is open.

Assessments of two different practices are refused (exit 2) unless ``--any-practice`` is given,
since "what improved" only means something for one practice; then a warning says so.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from app.cli.common import EXIT_OK, print_json, print_table
from app.cli.storage_options import iso, local, open_for_reading
from app.domain.answers import value_to_json
from app.domain.comparison import GapChange, SideStatus, compare
from app.domain.questionnaire import text_in
from app.domain.review import reviewed_score
from app.domain.vocabulary import LABELS, QuestionType
from app.errors import NotFoundError, ValidationError
from app.i18n import _, current_language, format_number, ngettext

if TYPE_CHECKING:
    from app.domain.answers import AnswerValue
    from app.domain.assessment import AssessmentSnapshot
    from app.domain.comparison import AnswerChange, Comparison, GapChange, QuestionSide
    from app.domain.questionnaire import LocalizedText, Question, Questionnaire
    from app.storage.records import AssessmentRow

JSON_FORMAT = 1
"""Bumped only if a key changes meaning or disappears (new keys may be added)."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             parents: list[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "compare", parents=parents,
        help=_("compare two assessments of a practice: scores, gaps closed, new gaps, answers"),
        description=_("Compare assessment A (the earlier) with B (the later): score and level "
                      "of each, per-theme changes, gaps closed, new gaps and the answers that "
                      "changed. Questions are matched by id across questionnaire versions."))
    parser.add_argument("first", metavar="A", help=_("the earlier assessment's id"))
    parser.add_argument("second", metavar="B", help=_("the later assessment's id"))
    parser.add_argument("--json", action="store_true", help=_("print JSON for scripts"))
    parser.add_argument("--any-practice", action="store_true",
                        help=_("compare even assessments of two different practices"))
    parser.set_defaults(handler=compare_assessments)


def compare_assessments(args: argparse.Namespace) -> int:
    db = open_for_reading(args)
    if db is None:
        raise _not_found(args.first)
    with db:
        row_a, row_b = db.get_assessment(args.first), db.get_assessment(args.second)
        if row_a.questionnaire_id != row_b.questionnaire_id:
            raise ValidationError(_(
                "{a} answers the questionnaire {qa} and {b} the questionnaire {qb}: only "
                "assessments of the same questionnaire can be compared.").format(
                a=row_a.id, qa=row_a.questionnaire_id, b=row_b.id, qb=row_b.questionnaire_id))
        same_practice = row_a.practice_id == row_b.practice_id
        if not same_practice and not args.any_practice:
            raise ValidationError(
                _("{a} is an assessment of {pa}, {b} of {pb}: a comparison shows what changed "
                  "for one practice.").format(a=row_a.id, pa=row_a.practice_name, b=row_b.id,
                                              pb=row_b.practice_name),
                hint=_("Add --any-practice to compare them anyway."))
        snapshot_a, snapshot_b = db.load_snapshot(row_a.id), db.load_snapshot(row_b.id)
        questionnaire_a, questionnaire_b = db.questionnaire(row_a.id), db.questionnaire(row_b.id)
    if not same_practice:
        print(_("warning: {a} and {b} are assessments of two different practices ({pa}, "
                "{pb}).").format(a=row_a.id, b=row_b.id, pa=row_a.practice_name,
                                 pb=row_b.practice_name), file=sys.stderr)
    result = compare(questionnaire_a, snapshot_a, questionnaire_b, snapshot_b)
    view = _View(current_language(), questionnaire_b.languages[0], result)
    reviewed = (_reviewed(questionnaire_a, snapshot_a), _reviewed(questionnaire_b, snapshot_b))
    if args.json:
        print_json(comparison_json(result, row_a, row_b, view, reviewed))
    else:
        _print_comparison(result, row_a, row_b, view, reviewed)
    return EXIT_OK


def _reviewed(questionnaire: Questionnaire, snapshot: AssessmentSnapshot) -> float | None:
    """The reviewed overall score, when an auditor reviewed the assessment."""
    if snapshot.review is None:
        return None
    return reviewed_score(questionnaire, snapshot.answers, snapshot.review).overall


def _not_found(assessment_id: str) -> NotFoundError:
    return NotFoundError(_("There is no assessment {id}.").format(id=assessment_id),
                         hint=_("See 'cybercabinet assessment list'."))


class _View:
    """Words and numbers in the interface's language."""

    def __init__(self, language: str, fallback: str, result: Comparison) -> None:
        self.language, self.fallback, self.result = language, fallback, result

    def text(self, localized: LocalizedText | None) -> str:
        return text_in(localized, self.language, self.fallback) if localized else ""

    def score(self, value: float | None) -> str:
        return "—" if value is None else format_number(round(value), self.language)

    def delta(self, before: float | None, after: float | None) -> str:
        """The change of the scores as shown (whole numbers), signed: "+13", "-5", "0"."""
        if before is None or after is None:
            return "—"
        change = round(after) - round(before)
        sign = "+" if change > 0 else "-" if change < 0 else ""
        return sign + format_number(abs(change), self.language)

    def answer(self, question: Question, side: QuestionSide, version: str) -> str:
        if side.status is SideStatus.ABSENT:
            return _("not in version {version}").format(version=version)
        if side.status is SideStatus.HIDDEN:
            return _("not asked")
        value = side.value
        if value is None:
            return _("not answered")
        if isinstance(value, str) and value in LABELS:
            return _(LABELS[value])
        if isinstance(value, float):
            digits = 0 if value.is_integer() else 1
            unit = self.text(question.number.unit_for(value, self.language)) \
                if question.number else ""
            return f"{format_number(value, self.language, digits=digits)} {unit}".strip()
        chosen = value if isinstance(value, tuple) else (str(value),)
        if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            return ", ".join(self.text(c.label) if (c := question.choice(v)) else v
                             for v in chosen)
        return ", ".join(chosen)

    def before_after(self, item: GapChange | AnswerChange) -> str:
        question_a = item.question if isinstance(item, GapChange) else item.question_a
        question_b = item.question if isinstance(item, GapChange) else item.question_b
        old = self.answer(question_a, item.a, self.result.version_a)
        new = self.answer(question_b, item.b, self.result.version_b)
        return f"{old} → {new}"


# --- JSON ------------------------------------------------------------------------------------


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _json_delta(before: float | None, after: float | None) -> float | None:
    """The change of the rounded scores, so that a script's ``b - a`` agrees with it."""
    a, b = _rounded(before), _rounded(after)
    return None if a is None or b is None else round(b - a, 1)


def _value(value: AnswerValue | None) -> Any:
    return None if value is None else value_to_json(value)


def _side(side: QuestionSide) -> dict[str, Any]:
    return {"status": side.status.value, "value": _value(side.value)}


def comparison_json(result: Comparison, row_a: AssessmentRow, row_b: AssessmentRow,
                    view: _View, reviewed: tuple[float | None, float | None] = (None, None)
                    ) -> dict[str, Any]:
    def assessment(row: AssessmentRow, version: str, which: str) -> dict[str, Any]:
        score = result.score_a if which == "a" else result.score_b
        return {
            "id": row.id, "practice_id": row.practice_id, "practice": row.practice_name,
            "questionnaire": {"id": row.questionnaire_id, "version": version},
            "status": row.status.value, "updated_at": iso(row.updated_at),
            "score": _rounded(score.overall),
            "level": {"number": score.level.number, "name": score.level.name,
                      "capped": score.is_capped},
            "complete": score.is_complete,
            "critical_gaps": [r.question.id for r in score.critical_gaps],
            "reviewed_score": _rounded(reviewed[0] if which == "a" else reviewed[1]),
        }

    def gap(item: GapChange) -> dict[str, Any]:
        return {"question": item.question_id, "theme": item.theme_id,
                "text": view.text(item.question.text), "critical": item.critical,
                "fixed": item.fixed, "a": _side(item.a), "b": _side(item.b)}

    return {
        "format": JSON_FORMAT,
        "a": assessment(row_a, result.version_a, "a"),
        "b": assessment(row_b, result.version_b, "b"),
        "same_practice": row_a.practice_id == row_b.practice_id,
        "same_version": result.same_version,
        "overall": {"a": _rounded(result.overall_a), "b": _rounded(result.overall_b),
                    "delta": _json_delta(result.overall_a, result.overall_b)},
        "themes": [{"id": t.theme_id, "title": view.text(t.title), "a": _rounded(t.score_a),
                    "b": _rounded(t.score_b), "delta": _json_delta(t.score_a, t.score_b),
                    "in_a": t.in_a, "in_b": t.in_b} for t in result.themes],
        "gaps_closed": [gap(g) for g in result.closed_gaps],
        "new_gaps": [gap(g) for g in result.new_gaps],
        "changed_answers": [{"question": c.question_id, "text": view.text(c.question_b.text),
                             "profile": c.profile, "old": _value(c.old), "new": _value(c.new),
                             "a": _side(c.a), "b": _side(c.b)} for c in result.changed],
        "only_in_a": list(result.only_in_a),
        "only_in_b": list(result.only_in_b),
    }


# --- table -----------------------------------------------------------------------------------


def _print_comparison(result: Comparison, row_a: AssessmentRow, row_b: AssessmentRow,
                      view: _View, reviewed: tuple[float | None, float | None]) -> None:
    names = row_b.practice_name if row_a.practice_id == row_b.practice_id else (
        f"{row_a.practice_name} / {row_b.practice_name}")
    print(f"{names} — {row_b.questionnaire_id}")
    print_table([[label, row.id, local(row.updated_at), row.status.value, version]
                 for label, row, version in (("A", row_a, result.version_a),
                                             ("B", row_b, result.version_b))],
                ["", _("ASSESSMENT"), _("UPDATED"), _("STATUS"), _("VERSION")])
    print()
    print(_("Overall score: {a} → {b} ({delta})").format(
        a=view.score(result.overall_a), b=view.score(result.overall_b),
        delta=view.delta(result.overall_a, result.overall_b)))
    print(_("Maturity level: {a} ({name_a}) → {b} ({name_b})").format(
        a=result.level_a.number, name_a=_(result.level_a.name), b=result.level_b.number,
        name_b=_(result.level_b.name)))
    if reviewed != (None, None):
        print(_("Score after the auditor's review: {a} → {b}").format(
            a=view.score(reviewed[0]), b=view.score(reviewed[1])))
    print()
    print_table([[t.theme_id, view.score(t.score_a), view.score(t.score_b),
                  view.delta(t.score_a, t.score_b), view.text(t.title)] for t in result.themes],
                [_("THEME"), "A", "B", _("CHANGE"), _("TITLE")])
    _print_items(ngettext("Gap closed ({count}):", "Gaps closed ({count}):",
                          len(result.closed_gaps)), result.closed_gaps, view)
    _print_items(ngettext("New gap ({count}):", "New gaps ({count}):", len(result.new_gaps)),
                 result.new_gaps, view)
    _print_items(ngettext("Changed answer ({count}):", "Changed answers ({count}):",
                          len(result.changed)), result.changed, view)
    print()
    for label, results in (("A", result.critical_a), ("B", result.critical_b)):
        shown = ", ".join(r.question.id for r in results) or _("none")
        print(_("Critical gaps in {which}: {ids}").format(which=label, ids=shown))
    for label, only in (("A", result.only_in_a), ("B", result.only_in_b)):
        if only:
            print(_("Only in the questionnaire version of {which}: {ids}").format(
                which=label, ids=", ".join(only)))


def _print_items(title: str, items: tuple[GapChange, ...] | tuple[AnswerChange, ...],
                 view: _View) -> None:
    print()
    print(title.format(count=len(items)))
    if not items:
        print("  " + _("none"))
        return
    for item in items:
        question = item.question if isinstance(item, GapChange) else item.question_b
        print(f"  {question.id}  {view.text(question.text)}")
        print(f"  {' ' * len(question.id)}  {view.before_after(item)}")
