"""Render: the plain-paragraph fast path gives exactly Python-Markdown's HTML, or steps aside."""

from __future__ import annotations

import random
from pathlib import Path

import markdown
import pytest

from bench.generate import generate_articles
from coopnews.extract import extract_article
from coopnews.markdown_body import BodyRenderer, render_plain_paragraphs
from coopnews.seeds import read_seeds

DATA = Path(__file__).resolve().parents[1] / "data"
SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _markdown(text: str) -> str:
    return markdown.Markdown(extensions=["tables"], output_format="html").convert(text)


def _real_bodies() -> list[str]:
    bodies = []
    for folder in (SEEDS, DATA / "dev-articles", DATA / "holdout-articles"):
        raws, _ = read_seeds(folder)
        bodies += [extract_article(raw, ()).body for raw in raws]
    return bodies


def test_real_and_generated_bodies_match_python_markdown() -> None:
    bodies = _real_bodies() + ["\n\n".join(a.paragraphs) for a in generate_articles(60, seed=3)]
    fast = [body for body in bodies if render_plain_paragraphs(body) is not None]
    assert len(fast) > len(bodies) / 3, "the fast path should serve most imported bodies"
    for body in fast:
        assert render_plain_paragraphs(body) == _markdown(body)


@pytest.mark.parametrize(
    "text",
    [
        "# Heading",
        "Text\n===",
        "- item",
        "1. item",
        "2019. A year",
        "    code",
        "a *b* c",
        "a_b_c",
        "R&D centre",
        "a <b>tag</b>",
        "x > y",
        "[link](http://x)",
        "line  \nbreak",
        "a | b\n--|--\n1 | 2",
        "tab\there",
        "`code`",
        "back\\slash",
    ],
)
def test_markup_steps_aside(text: str) -> None:
    assert render_plain_paragraphs(text) is None


def test_random_texts_agree_whenever_the_fast_path_answers() -> None:
    rng = random.Random(7)
    alphabet = "abc XYZ.,;:'\"“”’!?()/%$@^~{}=+-–—0123456789١é中\u00a0\u2028\u2029\x85\f\n"
    answered = 0
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 60)))
        plain = render_plain_paragraphs(text)
        if plain is not None:
            answered += 1
            assert plain == _markdown(text), repr(text)
    assert answered > 100


def test_the_sanitiser_changes_no_character_of_plain_paragraphs_but_nul_and_no_break_space() -> None:
    """What lets BodyRenderer.render skip nh3 for plain paragraphs: of every Unicode character, nh3 rewrites only
    those that render_plain_paragraphs steps aside for ("<", ">", "&", CR) and the two render checks (NUL, NBSP)."""
    cleaner = BodyRenderer()._cleaner
    changed = set()
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:  # surrogates: no UTF-8 file holds them
            continue
        html = f"<p>a{chr(code)}b</p>\n<p>c</p>"
        if cleaner.clean(html) != html:
            changed.add(chr(code))
    assert changed == {"<", ">", "&", "\r", "\x00", "\xa0"}


def test_body_renderer_gives_what_python_markdown_and_the_sanitiser_give() -> None:
    renderer, cleaner = BodyRenderer(), BodyRenderer()._cleaner
    rng = random.Random(11)
    alphabet = "ab XY.,;:'\"“”’!?()-–0123456789中\u00a0\x00<>&*\n"
    texts = _real_bodies()[:200] + [
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 40))) for _ in range(2000)
    ]
    for text in texts:
        assert renderer.render(text) == cleaner.clean(_markdown(text)), repr(text)


def test_body_renderer_sanitises_both_paths() -> None:
    renderer = BodyRenderer()
    assert renderer.render("Plain text.\n\nSecond paragraph.") == "<p>Plain text.</p>\n<p>Second paragraph.</p>"
    assert "script" not in renderer.render("<script>alert(1)</script>")
