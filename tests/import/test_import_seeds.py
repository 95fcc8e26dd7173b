"""Seeds: every shape a pasted seed arrives in is decoded to the same clean text, or rejected with one clear line."""

from __future__ import annotations

import codecs
import hashlib
import random
from pathlib import Path

import pytest

from coopnews.errors import CoopNewsError
from coopnews.seeds import MAX_SEED_BYTES, decode_seed, read_seeds

# Two short articles: one whose characters every legacy Western code page has, one with Chinese in it.
LATIN = (
    "USTB Signs Agreement with Müller Automotive\n\n"
    "On November 19, 2023, the University of Science and Technology Beijing signed a “strategic” agreement "
    "with Müller Automotive GmbH — the café-side ceremony was attended by Prof. José Núñez.\n\n"
    "Both sides will build a joint laboratory.\n"
)
CHINESE = (
    "WUT and Dongfeng Sign Agreement\n\n"
    "On January 3rd, Wuhan University of Technology (武汉理工大学) and Dongfeng Motor Group signed a "
    "“school–enterprise” cooperation agreement; President 王琦 attended.\n\n"
    "The two sides will train engineers together.\n"
)


def random_bytes(low: int, high: int, count: int = 4000) -> bytes:
    rng = random.Random(7)
    return bytes(rng.randrange(low, high) for _ in range(count))


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


DECODED = [
    pytest.param(LATIN.encode("utf-8"), LATIN, id="utf-8"),
    pytest.param(codecs.BOM_UTF8 + CHINESE.encode("utf-8"), CHINESE, id="utf-8 with BOM"),
    pytest.param(codecs.BOM_UTF16_LE + CHINESE.encode("utf-16-le"), CHINESE, id="utf-16 LE with BOM"),
    pytest.param(codecs.BOM_UTF16_BE + CHINESE.encode("utf-16-be"), CHINESE, id="utf-16 BE with BOM"),
    pytest.param(CHINESE.encode("gb18030"), CHINESE, id="gb18030"),
    pytest.param(CHINESE.replace("–", "-").encode("gbk"), CHINESE.replace("–", "-"), id="gbk"),
    pytest.param(LATIN.encode("cp1252"), LATIN, id="cp1252"),
    pytest.param(
        LATIN.replace("“", '"').replace("”", '"').replace("—", "-").encode("latin-1"),
        LATIN.replace("“", '"').replace("”", '"').replace("—", "-"),
        id="latin-1",
    ),
    pytest.param(LATIN.replace("\n", "\r\n").encode("utf-8"), LATIN, id="CRLF"),
    pytest.param(LATIN.replace("\n", "\r").encode("utf-8"), LATIN, id="CR"),
    pytest.param(CHINESE.replace("\n", "\r\n").encode("gb18030"), CHINESE, id="gb18030 with CRLF"),
    pytest.param(CHINESE.encode("utf-16-le"), CHINESE, id="utf-16 LE without BOM"),
    pytest.param(CHINESE.encode("utf-16-be"), CHINESE, id="utf-16 BE without BOM"),
    pytest.param(LATIN.replace("\n", "\r\n").encode("utf-16-le"), LATIN, id="utf-16 LE without BOM, CRLF"),
    pytest.param(LATIN.encode("utf-16-be"), LATIN, id="utf-16 BE without BOM, Latin"),
]


@pytest.mark.parametrize(("data", "expected"), DECODED)
def test_decode_seed_gives_the_same_text_whatever_the_encoding(data: bytes, expected: str) -> None:
    raw = decode_seed("a.txt", data)
    assert raw.file == "a.txt"
    assert raw.text == expected
    assert raw.sha256 == sha(expected)


HTML_PAGE = """<!DOCTYPE html>
<html><head><title>News - USTB</title><style>p { color: red }</style>
<script>var tracking = "do not keep";</script></head>
<body><div class="nav">Home &gt; News</div>
<h1>USTB Signs   Agreement</h1>
<p>On November 19, the <b>signing</b>
   ceremony was held.</p><p>First line<br>second line</p>
<ul><li>Beijing</li><li>Wuhan</li></ul>
<script>alert("x")</script></body></html>
"""


def test_decode_seed_turns_pasted_html_into_paragraphs_without_scripts_or_styles() -> None:
    raw = decode_seed("page.txt", HTML_PAGE.encode("utf-8"))
    assert raw.text == (
        "Home > News\n\nUSTB Signs Agreement\n\nOn November 19, the signing ceremony was held.\n\n"
        "First line\nsecond line\n\nBeijing\n\nWuhan"
    )
    assert raw.sha256 == sha(raw.text)


def test_decode_seed_reads_html_with_an_xml_declaration() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n<html><body><p>One.</p><p>Two.</p></body></html>'
    assert decode_seed("page.txt", page.encode("utf-8")).text == "One.\n\nTwo."


def test_decode_seed_drops_stray_control_characters() -> None:
    data = LATIN.replace("Both", "\x07Both").replace("\n\nOn", "\x1b\x0cOn").encode("utf-8")
    assert decode_seed("a.txt", data).text == LATIN.replace("\n\nOn", "\nOn")


# Characters that are never text, each put in the title and in the body: (character, encoding, what is left).
NEVER_TEXT = [
    pytest.param("\x00", "utf-8", "", id="NUL"),
    pytest.param("\x01", "utf-8", "", id="U+0001"),
    pytest.param("\x1f", "utf-8", "", id="U+001F"),
    pytest.param("\x7f", "utf-8", "", id="DEL"),
    pytest.param("\x9b", "utf-8", "", id="C1 CSI"),
    pytest.param("\ufffe", "utf-8", "", id="U+FFFE"),
    pytest.param("\uffff", "utf-8", "", id="U+FFFF"),
    pytest.param("\ufdd0", "utf-8", "", id="U+FDD0"),
    pytest.param("\U0001fffe", "utf-8", "", id="U+1FFFE"),
    pytest.param("\U0010ffff", "utf-8", "", id="U+10FFFF"),
    pytest.param("\uffff", "utf-16", "", id="U+FFFF in UTF-16"),
    pytest.param("\x01", "utf-16-le", "", id="U+0001 in UTF-16 without BOM"),
    pytest.param("&#1;", "html", "", id="&#1; in HTML"),
    pytest.param("&#xFFFF;", "html", "", id="&#xFFFF; in HTML"),
    pytest.param("&#xD800;", "html", "\ufffd", id="&#xD800; in HTML"),  # the HTML parser's replacement, as browsers
]


@pytest.mark.parametrize(("character", "encoding", "left"), NEVER_TEXT)
def test_decode_seed_removes_characters_that_are_never_text(character: str, encoding: str, left: str) -> None:
    """Controls and noncharacters pass the binary check in small numbers; none of them reaches the text."""
    title, body = f"USTB Signs{character} Agreement", f"Both sides{character} will build a laboratory."
    if encoding == "html":
        data = f"<html><body><h1>{title}</h1><p>{body}</p></body></html>".encode()
    else:
        data = f"{title}\n\n{body}\n".encode(encoding)
    expected = f"USTB Signs{left} Agreement\n\nBoth sides{left} will build a laboratory."
    assert decode_seed("a.txt", data).text.strip() == expected


REJECTED = [
    pytest.param(b"", "the file is empty", id="empty"),
    pytest.param(b" \r\n\t\n  \n", "only whitespace", id="whitespace only"),
    pytest.param("\u3000\n".encode(), "only whitespace", id="ideographic space only"),
    pytest.param(codecs.BOM_UTF16_LE, "the file is empty", id="BOM only"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "contains NUL bytes", id="binary with NUL"),
    pytest.param(b"text!" + LATIN.encode("utf-16-le"), "UTF-16 without a byte-order mark", id="utf-16 odd length"),
    pytest.param(
        LATIN.encode("utf-16-le") + b"\x00\xd8a\x00", "UTF-16 without a byte-order mark", id="utf-16 bad surrogate"
    ),
    pytest.param(b"\x00\x01" * 200 + b"text", "UTF-16 without a byte-order mark", id="utf-16 of controls"),
    pytest.param(bytes(range(1, 9)) * 40 + b"some text", "mostly control bytes", id="control bytes"),
    pytest.param(random_bytes(1, 0x100), "mostly control bytes", id="random bytes"),
    pytest.param(random_bytes(0x80, 0x100), "cannot tell its text encoding", id="random high bytes"),
    pytest.param(codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16", id="broken utf-16"),
    pytest.param(codecs.BOM_UTF8 + b"caf\xe9", "not valid UTF-8", id="utf-8 BOM then latin-1"),
    pytest.param(b"<html><body><script>x = 1</script></body></html>", "HTML with no text", id="html without text"),
    pytest.param(b"a" * (MAX_SEED_BYTES + 1), "over the 2 MB limit", id="over 2 MB"),
]


@pytest.mark.parametrize(("data", "reason"), REJECTED)
def test_decode_seed_rejects_with_one_line_naming_the_file(data: bytes, reason: str) -> None:
    with pytest.raises(CoopNewsError) as caught:
        decode_seed("bad.txt", data, shown="seeds/bad.txt")
    assert len(caught.value.problems) == 1
    line = str(caught.value.problems[0])
    assert line.startswith("seeds/bad.txt: ")
    assert reason in line
    assert "\n" not in line


def test_size_message_gives_the_limit_and_what_an_article_weighs() -> None:
    with pytest.raises(CoopNewsError) as caught:
        decode_seed("big.txt", b" " * (10 * 1024 * 1024))
    assert str(caught.value) == (
        "big.txt: the file is 10.0 MB, over the 2 MB limit for a seed (a news article is a few KB); "
        "check that it is the right file"
    )


def write_seeds(folder: Path, files: dict[str, bytes]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return folder


def test_read_seeds_reads_txt_files_in_name_order_and_reports_each_bad_one(tmp_path: Path) -> None:
    seeds = write_seeds(
        tmp_path / "seeds",
        {
            "b.txt": CHINESE.encode("gb18030"),
            "a.txt": LATIN.encode("utf-8"),
            "c-empty.txt": b"",
            "d-binary.txt": b"\x00\x01\x02",
            "notes.md": b"not a seed",
            ".hidden.txt": b"editor swap file",
        },
    )
    raws, problems = read_seeds(seeds)
    assert [raw.file for raw in raws] == ["a.txt", "b.txt"]
    assert [raw.text for raw in raws] == [LATIN, CHINESE]
    assert [str(p).split(":")[0] for p in problems] == ["seeds/c-empty.txt", "seeds/d-binary.txt"]


def test_read_seeds_rejects_a_10_mb_file_from_its_size_without_reading_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = write_seeds(tmp_path / "seeds", {"a.txt": LATIN.encode("utf-8")})
    with (seeds / "huge.txt").open("wb") as stream:
        stream.truncate(10 * 1024 * 1024)  # sparse: 10 MB on paper, instant to make
    opened: list[str] = []
    real_open = Path.open

    def spy_open(self: Path, *args: object, **kwargs: object) -> object:
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", spy_open)
    raws, problems = read_seeds(seeds)
    assert [raw.file for raw in raws] == ["a.txt"]
    assert len(problems) == 1
    assert str(problems[0]).startswith("seeds/huge.txt: the file is 10.0 MB, over the 2 MB limit")
    assert "huge.txt" not in opened


def test_read_seeds_without_the_folder_says_to_create_it(tmp_path: Path) -> None:
    with pytest.raises(CoopNewsError, match="seeds folder not found"):
        read_seeds(tmp_path / "missing")
