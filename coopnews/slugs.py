"""Slugs: the rules that make article and organisation slugs safe file names that stay put as content grows.

A slug becomes a file name (`articles/<slug>.html`, `partners/<slug>.html` beside `partners/<slug>.xml`), so
it is bounded in bytes (file systems refuse names over 255 bytes; later pages may join two slugs in one
name), may not be the name of a section's own file (`institutions/index.html`), and an organisation keeps
the slug it was first published under whatever is added later: subscribers and bookmarks follow the URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from slugify import slugify

#: What an article slug may be: lowercase ASCII letters and digits in words joined by single hyphens.
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: An article slug written in a content file may be this long.
MAX_SLUG_BYTES = 100

#: Slugs the importer makes are at most this many bytes, "-2" included, so content/<slug>.md and the pages named
#: after it stay far below the 255 bytes a file name may have (a 300-character title used to fail the build).
IMPORTED_SLUG_BYTES = 80

#: An organisation's slug, suffix included, is cut to this at a hyphen; two slugs and a folder stay < 255.
MAX_ENTITY_SLUG_BYTES = 80

#: Names a section's own files and folders have, or may be given beside the entity pages (feeds, pagination,
#: the not-stated groups): an organisation named "Index" or "Feed" gets "index-2" or "feed-2" instead.
RESERVED_SLUGS = frozenset(
    {
        "404",
        "all",
        "archive",
        "articles",
        "assets",
        "atom",
        "feed",
        "index",
        "institutions",
        "not-stated",
        "page",
        "partners",
        "robots",
        "rss",
        "search",
        "sitemap",
        "undated",
    }
)

_FALLBACK = "organization"  # the slug of a name with no letter or digit slugify can spell ("!!!")


def article_slug_problem(slug: str) -> str | None:
    """Why `slug` cannot be an article's slug (the message an editor reads), or None when it can."""
    if not SLUG_PATTERN.match(slug):
        why = "no '/' or '..'" if "/" in slug or ".." in slug else "lowercase letters, digits and single hyphens"
        return f"expected a safe slug ({why}, e.g. ustb-signs-agreement), got {slug!r}"
    size = len(slug.encode())
    if size > MAX_SLUG_BYTES:
        shown = cut_slug(slug, MAX_SLUG_BYTES)
        return f"{size} bytes long, over {MAX_SLUG_BYTES}; shorten it, e.g. to {shown!r}"
    return None


def cut_slug(slug: str, limit: int) -> str:
    """`slug` cut to at most `limit` bytes, at a hyphen when one is in reach so no word is split."""
    if len(slug.encode()) <= limit:
        return slug
    head = slug.encode()[:limit].decode("ascii", errors="ignore")  # slugify spells slugs in ASCII
    if slug[len(head)] != "-" and "-" in head:
        head = head[: head.rindex("-")]
    return head.strip("-") or head


def numbered_slug(base: str, number: int, limit: int) -> str:
    """`base` for the first of its name, `base-N` for the Nth, the whole within `limit` bytes (`base` cut at a
    hyphen to make room for the suffix)."""
    if number == 1:
        return cut_slug(base, limit)
    suffix = f"-{number}"
    return cut_slug(base, limit - len(suffix)) + suffix


@dataclass(frozen=True)
class SlugClash:
    """An organisation whose natural slug was already given to another: `name` got `slug` instead of `wanted`,
    which belongs to `owner`, the name that came first (see assign_entity_slugs)."""

    name: str
    slug: str
    wanted: str
    owner: str


def assign_entity_slugs(names: Sequence[str], taken: Iterable[str] = ()) -> tuple[dict[str, str], list[SlugClash]]:
    """Give each of `names` a slug, in the order given: the first to want a slug gets it, later ones "-2", "-3".

    The caller orders `names` by who came first (the catalog: earliest article date, then name), so an
    organisation keeps its slug when others that spell the same way are published later. Slugs in `taken` and
    RESERVED_SLUGS are never given; reserved ones are not reported as clashes (nobody else owns them).
    """
    given: dict[str, str] = {}
    owners: dict[str, str] = {}
    used = set(taken) | RESERVED_SLUGS
    clashes: list[SlugClash] = []
    for name in names:
        wanted = cut_slug(slugify(name) or _FALLBACK, MAX_ENTITY_SLUG_BYTES)
        slug, number = wanted, 1
        while slug in used:
            number += 1
            slug = numbered_slug(wanted, number, MAX_ENTITY_SLUG_BYTES)
        used.add(slug)
        given[name] = slug
        owners.setdefault(slug, name)
        if slug != wanted and wanted in owners:
            clashes.append(SlugClash(name, slug, wanted, owners[wanted]))
    return given, clashes
