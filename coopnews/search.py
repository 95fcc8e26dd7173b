"""Search: the prebuilt lunr indexes, the document store and lunr.js, as files of the site.

What a reader downloads before the first result (FIRST_PAYLOAD, plus assets/search.js) is small: lunr.js, the
document store and a first index of titles, organisations (with aliases), people and places. The full text is a
second index cut into shards by term prefix (search/body/<hash>.js); the page loads only the shards holding the
query's terms, and the snippets (search/snippets.js), after showing the first results. Every data file is a
script that sets a global, so search works from file:// too, where browsers refuse fetch(). Sizes and timings:
bench/search_scale.py.
"""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from coopnews.errors import CoopNewsError
from coopnews.model import Article, OutputFile
from coopnews.search_index import LUNR_VERSION, build_index, pack_index, shard_terms
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


def build_search_files(
    articles: Sequence[Article], aliases: Mapping[str, Sequence[str]], *, node_modules: Path = _NODE_MODULES
) -> list[OutputFile]:
    """The search data of the site: lunr.js, the first index, the store and the body shards.

    `articles` in catalog order (newest first; document n gets ref to_ref(n)); `aliases` maps each organisation's
    canonical name to its other spellings. Raises CoopNewsError when lunr.js is not installed. With many articles
    the body index, most of the work, is built in a second process (forked: nothing to import again) while this
    one builds the rest.
    """
    files = [read_lunr_js(node_modules)]
    with ExitStack() as stack:
        body_job: Future[tuple[list[OutputFile], dict[str, str]]] | None = None
        if len(articles) >= PARALLEL_FROM:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=1))
            body_job = pool.submit(build_body_files, articles)
        with _gc_paused():
            meta_index = _json(pack_index(build_index(meta_documents(articles, aliases), META_FIELDS)))
            store = _json(build_store(articles))
            snippets = _json(build_snippets(articles))
        body_files, shards = body_job.result() if body_job else build_body_files(articles)
    files += body_files
    meta = f'{{"index":{meta_index},"shards":{_json(shards)}}}'  # as _json would write it, keys in order
    files.append(OutputFile(META_JS, _script("self.COOPNEWS_SEARCH_META", meta)))
    files.append(OutputFile(STORE_JS, _script("self.COOPNEWS_SEARCH_STORE", store)))
    files.append(OutputFile(SNIPPETS_JS, _script("self.COOPNEWS_SEARCH_SNIPPETS", snippets)))
    return sorted(files, key=lambda output: output.path)


def build_body_files(articles: Sequence[Article]) -> tuple[list[OutputFile], dict[str, str]]:
    """The body index as shard scripts named by content hash, and the shard list: prefix key -> file in search/."""
    with _gc_paused():
        body = build_index(body_documents(articles), BODY_FIELDS)
        files = []
        shards: dict[str, str] = {}
        for key, terms in shard_terms(body, SHARD_POSTINGS).items():
            data = _json(pack_index(body, terms))
            name = f"body/{hashlib.sha256(data.encode()).hexdigest()[:12]}.js"
            shards[key] = name
            registry = f"(self.COOPNEWS_SEARCH_BODY=self.COOPNEWS_SEARCH_BODY||{{}})[{json.dumps(name)}]"
            files.append(OutputFile(f"search/{name}", _script(registry, data)))
    return files, shards


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
