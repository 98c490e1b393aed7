"""The asked questions of one assessment, indexed for moving from question to question.

Built once from the questionnaire, the visible set (skip logic) and the answered ids, and
thrown away by the session when an answer changes: a move then asks its neighbours, its place
in its section and the overall progress in constant time, instead of walking the whole
questionnaire at each move.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.domain.questionnaire import LocalizedText, Question, Questionnaire

PROFILE_KEY = "profile"


@dataclass(frozen=True)
class Section:
    """A group of asked questions: the practice profile, or one theme."""

    key: str
    title: LocalizedText | None  # None for the profile, whose title is ours
    questions: tuple[Question, ...]
    answered: int

    @property
    def asked(self) -> int:
        return len(self.questions)


class AskedIndex:
    """Order, sections and progress of the asked questions, for one state of the answers."""

    def __init__(self, questionnaire: Questionnaire, visible: set[str],
                 answered: set[str]) -> None:
        groups: list[tuple[str, LocalizedText | None, tuple[Question, ...]]] = [
            (PROFILE_KEY, None, tuple(questionnaire.profile))]
        groups += [(t.id, t.title, tuple(t.questions)) for t in questionnaire.themes]
        sections: list[Section] = []
        self._order: dict[str, int] = {}  # every question, asked or not: questionnaire order
        self._place: dict[str, tuple[int, int]] = {}  # asked: (1-based index, section size)
        for key, title, questions in groups:
            for question in questions:
                self._order[question.id] = len(self._order)
            asked = tuple(q for q in questions if q.id in visible)
            if asked:
                sections.append(Section(key, title, asked,
                                        sum(1 for q in asked if q.id in answered)))
                for number, question in enumerate(asked, start=1):
                    self._place[question.id] = (number, len(asked))
        self.sections: tuple[Section, ...] = tuple(sections)
        self.asked: tuple[Question, ...] = tuple(q for s in sections for q in s.questions)
        self.answered = sum(s.answered for s in sections)
        self._position = {q.id: n for n, q in enumerate(self.asked)}
        self._by_key = {s.key: s for s in sections}

    def section(self, key: str) -> Section | None:
        return self._by_key.get(key)

    def place(self, question_id: str, section_key: str) -> tuple[str, int, int]:
        """(section key, 1-based index in the section, questions asked in the section); a
        question that is not asked counts as the first of one."""
        place = self._place.get(question_id)
        if place is None:
            section = self._by_key.get(section_key)
            place = (1, section.asked if section is not None else 1)
        return section_key, place[0], place[1]

    def neighbour(self, question_id: str, step: int) -> str | None:
        """The asked question after (``step`` > 0) or before (``step`` < 0) ``question_id``,
        which may itself no longer be asked (the answer that hid it was just given)."""
        position = self._position.get(question_id)
        if position is None:
            order = self._order.get(question_id)
            if order is None:
                return None
            # the first asked question after it (or the last one before it)
            later = [n for n, q in enumerate(self.asked) if self._order[q.id] > order]
            if step > 0:
                return self.asked[later[0]].id if later else None
            before = later[0] - 1 if later else len(self.asked) - 1
            return self.asked[before].id if before >= 0 else None
        target = position + (1 if step > 0 else -1)
        return self.asked[target].id if 0 <= target < len(self.asked) else None
