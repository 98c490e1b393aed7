"""Five maturity levels, and how critical gaps cap them. See docs/scoring.md."""

from __future__ import annotations

from dataclasses import dataclass

from app.i18n import N_


@dataclass(frozen=True)
class MaturityLevel:
    number: int
    name: str  # marked for translation, translate where shown
    description: str
    min_score: float


LEVELS: tuple[MaturityLevel, ...] = (
    MaturityLevel(1, N_("Initial"),
                  N_("Basic protections are missing: the practice is exposed today."), 0),
    MaturityLevel(2, N_("Basic"),
                  N_("Some protections exist but important gaps remain."), 35),
    MaturityLevel(3, N_("Structured"),
                  N_("The essentials are in place; the rest needs a plan."), 55),
    MaturityLevel(4, N_("Managed"),
                  N_("Protections are in place and looked after."), 75),
    MaturityLevel(5, N_("Exemplary"),
                  N_("Good practice throughout, checked regularly."), 90),
)

# A critical question that no verdict rule is about (a questionnaire without verdict.yaml) caps
# the level simply: answered "no" or "I don't know", here, whatever the rest:
CAP_FOR_FAILED_CRITICAL = 2
# A critical question only partly satisfied caps it here.
CAP_FOR_PARTIAL_CRITICAL = 3


def level_for_score(score: float) -> MaturityLevel:
    chosen = LEVELS[0]
    for level in LEVELS:
        if score >= level.min_score:
            chosen = level
    return chosen


def capped_level(score: float | None, cap: int | None
                 ) -> tuple[MaturityLevel, MaturityLevel]:
    """(the level the score alone gives, the level once held to ``cap``, if any)."""
    uncapped = level_for_score(score if score is not None else 0.0)
    return uncapped, LEVELS[min(uncapped.number, cap or 5) - 1]
