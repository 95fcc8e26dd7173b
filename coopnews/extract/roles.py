"""Extract, roles: decide which of a story's organisations are its institutions, its partners, or mentions.

Institutions are the universities the article is about: gazetteer institutions first, else universities
the text names, the most salient one (named in the headline, then named most often); failing those, the
university the page's own header or footer names (`find_site_institution`). Partners are the
counterparts: those the headline names, then those a signing sentence names after "with"/"between";
without a headline the most often named one. A unit of an institution ("Global Institute of Future
Technology at Shanghai Jiao Tong University") is neither. The rest are `organizations`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from coopnews.extract.doubts import Doubt, Found
from coopnews.extract.gazetteer import org_key
from coopnews.extract.layout import Page, sentence_around
from coopnews.extract.names import fit_abbreviation
from coopnews.extract.org_rules import Story, add_gazetteer_names, add_pattern_names
from coopnews.extract.orgs import FoundOrg, OrgIndex, canonical_name

_SIGNING_RE = re.compile(r"\b(?:sign(?:s|ed|ing)?|agreements?|memorand(?:um|a)|MoU|MOU|contracts?)\b", re.IGNORECASE)
_COUNTERPART_RE = re.compile(r"\b(?:with|between)\b", re.IGNORECASE)
_UNIT_LINK_RE = re.compile(r",?\s+(?:at|of)\s+(?:the\s+)?")
#: Parts of a host that name no university: "www.", "english.", ".edu", ".cn".
_HOST_WORDS = frozenset(("www", "en", "english", "news", "edu", "ac", "com", "org", "net", "gov", "cn", "uk", "us"))
_UNIT_NAME_RE = re.compile(r"^(?:The )?(?:College|School|Faculty|Department) of ")
_WITH_RE = re.compile(r"\bwith\b", re.IGNORECASE)
#: "visited CRRC", "signed with CRRC", "a visit to CRRC": the counterpart, never the story's own university.
_VISITED_RE = re.compile(r"\b(?:with|visit(?:ed|s|ing)?(?:\s+to)?)\s+(?:the\s+)?$", re.IGNORECASE)
_OWN_RE = re.compile(r"\b(?:our|the)\s+(?:university|college)\b", re.IGNORECASE)


@dataclass(frozen=True)
class OrgRoles:
    """The organisations of one article by role, as canonical names, and the other spellings used."""

    institutions: tuple[str, ...]
    partners: tuple[str, ...]
    organizations: tuple[str, ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class Known:
    """What the person importing knows beyond the text: the institution a seed's news is about (config.yaml's
    default institution, for all seeds or for a seed sub-folder), already resolved to its canonical name."""

    institution: str | None = None


def assign_roles(index: OrgIndex, title_end: int, institution: str | None = None) -> Found[OrgRoles]:
    """Split the organisations of `index` into institutions, partners and others, with a doubt wherever the
    text left a choice: several universities, several possible counterparts, an abbreviation with two owners.

    `title_end` is where the headline ends in the story (0 when there is none). `institution`, when given, is
    the institution decided outside the text (config.yaml, the page's address, the page's furniture): the
    organisations that spell or abbreviate it are the institution, every other one may be a partner.
    """
    named = index.named()
    units = _find_units(index, named)
    signing = _find_signing(index)

    def salience(org: FoundOrg) -> tuple[bool, int, int]:
        return (not _in_title(org, title_end), -len(org.mentions), org.mentions[0][0])

    doubts: list[Doubt] = []
    if institution is not None:
        institutions = [org for org in named if _means(org, institution)]
    else:
        institutions = _choose_institutions(named, units, salience, title_end, doubts)

    candidates = [org for org in named if org not in institutions and org not in units]
    # In the headline, the party after "with" is the counterpart: "A and B Sign Agreement with C".
    with_at = _WITH_RE.search(index.story, 0, title_end)
    cue = with_at.end() if with_at else title_end

    def headline_order(org: FoundOrg) -> tuple[bool, int]:
        return (org.mentions[0][0] < cue, org.mentions[0][0])

    headline = sorted((o for o in candidates if _in_title(o, title_end)), key=headline_order)
    signed = [org for org in candidates if org in signing and org not in headline]
    if headline:
        partners = headline + signed
    elif candidates:
        main = min(candidates, key=salience)
        partners = [main] + [org for org in signed if org is not main]
        rivals = [o for o in candidates if o is not main and _close(o, main, title_end) and o not in signing]
        if main not in signing and rivals:
            why = f"chose {canonical_name(main)} as the main counterpart; the text also names {_listed(rivals)}"
            doubts.append(Doubt("partners", why))
    else:
        partners = []
    if partners and _only_abbreviated(partners[0]):
        why = f'"{partners[0].name}" is an abbreviation the text never spells out'
        doubts.append(Doubt("partners", why))

    chosen = institutions + partners
    organizations = [org for org in named if org not in chosen]
    names = (institution,) if institution is not None else _names(institutions)
    for org in chosen:
        if id(org) in index.ambiguous:
            surface, owners = index.ambiguous[id(org)]
            field = "institutions" if org in institutions else "partners"
            doubts.append(Doubt(field, f'"{surface}" could be {" or ".join(owners)}'))
    roles = OrgRoles(
        institutions=names,
        partners=tuple(name for name in _names(partners) if name not in names),
        organizations=_names(organizations),
        aliases=tuple(
            (canonical_name(org), spellings)
            for org in chosen + organizations
            if (spellings := tuple(s for s in org.spellings if s != canonical_name(org)))
        ),
    )
    return Found(roles, tuple(doubts))


def _choose_institutions(
    named: list[FoundOrg],
    units: list[FoundOrg],
    salience: Callable[[FoundOrg], tuple[bool, int, int]],
    title_end: int,
    doubts: list[Doubt],
) -> list[FoundOrg]:
    """The universities the article is about, as the text alone says; appends a doubt to `doubts` where it chose."""
    configured = sorted((org for org in named if org.role == "institution"), key=salience)
    read = sorted((org for org in named if org.role is None and org.academic and org not in units), key=salience)
    # The gazetteer's universities come first, unless the text puts another one before them (in the headline,
    # or named more often): then the article is probably that university's news, and a person should check.
    ranked = configured or read
    if configured and read and salience(read[0])[:2] < salience(configured[0])[:2]:
        ranked = read
        why = f"chose {canonical_name(read[0])}, named more prominently than {canonical_name(configured[0])}"
        doubts.append(Doubt("institutions", why))
    institutions = ranked[:1]
    if ranked:
        others = [org for org in named if org not in ranked and org not in units]
        if others:
            institutions += [o for o in ranked[1:] if o.role == "institution" and _in_title(o, title_end)]
    rivals = [o for o in ranked if o not in institutions and _close(o, ranked[0], title_end)]
    if rivals:
        why = f"chose {canonical_name(ranked[0])}; the text names {_listed(rivals)} about as prominently"
        doubts.append(Doubt("institutions", why))
    return institutions


def _means(org: FoundOrg, institution: str) -> bool:
    """True when `org` is `institution` as the text names it: its name, a spelling of it, or an abbreviation of
    it that no gazetteer entry explains ("HIT" for "Harbin Institute of Technology")."""
    if canonical_name(org) == institution or (org.entry is not None and org.entry.name == institution):
        return True
    key = org_key(institution)
    if any(org_key(spelling) == key for spelling in org.spellings):
        return True
    return _only_abbreviated(org) and fit_abbreviation(institution.split(), org.name) is not None


def decide_parties(index: OrgIndex, title_end: int, page: Page, known: Known) -> Found[OrgRoles]:
    """The article's organisations by role, using what the text cannot say: the institution the person importing
    named, else the one whose `hosts` the page's address is on, else the text's choice, else the university the
    page's furniture names, else an abbreviation the gazetteer lacks where the story speaks of "the university";
    with a doubt for every guess."""
    decided = known.institution
    if decided is None and page.url:
        entry = index.gazetteer.entry_for_address(page.url)
        decided = entry.name if entry is not None and entry.role == "institution" else None
    if decided is not None:
        found = assign_roles(index, title_end, decided)
        return Found(found.value, tuple(d for d in found.doubts if d.field != "institutions"))
    named_by_address = _institution_named_by_address(page.url, index) if page.url else None
    if named_by_address is not None:
        found = assign_roles(index, title_end, named_by_address)
        why = f"{named_by_address} read from the page's address {page.url}; no gazetteer entry lists its host"
        kept = tuple(d for d in found.doubts if d.field != "institutions")
        return Found(found.value, (*kept, Doubt("institutions", why)))
    found = assign_roles(index, title_end)
    if found.value.institutions:
        return found
    site = _site_institutions(page, index)
    if site:
        found = assign_roles(index, title_end, site[0])
        if len(site) == 1:  # the site's own name in its header or footer
            return found
        why = f"{site[0]} chosen from the page's header or footer, which also names {', '.join(site[1:3])}"
        return Found(found.value, (*found.doubts, Doubt("institutions", why)))
    own = _abbreviated_own_institution(index)
    if own is not None:
        found = assign_roles(index, title_end, own)
        why = f'"{own}" taken as the university the story calls its own; the gazetteer does not know it'
        return Found(found.value, (*found.doubts, Doubt("institutions", why)))
    return Found(found.value, (*found.doubts, Doubt("institutions", "the text names no university")))


def _names(orgs: list[FoundOrg]) -> tuple[str, ...]:
    names: list[str] = []
    for org in orgs:
        name = canonical_name(org)
        if name not in names:
            names.append(name)
    return tuple(names)


def _in_title(org: FoundOrg, title_end: int) -> bool:
    return org.mentions[0][0] < title_end


def _find_units(index: OrgIndex, named: list[FoundOrg]) -> list[FoundOrg]:
    """Organisations the text places inside a university: "<name> at|of <university>", or "<university> College of
    …" (a college named right after its university)."""
    academic = {id(org) for org in named if org.role == "institution" or org.academic}
    units: list[FoundOrg] = []
    for org in named:
        if (
            org.role is None
            and _UNIT_NAME_RE.match(org.name)
            and any(
                (before := index.org_at(start - 2)) is not None and before is not org and id(before) in academic
                for start, _ in org.mentions
                if start >= 2 and index.story[start - 1] == " "
            )
        ):
            units.append(org)  # "University of Texas at Austin College of Pharmacy": the university's college
            continue
        if id(org) in academic or org.role is not None:
            continue
        for _, end in org.mentions:
            gap = index.story[end : end + 12]
            link = _UNIT_LINK_RE.match(gap)
            if link is None:
                continue
            after = index.org_at(end + link.end())
            if after is not None and id(after) in academic:
                units.append(org)
                break
    return units


def _find_signing(index: OrgIndex) -> list[FoundOrg]:
    """Organisations a sentence about signing names after "with" or "between": the counterparts."""
    found: list[FoundOrg] = []
    starts = sorted(index.spans)
    sentence_end = -1
    for cue in _SIGNING_RE.finditer(index.story):
        if cue.start() < sentence_end:
            continue  # this sentence is done
        start, sentence_end = sentence_around(index.story, cue.start())
        pivot = _COUNTERPART_RE.search(index.story, start, sentence_end)
        if pivot is None:
            continue
        for position in range(bisect_left(starts, pivot.end()), bisect_left(starts, sentence_end)):
            org = index.spans[starts[position]][1]
            if org not in found:
                found.append(org)
    return found


def _institution_named_by_address(url: str, index: OrgIndex) -> str | None:
    """The university a page's host spells ("ccnu" in english.ccnu.edu.cn): an abbreviation the story uses for
    an organisation, or a gazetteer institution's abbreviation that only one entry has; None otherwise."""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.lower()).split("/", 1)[0].split(":", 1)[0]
    labels = [label for label in host.split(".")[:-1] if label not in _HOST_WORDS]
    for label in labels[:2]:
        abbreviation = label.upper()
        org = index.known(abbreviation)
        if org is not None and (org.role == "institution" or _only_abbreviated(org) or org.academic):
            return canonical_name(org)
        entry = index.gazetteer.lookup(abbreviation)
        if entry is not None and entry.role == "institution" and not index.gazetteer.is_shared(abbreviation):
            return entry.name
    return None


def _site_institutions(page: Page, story: OrgIndex) -> list[str]:
    """The universities a page's furniture (site header, footer) names, for stories that never name theirs."""
    if not page.chrome:
        return []
    site = OrgIndex("\n".join(page.chrome), story.gazetteer)
    for rule in (add_gazetteer_names, add_pattern_names):
        rule(Story(site, 0))
    return list(_names([o for o in site.named() if o.role == "institution" or (o.role is None and o.academic)]))


def _abbreviated_own_institution(index: OrgIndex) -> str | None:
    """The one organisation known only by an abbreviation, where the story speaks of "the university" (or
    "our university") and names no university: "a symposium between CCNU and the People's Government of …"."""
    if not _OWN_RE.search(index.story):
        return None
    acronyms = [
        org
        for org in index.named()
        if _only_abbreviated(org)
        and org.role is None
        and not any(_VISITED_RE.search(index.story, max(0, start - 20), start) for start, _ in org.mentions)
    ]
    return canonical_name(acronyms[0]) if acronyms else None


def _only_abbreviated(org: FoundOrg) -> bool:
    """True for an organisation the text names by an abbreviation only, which no gazetteer entry explains."""
    return org.entry is None and all(not any(ch.islower() for ch in s) for s in org.spellings)


def _close(other: FoundOrg, chosen: FoundOrg, title_end: int) -> bool:
    """True when `other` is about as prominent as `chosen`: not beaten by the headline, and named at least half
    as often."""
    if _in_title(chosen, title_end) and not _in_title(other, title_end):
        return False
    return 2 * len(other.mentions) >= len(chosen.mentions)


def _listed(orgs: list[FoundOrg]) -> str:
    names = _names(orgs)
    return ", ".join(names[:3]) + (" and others" if len(names) > 3 else "")
