"""The verdict rules: which answers cap the maturity level, and which answers contradict
each other. Both are data (``verdict.yaml`` beside the questionnaire), evaluated here.

A cap rule holds when its condition holds on the asked questions; the level is then at most the
rule's, whatever the score. A critical question of a questionnaire without rules about it keeps
the simple caps of ``maturity.py`` (a failed critical question caps at 2, a partly met one at 3).
docs/scoring.md lists every rule of the built-in bank with its reason and source.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass

from app.domain.answers import AnswerValue
from app.domain.questionnaire import AnswerCheck, CapRule, Condition, Questionnaire
from app.domain.skip_logic import condition_holds


@dataclass(frozen=True)
class TriggeredCap:
    rule: CapRule
    about: tuple[str, ...]
    """The asked scored questions whose answers set the cap off (its critical gaps)."""

    @property
    def level(self) -> int:
        return self.rule.level


@dataclass(frozen=True)
class TriggeredCheck:
    check: AnswerCheck
    about: tuple[str, ...]
    """The questions to look at again, in questionnaire order."""


def _about(questionnaire: Questionnaire, rule: CapRule | AnswerCheck,
           visible: AbstractSet[str], scored_only: bool) -> tuple[str, ...]:
    named = set(rule.about) if rule.about is not None else set(
        rule.when.referenced_questions())
    return tuple(q.id for q in questionnaire.all_questions()
                 if q.id in named and q.id in visible
                 and not (scored_only and questionnaire.is_profile(q.id)))


def rule_questions(questionnaire: Questionnaire) -> frozenset[str]:
    """The scored questions some cap rule is about: their caps come from the rules only."""
    def build(q: Questionnaire) -> frozenset[str]:
        ids: set[str] = set()
        for rule in q.verdict.caps:
            ids |= set(rule.about) if rule.about is not None else set(
                rule.when.referenced_questions())
        return frozenset(i for i in ids if not q.is_profile(i))
    return questionnaire.derived("verdict_rule_questions", build)


def triggered_caps(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue],
                   visible: AbstractSet[str]) -> list[TriggeredCap]:
    """Every cap rule that holds, most severe (lowest level) first, then in file order."""
    caps = [TriggeredCap(rule, _about(questionnaire, rule, visible, scored_only=True))
            for rule in questionnaire.verdict.caps
            if condition_holds(rule.when, answers, visible)]
    return sorted(caps, key=lambda cap: cap.level)


COUNTRY_QUESTION = "PRF-COUNTRY"

COUNTRY_CHECK = AnswerCheck(
    id="CHK-PRACTICE-COUNTRY",
    when=Condition(question=COUNTRY_QUESTION, in_=[]),  # decided in code: the practice is data
    about=[COUNTRY_QUESTION],
    message={
        "fr": "Le pays du cabinet enregistré avec le cabinet n'est pas celui répondu dans le "
              "questionnaire : les lois appliquées (nLPD ou RGPD) en dépendent.",
        "de": "Das bei der Praxis erfasste Land ist nicht das im Fragebogen beantwortete: Davon "
              "hängt ab, welche Gesetze gelten (DSG oder DSGVO).",
        "it": "Il Paese registrato con lo studio non è quello indicato nel questionario: da esso "
              "dipendono le leggi applicate (nLPD o RGPD).",
        "en": "The country recorded with the practice is not the one answered in the "
              "questionnaire: which laws apply (nFADP or GDPR) depends on it.",
    })
"""The practice's recorded country against the country question (the one check that reads the
practice, not only the answers)."""


def answers_to_check(questionnaire: Questionnaire, answers: Mapping[str, AnswerValue],
                     visible: AbstractSet[str], practice_country: str | None = None
                     ) -> list[TriggeredCheck]:
    """The consistency checks that hold: answers that contradict each other (and the country
    question against the practice's recorded country, when given)."""
    found = [TriggeredCheck(check, _about(questionnaire, check, visible, scored_only=False))
             for check in questionnaire.verdict.checks
             if condition_holds(check.when, answers, visible)]
    answered = answers.get(COUNTRY_QUESTION)
    question = questionnaire.question(COUNTRY_QUESTION)
    if (practice_country and isinstance(answered, str) and question is not None
            and practice_country.lower() in question.option_values()
            and answered != practice_country.lower()):
        found.insert(0, TriggeredCheck(COUNTRY_CHECK, (COUNTRY_QUESTION,)))
    return found
