"""Network: the numbers of the cooperation network page — who works with whom most, and articles by year, kind
and partner type — as chart values whose every mark names the page it counts."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from coopnews import urls
from coopnews.catalog import Catalog
from coopnews.charts import Bar, HeatMap
from coopnews.relations import PARTNER_TYPES, Relations, count_kinds, kind_label, type_anchor

#: The heat map's size: the institutions with most articles, and their most frequent partners.
HEAT_ROWS = 12
HEAT_COLUMNS = 12


@dataclass(frozen=True)
class Network:
    """Everything the network page shows; small (a few dozen numbers), so the page is cheap to fingerprint."""

    heat: HeatMap
    years: tuple[Bar, ...]
    kinds: tuple[Bar, ...]
    types: tuple[Bar, ...]
    pairs: int


def build_network(catalog: Catalog, relations: Relations) -> Network:
    """The network page's numbers from the catalog and its relations; linear in the number of pairs."""
    return Network(
        heat=_heat_map(catalog, relations),
        years=_years(catalog),
        kinds=tuple(Bar(kind_label(kind), count) for kind, count in count_kinds(catalog.articles)),
        types=_types(catalog, relations),
        pairs=len(relations.pairs),
    )


def _heat_map(catalog: Catalog, relations: Relations) -> HeatMap:
    institutions = sorted(
        (group for group in catalog.institutions if group.stated), key=lambda g: (-len(g.articles), g.name.casefold())
    )[:HEAT_ROWS]
    chosen = {group.slug for group in institutions}
    counts: dict[tuple[str, str], int] = {}
    pages: dict[tuple[str, str], str] = {}
    totals: Counter[str] = Counter()
    names: dict[str, str] = {}
    for pair in relations.pairs:
        if pair.institution.slug in chosen:
            counts[(pair.institution.slug, pair.partner.slug)] = len(pair.articles)
            pages[(pair.institution.slug, pair.partner.slug)] = pair.target
            totals[pair.partner.slug] += len(pair.articles)
            names[pair.partner.slug] = pair.partner.name
    partners = sorted(totals, key=lambda slug: (-totals[slug], names[slug].casefold(), slug))[:HEAT_COLUMNS]
    rows = tuple(
        Bar(group.name, len(group.articles), urls.group_target(urls.INSTITUTIONS, group)) for group in institutions
    )
    columns = tuple(Bar(names[slug], totals[slug], f"{urls.PARTNERS}{slug}.html") for slug in partners)
    grid = tuple(tuple(counts.get((group.slug, slug), 0) for slug in partners) for group in institutions)
    targets = tuple(tuple(pages.get((group.slug, slug)) for slug in partners) for group in institutions)
    return HeatMap(rows, columns, grid, targets)


def _years(catalog: Catalog) -> tuple[Bar, ...]:
    """Oldest year first, then the articles whose year is not stated."""
    bars = [
        Bar(year.name, len(year.articles), urls.group_target(urls.ARCHIVE, year)) for year in reversed(catalog.years)
    ]
    if catalog.undated:
        bars.append(Bar("Year not stated", len(catalog.undated), urls.UNDATED))
    return tuple(bars)


def _types(catalog: Catalog, relations: Relations) -> tuple[Bar, ...]:
    """Partners (not articles) of each type, linking to that type's section of the partners index."""
    counts = Counter(relations.types[group.name] for group in catalog.partners if group.stated)
    return tuple(
        Bar(kind.capitalize(), counts[kind], f"{urls.PARTNERS}#{type_anchor(kind)}")
        for kind in PARTNER_TYPES
        if counts[kind]
    )
