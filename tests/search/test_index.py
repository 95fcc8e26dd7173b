"""Search index builder: the same index as lunr.py, from normalized text, and its packed and sharded forms."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import pytest
from lunr.builder import Builder
from lunr.stop_word_filter import stop_word_filter
from lunr.token import Token
from lunr.trimmer import trimmer

from coopnews.model import Article
from coopnews.search.contract import to_ref
from coopnews.search.documents import BODY_FIELDS, META_FIELDS, body_documents, meta_documents
from coopnews.search.index import Field, build_index, text_keys
from coopnews.search.lunr_format import serialize_index
from coopnews.search.pack import index_statistics, pack_index, shard_terms
from coopnews.search.patch import update_index
from coopnews.search.stemmer import stem_word
from coopnews.search.words import TermCounts, normalize_text


def _lunr_py_index(documents: list[dict[str, str]], fields: tuple[Field, ...]) -> dict[str, Any]:
    """lunr.py's own builder on the normalized text, with lunr.js's stemmer (as build_index uses) in its pipeline."""

    def js_stemmer(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token:
        return token.update(lambda text, metadata=None: stem_word(text))

    js_stemmer.label = "stemmer"  # type: ignore[attr-defined]
    builder = Builder()
    builder.pipeline.add(trimmer, stop_word_filter, js_stemmer)
    builder.search_pipeline.add(js_stemmer)
    builder.ref("ref")
    for field in fields:
        builder.field(field.name, field.boost)
    for number, document in enumerate(documents):
        builder.add({"ref": to_ref(number), **{field.name: normalize_text(document[field.name]) for field in fields}})
    serialized: dict[str, Any] = builder.build().serialize()
    return serialized


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("XJTU's agreement", "xjtu s agreement"),
        ("Co.,Ltd (BAIC)", "co ltd baic"),
        ("IT and US firms", "it_ and us_ firms"),
        ("It is up to us", "it is up to us"),
        ("Prof. HE Minqing", "prof he_ minqing"),
        ("ＷＵＴ signs", "wut signs"),
        ("school-enterprise “Belt and Road”", "school enterprise belt and road"),
        ("R&D base № 5", "r d base no 5"),
        ("a", "a"),
        ("", ""),
    ],
)
def test_normalize_text_splits_at_non_words_and_marks_capital_stop_words(text: str, expected: str) -> None:
    assert normalize_text(text) == expected


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("cooperating", "cooper"),
        ("cooperation", "cooper"),
        ("railway", "railway"),  # lunr.py's own stemmer says "railwai"; lunr.js, which stems queries, says "railway"
        ("survey", "survey"),
        ("try", "tri"),
        ("it_", "it_"),
    ],
)
def test_stem_word_follows_lunr_js(word: str, stem: str) -> None:
    assert stem_word(word) == stem


def test_meta_index_equals_lunr_py(seed_articles: list[Article], seed_aliases: dict[str, list[str]]) -> None:
    documents = meta_documents(seed_articles, seed_aliases)
    ours = serialize_index(build_index(documents, META_FIELDS))
    assert json.dumps(ours) == json.dumps(_lunr_py_index(documents, META_FIELDS))


def test_body_index_equals_lunr_py(seed_articles: list[Article]) -> None:
    documents = body_documents(seed_articles)
    ours = serialize_index(build_index(documents, BODY_FIELDS))
    assert json.dumps(ours) == json.dumps(_lunr_py_index(documents, BODY_FIELDS))


def test_index_of_odd_text_equals_lunr_py() -> None:
    fields = (Field("title", 3), Field("body"))
    documents = [
        {"title": "Café ΣΟΦΙΑ İstanbul — “quoted”", "body": "naïve co-operation, 2019-11-08 at 10:30; e-mail x_y"},
        {"title": "", "body": ""},
        {"title": "IT IT it US", "body": "tab\there\u00a0nbsp\u2003em-space 中文字 😀emoji"},
    ]
    assert json.dumps(serialize_index(build_index(documents, fields))) == json.dumps(_lunr_py_index(documents, fields))


def test_pack_index_keeps_every_posting_and_frequency(seed_articles: list[Article]) -> None:
    index = build_index(body_documents(seed_articles), BODY_FIELDS)
    serialized = serialize_index(index)
    packed = pack_index(index)
    assert sorted(packed) == [term for term, _posting in serialized["invertedIndex"]]
    words_seen = [0] * len(seed_articles)
    for term, posting in serialized["invertedIndex"]:
        row = json.loads(packed[term])
        assert row[0] == 0 and len(row) == 2  # one field, body
        number, unpacked = -1, {}
        for gap, tf in zip(row[1][::2], row[1][1::2], strict=True):
            number += gap
            unpacked[to_ref(number)] = tf
            words_seen[number] += tf
        assert list(unpacked) == list(posting["body"])
    assert words_seen == list(index.lengths[0])  # every word of every body counted once


def test_statistics_hold_what_scores_need(seed_articles: list[Article]) -> None:
    index = build_index(meta_documents(seed_articles, {}), META_FIELDS)
    stats = index_statistics(index)
    assert stats["fields"] == [field.name for field in META_FIELDS]
    assert stats["boosts"] == [field.boost for field in META_FIELDS]
    assert stats["count"] == len(seed_articles)
    assert [len(lengths) for lengths in stats["lengths"]] == [len(seed_articles)] * len(META_FIELDS)
    assert stats["averages"] == [sum(lengths) / len(seed_articles) for lengths in stats["lengths"]]


@pytest.mark.parametrize("limit", [1, 20, 200, 10_000])
def test_shard_terms_puts_each_term_in_the_shard_of_its_longest_key(seed_articles: list[Article], limit: int) -> None:
    index = build_index(body_documents(seed_articles), BODY_FIELDS)
    shards = shard_terms(index, limit)
    placed = [term for terms in shards.values() for term in terms]
    assert sorted(placed) == sorted(index.postings)
    for key, terms in shards.items():
        postings = sum(1 + len(index.postings[term][0]) // 2 for term in terms)
        assert (
            postings <= limit
            or len(terms) == 1
            or all(term.startswith(key) and len(term) == len(key) for term in terms)
        )
        for term in terms:
            longest = max((other for other in shards if term.startswith(other)), key=len)
            assert longest == key, (term, key, longest)


def test_refs_are_base_36() -> None:
    assert [to_ref(number) for number in (0, 9, 10, 35, 36, 1295, 1296)] == ["0", "9", "a", "z", "10", "zz", "100"]


def _bodies(texts: list[str]) -> list[dict[str, str]]:
    return [{"body": text} for text in texts]


BODIES = [
    "The railway agreement was signed in Wuhan. Railway research continues.",
    "A joint laboratory for batteries opened; batteries and railway signals.",
    "Students visited the battery plant.",
    "Students visited the battery plant.",  # the same text twice
    "",
]


@pytest.mark.parametrize(
    "edit",
    [
        {0: BODIES[0] + " A quagga sentence was added."},  # new words, one of them new to the index
        {1: "A joint laboratory opened."},  # words removed, "batteries" keeps one document
        {2: "Nothing in common."},  # a duplicate text changed: the other copy stays
        {0: "", 4: "Railway railway railway."},  # emptied, and filled
        {1: BODIES[1].replace("signals", "signal")},  # a term's frequency changes, another's does not
        {0: BODIES[1], 1: BODIES[0]},  # two documents swap texts
    ],
)
def test_an_index_patched_for_edited_texts_equals_one_built_afresh(edit: dict[int, str]) -> None:
    memo: dict[bytes, TermCounts] = {}
    before = _bodies(BODIES)
    previous = build_index(before, BODY_FIELDS, memo)
    after = _bodies([edit.get(number, text) for number, text in enumerate(BODIES)])
    patched = update_index(previous, text_keys(before, BODY_FIELDS), after, text_keys(after, BODY_FIELDS), memo)
    fresh_memo: dict[bytes, TermCounts] = {}
    fresh = build_index(after, BODY_FIELDS, fresh_memo)
    assert patched is not None
    assert {term: list(postings) for term, postings in patched.postings.items()} == {
        term: list(postings) for term, postings in fresh.postings.items()
    }
    assert (list(patched.lengths[0]), list(patched.averages)) == (list(fresh.lengths[0]), list(fresh.averages))
    assert pack_index(patched) == pack_index(fresh) and index_statistics(patched) == index_statistics(fresh)
    assert set(patched.term_index) == set(fresh.term_index)
    assert len(set(patched.term_index.values())) == len(patched.term_index)  # lunr only needs them distinct
    assert memo == fresh_memo


def test_an_index_is_not_patched_for_other_documents() -> None:
    memo: dict[bytes, TermCounts] = {}
    before = _bodies(BODIES)
    previous = build_index(before, BODY_FIELDS, memo)
    keys = text_keys(before, BODY_FIELDS)
    assert update_index(previous, keys, before[:-1], keys[:-1], memo) is None  # one document fewer
    assert update_index(previous, keys, before, keys, {}) is None  # counts missing from the memo


def test_a_first_index_patched_after_a_partner_edit_equals_one_built_afresh(
    seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> None:
    memo: dict[bytes, TermCounts] = {}
    before = meta_documents(seed_articles, seed_aliases)
    previous = build_index(before, META_FIELDS, memo)
    edited = [seed_articles[0], dataclasses.replace(seed_articles[1], partners=("Renamed Zebra Ltd.",))]
    after = meta_documents([*edited, *seed_articles[2:]], seed_aliases)
    patched = update_index(previous, text_keys(before, META_FIELDS), after, text_keys(after, META_FIELDS), memo)
    fresh = build_index(after, META_FIELDS)
    assert patched is not None
    assert pack_index(patched) == pack_index(fresh) and index_statistics(patched) == index_statistics(fresh)
    assert set(patched.term_index) == set(fresh.term_index)
