"""Extract: turn a raw article's text into a complete Article (the import stage's pure core).

The steps, in order: take the page apart (headline, date lines, body, furniture, the address it came from);
choose or derive the title; find the organisations and people (`org_rules.RULES`, an ordered tuple with the
reason for each rule's place); decide institutions and partners (`roles.py`), using what the person importing
knows (a default institution from config.yaml, the gazetteer's `hosts`); read the date, kind, places and
summary. Each step returns what it found and, where it guessed or chose between candidates, a `Doubt` with a
reason; the doubts become `needs_review` entries ("date: \"September 2nd\" has no year"). Everything is
derived from the text, the gazetteer and the settings only, so the same seed always gives the same Article.
How to add a rule: extract/README.md.
"""

from __future__ import annotations

from dataclasses import replace

from slugify import slugify

from coopnews.extract.dates import pick_date
from coopnews.extract.doubts import Doubt, review_entry, review_fields
from coopnews.extract.gazetteer import compile_gazetteer
from coopnews.extract.kinds import classify_kind
from coopnews.extract.layout import split_page
from coopnews.extract.lexicon import CITED_LEADERS, LEADER_TITLES
from coopnews.extract.org_rules import RULES, Story, find_organisations
from coopnews.extract.orgs import OrgIndex
from coopnews.extract.people import OWN_INSTITUTION_RE
from coopnews.extract.places import find_places
from coopnews.extract.roles import Known, decide_parties
from coopnews.extract.summary import choose_title, summarise
from coopnews.model import Article, Organization, Person, RawArticle, Source

__all__ = ["RULES", "Doubt", "Known", "extract_article", "make_slug", "review_entry", "review_fields"]

_SLUG_LENGTH = 80


def extract_article(raw: RawArticle, gazetteer: tuple[Organization, ...], known: Known | None = None) -> Article:
    """Extract every field of one article from its decoded text; never raises on odd text.

    `known` is what the person importing knows beyond the text (the institution their seeds are about). The
    slug is only a candidate (the importer makes it unique); `needs_review` holds one "field: reason" entry
    per doubt, sorted by field.
    """
    known = known or Known()
    matcher = compile_gazetteer(gazetteer)
    page = split_page(raw.text)
    title = choose_title(page)
    headline = page.title
    story_text = "\n\n".join((headline, *page.paragraphs)) if headline else "\n\n".join(page.paragraphs)

    story = Story(OrgIndex(story_text, matcher), len(headline))
    doubts = [*title.doubts, *find_organisations(story)]
    roles = decide_parties(story.index, story.title_end, page, known)
    doubts += roles.doubts
    chosen, partners, organizations = roles.value.institutions, roles.value.partners, roles.value.organizations
    persons = tuple(
        _settle_organization(person, story.index, chosen)
        for person in story.people.people
        if not _is_cited_leader(person)
    )
    if not partners:
        doubts.append(Doubt("partners", "the text names no counterpart"))

    date = pick_date(page.date_lines, story_text)
    doubts += date.doubts
    body = "\n\n".join(page.paragraphs)
    kind = classify_kind(headline, page.paragraphs[0] if page.paragraphs else "", body)
    doubts += kind.doubts
    if not body:
        doubts.append(Doubt("body", "the seed holds no article text"))
    return Article(
        slug=make_slug(title.value),
        title=title.value,
        body=body,
        date=date.value[0],
        date_text=date.value[1],
        institutions=chosen,
        partners=partners,
        organizations=organizations,
        aliases=roles.value.aliases,
        people=persons,
        places=find_places(story_text, story.index.masked(keep_places=True)),
        kind=kind.value,
        summary=summarise(page.paragraphs),
        source=Source(file=raw.file, sha256=raw.sha256, url=page.url),
        needs_review=_review_entries(doubts),
    )


def _review_entries(doubts: list[Doubt]) -> tuple[str, ...]:
    """One entry per doubt, sorted by field (a field's doubts keep the order the steps raised them)."""
    entries: list[str] = []
    for doubt in sorted(doubts, key=lambda d: d.field):
        if doubt.entry() not in entries:
            entries.append(doubt.entry())
    return tuple(entries)


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
