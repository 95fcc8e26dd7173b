"""Search: the data contract between the build (this package) and the browser (browser/engine.js and page.js).

Written here once. The build writes every search file by these names and shapes, and writes browser_contract()
as assets/search-contract.js, which the search page loads before the engine and the page script: the scripts
read the global names, paths and store columns from it and spell none of them (the one name they share with
this module is CONTRACT_GLOBAL, the global that script sets).

Every data file is a script that sets a global, `NAME=JSON.parse('...');` (data_script), so search works from
file:// too, where browsers refuse fetch(). Paths are from the site root:

- `assets/lunr.min.js`: lunr.js LUNR_VERSION, copied from node_modules; the indexes follow its serialized format.
- `search/meta.js` sets META_GLOBAL to `{"index": packed first index, "body": body statistics, "shards": {key:
  shard name}}`. A packed index is `{"stats": statistics, "terms": {term: row}}` (the body's terms live in the
  shards); a row is the JSON *string* of `[field number, [gap, tf, gap, tf, ...], ...]`: per field with
  postings, the gap from the previous document number (the first counted from -1) and the term frequency.
  Statistics are `{"fields", "boosts", "count", "lengths": [per field, per document], "averages": [per field]}`.
- `search/store.js` sets STORE_GLOBAL to the store: one column per STORE_COLUMNS entry, entry n of each being
  document n; organisations and kinds are numbers into the `names` and `kinds` lists.
- `search/snippets.js` sets SNIPPETS_GLOBAL to the list of snippets, entry n being document n's.
- `search/body/<first 12 hex digits of the SHA-256 of its JSON>.js` (shard_name) sets
  `self.BODY_GLOBAL[name] = {"terms": {term: row}}`, `name` being the shard's path under `search/`, as
  meta's `shards` lists it under the key (a term prefix) of the terms it holds.

Refs: document n of the catalog (newest first) is entry n of every store column and of the snippets, and has
the ref to_ref(n), n in base REF_RADIX, in both indexes.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

#: The lunr.js version whose serialized format the indexes follow, and which the build copies.
LUNR_VERSION = "2.3.9"
#: Appended to an all-capitals stop word ("IT", "US") so the stop word filter keeps it; the engine maps queries
#: alike.
ACRONYM_MARK = "_"
#: Refs are document numbers in this base: short, and read back by parseInt(ref, REF_RADIX).
REF_RADIX = 36

LUNR_JS = "assets/lunr.min.js"
CONTRACT_JS = "assets/search-contract.js"
ENGINE_JS = "assets/search-engine.js"
PAGE_JS = "assets/search-page.js"
DATA_FOLDER = "search/"
META_JS = DATA_FOLDER + "meta.js"
STORE_JS = DATA_FOLDER + "store.js"
SNIPPETS_JS = DATA_FOLDER + "snippets.js"
#: The files loaded with the search page (search.html's script tags, in order), before any result shows; the
#: page loads SNIPPETS_JS and the body shards a query needs after showing the first results.
FIRST_PAYLOAD = (LUNR_JS, META_JS, STORE_JS, CONTRACT_JS, ENGINE_JS, PAGE_JS)

CONTRACT_GLOBAL = "COOPNEWS_SEARCH_CONTRACT"
META_GLOBAL = "COOPNEWS_SEARCH_META"
STORE_GLOBAL = "COOPNEWS_SEARCH_STORE"
SNIPPETS_GLOBAL = "COOPNEWS_SEARCH_SNIPPETS"
BODY_GLOBAL = "COOPNEWS_SEARCH_BODY"

#: The store's columns by what they hold: url (from the site root), title, date (ISO or None), institutions,
#: partners and tags (numbers into `names`), kind (a number into `kinds`), and the two lists.
STORE_COLUMNS = {
    "url": "u",
    "title": "t",
    "date": "d",
    "institutions": "i",
    "partners": "p",
    "tags": "g",
    "kind": "k",
    "names": "names",
    "kinds": "kinds",
}

_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"[:REF_RADIX]


def to_ref(number: int) -> str:
    """The ref of document `number`: base REF_RADIX, as the engine reads it back (`parseInt(ref, 36)`)."""
    digits = ""
    while True:
        number, digit = divmod(number, REF_RADIX)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits


def shard_name(data: str) -> str:
    """A body shard's name (its path under DATA_FOLDER) from its JSON: named by content, so an unchanged shard
    keeps its name and a browser's cached copy."""
    return f"body/{hashlib.sha256(data.encode()).hexdigest()[:12]}.js"


def browser_contract() -> dict[str, Any]:
    """What the browser scripts read of this contract (written as CONTRACT_JS)."""
    return {
        "acronymMark": ACRONYM_MARK,
        "refRadix": REF_RADIX,
        "dataFolder": DATA_FOLDER,
        "snippets": SNIPPETS_JS,
        "globals": {"meta": META_GLOBAL, "store": STORE_GLOBAL, "snippets": SNIPPETS_GLOBAL, "body": BODY_GLOBAL},
        "store": STORE_COLUMNS,
    }


def json_text(data: Any) -> str:
    """Sorted, compact, ASCII-only JSON: the same bytes on every build, and safe whatever charset a browser guesses."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def data_script(target: str, data: str) -> bytes:
    """`target=JSON.parse('...')` for the JSON text `data`: browsers parse a JSON string several times faster than
    the same object literal."""
    quoted = data.replace("\\", "\\\\").replace("'", "\\'")
    return f"{target}=JSON.parse('{quoted}');\n".encode("ascii")
