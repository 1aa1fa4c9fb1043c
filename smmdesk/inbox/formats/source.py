"""Open an export file as text: refuse what is not text, pick the encoding, count lines.

One streaming pass over the bytes happens up front, so encoding problems are
reported before any record is produced and a progress bar gets a line count.
The records themselves are read later, again as a stream.
"""

from __future__ import annotations

import codecs
import io
import math
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from smmdesk.errors import UserError
from smmdesk.files import LIMITS, open_regular, too_large

CHUNK_SIZE = 1 << 20
MAX_LINE = 1 << 20  # characters in one physical line of a CSV, TSV or JSONL export
HEAD_CHARS = 1 << 16

# Byte-order marks, longest first: a UTF-32-LE mark starts with the UTF-16-LE one.
# Each maps to (codec for scanning the bytes after the mark, codec that reads the
# whole file and drops the mark).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16"),
)

ARCHIVES = (
    (b"PK\x03\x04", "zip archive instead of a comment export (unzip it first)"),
    (b"PK\x05\x06", "zip archive instead of a comment export (unzip it first)"),
    (b"\x1f\x8b", "gzip-compressed file (decompress it first)"),
)

# A file that is not UTF-8 (from its first byte) may be in one of the Cyrillic 8-bit encodings
# our Ukrainian/Russian users' tools save in; chardet says which, the judge below whether the
# result reads like text. Anything else is refused rather than guessed.
CYRILLIC_ENCODINGS = ("windows-1251", "koi8-u", "koi8-r", "ibm866", "iso-8859-5", "mac-cyrillic")
DETECT_SAMPLE = 200_000  # bytes chardet reads, from where the non-ASCII text starts
WORD = re.compile(r"[^\W\d_]+")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ASCII_LETTER = re.compile(r"[A-Za-z]")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
NON_ASCII = re.compile(r"[^\x00-\x7f]")
# Non-ASCII that is neither Cyrillic nor punctuation a cp1251 text legitimately
# holds (typographic quotes, dashes, №, NBSP, ...).
ODD_IN_CYRILLIC = re.compile("[^\x00-\x7f\u0400-\u04ff«»—–№…‘’‚“”„•€™°±§©®\xa0\xad]")


@dataclass
class TextFile:
    """A readable text file whose encoding is known."""

    path: Path
    label: str  # how error messages name the file
    encoding: str  # a codec that also drops any byte-order mark
    line_count: int  # newline-terminated lines, plus an unterminated last one
    head: str  # the first characters, for format detection
    size: int = 0  # bytes

    def open(self, *, newline: str | None = None) -> IO[str]:
        """The text, without its byte-order mark; ``newline=""`` for the csv module."""
        return io.TextIOWrapper(
            _open(self.path, self.label), encoding=self.encoding, newline=newline
        )

    def read_all(self) -> str:
        """The whole text, for a JSON document: refused beyond the size parsed whole."""
        if self.size > LIMITS["comments-json"]:
            raise too_large(self.label, "comments-json", self.size)
        with self.open() as handle:
            return handle.read()

    def lines(self, handle: IO[str]) -> Iterator[str]:
        """``handle``'s lines, each at most MAX_LINE characters: a longer one is refused,
        so that no line (a file without newlines) is read into memory whole."""
        number = 0
        while True:
            line = handle.readline(MAX_LINE + 1)
            if not line:
                return
            number += 1
            if len(line) > MAX_LINE:
                raise UserError(
                    f"line longer than {MAX_LINE:,} characters (not a comment export?), "
                    f"{self.label}:line {number}"
                )
            yield line


def open_text(path: Path, label: str) -> TextFile:
    """Check ``path`` is a readable, non-empty text file and work out how to decode it."""
    first = _read_start(path, label)
    for signature, what in ARCHIVES:
        if first.startswith(signature):
            raise UserError(f"{what}, {label}")
    encoding, bom_length, read_encoding = _encoding_from_bom(first)
    if bom_length == 0:
        _refuse_binary_start(first, label)
    scan = _scan(path, label, encoding, bom_length)
    if scan.bad_offset is not None:
        if bom_length:  # the file claims an encoding it does not hold: no guessing
            raise _not_decodable(path, label, encoding, scan.bad_offset, line=True)
        if _has_non_ascii(path, scan.bad_offset):
            # UTF-8 text up to here, something else after: one file, two encodings. Decoding
            # it all as either would store half of it as mojibake.
            raise _mixed(path, label, scan.bad_offset)
        scan, read_encoding = _scan_8bit(path, label, scan.bad_offset)
    if scan.nul_offset is not None:
        raise UserError(f"binary file (NUL byte at offset {scan.nul_offset}), {label}")
    if not scan.has_content:
        raise UserError(f"empty file, {label}")
    return TextFile(path, label, read_encoding, scan.line_count, scan.head, scan.size)


def _open(path: Path, label: str) -> IO[bytes]:
    return open_regular(path, label, "comments")


def _read_start(path: Path, label: str) -> bytes:
    try:
        with _open(path, label) as handle:
            first = handle.read(CHUNK_SIZE)
    except OSError as error:
        raise UserError(f"cannot read file ({error.strerror or error}), {label}") from None
    if not first:
        raise UserError(f"empty file, {label}")
    return first


def _encoding_from_bom(first: bytes) -> tuple[str, int, str]:
    for bom, scan_encoding, read_encoding in BOMS:
        if first.startswith(bom):
            return scan_encoding, len(bom), read_encoding
    return "utf-8", 0, "utf-8"


def _refuse_binary_start(first: bytes, label: str) -> None:
    nul = first.find(b"\x00")
    if nul < 0:
        return
    sample = first[:4096]
    if sample.count(b"\x00") * 3 > len(sample):  # every other byte NUL: UTF-16 without a BOM
        raise UserError(f"UTF-16 text without a byte-order mark; save the file as UTF-8, {label}")
    raise UserError(f"binary file (NUL byte at offset {nul}), {label}")


@dataclass
class _Scan:
    bad_offset: int | None = None  # first byte that does not decode
    nul_offset: int | None = None
    line_count: int = 0
    has_content: bool = False
    head: str = ""
    plausible: bool = True  # for the 8-bit fallback: reads like Cyrillic text
    size: int = 0


def _scan(
    path: Path, label: str, encoding: str, bom_length: int, *, judge_cyrillic: bool = False
) -> _Scan:
    """Decode the whole file in chunks without keeping it, noting what later steps need."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder(encoding)()
    judge = _CyrillicJudge() if judge_cyrillic else None
    newlines = carriage_returns = 0
    chars = 0
    position = bom_length
    last_char = ""
    with _open(path, label) as handle:
        handle.seek(bom_length)
        while True:
            chunk = handle.read(CHUNK_SIZE)
            final = not chunk
            pending = len(decoder.getstate()[0])
            try:
                text = decoder.decode(chunk, final=final)
            except UnicodeDecodeError as error:
                scan.bad_offset = position - pending + error.start
                return scan
            position += len(chunk)
            if text:
                if scan.nul_offset is None and "\x00" in text:
                    # Exact for 8-bit text; the chunk's start for UTF-16/32.
                    scan.nul_offset = position - len(chunk) + max(chunk.find(b"\x00"), 0)
                if not scan.has_content and not text.isspace():
                    scan.has_content = True
                if len(scan.head) < HEAD_CHARS:
                    scan.head += text[: HEAD_CHARS - len(scan.head)]
                newlines += text.count("\n")
                carriage_returns += text.count("\r")
                chars += len(text)
                last_char = text[-1]
                if judge:
                    judge.feed(text)
            if final:
                break
    scan.size = position
    # Old Mac files end lines with a lone CR; count those when there is no LF.
    scan.line_count = newlines or carriage_returns
    if chars and last_char not in "\r\n":
        scan.line_count += 1
    if judge:
        scan.plausible = judge.verdict()
    return scan


class _CyrillicJudge:
    """Does text decoded as cp1251 read like Cyrillic, or like mis-decoded Latin-1 garbage?

    Latin-1 accented letters land on Cyrillic letters in cp1251, so "café" becomes
    "cafй": a word mixing Latin and Cyrillic letters, which real text almost never has.
    """

    def __init__(self) -> None:
        self.cyrillic_words = 0
        self.mixed_words = 0
        self.non_ascii = 0
        self.odd = 0
        self.controls = False

    def feed(self, text: str) -> None:
        if CONTROL.search(text):
            self.controls = True
        for word in WORD.findall(text):
            if CYRILLIC.search(word):
                self.cyrillic_words += 1
                if ASCII_LETTER.search(word):
                    self.mixed_words += 1
        self.non_ascii += len(NON_ASCII.findall(text))
        self.odd += len(ODD_IN_CYRILLIC.findall(text))

    def verdict(self) -> bool:
        return (
            not self.controls
            and self.cyrillic_words > 0
            and self.mixed_words * 10 <= self.cyrillic_words
            and self.odd * 10 <= self.non_ascii
        )


# --- one Cyrillic 8-bit encoding per line ---
#
# The 8-bit Cyrillic encodings put the same 66 letters on different bytes, so a line saved in
# KOI8 decodes without error as Windows-1251 (and back), only as other letters: "Привіт" in
# KOI8-U reads "рТЙЧ¦Ф" in Windows-1251. chardet picks one encoding for the file; each line
# with non-ASCII bytes is then scored in every candidate by how often its letters occur in
# Ukrainian and Russian text (a letter's frequency, the most of the two languages), with a
# penalty for a capital after a small letter inside a word. The right encoding scores about
# -3.2 a character, a wrong one -4 to -8; a line is refused when another encoding reads it
# clearly better (LINE_MARGIN a character, LINE_MARGIN_TOTAL in all, LINE_MIN_CHARS at least).

_LETTER_PERCENT = {
    # (Russian, Ukrainian) frequency in %, from common corpus counts; ё, ъ and ґ raised to
    # what comments (which write ё) hold, so a short "Всё" is never a surprise
    "о": (10.97, 9.28), "е": (8.45, 4.95), "а": (8.01, 8.0), "и": (7.35, 6.25),
    "н": (6.70, 6.84), "т": (6.26, 5.0), "с": (5.47, 4.35), "р": (4.73, 4.59),
    "в": (4.54, 5.40), "л": (4.40, 3.6), "к": (3.49, 3.9), "м": (3.21, 3.0),
    "д": (2.98, 3.2), "п": (2.81, 2.9), "у": (2.62, 3.3), "я": (2.01, 2.2),
    "ы": (1.90, 0), "ь": (1.74, 1.7), "г": (1.70, 1.6), "з": (1.65, 2.2),
    "б": (1.59, 1.6), "ч": (1.44, 1.5), "й": (1.21, 1.2), "х": (0.97, 1.2),
    "ж": (0.94, 1.0), "ш": (0.73, 0.8), "ю": (0.64, 0.8), "ц": (0.48, 0.9),
    "щ": (0.36, 0.6), "э": (0.32, 0), "ф": (0.26, 0.2), "ъ": (0.1, 0),
    "ё": (0.3, 0), "і": (0, 5.10), "ї": (0, 0.8), "є": (0, 0.4), "ґ": (0, 0.1),
}  # fmt: skip
_LOG_FREQUENCY = {ch: math.log(max(pair) / 100) for ch, pair in _LETTER_PERCENT.items()}
_LOG_FREQUENCY.update(dict.fromkeys("«»—–№…‘’‚“”„•€™°±§©®\xa0", math.log(0.005)))
_LOG_RARE = math.log(0.0002)  # any other non-ASCII character
_LOG_CASE_FLIP = math.log(0.001)  # "рТЙЧ": a capital right after a small letter
CASE_FLIP = re.compile(r"[а-яёіїєґ][А-ЯЁІЇЄҐ]")
LINE_MARGIN = 0.4
# A line of at least FAST_MIN_CHARS non-ASCII characters scoring FAST_OK a character or better
# reads like text (the best any encoding reaches is about -2.7): no other is tried.
FAST_MIN_CHARS = 12
FAST_OK = -3.5
LINE_MARGIN_TOTAL = 8.0
LINE_MIN_CHARS = 4  # fewer non-ASCII characters decide nothing
# A KOI8-R file whose lines read better as KOI8-U is KOI8-U (it only adds і, ї, є, ґ where
# KOI8-R has box-drawing characters): read as such, not refused.
_SIBLINGS = {"koi8-r": "koi8-u"}
_CANDIDATES = tuple(codecs.lookup(name).name for name in CYRILLIC_ENCODINGS)


_ASCII = bytes(range(128))


@lru_cache(maxsize=16)
def _byte_scores(encoding: str) -> tuple[float, ...]:
    """Each byte's log-frequency when read in ``encoding`` (ASCII bytes score 0)."""
    scores = [0.0] * 256
    for byte in range(128, 256):
        ch = bytes([byte]).decode(encoding, errors="replace")
        scores[byte] = _LOG_FREQUENCY.get(ch.lower(), _LOG_RARE)
    return tuple(scores)


def _line_score(line: bytes, encoding: str) -> tuple[int, float]:
    """(non-ASCII bytes, their log-frequency total with the case penalty) of ``line``."""
    high = line.translate(None, _ASCII)
    total = sum(map(_byte_scores(encoding).__getitem__, high))
    flips = len(CASE_FLIP.findall(line.decode(encoding, errors="replace")))
    return len(high), total + flips * _LOG_CASE_FLIP


def _better_encoding(line: bytes, encoding: str) -> tuple[str | None, str]:
    """(the encoding that reads ``line`` clearly better than ``encoding``, or None;
    ``encoding``, or its sibling when that reads the line better)."""
    count, own = _line_score(line, encoding)
    if count < LINE_MIN_CHARS or (count >= FAST_MIN_CHARS and own >= FAST_OK * count):
        return None, encoding  # reads like text: no other can beat it by the margin
    best, best_score = None, own
    for other in _CANDIDATES:
        if other == encoding:
            continue
        _, score = _line_score(line, other)
        if score > best_score:
            best, best_score = other, score
    if best is None:
        return None, encoding
    if _SIBLINGS.get(encoding) == best:
        return None, best
    gain = best_score - own
    if gain >= LINE_MARGIN_TOTAL and gain >= LINE_MARGIN * count:
        return best, encoding
    return None, encoding


def _first_foreign_line(path: Path, encoding: str) -> tuple[int | None, str, str]:
    """In a file chardet reads as the 8-bit ``encoding``: (the first line another Cyrillic
    encoding reads clearly better than the lines before it, or None; that encoding; the
    encoding the file is in). The first line with Cyrillic decides the file's encoding when
    it reads clearly better in another than chardet's (chardet saw a sample, not lines)."""
    first = True
    for number, line in _non_ascii_lines(path):
        other, encoding = _better_encoding(line, encoding)
        if other is not None and first:
            encoding, other = other, None
        first = False
        if other is not None:
            return number, other, encoding
    return None, "", encoding


def _non_ascii_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    """(line number, raw bytes) of each line holding a non-ASCII byte, read in chunks."""
    number = 0
    carry = b""
    with _open(path, str(path)) as handle:
        while True:
            chunk = handle.read(CHUNK_SIZE)
            lines = (carry + chunk).split(b"\n")
            carry = lines.pop() if chunk else b""
            for line in lines:
                number += 1
                if not line.isascii():
                    yield number, line
            if not chunk:
                return


def _scan_8bit(path: Path, label: str, utf8_bad_offset: int) -> tuple[_Scan, str]:
    """The scan of a file that is not UTF-8, in the one Cyrillic encoding chardet finds."""
    encoding = _detect_cyrillic(path, utf8_bad_offset)
    if encoding is None:
        raise _not_decodable(path, label, "utf-8", utf8_bad_offset)
    scan = _scan(path, label, encoding, 0, judge_cyrillic=True)
    if scan.bad_offset is not None:
        raise _not_decodable(path, label, encoding, scan.bad_offset, line=True)
    if not scan.plausible:
        raise _not_decodable(path, label, "utf-8", utf8_bad_offset)
    utf8_line = _first_utf8_line(path)
    if utf8_line is not None:
        raise UserError(
            f"mixed encodings: the file reads as {_codec_title(encoding)} but this line is "
            f"UTF-8; save the whole file as UTF-8, {label}:line {utf8_line}"
        )
    foreign_line, other, in_encoding = _first_foreign_line(path, encoding)
    if foreign_line is not None:
        raise UserError(
            f"mixed encodings: the file reads as {_codec_title(in_encoding)} but this line reads "
            f"as {_codec_title(other)}; save the whole file as UTF-8, {label}:line {foreign_line}"
        )
    if in_encoding != encoding:  # its lines read better in another than chardet's guess
        scan = _scan(path, label, in_encoding, 0, judge_cyrillic=True)
        if scan.bad_offset is not None or not scan.plausible:
            raise _not_decodable(path, label, "utf-8", utf8_bad_offset)
    return scan, in_encoding


def _detect_cyrillic(path: Path, offset: int) -> str | None:
    """Which Cyrillic 8-bit encoding the bytes around ``offset`` (the first non-ASCII) are in."""
    import chardet

    with _open(path, str(path)) as handle:
        handle.seek(max(offset - 4096, 0))
        sample = handle.read(DETECT_SAMPLE)
    with warnings.catch_warnings():  # "no_match_encoding is excluded": None is the answer wanted
        warnings.simplefilter("ignore")
        found = chardet.detect(sample, include_encodings=CYRILLIC_ENCODINGS).get("encoding")
    if not found:
        return None
    try:
        return codecs.lookup(found).name
    except LookupError:
        return None


def _codec_title(encoding: str) -> str:
    return {"cp1251": "Windows-1251", "cp866": "IBM866", "mac-cyrillic": "MacCyrillic"}.get(
        encoding, encoding.upper()
    )


def _has_non_ascii(path: Path, end: int) -> bool:
    """Whether the bytes before ``end`` (valid UTF-8) hold any multi-byte character."""
    position = 0
    with _open(path, str(path)) as handle:
        while position < end:
            chunk = handle.read(min(CHUNK_SIZE, end - position))
            if not chunk:
                return False
            if not chunk.isascii():
                return True
            position += len(chunk)
    return False


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line holding byte ``offset`` of an ASCII-compatible file (LF, or lone CR)."""
    newlines = carriage_returns = position = 0
    with _open(path, str(path)) as handle:
        while position < offset:
            chunk = handle.read(min(CHUNK_SIZE, offset - position))
            if not chunk:
                break
            newlines += chunk.count(b"\n")
            carriage_returns += chunk.count(b"\r")
            position += len(chunk)
    return (newlines or carriage_returns) + 1


def _line_at_decoded(path: Path, encoding: str, offset: int) -> int:
    """The line holding byte ``offset``, counted in the decoded text (for UTF-16/32)."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    newlines = position = 0
    with _open(path, str(path)) as handle:
        while position < offset:
            chunk = handle.read(min(CHUNK_SIZE, offset - position))
            if not chunk:
                break
            newlines += decoder.decode(chunk).count("\n")
            position += len(chunk)
    return newlines + 1


# Characters a UTF-8 line holds that a line of 8-bit Cyrillic text, read as UTF-8 by chance
# (a capital letter then і/ї/є/ґ is a valid two-byte sequence), almost never does.
_UTF8_SIGNS = re.compile("[\u00c0-\u00ff\u0400-\u04ff\u2000-\u206f\u20ac\U0001f000-\U0001faff]")


def _first_utf8_line(path: Path) -> int | None:
    """In a file read as an 8-bit encoding: the first line that is UTF-8 text instead."""
    for number, line in _non_ascii_lines(path):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            continue
        non_ascii = [ch for ch in text if ord(ch) > 0x7F]
        if len(non_ascii) >= 2 or _UTF8_SIGNS.search(text):
            return number
    return None


def _not_decodable(
    path: Path, label: str, encoding: str, offset: int, *, line: bool = False
) -> UserError:
    with _open(path, str(path)) as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
    name = _codec_title(encoding).upper().removesuffix("-LE").removesuffix("-BE")
    where = label
    if line:
        number = (
            _line_at_decoded(path, encoding, offset)
            if encoding.startswith("utf-")
            else _line_at(path, offset)
        )
        where = f"{label}:line {number}"
    return UserError(
        f"not {name} text (byte 0x{byte:02X} at offset {offset}); save the file as UTF-8, {where}"
    )


def _mixed(path: Path, label: str, offset: int) -> UserError:
    with _open(path, str(path)) as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
    return UserError(
        f"mixed encodings: the lines before this one are UTF-8 but it is not (byte 0x{byte:02X} "
        f"at offset {offset}); save the whole file as UTF-8, {label}:line {_line_at(path, offset)}"
    )
