"""Open an export file as text: refuse what is not text, pick the encoding, count lines.

One streaming pass over the bytes happens up front, so encoding problems are
reported before any record is produced and a progress bar gets a line count.
The records themselves are read later, again as a stream.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from smmdesk.errors import UserError

CHUNK_SIZE = 1 << 20
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

# The fallback for Ukrainian/Russian users whose spreadsheet saved in Windows-1251.
FALLBACK_ENCODING = "cp1251"
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
    label: str            # how error messages name the file
    encoding: str         # a codec that also drops any byte-order mark
    line_count: int       # newline-terminated lines, plus an unterminated last one
    head: str             # the first characters, for format detection

    def open(self, *, newline: str | None = None) -> IO[str]:
        """The text, without its byte-order mark; ``newline=""`` for the csv module."""
        return self.path.open("r", encoding=self.encoding, newline=newline)

    def read_all(self) -> str:
        with self.open() as handle:
            return handle.read()


def open_text(path: Path, label: str) -> TextFile:
    """Check ``path`` is a readable, non-empty text file and work out how to decode it."""
    first = _read_start(path, label)
    for signature, what in ARCHIVES:
        if first.startswith(signature):
            raise UserError(f"{what}, {label}")
    encoding, bom_length, read_encoding = _encoding_from_bom(first)
    if bom_length == 0:
        _refuse_binary_start(first, label)
    scan = _scan(path, encoding, bom_length)
    if scan.bad_offset is not None:
        if bom_length:  # the file claims an encoding it does not hold: no guessing
            raise _not_decodable(path, label, encoding, scan.bad_offset)
        fallback = _scan(path, FALLBACK_ENCODING, 0, judge_cyrillic=True)
        if fallback.bad_offset is not None or not fallback.plausible:
            raise _not_decodable(path, label, encoding, scan.bad_offset)
        scan, read_encoding = fallback, FALLBACK_ENCODING
    if scan.nul_offset is not None:
        raise UserError(f"binary file (NUL byte at offset {scan.nul_offset}), {label}")
    if not scan.has_content:
        raise UserError(f"empty file, {label}")
    return TextFile(path, label, read_encoding, scan.line_count, scan.head)


def _read_start(path: Path, label: str) -> bytes:
    if path.is_dir():
        raise UserError(f"is a directory (expected an export file), {label}")
    if path.exists() and not path.is_file():
        raise UserError(f"not a regular file (expected an export file), {label}")
    try:
        with path.open("rb") as handle:
            first = handle.read(CHUNK_SIZE)
    except FileNotFoundError:
        raise UserError(f"no such file, {label}") from None
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
    bad_offset: int | None = None     # first byte that does not decode
    nul_offset: int | None = None
    line_count: int = 0
    has_content: bool = False
    head: str = ""
    plausible: bool = True            # for the cp1251 fallback: reads like Cyrillic text


def _scan(path: Path, encoding: str, bom_length: int, *, judge_cyrillic: bool = False) -> _Scan:
    """Decode the whole file in chunks without keeping it, noting what later steps need."""
    scan = _Scan()
    decoder = codecs.getincrementaldecoder(encoding)()
    judge = _CyrillicJudge() if judge_cyrillic else None
    newlines = carriage_returns = 0
    chars = 0
    position = bom_length
    last_char = ""
    with path.open("rb") as handle:
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


def _not_decodable(path: Path, label: str, encoding: str, offset: int) -> UserError:
    with path.open("rb") as handle:
        handle.seek(offset)
        byte = handle.read(1)[0]
    name = encoding.upper().removesuffix("-LE").removesuffix("-BE")
    return UserError(
        f"not {name} text (byte 0x{byte:02X} at offset {offset}); save the file as UTF-8, {label}"
    )
