"""Checks that span several questions: ids, skip logic, translations, scores and actions.

The models check each object alone; these check that the questionnaire holds together. Each
finding names the question (or theme) and the field, so that the author can go straight to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from app.domain.compliance import ARTICLES
from app.domain.questionnaire import (
    Action,
    AnswerCheck,
    CapRule,
    Condition,
    LocalizedText,
    Question,
    Questionnaire,
    Theme,
)
from app.domain.vocabulary import QuestionType


@dataclass(frozen=True)
class Finding:
    """One thing wrong, located by question (or theme) id and field path."""

    where: str | None
    field: str
    message: str


def check_questionnaire(questionnaire: Questionnaire) -> list[Finding]:
    findings: list[Finding] = []
    findings += _duplicate_ids(questionnaire)
    findings += _conditions(questionnaire)
    findings += _verdict(questionnaire)
    findings += _translations(questionnaire)
    for _theme, question in questionnaire.scored_questions():
        findings += _scored_question(question)
        findings += _articles(question)
    return findings


def _articles(question: Question) -> Iterator[Finding]:
    """Only articles the report can name and summarise."""
    for index, article in enumerate(question.compliance):
        if article not in ARTICLES:
            yield Finding(question.id, f"compliance.{index}",
                          f"article {article!r} is not one the compliance summary knows "
                          "(add it to app/domain/compliance.py ARTICLES)")


def _duplicate_ids(questionnaire: Questionnaire) -> Iterator[Finding]:
    seen: set[str] = set()
    for question in questionnaire.all_questions():
        if question.id in seen:
            yield Finding(question.id, "id", f"duplicate question id {question.id!r}")
        seen.add(question.id)
    themes: set[str] = set()
    for theme in questionnaire.themes:
        if theme.id in themes:
            yield Finding(f"theme {theme.id}", "id", f"duplicate theme id {theme.id!r}")
        themes.add(theme.id)


def _conditions(questionnaire: Questionnaire) -> Iterator[Finding]:
    questions = {q.id: q for q in questionnaire.all_questions()}
    graph: dict[str, set[str]] = {}
    for question in questionnaire.all_questions():
        for index, conditional in enumerate(question.action_if):
            yield from _condition_targets(question.id, f"action_if.{index}.when",
                                          conditional.when, questions)
        if question.show_if is None:
            continue
        graph[question.id] = set(question.show_if.referenced_questions())
        yield from _condition_targets(question.id, "show_if", question.show_if, questions)
    yield from _cycles(graph)


def _verdict(questionnaire: Questionnaire) -> Iterator[Finding]:
    """Each rule reads questions and answers that exist, names scored questions in ``about``,
    and ids are unique."""
    questions = {q.id: q for q in questionnaire.all_questions()}
    seen: set[str] = set()
    rules: list[CapRule | AnswerCheck] = [*questionnaire.verdict.caps,
                                          *questionnaire.verdict.checks]
    for rule in rules:
        where = f"rule {rule.id}"
        if rule.id in seen:
            yield Finding(where, "id", f"duplicate rule id {rule.id!r}")
        seen.add(rule.id)
        yield from _condition_targets(where, "when", rule.when, questions)
        for index, question_id in enumerate(rule.about or []):
            if question_id not in questions:
                yield Finding(where, f"about.{index}",
                              f"names question {question_id!r}, which does not exist")
        if isinstance(rule, CapRule) and not any(
                not questionnaire.is_profile(q) for q in rule.about or
                rule.when.referenced_questions()):
            yield Finding(where, "about", "a cap must be about at least one scored question "
                                          "(its critical gap)")


def _condition_targets(where: str, field: str, condition: Condition,
                       questions: dict[str, Question]) -> Iterator[Finding]:
    if condition.question is not None:
        target = questions.get(condition.question)
        if target is None:
            yield Finding(where, f"{field}.question",
                          f"refers to question {condition.question!r}, which does not exist")
            return
        if target.type is QuestionType.NUMBER:
            values = set(condition.compared_values())
            if condition.min is None and condition.max is None and (
                    not values or values - {"unknown", "not_applicable"}):
                yield Finding(where, field, f"{target.id} is a number: compare it with min / "
                                            "max (or with unknown / not_applicable)")
        else:
            allowed = set(target.option_values()) | {"unknown", "not_applicable"}
            for value in condition.compared_values():
                if value not in allowed:
                    yield Finding(where, field,
                                  f"{target.id} has no answer {value!r} "
                                  f"(its answers: {', '.join(target.option_values())})")
    for child in (condition.all or []) + (condition.any or []):
        yield from _condition_targets(where, field, child, questions)
    if condition.not_ is not None:
        yield from _condition_targets(where, field, condition.not_, questions)


def _cycles(graph: dict[str, set[str]]) -> Iterator[Finding]:
    """Depth-first search; report each cycle once, from its first question."""
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    reported: set[frozenset[str]] = set()

    def visit(node: str, path: list[str]) -> Iterator[Finding]:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycle = [*path[path.index(target):], target]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield Finding(cycle[0], "show_if",
                                  "conditions form a cycle: " + " → ".join(cycle))
            elif state.get(target) is None and target in graph:
                yield from visit(target, [*path, target])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            yield from visit(start, [start])


def localized_fields(question: Question) -> Iterator[tuple[str, LocalizedText]]:
    """Every translatable text of a question, with its field path."""
    yield "text", question.text
    if question.help is not None:
        yield "help", question.help
    if question.guidance is not None:
        yield "guidance", question.guidance
    if question.number is not None and question.number.unit is not None:
        yield "number.unit", question.number.unit
    if question.number is not None and question.number.unit_one is not None:
        yield "number.unit_one", question.number.unit_one
    yield from _action_fields("action", question.action)
    for index, conditional in enumerate(question.action_if):
        yield from _action_fields(f"action_if.{index}.action", conditional.action)
    for choice in question.choices:
        yield f"choices.{choice.value}.label", choice.label
        yield from _action_fields(f"choices.{choice.value}.action", choice.action)


def _action_fields(prefix: str, action: Action | None) -> Iterator[tuple[str, LocalizedText]]:
    if action is not None:
        yield f"{prefix}.title", action.title
        yield f"{prefix}.description", action.description


def _theme_fields(theme: Theme) -> Iterator[tuple[str, LocalizedText]]:
    yield "title", theme.title
    if theme.description is not None:
        yield "description", theme.description


def _translations(questionnaire: Questionnaire) -> Iterator[Finding]:
    declared = set(questionnaire.languages)
    top: list[tuple[str, LocalizedText]] = [("title", questionnaire.title)]
    if questionnaire.description is not None:
        top.append(("description", questionnaire.description))
    yield from _text_findings(None, top, declared)
    for theme in questionnaire.themes:
        yield from _text_findings(f"theme {theme.id}", _theme_fields(theme), declared)
    for question in questionnaire.all_questions():
        yield from _text_findings(question.id, localized_fields(question), declared)
    for cap in questionnaire.verdict.caps:
        yield from _text_findings(f"rule {cap.id}", [("reason", cap.reason)], declared)
    for check in questionnaire.verdict.checks:
        yield from _text_findings(f"rule {check.id}", [("message", check.message)], declared)


def _text_findings(where: str | None, fields: Iterator[tuple[str, LocalizedText]] | list[
        tuple[str, LocalizedText]], declared: set[str]) -> Iterator[Finding]:
    for path, text in fields:
        for language in sorted(declared - set(text)):
            yield Finding(where, f"{path}.{language}", "translation missing")
        # A language not (yet) declared is allowed: translators add one theme at a time, and
        # 'languages' declares what is complete and offered.
        for language, value in sorted(text.items()):
            if language in declared and not str(value).strip():
                yield Finding(where, f"{path}.{language}", "text is empty")


def _scored_question(question: Question) -> Iterator[Finding]:
    if question.help is None:
        yield Finding(question.id, "help", "missing: say why it matters")
    if question.guidance is None:
        yield Finding(question.id, "guidance", "missing: say how to do it and who does it")
    for choice in question.choices:
        if choice.score is None:
            yield Finding(question.id, f"choices.{choice.value}.score",
                          "answer without a score")
    if question.type is QuestionType.NUMBER and question.number and not question.number.bands:
        yield Finding(question.id, "number.bands", "a scored number question needs bands")
    if question.type is QuestionType.MULTIPLE:
        total = sum(choice.score or 0 for choice in question.choices if not choice.exclusive)
        best_exclusive = max((choice.score or 0 for choice in question.choices
                              if choice.exclusive), default=0)
        if total < 1 and best_exclusive < 1:
            yield Finding(question.id, "choices",
                          "the scores of all choices add up to less than 1: full marks are "
                          "impossible")
    if question.action is None:
        for value, score in question.option_scores().items():
            own = question.choice(value)
            if score is not None and score < 1 and (own is None or own.action is None):
                yield Finding(question.id, "action",
                              f"answer {value!r} leaves a gap but no action says what to do")
                break
        else:
            if question.allow_unknown:
                yield Finding(question.id, "action",
                              "'I don't know' leaves a gap but no action says what to do")
