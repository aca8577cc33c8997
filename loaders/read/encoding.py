"""Bytes → text: what kind of file this is, which encoding it is in, and decoding it as a stream.

Encodings are found from the bytes, never from the file name: a byte-order mark
first, then the fast path (the head is valid UTF-8), then charset-normalizer's
guess limited to the Chinese encodings, then GB18030. GB2312 and GBK text is
decoded as GB18030, their superset, so that a rare character outside GBK does
not fail the whole file.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

HEAD_BYTES = 64 * 1024
"""How much of a file is looked at to sniff its kind and encoding."""

BLOCK_BYTES = 1 << 20
"""Read size when streaming a file (hashing, decoding)."""

# UTF-32 marks first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Signatures of file kinds that are not text. PDF and ZIP (.docx) are read by
# their own readers; the others get a "binary file" error that names the kind.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"PK\x07\x08", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"{\\rtf", "rtf"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\xca\xfe\xba\xbe", "Java class or Mach-O file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh91AY&SY", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"\x1a\x45\xdf\xa3", "Matroska/WebM video"),
)

# C0 control bytes that do not occur in text (TAB, LF, VT, FF, CR, SUB and ESC
# do, in files saved by old editors); NUL is handled on its own.
_CONTROL_BYTES = bytes(b for b in range(1, 32) if b not in (9, 10, 11, 12, 13, 26, 27)) + b"\x7f"
_MAX_CONTROL_SHARE = 0.01

_GB_FAMILY = frozenset({"gb2312", "gbk", "gb18030", "cp936", "hz", "euc_cn", "iso2022_cn"})
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950"})

_HTML_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title)\b",
    re.IGNORECASE | re.DOTALL,
)
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


class Sniffed(NamedTuple):
    """What the first bytes of a file say it is.

    ``kind`` is ``"pdf"``, ``"zip"``, ``"ole"``, ``"rtf"``, ``"binary"`` or
    ``"text"``; ``detail`` names a binary kind ("PNG image").
    """

    kind: str
    detail: str = ""


def sniff(head: bytes) -> Sniffed:
    """Classify a file by its first bytes.

    Args:
        head: the first bytes of the file (up to ``HEAD_BYTES``).

    Returns:
        The kind of file; ``"text"`` when nothing says otherwise.

    Example:
        >>> sniff(b"%PDF-1.7\\n...").kind
        'pdf'
        >>> sniff("江西".encode("gb18030")).kind
        'text'
        >>> sniff(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00").detail
        'PNG image'
    """
    # Some PDF writers put a blank line before the header; nothing else is that lax.
    if head.lstrip(b" \t\r\n").startswith(b"%PDF-"):
        return Sniffed("pdf")
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            if kind in ("pdf", "zip", "ole", "rtf"):
                return Sniffed(kind)
            return Sniffed("binary", kind)
    if bom_encoding(head) or bomless_utf16(head):
        return Sniffed("text")
    if b"\x00" in head:
        return Sniffed("binary")
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls and controls > len(head) * _MAX_CONTROL_SHARE:
        return Sniffed("binary")
    return Sniffed("text")


def bom_encoding(head: bytes) -> str | None:
    """The codec named by a byte-order mark, or None.

    The codecs returned drop the mark while decoding.

    Example:
        >>> bom_encoding(b"\\xef\\xbb\\xbfabc")
        'utf-8-sig'
        >>> bom_encoding("赣".encode("utf-16"))
        'utf-16'
        >>> bom_encoding(b"abc") is None
        True
    """
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec
    return None


def bomless_utf16(head: bytes) -> str | None:
    """``"utf-16-le"`` / ``"utf-16-be"`` for UTF-16 text saved without a mark, else None.

    Mostly-ASCII UTF-16 has a NUL in every other byte; that pattern is what is
    recognised (Chinese UTF-16 without a mark cannot be told from binary).

    Example:
        >>> bomless_utf16("policy 政策".encode("utf-16-le"))
        'utf-16-le'
        >>> bomless_utf16(b"plain") is None
        True
    """
    if len(head) < 8:
        return None
    sample = head[: 4096 - 4096 % 2]
    even, odd = sample[0::2], sample[1::2]
    even_nul, odd_nul = even.count(0) / len(even), odd.count(0) / len(odd)
    if odd_nul >= 0.4 and even_nul <= 0.05:
        return "utf-16-le"
    if even_nul >= 0.4 and odd_nul <= 0.05:
        return "utf-16-be"
    return None


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, as a Python codec name.

    Example:
        >>> declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
        'gb18030'
        >>> declared_charset(b"<meta charset=unknown-thing>") is None
        True
    """
    match = _DECLARED_CHARSET.search(head[:8192])
    if not match:
        return None
    return normalise_codec(match.group(1).decode("ascii", "ignore"))


def normalise_codec(name: str) -> str | None:
    """A Python codec name for an encoding label; GB2312/GBK widen to GB18030.

    Example:
        >>> normalise_codec("GBK"), normalise_codec("UTF8"), normalise_codec("ascii")
        ('gb18030', 'utf-8', 'utf-8')
        >>> normalise_codec("no-such-codec") is None
        True
    """
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    codec = codec.replace("-", "_")
    if codec in _GB_FAMILY:
        return "gb18030"
    if codec in ("utf_8", "ascii"):
        return "utf-8"
    return codec.replace("_", "-")


def is_valid_utf8(data: bytes, *, complete: bool) -> bool:
    """Whether ``data`` decodes as UTF-8; when not ``complete``, a cut final character is allowed.

    Example:
        >>> is_valid_utf8("政策".encode()[:-1], complete=False)
        True
        >>> is_valid_utf8("政策".encode()[:-1], complete=True)
        False
    """
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def candidate_encodings(head: bytes, *, complete: bool, declared: str | None = None) -> list[str]:
    """Codecs to try on a file, most likely first.

    Args:
        head: the first bytes of the file.
        complete: whether ``head`` is the whole file.
        declared: a charset the file declares (an HTML ``<meta>``), if any.

    Returns:
        A byte-order mark's codec alone; else UTF-8 when the head is valid UTF-8,
        the declared charset, charset-normalizer's Chinese guess (asked only
        when the bytes do not read as simplified Chinese), and GB18030.

    Example:
        >>> candidate_encodings("政策文件".encode("gbk"), complete=True)[-1]
        'gb18030'
        >>> candidate_encodings("政策文件".encode(), complete=True)[0]
        'utf-8'
    """
    marked = bom_encoding(head) or bomless_utf16(head)
    if marked:
        return [marked]
    candidates: list[str] = []
    if is_valid_utf8(head, complete=complete):
        candidates.append("utf-8")
    if declared:
        candidates.append(declared)
    if not candidates and not looks_like_mainland_gb(head):
        guess = _charset_normalizer_guess(head)
        if guess:
            candidates.append(guess)
    candidates.append("gb18030")
    return list(dict.fromkeys(candidates))


def looks_like_mainland_gb(head: bytes) -> bool:
    """Whether bytes read as GB18030 give text in GB2312's repertoire (simplified Chinese).

    Every Big5 byte pair is also a valid GBK pair, so decoding alone cannot
    tell them apart; but Big5 text read as GBK is full of rare characters,
    while mainland text stays almost entirely within GB2312.

    Example:
        >>> looks_like_mainland_gb("各设区市人民政府：现将方案印发给你们。".encode("gb18030"))
        True
        >>> looks_like_mainland_gb("臺灣的產業發展政策與推動方案，經濟部負責執行。".encode("big5"))
        False
    """
    try:
        text = codecs.getincrementaldecoder("gb18030")().decode(head[:16384], final=False)
    except UnicodeDecodeError:
        return False
    wide = [char for char in text if ord(char) > 0x7F]
    if not wide:
        return True
    in_gb2312 = 0
    for char in wide:
        try:
            char.encode("gb2312")
            in_gb2312 += 1
        except UnicodeEncodeError:
            pass
    return in_gb2312 >= 0.9 * len(wide)


def _charset_normalizer_guess(head: bytes) -> str | None:
    """charset-normalizer's best guess, kept only when it is a Chinese encoding.

    Western single-byte codecs decode any byte string, so accepting them would
    turn GBK documents and random bytes alike into mojibake.
    """
    from charset_normalizer import from_bytes

    best = from_bytes(head[:16384]).best()
    if best is None:
        return None
    codec = normalise_codec(best.encoding)
    if codec is None:
        return None
    if codec == "gb18030" or codec.replace("-", "_") in _BIG5_FAMILY:
        return codec
    return None


def stream_codec(encoding: str, head: bytes) -> str:
    """The codec to decode a part of a file that starts after its byte-order mark.

    Example:
        >>> stream_codec("utf-16", "x".encode("utf-16-be"))
        'utf-16-be'
        >>> stream_codec("utf-8-sig", b"")
        'utf-8'
    """
    if encoding == "utf-8-sig":
        return "utf-8"
    if encoding in ("utf-16", "utf-32"):
        width = 2 if encoding == "utf-16" else 4
        little = head[:width] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE)
        return f"{encoding}-{'le' if little else 'be'}"
    return encoding


def decode_head(head: bytes, encoding: str, *, complete: bool) -> str:
    """Decode the first bytes of a file, tolerating a character cut at the end."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
    return decoder.decode(head, final=complete)


def decode_tail(tail: bytes, encoding: str, head: bytes) -> str:
    """Decode the last bytes of a file, dropping the first (possibly cut) line.

    Args:
        tail: the file's last bytes, starting anywhere.
        encoding: the file's codec.
        head: the file's first bytes, to tell the byte order of UTF-16/32.
    """
    codec = stream_codec(encoding, head)
    width = {"utf-16-le": 2, "utf-16-be": 2, "utf-32-le": 4, "utf-32-be": 4}.get(codec, 1)
    tail = tail[len(tail) % width :]
    text = tail.decode(codec, errors="replace")
    newline = text.find("\n")
    return text[newline + 1 :] if newline >= 0 else ""


def iter_decoded(path: Path, encoding: str, block_bytes: int | None = None) -> Iterator[str]:
    """Decode a file block by block; raises UnicodeDecodeError on a bad byte.

    Args:
        path: the file.
        encoding: its codec (a byte-order mark is dropped by the ``-sig``/UTF-16/32 codecs).
        block_bytes: read size; ``BLOCK_BYTES`` by default.

    Yields:
        Decoded pieces whose concatenation is the whole text.
    """
    size = block_bytes or BLOCK_BYTES
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as stream:
        while block := stream.read(size):
            piece = decoder.decode(block)
            if piece:
                yield piece
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


class DecodeCheck(NamedTuple):
    """Outcome of decoding a whole file once: whether it decoded, and whether it holds any text."""

    decodes: bool
    has_text: bool


def check_decodes(path: Path, encoding: str) -> DecodeCheck:
    """Decode a whole file as a stream to check the encoding before anyone relies on it."""
    has_text = False
    try:
        for piece in iter_decoded(path, encoding):
            if not has_text and piece.strip():
                has_text = True
    except UnicodeDecodeError:
        return DecodeCheck(False, has_text)
    return DecodeCheck(True, has_text)


def decode_bytes(data: bytes, candidates: Iterable[str]) -> tuple[str, str] | None:
    """Decode in-memory bytes with the first codec that takes them; None when none does.

    Example:
        >>> decode_bytes("赣府发".encode("gb18030"), ["utf-8", "gb18030"])
        ('赣府发', 'gb18030')
    """
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    return None


def sha256_file(path: Path) -> tuple[str, int]:
    """SHA-256 (hex) and size of a file, read as a stream."""
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(BLOCK_BYTES):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def looks_like_html(text_head: str) -> bool:
    """Whether decoded text starts like an HTML page.

    Example:
        >>> looks_like_html("<!DOCTYPE html><html><head>")
        True
        >>> looks_like_html("关于印发<b>通知</b>")
        False
    """
    return bool(_HTML_START.match(text_head[:4096]))


def split_at_lines(pieces: Iterable[str], max_chars: int) -> Iterator[tuple[int, str]]:
    """Regroup text pieces into chunks of at most ``max_chars`` that end at line ends.

    A chunk ends after a ``\\n`` (or a lone ``\\r``) when there is one; a line
    longer than ``max_chars`` is cut (avoiding a cut between ``\\r`` and ``\\n``). The
    chunks' concatenation is exactly the concatenation of ``pieces``.

    Args:
        pieces: the text, in any split.
        max_chars: the largest chunk, at least 1.

    Yields:
        ``(offset of the chunk in the whole text, chunk)``.

    Example:
        >>> list(split_at_lines(["ab\\ncd", "e\\nfg"], 5))
        [(0, 'ab\\n'), (3, 'cde\\n'), (7, 'fg')]
        >>> list(split_at_lines(["abcdef"], 4))
        [(0, 'abcd'), (4, 'ef')]
    """
    if max_chars < 1:
        raise ValueError("max_chars must be at least 1")
    offset = 0
    buffer = ""
    for piece in pieces:
        buffer = buffer + piece if buffer else piece
        while len(buffer) > max_chars:
            cut = _cut_point(buffer, max_chars)
            yield offset, buffer[:cut]
            offset += cut
            buffer = buffer[cut:]
    if buffer:
        yield offset, buffer


def _cut_point(buffer: str, max_chars: int) -> int:
    """Where to end a chunk of ``buffer`` (longer than ``max_chars``)."""
    cut = buffer.rfind("\n", 0, max_chars) + 1
    lone_cr = buffer.rfind("\r", 0, max_chars) + 1
    if lone_cr > cut and buffer[lone_cr] != "\n":
        cut = lone_cr
    if cut:
        return cut
    if max_chars > 1 and buffer[max_chars - 1] == "\r" and buffer[max_chars] == "\n":
        return max_chars - 1
    return max_chars
