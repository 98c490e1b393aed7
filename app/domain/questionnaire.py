"""The questionnaire format, as typed models.

A questionnaire is data: YAML files validated against these models on load (``loader.py``).
Models are strict (an unknown or misspelt field is an error, not silently ignored) and frozen
(a loaded questionnaire is shared by the GUI, the report and the storage without copies).
Checks that span several questions (ids, conditions, translations) live in ``consistency.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from app.domain.references import GUIDES
from app.domain.vocabulary import (
    NOT_APPLICABLE,
    UNKNOWN,
    YES_NO_SCORES,
    YES_PARTLY_NO_SCORES,
    Effort,
    InsurerTopic,
    Owner,
    Priority,
    QuestionType,
)

T = TypeVar("T")

LocalizedText = dict[str, str]
"""One text in every declared language: ``{fr: "…", de: "…"}``."""

QUESTION_ID = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"
THEME_ID = r"^[A-Z][A-Z0-9]{1,7}$"
CHOICE_VALUE = r"^[a-z0-9][a-z0-9_]*$"
SOURCE_ID = r"^S\d+-\d{2}$"
ARTICLE_ID = r"^(RGPD|nLPD|OPDo|CSP|CPFR|CPCH|LDEP):[A-Z]?\d+(-\d+)*[a-z]?$"
RULE_ID = r"^(CAP|CHK)-[A-Z0-9]+(-[A-Z0-9]+)*$"


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def text_in(text: LocalizedText, language: str, fallback: str = "fr") -> str:
    """The text in ``language``; the source language if a translation is missing."""
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


class Reference(StrictModel):
    """A section of an official guide, cited by name, never copied."""

    guide: str
    section: str = Field(min_length=1)

    @field_validator("guide")
    @classmethod
    def _known_guide(cls, value: str) -> str:
        if value not in GUIDES:
            raise ValueError(f"unknown guide {value!r}; known guides: {', '.join(sorted(GUIDES))}")
        return value

    @property
    def title(self) -> str:
        return GUIDES[self.guide]


class Action(StrictModel):
    """What to do about a gap, by whom, how urgently and at what cost."""

    title: LocalizedText
    description: LocalizedText
    priority: Priority
    effort: Effort
    owner: Owner


class Choice(StrictModel):
    value: Annotated[str, Field(pattern=CHOICE_VALUE)]
    label: LocalizedText
    score: Annotated[float, Field(ge=0, le=1)] | None = None
    exclusive: bool = False
    """For multiple choice: picking it clears the others ("none of these")."""
    action: Action | None = None
    """Overrides the question's action when this choice is the answer."""


class ScoreBand(StrictModel):
    """For number questions: a value of at least ``min`` is worth ``score``."""

    min: float
    score: Annotated[float, Field(ge=0, le=1)]


class NumberSpec(StrictModel):
    min: float = 0
    max: float = 1_000_000
    unit: LocalizedText | None = None
    unit_one: LocalizedText | None = None
    """The unit's singular ("copie", "mois"), for one (and, in French, for zero)."""
    bands: list[ScoreBand] = Field(default_factory=list)

    def unit_for(self, value: float, language: str) -> LocalizedText | None:
        """The unit that agrees with ``value`` in ``language`` (French: 0 and 1 are singular,
        as in its plural rule; the other languages: 1 only)."""
        singular = abs(value) < 2 if language == "fr" else abs(value) == 1
        return self.unit_one if singular and self.unit_one is not None else self.unit

    @model_validator(mode="after")
    def _ordered(self) -> NumberSpec:
        if self.min > self.max:
            raise ValueError("min is greater than max")
        mins = [band.min for band in self.bands]
        if mins != sorted(mins) or len(set(mins)) != len(mins):
            raise ValueError("bands must be listed by increasing, distinct min")
        return self

    def score(self, value: float) -> float | None:
        worth = None
        for band in self.bands:
            if value >= band.min:
                worth = band.score
        return 0.0 if worth is None and self.bands else worth


class Condition(StrictModel):
    """Skip logic: one comparison on an earlier answer, or all / any / not of conditions.

    ``{question: PRF-SERVER, equals: "yes"}``, ``{question: PRF-STAFF, min: 5}``,
    ``{all: [...]}``, ``{any: [...]}``, ``{not: {...}}``. A condition on a question that is
    unanswered or itself hidden is false (its negation true).
    """

    question: str | None = None
    equals: str | float | None = None
    in_: list[str] | None = Field(default=None, alias="in")
    not_in: list[str] | None = None
    includes: str | None = None
    min: float | None = None
    max: float | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_form(self) -> Condition:
        combinators = [name for name in ("all", "any", "not_") if getattr(self, name) is not None]
        comparisons = [
            name
            for name in ("equals", "in_", "not_in", "includes", "min", "max")
            if getattr(self, name) is not None
        ]
        if combinators:
            if len(combinators) > 1 or self.question is not None or comparisons:
                raise ValueError("use exactly one of: question + comparison, all, any, not")
            return self
        if self.question is None:
            raise ValueError("a condition needs 'question' with a comparison, or all/any/not")
        if not comparisons:
            raise ValueError("a condition on a question needs equals, in, not_in, includes, "
                             "min or max")
        if len(comparisons) > 1 and set(comparisons) != {"min", "max"}:
            raise ValueError("use one comparison per condition (min and max may go together)")
        return self

    def referenced_questions(self) -> Iterator[str]:
        if self.question is not None:
            yield self.question
        for child in (self.all or []) + (self.any or []) + ([self.not_] if self.not_ else []):
            yield from child.referenced_questions()

    def compared_values(self) -> list[str]:
        """Choice values this comparison names (to check they exist)."""
        values = [*(self.in_ or []), *(self.not_in or [])]
        if isinstance(self.equals, str):
            values.append(self.equals)
        if self.includes is not None:
            values.append(self.includes)
        return values


class ConditionalAction(StrictModel):
    """An action that replaces the question's when ``when`` holds: a practice without an IT
    provider, or one whose software is online, gets a step it can take itself."""

    when: Condition
    action: Action


class Question(StrictModel):
    id: Annotated[str, Field(pattern=QUESTION_ID)]
    type: QuestionType
    text: LocalizedText
    help: LocalizedText | None = None
    """Why it matters."""
    guidance: LocalizedText | None = None
    """How to do it."""
    owner: Owner = Owner.PRACTICE
    """Who does what the guidance says."""
    choices: list[Choice] = Field(default_factory=list)
    number: NumberSpec | None = None
    allow_unknown: bool = True
    allow_not_applicable: bool = False
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    critical: bool = False
    insurer: InsurerTopic | None = None
    sources: list[Annotated[str, Field(pattern=SOURCE_ID)]] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    compliance: list[Annotated[str, Field(pattern=ARTICLE_ID)]] = Field(default_factory=list)
    show_if: Condition | None = None
    action: Action | None = None
    action_if: list[ConditionalAction] = Field(default_factory=list)
    """Tried in order before ``action``; the first whose condition holds is the action."""
    ask_it_provider: bool = False
    """A technical question the practice answers with its IT provider (marked in the window,
    listed on the page the practice hands to its provider)."""

    @model_validator(mode="after")
    def _answers_fit_type(self) -> Question:
        if self.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
            if len(self.choices) < 2:
                raise ValueError(f"a {self.type} question needs at least two choices")
            values = [choice.value for choice in self.choices]
            duplicates = sorted({v for v in values if values.count(v) > 1})
            if duplicates:
                raise ValueError(f"duplicate choice values: {', '.join(duplicates)}")
            reserved = {UNKNOWN, NOT_APPLICABLE} & set(values)
            if reserved:
                raise ValueError(f"choice value {sorted(reserved)[0]!r} is reserved: use "
                                 "allow_unknown / allow_not_applicable instead")
        elif self.choices:
            raise ValueError(f"a {self.type} question has fixed answers: remove 'choices'")
        if self.type is QuestionType.NUMBER and self.number is None:
            raise ValueError("a number question needs 'number' (min, max, bands)")
        if self.type is not QuestionType.NUMBER and self.number is not None:
            raise ValueError(f"'number' only goes with type number, not {self.type}")
        return self

    def option_scores(self) -> dict[str, float | None]:
        """Each fixed option (not the special answers) and what it is worth."""
        if self.type is QuestionType.YES_NO:
            return dict(YES_NO_SCORES)
        if self.type is QuestionType.YES_PARTLY_NO:
            return dict(YES_PARTLY_NO_SCORES)
        return {choice.value: choice.score for choice in self.choices}

    def option_values(self) -> list[str]:
        return list(self.option_scores())

    def choice(self, value: str) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


class Theme(StrictModel):
    id: Annotated[str, Field(pattern=THEME_ID)]
    title: LocalizedText
    description: LocalizedText | None = None
    questions: list[Question] = Field(min_length=1)


class CapRule(StrictModel):
    """A verdict rule: when ``when`` holds, the maturity level is at most ``level``, whatever
    the score says. Rules are data (``verdict.yaml``) so that each cap carries its reason and
    its source, and an auditor can read them all in one place (docs/scoring.md)."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    when: Condition
    level: Annotated[int, Field(ge=1, le=4)]
    reason: LocalizedText
    references: list[Reference] = Field(min_length=1)
    about: list[str] | None = None
    """The scored questions whose answers the rule is about (its critical gaps); by default
    every scored question its condition reads."""


class AnswerCheck(StrictModel):
    """Answers that contradict each other: shown as "answers to check", never scored."""

    id: Annotated[str, Field(pattern=RULE_ID)]
    when: Condition
    message: LocalizedText
    about: list[str] | None = None
    """The questions to look at again; by default every question its condition reads."""


class Verdict(StrictModel):
    """The questionnaire's verdict rules: level caps and consistency checks."""

    caps: list[CapRule] = Field(default_factory=list)
    checks: list[AnswerCheck] = Field(default_factory=list)


def _condition_questions(raw: Any) -> Iterator[str]:
    """Question ids a raw (not yet validated) condition reads, for ``Questionnaire``'s
    before-validator."""
    if isinstance(raw, dict):
        if isinstance(raw.get("question"), str):
            yield raw["question"]
        for key in ("all", "any"):
            for child in raw.get(key) or []:
                yield from _condition_questions(child)
        yield from _condition_questions(raw.get("not"))


class Questionnaire(StrictModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    version: Annotated[str, Field(min_length=1)]
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2}$")]] = Field(min_length=1)
    title: LocalizedText
    description: LocalizedText | None = None
    profile: list[Question] = Field(default_factory=list)
    """Questions about the practice, asked first and not scored: they drive skip logic."""
    themes: list[Theme] = Field(min_length=1)
    verdict: Verdict = Field(default_factory=Verdict)
    """Level caps and consistency checks (``verdict.yaml`` in a folder questionnaire)."""

    _by_id: dict[str, Question] = PrivateAttr(default_factory=dict)
    _theme_by_question: dict[str, Theme] = PrivateAttr(default_factory=dict)
    _derived: dict[str, Any] = PrivateAttr(default_factory=dict)
    """Lookups other domain modules derive from this (frozen) questionnaire on first use, e.g.
    the skip logic's plan: computed once, never stale (see ``derived``)."""

    @model_validator(mode="before")
    @classmethod
    def _mark_rule_questions_critical(cls, data: Any) -> Any:
        """A scored question some cap rule is about is a critical question (shown as such in
        the window and the report), without the author repeating it on the question."""
        if not isinstance(data, dict) or not isinstance(data.get("verdict"), dict):
            return data
        about: set[str] = set()
        for rule in data["verdict"].get("caps") or []:
            if not isinstance(rule, dict):
                continue
            named = rule.get("about")
            about |= set(named) if isinstance(named, list) else set(
                _condition_questions(rule.get("when")))
        themes = data.get("themes")
        if not about or not isinstance(themes, list):
            return data
        marked = []
        for theme in themes:
            questions = theme.get("questions") if isinstance(theme, dict) else None
            if isinstance(questions, list):
                theme = {**theme, "questions": [
                    {**q, "critical": True} if isinstance(q, dict) and q.get("id") in about
                    else q for q in questions]}
            marked.append(theme)
        return {**data, "themes": marked}

    def content_language(self, wanted: str) -> str:
        """``wanted`` if the questionnaire is complete in it, else its source language: a
        half-translated questionnaire is never shown half in each."""
        return wanted if wanted in self.languages else self.languages[0]

    def all_questions(self) -> Iterator[Question]:
        """Profile questions first, then every theme's, in the order they are asked."""
        yield from self.profile
        for theme in self.themes:
            yield from theme.questions

    def scored_questions(self) -> Iterator[tuple[Theme, Question]]:
        for theme in self.themes:
            for question in theme.questions:
                yield theme, question

    def question(self, question_id: str) -> Question | None:
        return self._by_id.get(question_id)

    def theme_of(self, question_id: str) -> Theme | None:
        return self._theme_by_question.get(question_id)

    def is_profile(self, question_id: str) -> bool:
        return question_id in self._by_id and question_id not in self._theme_by_question

    def derived(self, key: str, build: Callable[[Questionnaire], T]) -> T:
        """``build(self)``, computed once per questionnaire object and kept with it.

        The entry remembers which object it was built for, so a copy (``model_copy``, which
        shares private attributes) builds its own instead of using a stale one.
        """
        entry = self._derived.get(key)
        if entry is None or entry[0] != id(self):
            entry = (id(self), build(self))
            self._derived = {**self._derived, key: entry}
        return entry[1]  # type: ignore[no-any-return]

    def model_post_init(self, context: Any, /) -> None:
        self._by_id = {q.id: q for q in self.all_questions()}
        self._theme_by_question = {q.id: t for t, q in self.scored_questions()}
