"""Content memo: what the build cache keeps of each content file, so an unchanged file is not read again."""

from __future__ import annotations

import hashlib
from collections.abc import MutableMapping

from coopnews.errors import Problem
from coopnews.model import Article

#: A content file as last read, by file name: ((mtime_ns, size) when read, (the article or None, its problems),
#: digest of what the article was read from (content_digest) or b"").
ContentMemo = MutableMapping[str, tuple[tuple[int, int], tuple[Article | None, tuple[Problem, ...]], bytes]]


def content_digest(shown: str, data: bytes) -> bytes:
    """A digest of what a content file's article is read from: the file's name as messages show it and its bytes.

    The build cache fingerprints pages with it (incremental.fingerprints) in place of the article: the article
    is a function of these and of the code, which every fingerprint holds, so equal digests mean equal
    articles. Hashing 6 kB of bytes is 60 times cheaper than the article's repr() (0.3 s of a 10,000-article
    clean build), and it is computed in the worker processes that read the files, once per edit of a file.
    """
    return hashlib.sha1(shown.encode() + b"\0" + data).digest()


def memo_digests(memo: ContentMemo) -> dict[int, bytes]:
    """id() of each article in `memo` -> its content_digest; valid while the memo holds the articles."""
    return {id(entry[1][0]): entry[2] for entry in memo.values() if entry[1][0] is not None}
