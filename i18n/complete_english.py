"""Give every new English message its source text, so the English catalog stays complete.

Message ids are English, so a new id's English text is the id itself; an editor may then polish
the wording in ``en/LC_MESSAGES/cybercabinet.po`` without touching the code. Entries already
edited are left alone. Run by ``make extract`` after the catalogs are updated.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

CATALOG = Path(__file__).parent / "en" / "LC_MESSAGES" / "cybercabinet.po"


def main() -> int:
    with CATALOG.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
    with CATALOG.open("wb") as handle:
        write_po(handle, catalog)
    print(f"{CATALOG}: {filled} English message(s) filled from their source text")
    return 0


if __name__ == "__main__":
    sys.exit(main())
