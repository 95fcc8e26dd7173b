"""Search: the prebuilt lunr indexes, the document store and lunr.js, as files of the site.

What a reader downloads before the first result (FIRST_PAYLOAD, plus assets/search.js) is small: lunr.js, the
document store and a first index of titles, organisations (with aliases), people and places. The full text is a
second index cut into shards by term prefix (search/body/<hash>.js); the page loads only the shards holding the
query's terms, and the snippets (search/snippets.js), after showing the first results. Every data file is a
script that sets a global, so search works from file:// too, where browsers refuse fetch(). Sizes and timings:
bench/search_scale.py. The build keeps a SearchMemo in .cache/ (update_search_files): a rebuild tokenises only the
texts that changed, reuses an index whose documents did not, and packs again only the body shards whose postings
changed (the shards hold term frequencies, not scores: see search_index), writing the same bytes as a clean build.
"""

from __future__ import annotations

import gc
import hashlib
import json
from array import array
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coopnews.errors import CoopNewsError
from coopnews.model import Article, OutputFile
from coopnews.search_index import (
    LUNR_VERSION,
    BuiltIndex,
    Field,
    TermCounts,
    build_index,
    index_statistics,
    pack_index,
    shard_terms,
    text_keys,
    update_index,
)
from coopnews.search_store import (
    BODY_FIELDS,
    META_FIELDS,
    body_documents,
    build_snippets,
    build_store,
    meta_documents,
)

LUNR_JS = "assets/lunr.min.js"
META_JS = "search/meta.js"
STORE_JS = "search/store.js"
SNIPPETS_JS = "search/snippets.js"
#: The files loaded with the search page (search.html's script tags), before any result shows; search.js loads
#: SNIPPETS_JS and the body shards a query needs after showing the first results.
FIRST_PAYLOAD = (LUNR_JS, META_JS, STORE_JS)
#: Postings per body shard, at most where a prefix can be split further: about 30 kB of script, 12 kB gzipped.
SHARD_POSTINGS = 4_000
#: From this many articles the body index is built in a second process (starting one costs about 0.1 s).
PARALLEL_FROM = 2_000

_NODE_MODULES = Path(__file__).resolve().parents[1] / "node_modules"


_BodyFiles = tuple[list[OutputFile], dict[str, str], str]  # shard files, shard list, JSON of the body statistics


@dataclass
class SearchMemo:
    """What update_search_files keeps between builds (in .cache/), so a rebuild redoes only what changed.

    The counted terms of each text (by a digest of the text), the last packed first index and body index (by a
    digest of all their documents), and each body shard file by a digest of its terms' postings. Mutable on
    purpose: each build leaves in it what it read and made.
    """

    meta_terms: dict[bytes, TermCounts] = field(default_factory=dict)
    body_terms: dict[bytes, TermCounts] = field(default_factory=dict)
    meta_index: tuple[bytes, str] | None = None  # digest of the meta documents, packed first index
    meta_built: tuple[list[tuple[bytes, ...]], BuiltIndex] | None = None  # text_keys of the meta texts, their index
    body_files: tuple[bytes, _BodyFiles] | None = None  # digest of the body documents, what they gave
    body_shards: dict[bytes, OutputFile] = field(default_factory=dict)  # digest of a shard's postings -> its file
    body_index: tuple[list[tuple[bytes, ...]], BuiltIndex] | None = None  # text_keys of the bodies, their index
    snippets: dict[str, str] = field(default_factory=dict)  # start of a summary or body -> its snippet


def build_search_files(
    articles: Sequence[Article], aliases: Mapping[str, Sequence[str]], *, node_modules: Path = _NODE_MODULES
) -> list[OutputFile]:
    """The search data of the site: lunr.js, the first index, the store and the body shards.

    `articles` in catalog order (newest first; document n gets ref to_ref(n)); `aliases` maps each organisation's
    canonical name to its other spellings. Raises CoopNewsError when lunr.js is not installed. With many articles
    the body index, most of the work, is built in a second process (forked: nothing to import again) while this
    one builds the rest.
    """
    lunr_js = read_lunr_js(node_modules)
    with ExitStack() as stack:
        body_job: Future[_BodyFiles] | None = None
        if len(articles) >= PARALLEL_FROM:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=1))
            body_job = pool.submit(build_body_files, articles)
        with _gc_paused():
            meta_index = _pack_meta(build_index(meta_documents(articles, aliases), META_FIELDS))
            store = _build_store_scripts(articles)
        body = body_job.result() if body_job else build_body_files(articles)
    return _assemble(lunr_js, meta_index, body, store)


def update_search_files(
    articles: Sequence[Article],
    aliases: Mapping[str, Sequence[str]],
    memo: SearchMemo,
    *,
    node_modules: Path = _NODE_MODULES,
) -> list[OutputFile]:
    """The same files as build_search_files, in this process, reusing `memo` and leaving this build's in it.

    Only texts the memo has not seen are tokenised, and an index whose documents are all unchanged is not built
    again: after a partner edit the body shards are reused; after a body edit the first index is, the body index
    is patched where the edited words are (search_index.update_index), and of the body shards only those
    holding a word whose postings changed are packed again.
    """
    lunr_js = read_lunr_js(node_modules)
    with _gc_paused():
        documents = meta_documents(articles, aliases)
        digest = _digest_documents(documents, META_FIELDS)
        if memo.meta_index is None or memo.meta_index[0] != digest:
            memo.meta_built = _index_from_memo(documents, META_FIELDS, memo.meta_built, memo.meta_terms)
            memo.meta_index = (digest, _pack_meta(memo.meta_built[1]))
        documents = body_documents(articles)
        digest = _digest_documents(documents, BODY_FIELDS)
        if memo.body_files is None or memo.body_files[0] != digest:
            memo.body_index = _index_from_memo(documents, BODY_FIELDS, memo.body_index, memo.body_terms)
            memo.body_files = (digest, _pack_body(memo.body_index[1], memo.body_shards))
        store = _build_store_scripts(articles, memo.snippets)
    return _assemble(lunr_js, memo.meta_index[1], memo.body_files[1], store)


def _index_from_memo(
    documents: Sequence[Mapping[str, str]],
    fields: Sequence[Field],
    last: tuple[list[tuple[bytes, ...]], BuiltIndex] | None,
    counts: dict[bytes, TermCounts],
) -> tuple[list[tuple[bytes, ...]], BuiltIndex]:
    """The index of `documents`, patched from the last build's where it can be, built afresh otherwise; with the
    text keys a next build patches it by."""
    keys = text_keys(documents, fields)
    index = update_index(last[1], last[0], documents, keys, counts) if last is not None else None
    return keys, index if index is not None else build_index(documents, fields, counts)


def build_body_files(articles: Sequence[Article]) -> _BodyFiles:
    """The body index as shard scripts named by content hash, the shard list (prefix key -> file in search/), and
    the JSON of the body index's statistics."""
    with _gc_paused():
        return _pack_body(build_index(body_documents(articles), BODY_FIELDS), {})


def _pack_meta(index: BuiltIndex) -> str:
    return _json({"stats": index_statistics(index), "terms": pack_index(index)})


def _pack_body(body: BuiltIndex, known: dict[bytes, OutputFile]) -> _BodyFiles:
    """Pack each shard, or take its file from `known` (digest of its postings -> file), which is left holding
    this index's shards only."""
    files = []
    shards: dict[str, str] = {}
    made: dict[bytes, OutputFile] = {}
    for key, terms in shard_terms(body, SHARD_POSTINGS).items():
        digest = _digest_postings(body, terms)
        file = known.get(digest) or _shard_file(body, terms)
        made[digest] = file
        shards[key] = file.path.removeprefix("search/")
        files.append(file)
    known.clear()
    known.update(made)
    return files, shards, _json(index_statistics(body))


def _digest_postings(index: BuiltIndex, terms: Sequence[str]) -> bytes:
    """A digest of `terms` and their postings: equal digests pack to equal shards."""
    digest = hashlib.blake2b(digest_size=16)
    for term in terms:
        digest.update(term.encode() + b"\xff")
        for flat in index.postings[term]:
            digest.update(array("q", flat).tobytes() + b"\xfe")
    return digest.digest()


def _shard_file(index: BuiltIndex, terms: Sequence[str]) -> OutputFile:
    data = _json({"terms": pack_index(index, terms)})
    name = f"body/{hashlib.sha256(data.encode()).hexdigest()[:12]}.js"
    registry = f"(self.COOPNEWS_SEARCH_BODY=self.COOPNEWS_SEARCH_BODY||{{}})[{json.dumps(name)}]"
    return OutputFile(f"search/{name}", _script(registry, data))


def _build_store_scripts(
    articles: Sequence[Article], snippet_memo: dict[str, str] | None = None
) -> tuple[OutputFile, OutputFile]:
    """search/store.js and search/snippets.js, made afresh on every build (but for snippets seen before)."""
    store = _json(build_store(articles))
    snippets = _json(build_snippets(articles, snippet_memo))
    return (
        OutputFile(STORE_JS, _script("self.COOPNEWS_SEARCH_STORE", store)),
        OutputFile(SNIPPETS_JS, _script("self.COOPNEWS_SEARCH_SNIPPETS", snippets)),
    )


def _assemble(
    lunr_js: OutputFile, meta_index: str, body: _BodyFiles, store: tuple[OutputFile, OutputFile]
) -> list[OutputFile]:
    """Every search file, sorted by path."""
    body_files, shards, body_stats = body
    meta = f'{{"body":{body_stats},"index":{meta_index},"shards":{_json(shards)}}}'  # as _json writes it, keys sorted
    files = [lunr_js, *body_files, OutputFile(META_JS, _script("self.COOPNEWS_SEARCH_META", meta)), *store]
    return sorted(files, key=lambda output: output.path)


def _digest_documents(documents: Sequence[Mapping[str, str]], fields: Sequence[Field]) -> bytes:
    """A digest of every field text of every document, in order: equal digests index to equal indexes."""
    digest = hashlib.blake2b(digest_size=16)
    for document in documents:
        for field_ in fields:
            digest.update((document.get(field_.name) or "").encode())
            digest.update(b"\xff")  # never in UTF-8: texts cannot run into each other
    return digest.digest()


def read_lunr_js(node_modules: Path = _NODE_MODULES) -> OutputFile:
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


def _json(data: Any) -> str:
    """Sorted, compact, ASCII-only JSON: the same bytes on every build, and safe whatever charset a browser guesses."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def _script(target: str, data: str) -> bytes:
    """`target=JSON.parse('...')`: browsers parse a JSON string several times faster than the same object literal."""
    quoted = data.replace("\\", "\\\\").replace("'", "\\'")
    return f"{target}=JSON.parse('{quoted}');\n".encode("ascii")
