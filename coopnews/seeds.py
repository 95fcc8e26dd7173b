"""Seeds: read seeds/*.txt, whatever encoding or format they arrive in, as decoded, normalised RawArticles.

Seeds are pasted by people from web pages, so they come in every shape: UTF-8 with or without a BOM, UTF-16,
GBK/GB18030 from Chinese Windows, cp1252 from Western Windows, CRLF line endings, whole HTML pages, and now and then
a file that is not text at all. Each file is either decoded to clean text or rejected with one line that names it,
says why and says what to do; one bad file never stops the others.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from pathlib import Path

import charset_normalizer
import lxml.html
from lxml import etree

from coopnews.errors import CoopNewsError, Location, Problem, relative_path
from coopnews.model import RawArticle
from coopnews.source_files import list_source_files

#: A news article is a few KB; anything this big is the wrong file, and is rejected before it is read.
MAX_SEED_BYTES = 2 * 1024 * 1024

#: More than this share of control bytes (other than tabs and line breaks) means the file is not text.
_MAX_CONTROL_RATIO = 0.05

# Byte-order marks, longest first: the UTF-32 LE mark starts with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)

# The legacy encodings seeds arrive in, in order of preference when two fit equally well: the news comes from
# mainland Chinese universities (GBK, of which GB18030 is the superset), or passes through Western Windows (cp1252,
# of which Latin-1 is the subset). Big5 is left out on purpose: every Big5 byte sequence is also valid GB18030, so
# charset-normalizer cannot tell them apart on mostly-English text and a wrong guess would garble silently.
_LEGACY_ENCODINGS: tuple[str, ...] = ("gb18030", "cp1252", "latin_1")

#: NUL bytes in at least this share of one byte parity (and almost none in the other) mean UTF-16 without a BOM:
#: its ASCII characters have a zero high byte, at odd offsets in little-endian, even ones in big-endian.
_UTF16_NUL_PARITY = 0.95
_UTF16_MIN_NULS = 4
_UTF16_MIN_PRINTABLE = 0.9  # and the decoded text is this share printable: binary read as UTF-16 is not

_CONTROL_BYTES = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Never text: C0 and C1 controls (tab and line breaks are handled before), lone surrogates and the Unicode
# noncharacters (U+FDD0..U+FDEF and the last two code points of every plane). XML refuses the C0 controls,
# surrogates, U+FFFE and U+FFFF, so one of them in a title would stop every build at the feed writer.
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000, 0x10000)
)
_STRAY_CONTROLS = re.compile(f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028]")
_HTML_MARKUP = re.compile(r"<(?:!doctype\s+html|html|body|p|div)(?:\s[^>]*)?/?>", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WHITESPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")

# HTML conversion: elements whose text is never article text, and elements that end a paragraph or a line.
_DROPPED_TAGS = frozenset({"script", "style", "noscript", "template", "head", "iframe", "object", "svg"})
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p"),
        *("pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul"),
    }
)
_PARAGRAPH_MARK = "\ue000"  # private-use characters: survive lxml, never in a seed (removed from the input first)
_LINE_MARK = "\ue001"


def read_seeds(seeds_dir: Path) -> tuple[list[RawArticle], list[Problem]]:
    """Read every seeds_dir/*.txt and seeds_dir/<folder>/*.txt in path order; a file that cannot be read gives one
    Problem and is skipped. A seed in a sub-folder is named "<folder>/<file>" (config.yaml may give each folder a
    default institution).

    Links out of seeds_dir and files that are not regular are refused (see source_files). Files over
    MAX_SEED_BYTES are rejected from their size alone, without being read.
    """
    if not seeds_dir.is_dir():
        message = "seeds folder not found; create it and put the articles' .txt files in it"
        raise CoopNewsError([Problem(Location(str(seeds_dir)), message)])
    articles: list[RawArticle] = []
    problems: list[Problem] = []
    listing = list_source_files(seeds_dir, ".txt", shown_root=seeds_dir.parent, depth=1)
    problems.extend(listing.problems)
    names = {path: path.relative_to(seeds_dir).as_posix() for path in listing.files}
    for path in listing.files:
        shown = relative_path(path, seeds_dir.parent)
        try:
            articles.append(_read_seed(path, shown, names[path]))
        except CoopNewsError as error:
            problems.extend(error.problems)
    return articles, problems


def decode_seed(name: str, data: bytes, *, shown: str | None = None) -> RawArticle:
    """Decode one seed's bytes into normalised text (LF line breaks, HTML turned into paragraphs).

    `name` is the seed's file name, kept in the RawArticle; `shown` is how messages name the file (default: `name`).
    Raises CoopNewsError with one Problem saying why the file is rejected and what to do.
    The RawArticle's sha256 is of the normalised text, so a re-encoded copy of a seed counts as unchanged.
    """
    where = Location(shown or name)
    if len(data) > MAX_SEED_BYTES:
        raise CoopNewsError([Problem(where, _too_big(len(data)))])
    text = _normalise_text(_decode_bytes(data, where))
    if _HTML_MARKUP.search(text):
        text = _STRAY_CONTROLS.sub("", _html_to_text(text))  # character references (&#1;) are decoded here
        if not text:
            raise CoopNewsError([Problem(where, "HTML with no text in it; paste the article's text instead")])
    if not text.strip():
        what = "empty" if not text else "only whitespace"
        raise CoopNewsError([Problem(where, f"the file is {what}; put the article's text in it or delete it")])
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return RawArticle(file=name, text=text, sha256=digest)


def _read_seed(path: Path, shown: str, name: str) -> RawArticle:
    """Read one seed, checking its size first so a huge file is never loaded."""
    where = Location(shown)
    try:
        if not path.is_file():
            raise CoopNewsError([Problem(where, "not a regular file; seeds must be .txt files")])
        size = path.stat().st_size
        if size > MAX_SEED_BYTES:
            raise CoopNewsError([Problem(where, _too_big(size))])
        with path.open("rb") as stream:
            data = stream.read(MAX_SEED_BYTES + 1)  # a file that grew since stat() is still caught
    except OSError as error:
        raise CoopNewsError([Problem(where, f"cannot read the file: {error.strerror or error}")]) from None
    return decode_seed(name, data, shown=shown)


def _too_big(size: int) -> str:
    return (
        f"the file is {size / 1024 / 1024:.1f} MB, over the {MAX_SEED_BYTES // 1024 // 1024} MB limit for a seed "
        "(a news article is a few KB); check that it is the right file"
    )


def _decode_bytes(data: bytes, where: Location) -> str:
    """Bytes to text: a BOM decides; else strict UTF-8; else the legacy encoding charset-normalizer finds best."""
    for bom, encoding, label in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as error:
                at = error.start + len(bom)
                message = (
                    f"starts with a {label} byte-order mark but is not valid {label} (byte {at}); save it as UTF-8"
                )
                raise CoopNewsError([Problem(where, message)]) from None
            _reject_binary(text, where)
            return text
    if b"\x00" in data:
        utf16 = _decode_utf16_without_bom(data, where)
        if utf16 is not None:
            return utf16
    _reject_binary(data.decode("latin_1"), where)  # one character per byte: counts control bytes
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, where)


def _reject_binary(text: str, where: Location) -> None:
    """Reject text with more than a few control characters; a stray few (a NUL in a title) are removed later."""
    if text and len(_CONTROL_BYTES.findall(text)) > _MAX_CONTROL_RATIO * len(text):
        why = "it contains NUL bytes" if "\x00" in text else "it is mostly control bytes"
        raise CoopNewsError([Problem(where, _binary_message(why))])


def _decode_utf16_without_bom(data: bytes, where: Location) -> str | None:
    """UTF-16 text saved without a byte-order mark, or None when the NUL bytes do not look like UTF-16.

    The sign is where the NUL bytes are: the high byte of every ASCII character, so nearly all at odd offsets
    (little-endian) or at even ones (big-endian); a binary file has them at both. Such a file is decoded when
    it is valid UTF-16 of printable text, and otherwise rejected with a message saying what it looks like.
    """
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) < max(_UTF16_MIN_NULS, _UTF16_NUL_PARITY * (even + odd)):
        return None
    encoding = "utf-16-le" if odd > even else "utf-16-be"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = ""
    printable = sum(1 for character in text if character.isprintable() or character in "\t\n\r")
    if not text or printable < _UTF16_MIN_PRINTABLE * len(text):
        message = (
            "looks like UTF-16 without a byte-order mark, but is not valid UTF-16 text; "
            "save it as UTF-8 (or as UTF-16 with a byte-order mark)"
        )
        raise CoopNewsError([Problem(where, message)])
    _reject_binary(text, where)
    return text


def _binary_message(why: str) -> str:
    return f"not a text file ({why}); a seed is an article's plain text: replace it with the text or delete it"


def _decode_legacy(data: bytes, where: Location) -> str:
    """Decode a non-UTF-8 seed with the legacy encoding whose text reads least like mojibake.

    charset-normalizer measures the "chaos" of each decoding; ties (within rounding) go to the earlier encoding
    in _LEGACY_ENCODINGS. No candidate at all (every decoding too chaotic) means we cannot decide: reject.
    """
    matches = charset_normalizer.from_bytes(data, cp_isolation=list(_LEGACY_ENCODINGS))
    candidates = [match for match in matches if match.encoding in _LEGACY_ENCODINGS]
    if not candidates:
        message = (
            "cannot tell its text encoding (not UTF-8, and no GBK/GB18030 or Latin-1/cp1252 reading fits); "
            "save it again as UTF-8"
        )
        raise CoopNewsError([Problem(where, message)])
    best = min(candidates, key=lambda m: (round(m.chaos, 2), _LEGACY_ENCODINGS.index(m.encoding)))
    return data.decode(best.encoding)


def _normalise_text(text: str) -> str:
    """One line-break convention (LF), no BOM, no invisible control characters."""
    text = text.removeprefix("\ufeff")
    text = _LINE_BREAKS.sub("\n", text).replace("\u2029", "\n\n")
    return _STRAY_CONTROLS.sub("", text)


def _html_to_text(html: str) -> str:
    """Turn an HTML page pasted as a seed into plain text: one paragraph per block element, scripts dropped."""
    html = _XML_DECLARATION.sub("", html.replace(_PARAGRAPH_MARK, "").replace(_LINE_MARK, ""), count=1)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return ""
    for element in [e for e in root.iter() if isinstance(e.tag, str) and e.tag.lower() in _DROPPED_TAGS]:
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in _BLOCK_TAGS:
            element.text = _PARAGRAPH_MARK + _STRAY_CONTROLS.sub("", element.text or "")
            element.tail = _PARAGRAPH_MARK + _STRAY_CONTROLS.sub("", element.tail or "")
        elif tag == "br":  # lxml decodes "&#1;" but refuses it back: the controls go before text is set
            element.tail = _LINE_MARK + _STRAY_CONTROLS.sub("", element.tail or "")
    flat = _WHITESPACE.sub(" ", root.text_content())
    paragraphs = []
    for block in flat.split(_PARAGRAPH_MARK):
        lines = [line.strip() for line in block.split(_LINE_MARK)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return _BLANK_LINES.sub("\n\n", "\n\n".join(paragraphs))
