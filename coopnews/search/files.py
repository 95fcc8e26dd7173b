"""Search: the search files of the site — make_search_files, from the catalog's articles and the last build's memo.

What a reader downloads before the first result (contract.FIRST_PAYLOAD) is small: lunr.js, the browser scripts,
the document store and a first index of titles, organisations (with aliases), people and places. The full text is
a second index cut into shards by term prefix; the page loads only the shards holding the query's terms, and the
snippets, after showing the first results. Sizes and timings: bench/search_scale.py.

Given the last build's SearchMemo, a build tokenises only the texts that changed, reuses an index whose documents
did not change, patches one whose documents did (patch.update_index), and packs again only the body shards whose
postings changed (the shards hold term frequencies, not scores: see pack), writing the same bytes as a build
without a memo (tests/search/test_memo.py).
"""

from __future__ import annotations

import gc
import hashlib
import json
from array import array
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from coopnews.errors import CoopNewsError
from coopnews.model import Article, OutputFile
from coopnews.search.contract import (
    BODY_GLOBAL,
    CONTRACT_GLOBAL,
    CONTRACT_JS,
    DATA_FOLDER,
    ENGINE_JS,
    LUNR_JS,
    LUNR_VERSION,
    META_GLOBAL,
    META_JS,
    PAGE_JS,
    SNIPPETS_GLOBAL,
    SNIPPETS_JS,
    STORE_GLOBAL,
    STORE_JS,
    browser_contract,
    data_script,
    json_text,
    shard_name,
)
from coopnews.search.documents import (
    BODY_FIELDS,
    META_FIELDS,
    body_documents,
    build_snippets,
    build_store,
    meta_documents,
)
from coopnews.search.index import BuiltIndex, Field, build_index, text_keys
from coopnews.search.pack import index_statistics, pack_index, shard_terms
from coopnews.search.patch import update_index
from coopnews.search.words import TermCounts

#: Postings per body shard, at most where a prefix can be split further: about 30 kB of script, 12 kB gzipped.
SHARD_POSTINGS = 4_000

_NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
#: The browser scripts, copied as they are: they live beside the package, not in templates/, so editing them
#: changes no page's fingerprint, only the search files. A build's up-to-date check must watch this folder as it
#: watches templates/ (cache.stamp_inputs does not yet: an edit here alone leaves the site "up to date").
BROWSER_DIR = Path(__file__).resolve().parent / "browser"
_BROWSER_SCRIPTS = ((ENGINE_JS, "engine.js"), (PAGE_JS, "page.js"))

_BodyFiles = tuple[list[OutputFile], dict[str, str], str]  # shard files, shard list, JSON of the body statistics
_Built = tuple[list[tuple[bytes, ...]], BuiltIndex]  # text keys of an index's documents, the index


@dataclass
class SearchMemo:
    """What a build of the search files leaves for the next one (kept in .cache/), so it redoes only what changed.

    The counted terms of each text (by its text_key), the last packed first index and body files (by a digest of
    all their documents), the indexes they were packed from (to patch), each body shard file by a digest of its
    terms' postings, and the snippets by the start of their text. A value: make_search_files never changes the
    memo it is given, it returns a new one.
    """

    meta_terms: dict[bytes, TermCounts] = field(default_factory=dict)
    body_terms: dict[bytes, TermCounts] = field(default_factory=dict)
    meta_index: tuple[bytes, str] | None = None  # digest of the meta documents, packed first index
    meta_built: _Built | None = None  # text_keys of the meta texts, their index
    body_files: tuple[bytes, _BodyFiles] | None = None  # digest of the body documents, what they gave
    body_shards: dict[bytes, OutputFile] = field(default_factory=dict)  # digest of a shard's postings -> its file
    body_index: _Built | None = None  # text_keys of the bodies, their index
    snippets: dict[str, str] = field(default_factory=dict)  # start of a summary or body -> its snippet


@dataclass(frozen=True)
class SearchFiles:
    """The search files of a site, sorted by path, and the memo a next build makes them again from."""

    files: tuple[OutputFile, ...]
    memo: SearchMemo


def make_search_files(
    articles: Sequence[Article],
    aliases: Mapping[str, Sequence[str]],
    memo: SearchMemo | None = None,
    *,
    node_modules: Path = _NODE_MODULES,
) -> SearchFiles:
    """The search files of the site: lunr.js, the browser scripts and contract, the first index, the store, the
    snippets and the body shards; the same bytes whatever the memo.

    `articles` in catalog order (newest first; document n gets ref to_ref(n)); `aliases` maps each organisation's
    canonical name to its other spellings; `memo` is what the last build returned, if any. Raises CoopNewsError
    when lunr.js is not installed.
    """
    last = memo if memo is not None else SearchMemo()
    files = [_read_lunr_js(node_modules), *_browser_files()]
    with _gc_paused():
        made, meta_index = _first_index(meta_documents(articles, aliases), last)
        made, (shards, shard_list, body_stats) = _body_files(body_documents(articles), made)
        snippets: dict[str, str] = {}
        files += _store_files(articles, last.snippets, snippets)
    meta = f'{{"body":{body_stats},"index":{meta_index},"shards":{json_text(shard_list)}}}'  # keys sorted
    files += [*shards, OutputFile(META_JS, data_script(f"self.{META_GLOBAL}", meta))]
    return SearchFiles(tuple(sorted(files, key=lambda output: output.path)), replace(made, snippets=snippets))


def _first_index(documents: Sequence[Mapping[str, str]], last: SearchMemo) -> tuple[SearchMemo, str]:
    """The packed first index of `documents`: the last one if they are unchanged, else patched or built; and the
    memo holding it (`last` itself, or a copy of it with the new index)."""
    digest = _digest_documents(documents, META_FIELDS)
    if last.meta_index is not None and last.meta_index[0] == digest:
        return last, last.meta_index[1]
    terms = dict(last.meta_terms)
    built = _index_from_memo(documents, META_FIELDS, last.meta_built, terms)
    packed = _pack_meta(built[1])
    return replace(last, meta_terms=terms, meta_built=built, meta_index=(digest, packed)), packed


def _body_files(documents: Sequence[Mapping[str, str]], last: SearchMemo) -> tuple[SearchMemo, _BodyFiles]:
    """The body shards of `documents`: the last ones if they are unchanged, else the index patched or built and
    packed again where its postings changed; and the memo holding them (`last` itself, or a copy with them)."""
    digest = _digest_documents(documents, BODY_FIELDS)
    if last.body_files is not None and last.body_files[0] == digest:
        return last, last.body_files[1]
    terms = dict(last.body_terms)
    built = _index_from_memo(documents, BODY_FIELDS, last.body_index, terms)
    shards: dict[bytes, OutputFile] = {}
    files = _pack_body(built[1], last.body_shards, shards)
    made = replace(last, body_terms=terms, body_index=built, body_shards=shards, body_files=(digest, files))
    return made, files


def _index_from_memo(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[Field],
    last: _Built | None,
    counts: dict[bytes, TermCounts],
) -> _Built:
    """The index of `documents`, patched from the last build's where it can be, built afresh otherwise; with the
    text keys a next build patches it by. `counts` is left holding the counts of `documents`' texts."""
    keys = text_keys(documents, fields)
    index = update_index(last[1], last[0], documents, keys, counts) if last is not None else None
    return keys, index if index is not None else build_index(documents, fields, counts, keys)


def _pack_meta(index: BuiltIndex) -> str:
    return json_text({"stats": index_statistics(index), "terms": pack_index(index)})


def _pack_body(body: BuiltIndex, known: Mapping[bytes, OutputFile], made: dict[bytes, OutputFile]) -> _BodyFiles:
    """Pack each shard, or take its file from `known` (digest of its postings -> file); `made` is left holding
    this index's shards by the same digests."""
    files = []
    shards: dict[str, str] = {}
    for key, terms in shard_terms(body, SHARD_POSTINGS).items():
        digest = _digest_postings(body, terms)
        file = known.get(digest) or _shard_file(body, terms)
        made[digest] = file
        shards[key] = file.path.removeprefix(DATA_FOLDER)
        files.append(file)
    return files, shards, json_text(index_statistics(body))


def _digest_postings(index: BuiltIndex, terms: Sequence[str]) -> bytes:
    """A digest of `terms` and their postings: equal digests pack to equal shards."""
    digest = hashlib.blake2b(digest_size=16)
    for term in terms:
        digest.update(term.encode() + b"\xff")
        for flat in index.postings[term]:
            digest.update(array("q", flat).tobytes() + b"\xfe")
    return digest.digest()


def _shard_file(index: BuiltIndex, terms: Sequence[str]) -> OutputFile:
    data = json_text({"terms": pack_index(index, terms)})
    name = shard_name(data)
    registry = f"(self.{BODY_GLOBAL}=self.{BODY_GLOBAL}||{{}})[{json.dumps(name)}]"
    return OutputFile(DATA_FOLDER + name, data_script(registry, data))


def _store_files(articles: Sequence[Article], known: Mapping[str, str], made: dict[str, str]) -> list[OutputFile]:
    """The store and the snippets, made afresh on every build (but for snippets in `known`, by their text; `made`
    is left holding this build's)."""
    memo = dict(known)
    store = json_text(build_store(articles))
    snippets = json_text(build_snippets(articles, memo))
    made.update(memo)
    return [
        OutputFile(STORE_JS, data_script(f"self.{STORE_GLOBAL}", store)),
        OutputFile(SNIPPETS_JS, data_script(f"self.{SNIPPETS_GLOBAL}", snippets)),
    ]


def _digest_documents(documents: Sequence[Mapping[str, str]], fields: Sequence[Field]) -> bytes:
    """A digest of every field text of every document, in order: equal digests index to equal indexes."""
    digest = hashlib.blake2b(digest_size=16)
    for document in documents:
        for field_ in fields:
            digest.update((document.get(field_.name) or "").encode())
            digest.update(b"\xff")  # never in UTF-8: texts cannot run into each other
    return digest.digest()


def _browser_files() -> list[OutputFile]:
    """The engine and page scripts as they are, and the contract they read, written from contract.py."""
    contract = OutputFile(CONTRACT_JS, data_script(f"self.{CONTRACT_GLOBAL}", json_text(browser_contract())))
    return [contract, *(OutputFile(path, (BROWSER_DIR / name).read_bytes()) for path, name in _BROWSER_SCRIPTS)]


def _read_lunr_js(node_modules: Path) -> OutputFile:
    """node_modules/lunr/lunr.min.js as assets/lunr.min.js; the version must be the one the index format targets."""
    package = node_modules / "lunr"
    try:
        version = json.loads((package / "package.json").read_text(encoding="utf-8")).get("version")
        data = (package / "lunr.min.js").read_bytes()
    except (OSError, ValueError):
        raise CoopNewsError(f"{package}/lunr.min.js not found: run `make setup` (npm ci) to install lunr.js") from None
    if version != LUNR_VERSION:
        raise CoopNewsError(f"{package}: expected lunr.js {LUNR_VERSION}, found {version}: run `make setup` (npm ci)")
    return OutputFile(LUNR_JS, data)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: indexing makes millions of small acyclic objects, and the collector's
    passes over them cost about a second at 10,000 articles for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
