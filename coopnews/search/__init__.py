"""Search: the site's search files — lunr indexes, the document store and the browser scripts that query them.

One entry point, make_search_files (files); the modules, in the order a build runs them:

- documents: what the indexes read of each article, and the store and snippets a result shows;
- words and stemmer: text as the index sees it (the same words and stems as the browser's lunr.js);
- index: the index of the documents, built fast; patch: the last build's index patched for the texts that changed;
- pack: the index as the browser reads it (term frequencies, statistics, shards by term prefix);
- contract: file names, global names, store columns and refs, shared with the browser scripts (browser/);
- lunr_format: the index in lunr's own format with lunr's scores, the oracle the tests compare against.

browser/engine.js (postings, scores, query words: what tests/search runs under Node) and browser/page.js (the
search page: results, facets, "Show more") are copied into assets/ with lunr.js; they are not templates, so
editing them re-renders no page.
"""

from coopnews.search.files import BROWSER_DIR, SearchFiles, SearchMemo, make_search_files

__all__ = ["BROWSER_DIR", "SearchFiles", "SearchMemo", "make_search_files"]
