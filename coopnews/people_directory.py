"""People: a directory of the people the news names, one entry per name and organisation — two people who share
a name at different organisations stay apart — with their roles and organisations as the articles state them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from slugify import slugify

from coopnews import urls
from coopnews.catalog import Catalog
from coopnews.model import Article, Person

#: Articles per page of a person's compact list (one line each: date, title, kind).
PERSON_PAGE = 100


@dataclass(frozen=True)
class PersonLink:
    """What a page needs to link to a person: their page's slug, name and organisation."""

    slug: str
    name: str
    organization: str | None

    @property
    def target(self) -> str:
        return f"{urls.PEOPLE}{self.slug}.html"


@dataclass(frozen=True)
class Entry:
    """A person in the directory: roles and spellings of the organisation in the order first met (newest
    article first), their articles in catalog order, and a link to the organisation's page if it has one."""

    link: PersonLink
    roles: tuple[str, ...]
    spellings: tuple[str, ...]
    organization_page: str | None
    articles: tuple[Article, ...]

    @property
    def letter(self) -> str:
        return letter_of(self.link.name)


@dataclass(frozen=True)
class Row:
    """A person as a letter page of the directory lists them: without their articles, only how many."""

    link: PersonLink
    roles: tuple[str, ...]
    spellings: tuple[str, ...]
    articles: int

    @classmethod
    def of(cls, entry: Entry) -> Row:
        return cls(entry.link, entry.roles, entry.spellings, len(entry.articles))


@dataclass(frozen=True)
class Directory:
    """Everyone, sorted by name then organisation; and for each article, its people with their links."""

    entries: tuple[Entry, ...]
    _by_key: Mapping[tuple[str, str], PersonLink]
    _canonical: Mapping[str, str]

    def people_of(self, article: Article) -> tuple[PersonLink, ...]:
        """The links to the directory entries of the article's people, in the order of `article.people`."""
        return tuple(self._by_key[_key(person, self._canonical)] for person in article.people)

    def letters(self) -> tuple[tuple[str, tuple[Entry, ...]], ...]:
        """Entries by first letter ("A" to "Z", then "#" for names that start otherwise), in that order."""
        found: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            found[entry.letter].append(entry)
        return tuple((letter, tuple(found[letter])) for letter in sorted(found, key=lambda x: (x == "#", x)))


def build_directory(catalog: Catalog) -> Directory:
    """One entry per (name, organisation), the organisation's aliases counted as the organisation itself."""
    canonical = {alias: name for name, aliases in catalog.aliases.items() for alias in aliases}
    canonical.update((name, name) for name in catalog.aliases)
    pages = {group.name: urls.group_target(urls.PARTNERS, group) for group in catalog.partners if group.stated}
    pages.update(
        (group.name, urls.group_target(urls.INSTITUTIONS, group)) for group in catalog.institutions if group.stated
    )
    articles: dict[tuple[str, str], dict[str, Article]] = defaultdict(dict)
    roles: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    spellings: dict[tuple[str, str], dict[str, None]] = defaultdict(dict)
    for article in catalog.articles:
        for person in article.people:
            key = _key(person, canonical)
            articles[key].setdefault(article.slug, article)
            if person.role:
                roles[key].setdefault(person.role)
            if person.organization:
                spellings[key].setdefault(person.organization)
    taken: set[str] = set()
    by_key: dict[tuple[str, str], PersonLink] = {}
    entries = []
    for key in sorted(articles, key=lambda k: (k[0].casefold(), k[1].casefold(), k)):
        name, organization = key
        link = PersonLink(_unique_slug(f"{name} {organization}", taken), name, organization or None)
        by_key[key] = link
        page = pages.get(organization)
        entries.append(Entry(link, tuple(roles[key]), tuple(spellings[key]), page, tuple(articles[key].values())))
    return Directory(tuple(entries), by_key, canonical)


def letter_of(name: str) -> str:
    """The index letter of a name: its first letter, upper case, if it is A-Z; "#" otherwise."""
    first = name[:1].upper()
    return first if "A" <= first <= "Z" else "#"


def letter_target(letter: str) -> str:
    """The page of the people whose names start with `letter`: "people/a.html", "people/other.html" for "#"."""
    return f"{urls.PEOPLE}{'other' if letter == '#' else letter.lower()}.html"


def _key(person: Person, canonical: Mapping[str, str]) -> tuple[str, str]:
    organization = person.organization or ""
    return person.name, canonical.get(organization, organization)


def _unique_slug(text: str, taken: set[str]) -> str:
    """A slug no other person has; letter pages use one-letter slugs and "other", which a person's never is."""
    base = slugify(text) or "person"
    if len(base) == 1 or base == "other":
        base = f"{base}-person"
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    taken.add(slug)
    return slug
