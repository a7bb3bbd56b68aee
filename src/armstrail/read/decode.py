"""Bytes to text. Checks that need the raw bytes (empty, binary, encoding) happen here, once, so that
every format reader gets the same verdicts and the same wording."""

from __future__ import annotations

from dataclasses import dataclass, field

from armstrail import messages
from armstrail.errors import InputError

BOM = b"\xef\xbb\xbf"
SNIFF_BYTES = 8192
# Text has almost no C0 controls besides tab, newlines, form feed and escape; binary data is full of them.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")
_BINARY_CONTROL_SHARE = 0.1


@dataclass
class Decoded:
    """A decoded text and the warnings the decoding raised (to be carried by its articles)."""

    text: str
    warnings: list[str] = field(default_factory=list)


def looks_binary(data: bytes) -> bool:
    """True for data that is not text: a NUL byte, or many control characters, in the first 8 kB."""
    head = data[:SNIFF_BYTES]
    if not head:
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if (byte < 0x20 and byte not in _TEXT_CONTROLS) or byte == 0x7F)
    return controls / len(head) > _BINARY_CONTROL_SHARE


def decode_utf8(data: bytes) -> Decoded:
    """Decode UTF-8 (a leading BOM is dropped); invalid bytes become U+FFFD and a warning counts them.

    Lenient on purpose: one stray Latin-1 byte should not cost a whole article.
    """
    if data.startswith(BOM):
        data = data[len(BOM) :]
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError:
        escaped = data.decode("utf-8", errors="surrogateescape")
        count = sum(1 for ch in escaped if "\udc80" <= ch <= "\udcff")
        return Decoded(data.decode("utf-8", errors="replace"), [messages.NOT_UTF8.format(count=count)])


def decode(
    data: bytes, origin: str, *, empty: str = messages.EMPTY_FILE, binary: str = messages.BINARY_FILE
) -> Decoded:
    """Decode one input, raising ``InputError`` when it is empty (or only whitespace) or binary."""
    if not data.strip():
        raise InputError(origin, empty)
    if looks_binary(data):
        raise InputError(origin, binary)
    decoded = decode_utf8(data)
    if not decoded.text.strip():
        raise InputError(origin, empty)
    return decoded


def check_size(text: str, origin: str, limit: int) -> None:
    """Raise ``InputError`` when ``text`` is over ``limit`` bytes of UTF-8 (Settings.max_bytes)."""
    if len(text) <= limit // 4:  # at most 4 bytes a character: surely within the limit, skip encoding
        return
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limit:
        raise InputError(origin, messages.TEXT_TOO_LARGE.format(size=size, limit=limit))
