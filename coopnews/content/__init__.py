"""Content: Articles written as content/*.md (YAML front matter + Markdown body) and read back, checked.

content/ is the hand-editable source of truth. The modules, by what they do:

- `write`: format_article, deterministic bytes (a fixed key order, no wrapping).
- `fields`: the one table of checks of every front-matter key, which both readers apply.
- `fast`: the fast reader, valid front matter in one libyaml call; None for anything it does not accept.
- `read`: the line-aware reader of one file, which explains every problem with its file, line and field.
- `folder`: read_content, every file of content/ on all cores, through the memo.
- `memo`: what the build cache keeps of each file (ContentMemo) and the digests pages are fingerprinted with.
"""

from coopnews.content.fast import MAX_FRONT_MATTER_VALUES
from coopnews.content.fields import FIELDS
from coopnews.content.folder import read_content
from coopnews.content.memo import ContentMemo, content_digest, memo_digests
from coopnews.content.read import parse_article, parse_article_with_warnings, read_article
from coopnews.content.write import format_article
from coopnews.slugs import SLUG_PATTERN

__all__ = [
    "FIELDS",
    "MAX_FRONT_MATTER_VALUES",
    "SLUG_PATTERN",
    "ContentMemo",
    "content_digest",
    "format_article",
    "memo_digests",
    "parse_article",
    "parse_article_with_warnings",
    "read_article",
    "read_content",
]
