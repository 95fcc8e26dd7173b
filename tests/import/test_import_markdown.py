"""Import: seed text is escaped for Markdown, so what was text in the seed is the same text on the page."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import lxml.html
import pytest

from coopnews.config import load_config
from coopnews.content import parse_article
from coopnews.extract import extract_article
from coopnews.importer import import_seeds
from coopnews.markdown_body import BodyRenderer, escape_markdown, render_plain_paragraphs
from coopnews.pipeline import build_site
from coopnews.seeds import read_seeds

REPO = Path(__file__).resolve().parents[2]

# Plain text that Python-Markdown would read as markup: (seed text, as written in the content file).
ESCAPED = [
    pytest.param("the tag <b> stays", "the tag &lt;b> stays", id="html tag"),
    pytest.param("<div>a block</div>", "&lt;div>a block&lt;/div>", id="html block"),
    pytest.param("<!-- a comment -->", "&lt;!-- a comment -->", id="html comment"),
    pytest.param("<http://example.org> <a@b.cn>", "&lt;http://example.org> &lt;a@b.cn>", id="autolinks"),
    pytest.param("AT&amp;T, &copy; &#61; &#x41;", "AT&amp;amp;T, &amp;copy; &amp;#61; &amp;#x41;", id="entities"),
    pytest.param("R&D & more; &a b;", "R&D & more; &a b;", id="bare ampersands"),
    pytest.param("snake_case and _under_", "snake\\_case and \\_under\\_", id="underscores"),
    pytest.param("*stars* and **bold**", "\\*stars\\* and \\*\\*bold\\*\\*", id="asterisks"),
    pytest.param("[a link](http://x.org) and [ref]", "\\[a link](http://x.org) and \\[ref]", id="brackets"),
    pytest.param("[id]: http://x.org", "\\[id]: http://x.org", id="reference definition"),
    pytest.param("![image](x.png)", "!\\[image](x.png)", id="image"),
    pytest.param("`code` and ``more``", "\\`code\\` and \\`\\`more\\`\\`", id="backticks"),
    pytest.param("C:\\temp\\*.txt and \\_", "C:\\\\temp\\\\\\*.txt and \\\\\\_", id="backslashes"),
    pytest.param("a | b\n--- | ---\n1 | 2", "a \\| b\n\\--- \\| ---\n1 \\| 2", id="table"),
    pytest.param("# not a heading", "\\# not a heading", id="hash"),
    pytest.param("> not a quote", "\\> not a quote", id="quote"),
    pytest.param("- not a list\n+ nor this", "\\- not a list\n\\+ nor this", id="bullets"),
    pytest.param("2023. The year began", "2023\\. The year began", id="numbered line"),
    pytest.param("12.5 percent grew", "12.5 percent grew", id="decimal number"),
    pytest.param("Title\n=====", "Title\n&#61;====", id="setext equals"),
    pytest.param("Title\n-----", "Title\n\\-----", id="setext dashes"),
    pytest.param("* * *", "\\* \\* \\*", id="rule"),
    pytest.param("    four spaces", "four spaces", id="indented"),
    pytest.param("\t\ttabbed", "tabbed", id="tabs"),
    pytest.param("2 > 1 and 3 < 4 and a-b + c", "2 > 1 and 3 &lt; 4 and a-b + c", id="comparisons"),
    pytest.param("Plain words, 1.5 and (parentheses)!", "Plain words, 1.5 and (parentheses)!", id="plain"),
    pytest.param("武汉理工大学（WUT）与东风签约。", "武汉理工大学（WUT）与东风签约。", id="chinese"),
]


def visible(html: str) -> tuple[str, set[str]]:
    """The text a reader sees (whitespace collapsed) and the elements it is in."""
    fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    return " ".join(fragment.text_content().split()), {element.tag for element in fragment.iter()} - {"div"}


def assert_renders_as_text(text: str, markdown: str, name: str = "") -> None:
    """Rendering `markdown` shows exactly `text`, in paragraphs and line breaks only: nothing became markup."""
    shown, elements = visible(BodyRenderer().render(markdown))
    assert shown == " ".join(text.split()), name
    assert elements <= {"p", "br"}, name


@pytest.mark.parametrize(("text", "expected"), ESCAPED)
def test_escape_markdown_escapes_only_what_would_be_markup(text: str, expected: str) -> None:
    assert escape_markdown(text) == expected
    assert_renders_as_text(text, expected)


def seed_texts() -> list[tuple[str, str]]:
    """The bodies of the repository's seeds and of the extraction test articles."""
    folders = [REPO / "seeds", *sorted((REPO / "tests" / "data").glob("*/"))]
    bodies = []
    for folder in folders:
        raws, _problems = read_seeds(folder) if list(folder.glob("*.txt")) else ([], [])
        bodies.extend((f"{folder.name}/{raw.file}", extract_article(raw, ()).body) for raw in raws)
    return bodies


def test_every_seed_body_renders_to_its_own_text() -> None:
    bodies = seed_texts()
    assert len(bodies) >= 30
    for name, body in bodies:
        markdown = escape_markdown(body)
        assert_renders_as_text(body, markdown, name)
        if render_plain_paragraphs(body) is not None:  # escaping never costs a plain body the build's fast path
            assert markdown == body, name


def test_all_printable_ascii_in_every_line_position_stays_text() -> None:
    characters = "".join(chr(c) for c in range(0x21, 0x7F))
    for character in characters:
        for text in (
            f"{character} a",
            f"a {character} b",
            f"{character * 3}",
            f"a\n{character * 3}",
            f"{character}a{character} b{character}",
        ):
            assert_renders_as_text(text, escape_markdown(text))


def test_random_text_stays_text_and_plain_text_is_left_as_it_is() -> None:
    """Escaping never takes a body off the build's plain-paragraph path: what the path accepts is not changed."""
    rng = random.Random(12)
    alphabet = [
        "a",
        "b",
        " ",
        " ",
        "\n",
        "\n\n",
        "1",
        "2.",
        ".",
        "<",
        ">",
        "&",
        "amp;",
        "#",
        "*",
        "_",
        "[",
        "]",
        "(",
        ")",
    ]
    alphabet += ["`", "\\", "|", "-", "+", "=", "!", "\t", "    ", ":", "x@y.z", "http://", "&#61;"]
    plain = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 30))).strip()
        if not text:
            continue
        markdown = escape_markdown(text)
        assert_renders_as_text(text, markdown, repr(text))
        if render_plain_paragraphs(text) is not None:
            plain += 1
            assert markdown == text, repr(text)
    assert plain > 50


def test_an_imported_seed_shows_its_own_text_on_the_page(tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "seeds").mkdir(parents=True)
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copyfile(REPO / "config.yaml", root / "config.yaml")
    paragraphs = [
        "On May 5, 2024, the University of Science and Technology Beijing and BAIC Group signed an agreement "
        "on the tag <b> and the <script> element in Beijing.",
        "2024. The plan covers snake_case names, *stars*, [brackets] and AT&amp;T.",
        "# Ten engineers > five",
    ]
    text = "USTB and BAIC Sign an Agreement\n\n" + "\n\n".join(paragraphs) + "\n"
    (root / "seeds" / "a.txt").write_text(text, encoding="utf-8")
    config = load_config(root / "config.yaml")
    (path,) = import_seeds(config).imported
    article = parse_article((root / path).read_text("utf-8"), path)
    report = build_site(config)
    assert report.skipped == 0
    page = lxml.html.parse(str(config.output_dir / "articles" / f"{article.slug}.html")).getroot()
    (body,) = page.find_class("body")
    assert [" ".join(p.text_content().split()) for p in body.iter("p")] == paragraphs
    assert not body.xpath(".//b | .//script | .//h1 | .//blockquote | .//ol | .//em | .//a | .//code")
