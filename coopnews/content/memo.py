"""Content memo: what the build cache keeps of each content file, so an unchanged file is not read again."""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping

from coopnews.errors import Problem
from coopnews.model import Article

#: A content file as last read, by file name: ((mtime_ns, size) when read, (the article or None, its problems),
#: digest of the article (article_digest) or b"").
ContentMemo = MutableMapping[str, tuple[tuple[int, int], tuple[Article | None, tuple[Problem, ...]], bytes]]


def article_digest(article: Article) -> bytes:
    """A digest of everything an article says: its dataclass repr() names every field, and holds only text,
    numbers, dates and tuples. The build cache fingerprints pages with it (cache.Fingerprinter); kept in the
    content memo, it is computed once per edit of the file instead of once per article per build."""
    return hashlib.sha1(repr(article).encode()).digest()


def memo_digests(memo: ContentMemo) -> dict[int, bytes]:
    """id() of each article in `memo` -> its article_digest; valid while the memo holds the articles."""
    return {id(entry[1][0]): entry[2] for entry in memo.values() if entry[1][0] is not None}
