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
from dataclasses import dataclass

from coopnews.extract.layout import sentence_around
from coopnews.extract.orgs import FoundOrg, OrgIndex, canonical_name

_SIGNING_RE = re.compile(r"\b(?:sign(?:s|ed|ing)?|agreements?|memorand(?:um|a)|MoU|MOU|contracts?)\b", re.IGNORECASE)
_COUNTERPART_RE = re.compile(r"\b(?:with|between)\b", re.IGNORECASE)
_UNIT_LINK_RE = re.compile(r",?\s+(?:at|of)\s+(?:the\s+)?")


@dataclass(frozen=True)
class OrgRoles:
    """The organisations of one article by role, as canonical names, and the other spellings used."""

    institutions: tuple[str, ...]
    partners: tuple[str, ...]
    organizations: tuple[str, ...]
    aliases: tuple[tuple[str, tuple[str, ...]], ...]


def assign_roles(index: OrgIndex, title_end: int) -> OrgRoles:
    """Split the organisations of `index` into institutions, partners and others.

    `title_end` is where the headline ends in the story (0 when there is none).
    """
    named = sorted((org for org in index.orgs if org.mentions), key=lambda org: org.mentions[0][0])
    units = _find_units(index, named)
    signing = _find_signing(index)

    def salience(org: FoundOrg) -> tuple[bool, int, int]:
        return (not _in_title(org, title_end), -len(org.mentions), org.mentions[0][0])

    pool = [org for org in named if org.role == "institution"]
    if not pool:
        pool = [org for org in named if org.role is None and org.academic and org not in units]
    ranked = sorted(pool, key=salience)
    institutions = ranked[:1]
    if ranked:
        others = [org for org in named if org not in pool and org not in units]
        if others:
            institutions += [o for o in ranked[1:] if o.role == "institution" and _in_title(o, title_end)]

    candidates = [org for org in named if org not in institutions and org not in units]
    headline = sorted((o for o in candidates if _in_title(o, title_end)), key=lambda org: org.mentions[0][0])
    signed = [org for org in candidates if org in signing and org not in headline]
    if headline:
        partners = headline + signed
    elif candidates:
        main = min(candidates, key=salience)
        partners = [main] + [org for org in signed if org is not main]
    else:
        partners = []

    chosen = institutions + partners
    organizations = [org for org in named if org not in chosen]
    return OrgRoles(
        institutions=_names(institutions),
        partners=_names(partners),
        organizations=_names(organizations),
        aliases=tuple(
            (canonical_name(org), spellings)
            for org in chosen + organizations
            if (spellings := tuple(s for s in org.spellings if s != canonical_name(org)))
        ),
    )


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
    """Organisations the text places inside a university: "<name> at|of <university>"."""
    academic = {id(org) for org in named if org.role == "institution" or org.academic}
    units: list[FoundOrg] = []
    for org in named:
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


def find_site_institution(index: OrgIndex) -> str | None:
    """The university a page's furniture (site header, footer) names, for stories that never name theirs."""
    for org in sorted((o for o in index.orgs if o.mentions), key=lambda o: o.mentions[0][0]):
        if org.role == "institution" or (org.role is None and org.academic):
            return canonical_name(org)
    return None
