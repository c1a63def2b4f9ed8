"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with a BOM, and for web pages the charset they
declare. Other encodings are refused with a hint naming the likely one. NUL bytes together with other
control bytes mean binary content; NUL bytes between most characters mean UTF-16/32 without a BOM."""

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
WIDE_MESSAGE = (
    "NUL bytes between the characters: UTF-16 or UTF-32 without a byte-order mark? "
    "save the file as UTF-8 (or with a byte-order mark)"
)
GZIP_MAGIC = b"\x1f\x8b"
GZIP_MESSAGE = "gzip-compressed data: add .gz to the file name (e.g. docs.jsonl.gz)"
BLANK = " \t\n\r\v\f"  # white space on a blank line: ASCII's, not all of Unicode's
SNIFF_BYTES = 1 << 16  # how much of a file the binary checks look at

# control bytes text does not hold: C0 but NUL, \t \n \v \f \r and ESC (colour codes in logs); and DEL
_CONTROLS = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
_NOT_CONTROLS = bytes(b for b in range(256) if b not in _CONTROLS)
_NUL_RUN = re.compile(rb"\x00+")
_WIDE_RUNS = 16  # NUL runs before a file can look like UTF-16/32 at all


def sniff_bom(data: bytes) -> tuple[bytes, str] | None:
    """``(byte-order mark, encoding)`` when ``data`` starts with a Unicode BOM, else None."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return bom, encoding
    return None


def binary_problem(head: bytes) -> str | None:
    """Why a file starting with ``head`` is not text at all, or None when it is text (stray NULs and all).

    A NUL byte alone is not enough: a record with a NUL in it is that record's problem. The file is
    binary when NULs come with other control bytes (over 1 % of the head), and UTF-16/32 without a BOM
    when NULs sit between most characters. Gzip data under a plain name gets its own hint.
    """
    head = head[:SNIFF_BYTES]
    if head.startswith(GZIP_MAGIC):
        return GZIP_MESSAGE
    if b"\0" not in head:
        return None
    runs = sum(1 for _ in _NUL_RUN.finditer(head))
    if runs >= _WIDE_RUNS and runs * 16 >= len(head):
        return WIDE_MESSAGE
    controls = len(head.translate(None, _NOT_CONTROLS))
    if controls >= 2 and controls * 100 >= len(head):
        return BINARY_MESSAGE
    return None


def binary_message(data: bytes) -> str:
    """Why ``data`` (a whole file with NUL bytes in it) is not text, with a hint where one applies."""
    return binary_problem(data) or BINARY_MESSAGE


def first_visible(head: bytes | bytearray, skip: int = 0) -> tuple[str, int]:
    """The first character of ``head`` (decoded after its BOM, if any) that is not white space, '' when
    there is none yet; and how many bytes at the start of ``head`` hold only white space, to be passed as
    ``skip`` when more of the stream has come, so that each byte is looked at once."""
    bom, encoding = sniff_bom(head) or (b"", "utf-8")
    skip = max(skip, len(bom))
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head[skip:])
    rest = text.lstrip(BLANK)
    width = 4 if encoding.startswith("utf-32") else 2 if encoding.startswith("utf-16") else 1
    return rest[:1], skip + (len(text) - len(rest)) * width


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
    marked = sniff_bom(data)
    if marked is not None:
        bom, encoding = marked
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
