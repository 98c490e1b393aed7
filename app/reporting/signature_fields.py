"""Empty PAdES signature fields over the signature boxes of the last page.

ReportLab cannot make a signature field, so they are added with pyHanko after the build, as an
incremental update (nothing is signed yet, and the signer appends its own updates after it).
The boxes come from where the layout actually put them (``flowables.SignatureArea``).
Two things pyHanko would make differ from one run to the next are pinned, so that the same
report gives the same bytes: the second half of the file identifier (random) is derived from the
content, and the document information is left as ReportLab wrote it (pyHanko would stamp the
current time as /ModDate; the report's own date is its ``generated_at``).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from app.reporting.flowables import PlacedBox


class _FieldWriter(IncrementalPdfFileWriter):  # type: ignore[misc]
    """An incremental writer that leaves /Info (and the XMP metadata) alone."""

    def _update_meta(self) -> None:
        return None


def add_signature_fields(pdf: bytes, boxes: Mapping[str, PlacedBox]) -> bytes:
    """``pdf`` with one empty signature field per box, named by its key."""
    writer = _FieldWriter(io.BytesIO(pdf), strict=False)
    first_id = writer.document_id[0]
    second_id = hashlib.sha256(pdf).digest()[:16]
    # no public setter for the identifier:
    writer._document_id = generic.ArrayObject([
        generic.ByteStringObject(first_id), generic.ByteStringObject(second_id)])
    for name, box in boxes.items():
        append_signature_field(writer, SigFieldSpec(sig_field_name=name,
                                                    on_page=box.page_index,
                                                    box=box.as_ints()))
    out = io.BytesIO()
    writer.write(out)  # type: ignore[no-untyped-call]
    return out.getvalue()
