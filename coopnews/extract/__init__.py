"""Extract: turn a raw article's text into a complete Article (the import stage's pure core).

The steps, in order: take the page apart (headline, date lines, body, furniture), find the
organisations (gazetteer, definitions in parentheses, name patterns), the people, then the
abbreviations nothing expanded; decide institutions and partners; read the date, kind, places,
summary; flag for review whatever the text leaves uncertain. Everything is derived from the text and
the gazetteer only, so the same seed always gives the same Article.
"""

from __future__ import annotations

from dataclasses import replace

from slugify import slugify

from coopnews.extract.dates import pick_date
from coopnews.extract.doubts import review_entry, review_fields
from coopnews.extract.gazetteer import compile_gazetteer
from coopnews.extract.kinds import classify_kind
from coopnews.extract.layout import split_page
from coopnews.extract.lexicon import CITED_LEADERS, LEADER_TITLES
from coopnews.extract.orgs import OrgIndex
from coopnews.extract.people import OWN_INSTITUTION_RE, find_people
from coopnews.extract.places import find_places
from coopnews.extract.roles import assign_roles, find_site_institution
from coopnews.extract.summary import derive_title, summarise
from coopnews.model import Article, Organization, Person, RawArticle, Source

__all__ = ["extract_article", "make_slug", "review_entry", "review_fields"]

_SLUG_LENGTH = 80
_UNTITLED = "Untitled article"


def extract_article(raw: RawArticle, gazetteer: tuple[Organization, ...]) -> Article:
    """Extract every field of one article from its decoded text; never raises on odd text.

    The slug is only a candidate (the importer makes it unique); `needs_review` names, sorted, the
    fields a person should check: a derived title, a date without a year, no institution, and so on.
    """
    page = split_page(raw.text)
    headline = page.title
    story = "\n\n".join((headline, *page.paragraphs)) if headline else "\n\n".join(page.paragraphs)

    index = OrgIndex(story, compile_gazetteer(gazetteer))
    index.add_gazetteer_names()
    index.add_defined_names()
    index.add_pattern_names()
    people = find_people(index)
    index.add_acronyms(set(people.capitalised_words))
    index.add_counterpart_words(set(people.capitalised_words), len(headline))
    index.add_headline_names(len(headline))
    roles = assign_roles(index, len(headline))
    institutions = roles.institutions
    if not institutions and page.chrome:
        site = OrgIndex("\n".join(page.chrome), compile_gazetteer(gazetteer))
        site.add_gazetteer_names()
        site.add_pattern_names()
        name = find_site_institution(site)
        institutions = (name,) if name else ()
    persons = tuple(
        _settle_organization(person, index, institutions) for person in people.people if not _is_cited_leader(person)
    )
    partners = tuple(p for p in roles.partners if p not in institutions)
    organizations = tuple(o for o in roles.organizations if o not in institutions)

    title = headline or derive_title(page.paragraphs) or _UNTITLED
    date, date_text = pick_date(page.date_lines, story)
    body = "\n\n".join(page.paragraphs)
    kind = classify_kind(headline, page.paragraphs[0] if page.paragraphs else "", body)
    review = {
        "title": not headline,
        "date": date is None,
        "institutions": not institutions,
        "partners": not partners,
        "kind": kind == "other",
        "body": not body,
    }
    return Article(
        slug=make_slug(title),
        title=title,
        body=body,
        date=date,
        date_text=date_text,
        institutions=institutions,
        partners=partners,
        organizations=organizations,
        aliases=roles.aliases,
        people=persons,
        places=find_places(story, index.masked(keep_places=True)),
        kind=kind,
        summary=summarise(page.paragraphs),
        source=Source(file=raw.file, sha256=raw.sha256),
        needs_review=tuple(sorted(field for field, flagged in review.items() if flagged)),
    )


def _settle_organization(person: Person, index: OrgIndex, institutions: tuple[str, ...]) -> Person:
    """Organisations stated in roles may have become known after people were read (abbreviations):
    "IHK" once "IHK Berlin" is defined, "President of USTB" once "USTB" is kept as an organisation; "our
    university" is the article's institution, or unknown when the article names none."""
    if person.organization and OWN_INSTITUTION_RE.match(person.organization):
        return replace(person, organization=institutions[0] if institutions else None)
    if person.organization:
        return replace(person, organization=index.resolve(person.organization))
    if person.role and " of " in person.role:
        role, stated = person.role.rsplit(" of ", 1)
        resolved = index.resolve(stated)
        if resolved != stated or index.is_known(stated):
            return replace(person, role=role, organization=resolved)
    return person


def make_slug(title: str) -> str:
    """A readable ASCII slug from the title (lowercase, hyphens, cut at a word boundary); never empty."""
    return slugify(title, max_length=_SLUG_LENGTH, word_boundary=True) or "article"


def _is_cited_leader(person: Person) -> bool:
    """A national leader quoted for their thought or instructions, not present; a namesake with a role of
    their own in the story ("LI Qiang, Director of the Career Guidance Center") is a person of the story."""
    role = (person.role or "").lower()
    return person.name in CITED_LEADERS and not person.organization and role in LEADER_TITLES
