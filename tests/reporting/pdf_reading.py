"""Reading a report back with pypdf, the way a third party would."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in reader(pdf).pages]


def full_text(pdf: bytes) -> str:
    return "\n".join(page_texts(pdf))


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces made single spaces (wrapped lines rejoin)."""
    return " ".join(text.replace("\u00a0", " ").split())


def all_objects(pdf_reader: PdfReader) -> list[Any]:
    """Every object of every cross-reference section (the incremental update's too)."""
    objects = []
    for generation, entries in pdf_reader.xref.items():
        for number in entries:
            objects.append(pdf_reader.get_object(IndirectObject(number, generation, pdf_reader)))
    for number in pdf_reader.xref_objStm:
        objects.append(pdf_reader.get_object(IndirectObject(number, 0, pdf_reader)))
    return objects


@dataclass(frozen=True)
class FontCheck:
    name: str
    subtype: str
    embedded: bool


def fonts(pdf: bytes) -> list[FontCheck]:
    """Every font dictionary in the file, and whether its program is embedded (FontFile2)."""
    found = []
    pdf_reader = reader(pdf)
    for obj in all_objects(pdf_reader):
        if not isinstance(obj, DictionaryObject) or obj.get("/Type") != "/Font":
            continue
        subtype = str(obj.get("/Subtype"))
        if subtype == "/Type0":
            continue  # checked through its descendant font
        descriptor = obj.get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        found.append(FontCheck(str(obj.get("/BaseFont")), subtype,
                               "/FontFile2" in descriptor))
    return found


def outline_titles(pdf: bytes) -> list[tuple[str, int, int]]:
    """(title, level, page index) of every bookmark, in order."""
    pdf_reader = reader(pdf)
    result: list[tuple[str, int, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                page = pdf_reader.get_destination_page_number(item)
                result.append((str(item.title), level, -1 if page is None else page))

    walk(pdf_reader.outline, 0)
    return result


@dataclass(frozen=True)
class SignatureField:
    name: str
    page_index: int
    rect: tuple[float, float, float, float]
    signed: bool


def signature_fields(pdf: bytes) -> list[SignatureField]:
    pdf_reader = reader(pdf)
    page_numbers = {page.indirect_reference.idnum: index
                    for index, page in enumerate(pdf_reader.pages)
                    if page.indirect_reference is not None}
    result = []
    for index, page in enumerate(pdf_reader.pages):
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            if widget.get("/FT") != "/Sig":
                continue
            page_ref = widget.get("/P")
            page_index = page_numbers.get(page_ref.idnum, index) if page_ref else index
            rect = tuple(float(v) for v in widget["/Rect"])
            result.append(SignatureField(str(widget.get("/T")), page_index,
                                         (rect[0], rect[1], rect[2], rect[3]),
                                         widget.get("/V") is not None))
    return result
