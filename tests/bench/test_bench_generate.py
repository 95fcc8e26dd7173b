"""Tests of the benchmark corpus generator (bench/generate.py): deterministic, the counts, and the formats."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from bench.generate import (
    DEFAULT_DATE,
    GeneratedArticle,
    build_world,
    format_pelican_article,
    format_pelicanconf,
    generate_articles,
    write_corpus,
)
from coopnews.config import load_config

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


@pytest.fixture(scope="module")
def articles() -> list[GeneratedArticle]:
    """Enough articles that every variant of boilerplate, date and name style occurs."""
    return generate_articles(300, seed=7)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _pelican_header(text: str) -> dict[str, str]:
    header = text.split("\n\n", 1)[0]
    return dict(line.split(": ", 1) for line in header.splitlines())


def test_same_seed_writes_identical_corpus(tmp_path: Path) -> None:
    write_corpus(tmp_path / "a", 40, 3, TEMPLATES)
    write_corpus(tmp_path / "b", 40, 3, TEMPLATES)
    first, second = _tree(tmp_path / "a"), _tree(tmp_path / "b")
    assert first == second
    assert len(first) == 40 + 40 + 3  # seeds, Pelican articles, pelicanconf.py, config.yaml, corpus.json


def test_article_does_not_depend_on_corpus_size() -> None:
    assert generate_articles(12, seed=5)[:6] == generate_articles(6, seed=5)


def test_other_seed_gives_other_articles() -> None:
    texts = {a.seed_text for a in generate_articles(10, seed=1)}
    assert texts.isdisjoint(a.seed_text for a in generate_articles(10, seed=2))


@pytest.mark.parametrize("n", [1, 17, 60])
def test_corpus_has_n_seeds_and_n_pelican_articles(tmp_path: Path, n: int) -> None:
    summary = write_corpus(tmp_path, n, 1, TEMPLATES)
    seeds = sorted((tmp_path / "seeds").glob("*.txt"))
    pelican = sorted((tmp_path / "pelican" / "content").glob("*.md"))
    assert (len(seeds), len(pelican), summary["n"]) == (n, n, n)
    for path in seeds:
        match = re.fullmatch(r"(\d{5})_([0-9a-f]{16})\.txt", path.name)
        assert match, path.name
        assert hashlib.sha256(path.read_bytes()).hexdigest()[:16] == match.group(2)
    assert {p.name[:5] for p in seeds} == {p.name[:5] for p in pelican} == {f"{i:05d}" for i in range(n)}


def test_rewriting_a_smaller_corpus_removes_the_extra_files(tmp_path: Path) -> None:
    write_corpus(tmp_path, 30, 1, TEMPLATES)
    write_corpus(tmp_path, 10, 1, TEMPLATES)
    assert len(list((tmp_path / "seeds").glob("*.txt"))) == 10
    assert len(list((tmp_path / "pelican" / "content").glob("*.md"))) == 10


def test_bodies_have_300_to_900_words(articles: list[GeneratedArticle]) -> None:
    counts = [a.word_count for a in articles]
    assert min(counts) >= 300
    assert max(counts) <= 900
    assert 500 <= sum(counts) / len(counts) <= 700  # about 600 words on average, like the corpus


def test_vocabulary_has_a_few_thousand_words(articles: list[GeneratedArticle]) -> None:
    words = {w for a in articles for p in a.paragraphs for w in re.findall(r"[a-z]+", p.lower())}
    assert len(words) >= 2500
    assert build_world(7).pools.distinct_words() >= 2500


@pytest.mark.parametrize(
    ("marker", "pattern"),
    [
        ("breadcrumb", r"\AHome  >   News\n"),
        ("news center", r"\ANews Center\n"),
        ("release time line", r"\nRelease Time:\d{4}-\d\d-\d\dSource:Clicks:\d+Author:\n"),
        ("content breadcrumb", r"\AHome > News > Content\n"),
        ("date with year", r"On [A-Z][a-z]+ \d{1,2}(st|nd|rd|th)?, \d{4},"),
        ("date without year", r"On [A-Z][a-z]+ \d{1,2}(st|nd|rd|th)?, (?!\d)"),
        ("upper-case family name", r"(Mr|Prof|Dr|Ms)\. [A-Z]{2,} [A-Z][a-z]+, "),
        ("title-case name", r"(?<![.\w] )\b[A-Z][a-z]+ [A-Z][a-z]+, (President|Secretary|Vice|Chairman|General)"),
        ("full name then abbreviation", r"University[\w ]* \(([A-Z]{2,})\)"),
    ],
)
def test_seed_variant_occurs_in_some(articles: list[GeneratedArticle], marker: str, pattern: str) -> None:
    hits = sum(1 for a in articles if re.search(pattern, a.seed_text))
    assert 0 < hits < len(articles), marker


def test_abbreviation_is_introduced_then_used(articles: list[GeneratedArticle]) -> None:
    world = build_world(7)
    orgs = {org.name: org for org in (*world.institutions, *world.partners)}
    introduced = 0
    for article in articles:
        for org in (orgs[article.institution], orgs[article.partners[0]]):
            full = f"{org.name} ({org.abbr})"
            if org.abbr and full in article.seed_text:
                introduced += 1
                later = article.seed_text.split(full, 1)[1]
                assert re.search(rf"\b{re.escape(org.abbr)}\b", later), (article.index, full)
    assert introduced > len(articles) // 2


def test_headline_or_first_paragraph_opens_the_article(articles: list[GeneratedArticle]) -> None:
    headless = [a for a in articles if not a.has_headline]
    assert 0 < len(headless) < len(articles)
    for article in articles:
        lines = article.seed_text.splitlines()
        if article.has_headline:
            assert article.title in lines[:3]
        else:
            assert article.seed_text.startswith(article.paragraphs[0])
            assert article.paragraphs[0].startswith(article.title)


def test_date_is_set_only_when_the_text_states_the_year(articles: list[GeneratedArticle]) -> None:
    with_year = [a for a in articles if a.date is not None]
    assert 0 < len(with_year) < len(articles)
    for article in articles:
        if article.date is None:
            assert not re.search(r"\b20\d\d\b", article.seed_text), article.index
        else:
            year = article.date[:4]
            assert year in article.seed_text, article.index
        if article.date_text:
            assert article.date_text in article.seed_text


def test_every_body_paragraph_is_in_the_seed(articles: list[GeneratedArticle]) -> None:
    for article in articles[:50]:
        for paragraph in article.paragraphs:
            assert paragraph in article.seed_text


def test_pelican_article_header(articles: list[GeneratedArticle]) -> None:
    slugs = set()
    for article in articles:
        text = format_pelican_article(article)
        header = _pelican_header(text)
        assert header["Title"] == article.title
        assert header["Date"] == (article.date or DEFAULT_DATE)
        assert re.fullmatch(r"\d{4}-\d\d-\d\d", header["Date"])
        assert header["Category"] == article.institution
        assert header["Tags"].split("; ") == list(article.partners)
        assert re.fullmatch(r"\d{5}(-[a-z0-9]+)+", header["Slug"])
        assert text.endswith("\n\n".join(article.paragraphs) + "\n")
        slugs.add(header["Slug"])
    assert len(slugs) == len(articles)


def test_partner_names_never_hold_the_tag_separator(articles: list[GeneratedArticle]) -> None:
    assert all(";" not in p for a in articles for p in a.partners)
    assert any("," in p for a in articles for p in a.partners)  # why Pelican tags are split on ";"


def test_pelicanconf_turns_feeds_off() -> None:
    settings: dict[str, object] = {}
    exec(format_pelicanconf(), settings)
    feeds = [key for key in settings if "FEED" in key]
    assert "FEED_ALL_ATOM" in feeds
    assert all(settings[key] is None for key in feeds)
    assert settings["PATH"] == "content"
    assert settings["LOAD_CONTENT_CACHE"] is False


def test_config_loads_and_knows_every_institution(tmp_path: Path) -> None:
    write_corpus(tmp_path, 5, 1, TEMPLATES)
    config = load_config(tmp_path / "config.yaml")
    assert config.templates_dir == TEMPLATES.resolve()
    assert config.seeds_dir == (tmp_path / "seeds").resolve()
    assert config.output_dir == (tmp_path / "site").resolve()
    world = build_world(1)
    institutions = {org.name: org.aliases for org in config.gazetteer if org.role == "institution"}
    assert set(institutions) == {org.name for org in world.institutions}
    assert all(org.abbr in institutions[org.name] for org in world.institutions)
