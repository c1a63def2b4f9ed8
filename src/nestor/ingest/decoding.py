"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and for web pages the charset they
declare. Other encodings are refused with a hint naming the likely one. NUL bytes mean binary content."""

from __future__ import annotations

import codecs
import re

from ..errors import DecodeError

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)|encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.I
)
# codecs Python knows that no web page is written in
_NOT_CHARSETS = "escape idna punycode undefined base64 hex zlib bz2 quopri uu rot".split()

BINARY_MESSAGE = "binary content (NUL bytes), not a text file"
GZIP_MAGIC = b"\x1f\x8b"


def binary_message(data: bytes) -> str:
    """Why ``data`` (the start of a file) is not text, with a hint for gzip data under a plain name."""
    if data.startswith(GZIP_MAGIC):
        return "gzip-compressed data: add .gz to the file name (e.g. docs.jsonl.gz)"
    return BINARY_MESSAGE


def strip_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def utf8_error_message(exc: UnicodeDecodeError, data: bytes) -> tuple[str, int]:
    """A message naming the bad byte and its column, and the 1-based line it is on."""
    line = data.count(b"\n", 0, exc.start) + 1
    column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
    byte = data[exc.start]
    return f"not valid UTF-8 (byte 0x{byte:02x} at column {column})", line


def line_decode_error(exc: UnicodeDecodeError, raw: bytes, source: str, line: int) -> DecodeError:
    """The DecodeError for one line of a JSONL or CSV file that is not UTF-8."""
    return DecodeError(f"{utf8_error_message(exc, raw)[0]}; save the file as UTF-8", source, line)


def decode_bytes(data: bytes, source: str, html: bool = False) -> str | DecodeError:
    """The text of a whole file, or a DecodeError.

    UTF-8 (BOM or not) and BOM-marked UTF-16/32 are read; a web page (``html``) may also declare its
    charset. Anything else is an error whose message suggests the likely encoding to convert from:
    guessing it silently (charset_normalizer reads short French cp1252 as cp1257, Russian cp1251 as
    mac_cyrillic) would corrupt the text that event offsets point into.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return DecodeError(f"starts with a {encoding} byte-order mark but is not {encoding}", source)
    if b"\0" in data:
        return DecodeError(binary_message(data), source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        message, line = utf8_error_message(exc, data)
    if html and (text := _declared(data)) is not None:
        return text
    guesses = guess_encodings(data)
    if guesses:
        return DecodeError(f"{message}; perhaps {' or '.join(guesses)}: convert it to UTF-8", source, line)
    return DecodeError(f"{message}; save the file as UTF-8", source, line)


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    name = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    if codec.startswith(("utf-16", "utf-32")) or any(bad in codec for bad in _NOT_CHARSETS):
        return None  # a page without a BOM that says UTF-16 is not (HTML standard); the rest are not charsets
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


# Legacy encodings by how common they are on the web: among charset_normalizer's equally plausible
# candidates it often ranks a rare one first (cp1257 for French, mac_cyrillic for Russian).
_PREFERRED = (
    "cp1252",
    "cp1251",
    "cp1250",
    "gb18030",
    "gbk",
    "big5",
    "shift_jis",
    "cp932",
    "euc_jp",
    "euc_kr",
    "cp949",
    "koi8_r",
    "cp1256",
    "cp1253",
    "cp1254",
    "cp1255",
    "cp1257",
    "cp874",
)
_CHAOS_MARGIN = 0.02


def _rank(encoding: str) -> int:
    return _PREFERRED.index(encoding) if encoding in _PREFERRED else len(_PREFERRED)


def guess_encodings(data: bytes, most: int = 2) -> list[str]:
    """Up to ``most`` likely legacy encodings of ``data``, for a hint (never used to decode)."""
    try:
        from charset_normalizer import from_bytes  # installed with trafilatura
    except ImportError:  # pragma: no cover - trafilatura depends on it
        return []
    try:
        matches = list(from_bytes(data[:65536]))
    except (LookupError, ValueError):  # pragma: no cover - a detector bug is no reason to fail
        return []
    if not matches:
        return []
    least = min(m.chaos for m in matches)
    likely = [m.encoding for m in matches if m.chaos <= least + _CHAOS_MARGIN]
    return sorted(dict.fromkeys(likely), key=_rank)[:most]
