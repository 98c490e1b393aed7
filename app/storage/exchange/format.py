"""The exchange file's envelope: format name and version, the SHA-256 of the content, and the
careful reading of untrusted bytes (docs/exchange-format.md).

A plain file is UTF-8 JSON::

    {"format": "cybercabinet-exchange", "format_version": 1,
     "sha256": "<SHA-256 of the canonical JSON of content>", "content": {...}}

The canonical JSON is ``json.dumps(content, sort_keys=True, ensure_ascii=False,
separators=(",", ":"))`` in UTF-8. An encrypted file (``crypto.py``) holds such a document as
its plaintext. ``decode`` refuses, with a message for people, anything that is not exactly this:
no duplicate keys, no NaN or infinite numbers, no lone surrogates or NUL characters, no nesting
deeper than the format has, a known format version, a matching hash, a content the schema
accepts.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from typing import Any

import pydantic

from app.i18n import _
from app.storage.errors import ExchangeError
from app.storage.exchange.schema import Content

FORMAT = "cybercabinet-exchange"
FORMAT_VERSION = 1
"""Increased when a reader of this version could misread a newer file; such files are refused
("written by a newer CyberCabinet")."""
SUFFIX = ".ccab"
MAX_DEPTH = 8
"""The format's deepest nesting is 5 (content → review → items → item → proposed list)."""
MAX_INTEGER_DIGITS = 15


def canonical_bytes(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=False).encode("utf-8")


def content_sha256(content: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(content)).hexdigest()


def encode(content: Content) -> bytes:
    """The plain file for this content (indented, so that a person can read it)."""
    data = content.model_dump(mode="json")
    document = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "sha256": content_sha256(data), "content": data}
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False).encode("utf-8")


def decode(data: bytes) -> Content:
    """The content of a plain exchange file, or ``ExchangeError`` saying why it is refused."""
    document = _parse(data)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _foreign()
    version = document.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise _damaged(_("its format version is missing or wrong"))
    if version > FORMAT_VERSION:
        raise ExchangeError(
            _("The file was written by a newer version of CyberCabinet (exchange format "
              "{version}; this version reads format {supported}); nothing was imported.").format(
                version=version, supported=FORMAT_VERSION),
            hint=_("Update CyberCabinet to import it."))
    if set(document) != {"format", "format_version", "sha256", "content"}:
        raise _damaged(_("it has unexpected or missing parts"))
    content = document["content"]
    if not isinstance(content, dict) or not isinstance(document["sha256"], str):
        raise _damaged(_("its content is missing"))
    if content_sha256(content) != document["sha256"]:
        raise ExchangeError(
            _("The file was changed or damaged after it was written (its SHA-256 does not "
              "match its content); nothing was imported."),
            hint=_("Ask the sender for the file again."))
    try:
        return Content.model_validate(content)
    except pydantic.ValidationError as error:
        raise _damaged(_describe(error)) from None


def _parse(data: bytes) -> Any:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _foreign() from None
    if not text.lstrip().startswith("{"):
        raise _foreign()
    try:
        document = json.loads(text, object_pairs_hook=_no_duplicates, parse_float=_float,
                              parse_int=_integer, parse_constant=_constant)
    except RecursionError:
        raise _damaged(_("it is nested too deeply")) from None
    except ValueError as error:  # JSONDecodeError, and what the hooks refuse
        raise _damaged(_("it is not complete, valid JSON ({reason})").format(
            reason=error)) from None
    _check_strings(document)
    return document


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r}")
        result[key] = value
    return result


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number out of range: {text[:20]}")
    return value


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise ValueError(f"number out of range: {text[:20]}…")
    return int(text)


def _constant(text: str) -> float:
    raise ValueError(f"{text} is not a number")


def _check_strings(document: Any) -> None:
    """Walk without recursion: every string must be storable (UTF-8, no NUL), nesting bounded."""
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _damaged(_("it is nested too deeply"))
        if isinstance(value, str):
            _storable(value)
        elif isinstance(value, dict):
            for key, item in value.items():
                _storable(key)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            stack.extend((item, depth + 1) for item in value)


def _storable(text: str) -> None:
    if "\x00" in text:
        raise _damaged(_("it holds a NUL character"))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _damaged(_("it holds text that is not valid Unicode")) from None


def _describe(error: pydantic.ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    more = len(error.errors()) - 1
    text = _("field '{field}': {problem}").format(field=where or "content", problem=first["msg"])
    if more:
        text += _(" (and {count} more problems)").format(count=more)
    return text


def _foreign() -> ExchangeError:
    return ExchangeError(_("This is not a CyberCabinet exchange file; nothing was imported."),
                         hint=_("Choose a .ccab file exported by CyberCabinet."))


def _damaged(reason: str) -> ExchangeError:
    return ExchangeError(
        _("The exchange file is damaged or was changed: {reason}; nothing was imported.").format(
            reason=reason), hint=_("Ask the sender for the file again."))
