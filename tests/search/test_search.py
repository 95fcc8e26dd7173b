"""Search over the built seed index, as the page runs it (the engine under Node): who finds what."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from coopnews.model import Article
from coopnews.search.documents import meta_documents
from coopnews.search.stemmer import stem_word
from coopnews.search.words import normalize_word, split_words
from tests.search.conftest import NodeRunner

pytestmark = pytest.mark.node


def _search(run_node: NodeRunner, folder: Path, *queries: str) -> list[dict[str, Any]]:
    answers: list[dict[str, Any]] = run_node("search", folder=str(folder), queries=list(queries))
    return answers


def _url(article: Article) -> str:
    return f"articles/{article.slug}.html"


def _unique_names(articles: list[Article], field: str) -> list[tuple[Article, str]]:
    """(article, first name in `field` that no other article has in any field), for articles that have one."""
    named = Counter(name for article in articles for name in {*article.partners, *article.places, *_people(article)})
    found = []
    for article in articles:
        names = _people(article) if field == "people" else getattr(article, field)
        unique = [name for name in names if named[name] == 1]
        if unique:
            found.append((article, unique[0]))
    return found


def _people(article: Article) -> list[str]:
    return [person.name for person in article.people]


@pytest.mark.parametrize("field", ["partners", "places", "people"])
def test_each_seed_is_the_top_hit_for_its_names(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article], field: str
) -> None:
    cases = _unique_names(seed_articles[:5], field)
    assert len(cases) >= 2, "the seed labels name too few unique values to test"
    answers = _search(run_node, search_folder, *(name for _article, name in cases))
    for (article, name), answer in zip(cases, answers, strict=True):
        assert answer["urls"][:1] == [_url(article)], name


def test_stemming_finds_other_forms_of_a_word(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article]
) -> None:
    having = [
        _url(article)
        for article in seed_articles
        if "cooperation" in {word.lower() for word in split_words(f"{article.title} {article.body}")}
    ]
    [answer] = _search(run_node, search_folder, "cooperating")
    assert having and set(having) <= set(answer["urls"])


def test_a_word_in_no_article_finds_nothing(run_node: NodeRunner, search_folder: Path) -> None:
    [answer] = _search(run_node, search_folder, "zzqxv")
    assert answer["refs"] == []


def test_an_alias_finds_an_article_that_only_names_the_organisation_in_full(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article]
) -> None:
    wuhan = [_url(a) for a in seed_articles if "Wuhan University of Technology" in a.institutions]
    assert any("WUT" not in f"{a.title} {a.body}" for a in seed_articles if _url(a) in wuhan)
    [answer] = _search(run_node, search_folder, "WUT")
    assert sorted(answer["urls"]) == sorted(wuhan)


@pytest.mark.parametrize(("query", "partner"), [("IT", "IT Academy of Hubei"), ("us", "US Grains Council")])
def test_an_acronym_that_is_a_stop_word_finds_its_organisation_only(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article], query: str, partner: str
) -> None:
    pronoun_only = [
        _url(a)
        for a in seed_articles
        if partner not in a.partners and query.lower() in {w.lower() for w in split_words(a.body)}
    ]
    assert pronoun_only, "some article should use the word as a plain English word"
    [answer] = _search(run_node, search_folder, query)
    assert answer["urls"] == [_url(a) for a in seed_articles if partner in a.partners]


def test_a_word_only_in_a_body_is_found_through_its_shard(
    run_node: NodeRunner, search_folder: Path, seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    in_meta = {
        stem_word(normalize_word(word))
        for document in meta_documents(seed_articles, seed_aliases)
        for text in document.values()
        for word in split_words(text)
    }
    bodies = [Counter(stem_word(normalize_word(word)) for word in split_words(a.body)) for a in seed_articles]
    once = Counter(term for counts in bodies for term in counts)
    article, word = next(
        (article, word)
        for article, counts in zip(seed_articles, bodies, strict=True)
        for word in sorted(split_words(article.body), key=str.lower)
        if len(word) > 5
        and once[stem_word(normalize_word(word))] == 1
        and stem_word(normalize_word(word)) not in in_meta
    )
    [answer] = _search(run_node, search_folder, word)
    assert answer["urls"] == [_url(article)]
    assert len(answer["shards"]) == 1


def test_every_word_must_match_unless_no_article_has_them_all(run_node: NodeRunner, search_folder: Path) -> None:
    dongfeng, guangxi, both = _search(run_node, search_folder, "Dongfeng", "Guangxi", "Dongfeng Guangxi")
    assert dongfeng["refs"] and guangxi["refs"] and not set(dongfeng["refs"]) & set(guangxi["refs"])
    assert both["partial"] and set(both["refs"]) == set(dongfeng["refs"]) | set(guangxi["refs"])
    wut_agreement, agreement = _search(run_node, search_folder, "WUT agreement", "agreement")
    assert not wut_agreement["partial"] and 0 < len(wut_agreement["refs"]) < len(agreement["refs"])


@pytest.mark.parametrize(
    ("junk", "same_as"),
    [
        ("WUT: agreement", "WUT agreement"),
        ("Guangxi~", "Guangxi"),
        ("agreement^", "agreement"),
        ("+", ""),
        ("-", ""),
        ("*", ""),
        ('"Dongfeng', "Dongfeng"),
        ("'WUT", "WUT"),
        ("title:WUT", "title WUT"),
        ("Dongfeng " * 300, "Dongfeng"),
    ],
)
def test_lunr_syntax_and_junk_are_plain_words(
    run_node: NodeRunner, search_folder: Path, junk: str, same_as: str
) -> None:
    answer, expected = _search(run_node, search_folder, junk, same_as)
    assert answer["refs"] == expected["refs"]
