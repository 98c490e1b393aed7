"""``Database``: the one object the GUI, the CLI and the report talk to.

It is assembled from one mixin per area, each in a module named after what it does, so that a
reader finds ``save_answer`` in ``answers.py`` and ``record_signature`` in ``signatures.py``.
Every public method is one transaction and takes and returns plain values (``records.py``, the
domain's ``AssessmentSnapshot``); ids are UUIDs as text. Open one with
``app.storage.open_database``.
"""

from __future__ import annotations

from app.storage.action_items import ActionItems
from app.storage.answers import Answers
from app.storage.assessments import Assessments
from app.storage.exchange.methods import Exchange
from app.storage.history import History
from app.storage.listing import Listing
from app.storage.practices import Practices
from app.storage.reviews import Reviews
from app.storage.signatures import Signatures
from app.storage.snapshots import Snapshots


class Database(Practices, Assessments, Answers, Snapshots, ActionItems, Signatures, Reviews,
               Listing, History, Exchange):
    """An open database. Use it as a context manager, or call ``close()``."""
