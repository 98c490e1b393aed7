"""What the window's title and status line say: the database, the assessment or the review on
screen. A function of what is open, kept apart from the window's wiring."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_NAME
from app.gui.pages import AUDITOR_PAGES, Page
from app.i18n import _, format_date

if TYPE_CHECKING:
    from app.gui.review_session import ReviewSession
    from app.gui.session import AssessmentSession
    from app.gui.store import Store


def opening_texts() -> tuple[str, str]:
    """(title, status line) while the database opens."""
    return APP_NAME, _("Opening the database…")


def window_texts(store: Store, page: Page, session: AssessmentSession | None,
                 review: ReviewSession | None) -> tuple[str, str]:
    """(title, status line): the practice in the title; the review, the assessment or the
    database below."""
    # lazy: that module imports the domain (~0.17 s); this one is imported for the first paint
    from app.gui.assessment_list_model import STATUS_LABELS

    practice = store.practice()
    title = f"{APP_NAME} — {practice.info.name}" if practice else APP_NAME
    if page is Page.REVIEW and review is not None:
        return title, _("Review of {practice} · assessment of {date} · {status}").format(
            practice=review.snapshot.practice.name,
            date=format_date(review.created_on, fmt="long"),
            status=_(STATUS_LABELS[review.status]))
    if session is None or page in AUDITOR_PAGES:
        location = store.location  # a file's name (its path in the tooltip)
        return title, _("Database: {location}").format(
            location=Path(location).name if "://" not in location else location)
    return title, _("Assessment of {date} · {status}").format(
        date=format_date(session.created_on, fmt="long"),
        status=_(STATUS_LABELS[session.status]))
