"""Benchmark corpus: generate N raw news articles (seeds) and the same articles as Pelican Markdown.

Deterministic: the world (organisations, people, vocabulary ranks) comes from random.Random(seed), and
article i from random.Random(f"{seed}:{i}"), so article i is the same whatever N is and the corpus for
N=1000 is the first thousand articles of N=10000. The articles imitate the real seeds: page boilerplate
(breadcrumbs, "News Center", "Release Time:...Source:Clicks:...Author:" lines) in some and none in others,
a headline or none, dates with and without a year, "Full Name (ABBR)" then "ABBR", people in "LIU Minhua"
and "Liu Minhua" styles, and 300–900 words of prose drawn from a Zipf-ranked vocabulary of a few thousand
words so a search index over them has realistic term counts.

Usage: python bench/generate.py --n 1000 --seed 1 --out bench/work/n1000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as `python bench/generate.py`: make `bench` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml
from slugify import slugify

from bench import vocabulary as V
from bench.prose import Pools, build_pools, write_sentence

#: Sizes of the generated world.
INSTITUTION_COUNT = 300
PARTNER_COUNT = 400
#: Pelican needs a date; articles that never state a year get this one.
DEFAULT_DATE = "2000-01-01"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
#: How an article's page text begins, with weights: a bare headline, boilerplate above it, or no headline at all.
HEADER_WEIGHTS = {"plain": 40, "breadcrumb": 18, "news-center": 15, "content-dateline": 12, "headless": 15}
KINDS = ("agreement-signing", "visit", "forum", "joint-lab", "talent-employment", "other")


@dataclass(frozen=True)
class Person:
    """Someone the articles name: family and given name, role, and pronoun."""

    surname: str
    given: str
    role: str
    pronoun: str  # "his" or "her"


@dataclass(frozen=True)
class Org:
    """A generated institution or partner: canonical name, abbreviation (or None), short name, staff."""

    name: str
    abbr: str | None
    short: str
    kind: str  # "university", "enterprise", "government", "institute"
    people: tuple[Person, ...]


@dataclass(frozen=True)
class World:
    """Everything articles are drawn from; fixed by the seed, independent of N."""

    institutions: tuple[Org, ...]
    partners: tuple[Org, ...]
    places: tuple[str, ...]
    pools: Pools


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article: its raw seed text and what Pelican needs to build the same article."""

    index: int
    title: str  # the headline, or a title derived from the first sentence when the seed has none
    has_headline: bool
    date: str | None  # ISO date when the text states a year
    date_text: str | None
    institution: str
    partners: tuple[str, ...]
    kind: str
    paragraphs: tuple[str, ...]
    seed_text: str

    @property
    def slug(self) -> str:
        """Unique, stable slug: the index keeps two articles with one title apart."""
        return f"{self.index:05d}-{slugify(self.title, max_length=60, word_boundary=True, save_order=True)}"

    @property
    def seed_name(self) -> str:
        """File name under seeds/: NNNNN_<first 16 hex of the text's SHA-256>.txt, like the real seeds."""
        return f"{self.index:05d}_{hashlib.sha256(self.seed_text.encode()).hexdigest()[:16]}.txt"

    @property
    def word_count(self) -> int:
        """Words of the article body (boilerplate and headline excluded)."""
        return sum(len(p.split()) for p in self.paragraphs)


def build_world(seed: int) -> World:
    """Draw the organisations, their people, places and the vocabulary ranks for `seed`."""
    rng = random.Random(seed)
    places = tuple(sorted({_pinyin(rng, 2) for _ in range(150)} | {r for r, _ in V.REGIONS[:60]}))
    return World(
        institutions=_make_universities(rng, INSTITUTION_COUNT),
        partners=_make_partners(rng, PARTNER_COUNT),
        places=places,
        pools=build_pools(rng),
    )


#: Corpus shapes: "portal" draws each article's institution from 300 universities; "office" is one university's
#: own news (a cooperation office's site), every article's institution the first one, the rest drawn the same.
SHAPES = ("portal", "office")


def generate_article(world: World, seed: int, index: int, shape: str = "portal") -> GeneratedArticle:
    """Generate article `index`; depends only on the world, the seed, the index and the shape."""
    rng = random.Random(f"{seed}:{index}")
    inst = world.institutions[_zipf_index(rng, len(world.institutions), 0.8)]
    if shape == "office":
        inst = world.institutions[0]  # drawn above all the same, so every other field is as in "portal"
    partners = [world.partners[_zipf_index(rng, len(world.partners), 0.6)]]
    for _ in range(rng.choices((0, 1, 2), (70, 22, 8))[0]):
        extra = world.partners[rng.randrange(len(world.partners))]
        if extra not in partners:
            partners.append(extra)
    kind = rng.choice(KINDS)
    year = rng.randint(2015, 2024)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28)
    iso = f"{year:04d}-{month:02d}-{day:02d}"
    date_style = rng.choices(("no-year", "year", "none"), (50, 40, 10))[0]
    date_text = _format_date(rng, month, day, year if date_style == "year" else None)
    header = rng.choices(tuple(HEADER_WEIGHTS), tuple(HEADER_WEIGHTS.values()))[0]
    stated_year = date_style == "year" or header in ("news-center", "content-dateline")
    place = rng.choice(world.places)
    ctx = _Context(rng, world, inst, partners, place)
    first = _first_paragraph(ctx, kind, date_text if date_style != "none" else None)
    target = rng.randint(300, 870)
    paragraphs = [first]
    words = len(first.split())
    while words < target:  # sentence by sentence, so the body overshoots the target by one sentence at most
        names = ctx.names()
        sentences: list[str] = []
        for _ in range(rng.randint(3, 7)):
            sentences.append(write_sentence(rng, world.pools, names))
            words += len(sentences[-1].split())
            if words >= target:
                break
        paragraphs.append(" ".join(sentences))
    headline = _headline(ctx, kind)
    has_headline = header != "headless"
    title = headline if has_headline else " ".join(first.split()[:12]).rstrip(",.;")
    seed_text = _format_seed(rng, header, headline, paragraphs, iso)
    return GeneratedArticle(
        index=index,
        title=title,
        has_headline=has_headline,
        date=iso if stated_year else None,
        date_text=date_text if date_style != "none" else None,
        institution=inst.name,
        partners=tuple(p.name for p in partners),
        kind=kind,
        paragraphs=tuple(paragraphs),
        seed_text=seed_text,
    )


def generate_articles(n: int, seed: int, shape: str = "portal") -> list[GeneratedArticle]:
    """The first `n` articles of the corpus for `seed` and `shape`."""
    world = build_world(seed)
    return [generate_article(world, seed, i, shape) for i in range(n)]


def format_pelican_article(article: GeneratedArticle) -> str:
    """The article as Pelican Markdown: institution as category, partners as tags (";" since names hold commas)."""
    lines = [
        f"Title: {article.title}",
        f"Date: {article.date or DEFAULT_DATE}",
        f"Category: {article.institution}",
        f"Tags: {'; '.join(article.partners)}",
        f"Slug: {article.slug}",
        "",
        "\n\n".join(article.paragraphs),
        "",
    ]
    return "\n".join(lines)


def format_pelicanconf() -> str:
    """A Pelican settings file comparable to our build: paginated lists, no feeds, no content cache."""
    return """\
# Pelican settings for the coopnews benchmark (generated by bench/generate.py).
AUTHOR = "bench"
SITENAME = "Cooperation News (Pelican benchmark)"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_PAGINATION = 10
# Feeds OFF: the issue's Pelican figure (105 s at 10,000 articles) was measured with feeds off.
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
# Every run is a clean build: no content cache carried between runs.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
"""


def format_config(world: World, templates_dir: str) -> str:
    """A coopnews config.yaml for the corpus; the gazetteer knows every institution and every other partner."""
    known_partners = world.partners[::2]
    data = {
        "site": {"title": "Cooperation News (benchmark)", "base_url": "http://127.0.0.1:8000/", "per_page": 10},
        "paths": {"seeds": "seeds", "content": "content", "templates": templates_dir, "output": "site"},
        "gazetteer": {
            "institutions": [_gazetteer_entry(org) for org in world.institutions],
            "partners": [_gazetteer_entry(org) for org in known_partners],
        },
    }
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=120)
    return "# coopnews benchmark config (generated by bench/generate.py).\n" + text


def write_corpus(out_dir: Path, n: int, seed: int, templates_dir: Path, shape: str = "portal") -> dict[str, Any]:
    """Write seeds/, pelican/content/, pelican/pelicanconf.py and config.yaml under `out_dir`; return counts.

    Replaces only what it writes (seeds/ and pelican/content/ are recreated), so content/ and site/ of an
    earlier benchmark run stay until run.py clears them.
    """
    world = build_world(seed)
    seeds_dir = out_dir / "seeds"
    pelican_dir = out_dir / "pelican"
    pelican_content = pelican_dir / "content"
    for folder in (seeds_dir, pelican_content):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    words = 0
    for i in range(n):
        article = generate_article(world, seed, i, shape)
        words += article.word_count
        (seeds_dir / article.seed_name).write_text(article.seed_text, encoding="utf-8")
        (pelican_content / f"{article.slug}.md").write_text(format_pelican_article(article), encoding="utf-8")
    (pelican_dir / "pelicanconf.py").write_text(format_pelicanconf(), encoding="utf-8")
    templates = os.path.relpath(templates_dir.resolve(), out_dir.resolve())
    (out_dir / "config.yaml").write_text(format_config(world, templates), encoding="utf-8")
    summary: dict[str, Any] = {"n": n, "seed": seed, "words": words}
    if shape != "portal":
        summary["shape"] = shape
    (out_dir / "corpus.json").write_text(json.dumps(summary, sort_keys=True) + "\n", encoding="utf-8")
    return summary


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: generate a corpus of --n articles with --seed into --out."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, required=True, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", type=Path, required=True, help="output folder, e.g. bench/work/n1000")
    default_templates = Path(__file__).resolve().parent.parent / "templates"
    parser.add_argument("--templates", type=Path, default=default_templates, help="templates folder for config.yaml")
    parser.add_argument("--shape", choices=SHAPES, default="portal", help="portal (default) or office: one university")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    summary = write_corpus(args.out, args.n, args.seed, args.templates, args.shape)
    print(f"wrote {summary['n']} articles ({summary['words']} words) to {args.out}")
    return 0


class _Context:
    """The organisations and place of one article, and how the text refers to them."""

    def __init__(self, rng: random.Random, world: World, inst: Org, partners: list[Org], place: str) -> None:
        self.rng = rng
        self.world = world
        self.inst = inst
        self.partners = partners
        self.place = place
        self.upper_style = rng.random() < 0.35  # "Mr. LIU Minhua" rather than "Liu Minhua"
        self.mentioned: set[str] = set()
        self.field = rng.choice(V.FIELDS)  # the topic the headline and first paragraph share

    def org_ref(self, org: Org) -> str:
        """First mention "Full Name (ABBR)" (or the full name), later the abbreviation or short name."""
        if org.name not in self.mentioned:
            self.mentioned.add(org.name)
            return f"{org.name} ({org.abbr})" if org.abbr and self.rng.random() < 0.8 else org.name
        return org.abbr or org.short

    def person_ref(self, person: Person, org: Org) -> str:
        """A person with their role, in the article's name style."""
        role = person.role.format(i=org.abbr or org.short, p=org.short)
        if self.upper_style:
            return f"{self.rng.choice(V.HONORIFICS)} {person.surname.upper()} {person.given}, {role}"
        return f"{person.surname} {person.given}, {role}"

    def names(self) -> dict[str, str]:
        """Short names the prose may mention."""
        p = self.partners[0]
        person = self.rng.choice(self.inst.people + p.people)
        title = person.role.split(" of ")[0].split()[-1]
        return {
            "I": self.inst.abbr or self.inst.short,
            "P": p.abbr or p.short,
            "place": self.place,
            "ref": f"{title} {person.surname}",
            "pronoun": person.pronoun,
            "school": f"School of {self.rng.choice(V.FIELDS)}",
        }


def _first_paragraph(ctx: _Context, kind: str, date_text: str | None) -> str:
    rng = ctx.rng
    on = f"On {date_text}, " if date_text else ""
    inst_person = ctx.person_ref(rng.choice(ctx.inst.people), ctx.inst)
    partner = ctx.partners[0]
    partner_person = ctx.person_ref(rng.choice(partner.people), partner)
    i_ref = ctx.org_ref(ctx.inst)
    p_ref = ctx.org_ref(partner)
    topic = ctx.field.lower()
    if kind == "agreement-signing":
        text = (
            f"{on}the signing ceremony of the strategic cooperation agreement between {i_ref} and {p_ref} was held "
            f"in {ctx.place}. The event was attended by {partner_person}, and {inst_person}, who signed the agreement "
            "on behalf of both sides."
        )
    elif kind == "visit":
        text = (
            f"{on}{inst_person}, led a delegation to visit {p_ref} in {ctx.place}, and an in-depth communication was "
            f"held on the issues including {topic} and school-enterprise cooperation with {i_ref}."
        )
    elif kind == "forum":
        text = (
            f"{on}the forum on {topic} co-organized by {i_ref} and {p_ref} was held in {ctx.place}. "
            f"{partner_person}, and {inst_person}, delivered speeches at the opening ceremony."
        )
    elif kind == "joint-lab":
        text = (
            f"{on}the unveiling ceremony of the Joint Laboratory of {ctx.field}, jointly built by {i_ref} "
            f"and {p_ref}, took place in {ctx.place}. {inst_person}, and {partner_person}, unveiled the laboratory."
        )
    elif kind == "talent-employment":
        when = f" on the afternoon of {date_text}" if date_text else ""
        text = (
            f"In order to expand employment opportunities for graduates of {i_ref}, {inst_person}, led a team to "
            f"{p_ref}{when} to carry out the activity of “building a platform, promoting employment”. "
            f"{partner_person}, received the delegation."
        )
    else:
        text = (
            f'{on}{i_ref} entered {p_ref} with the theme of "Party Building Leads Cooperation and Innovation". '
            f"{inst_person}, and {partner_person}, attended the activity."
        )
    for extra in ctx.partners[1:]:
        text += f" Representatives of {ctx.org_ref(extra)} also attended."
    return text[0].upper() + text[1:]


def _headline(ctx: _Context, kind: str) -> str:
    rng = ctx.rng
    i = ctx.inst.abbr or ctx.inst.short
    partner = ctx.partners[0]
    field = ctx.field
    person = ctx.inst.people[0]
    options = {
        "agreement-signing": (
            f"{i} Signs Strategic Cooperation Agreement with {partner.short}",
            f"A Strategic Cooperation Agreement was Signed between {i} and {partner.name}",
        ),
        "visit": (
            f"{person.surname} {person.given}, {person.role.format(i=i, p=partner.short)}, "
            f"Led a Delegation to Visit {partner.name}",
            f"Delegation from {partner.short} Visits {i}",
        ),
        "forum": (f"{i} and {partner.short} Hold Forum on {field}",),
        "joint-lab": (f"{i} and {partner.short} Unveil Joint Laboratory of {field}",),
        "talent-employment": (f"{i} Visits {partner.short} to Expand Employment for Graduates",),
        "other": (f"{ctx.inst.name}'s Theme Party Building Education Activity Entered {partner.short}",),
    }
    return rng.choice(options[kind])


def _format_seed(rng: random.Random, header: str, headline: str, paragraphs: list[str], iso: str) -> str:
    sep = rng.choices(("\n\n", "\n\n\n\n", "\n"), (70, 15, 15))[0]
    body = sep.join(paragraphs)
    y, m, d = (int(x) for x in iso.split("-"))
    if header == "headless":
        return body + "\n"
    if header == "breadcrumb":
        return f"Home  >   News\n\n{headline}\n\n{body}\n"
    if header == "news-center":
        release = f"Release Time:{iso}Source:Clicks:{rng.randint(50, 3000)}Author:"
        return f"News Center\n\n{headline}\n\n{release}\n\n{body}\n"
    if header == "content-dateline":
        return f"Home > News > Content\n\n{headline}\n\n{MONTHS[m - 1]} {d}, {y}\n\n{body}\n"
    return f"{headline}\n\n{body}\n"


def _format_date(rng: random.Random, month: int, day: int, year: int | None) -> str:
    ordinal = rng.random() < 0.5
    suffix = "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    text = f"{MONTHS[month - 1]} {day}{suffix if ordinal else ''}"
    return f"{text}, {year}" if year is not None else text


def _gazetteer_entry(org: Org) -> dict[str, object]:
    aliases = sorted({a for a in (org.abbr, org.short) if a and a != org.name})
    return {"name": org.name, "aliases": aliases}


def _zipf_index(rng: random.Random, n: int, exponent: float) -> int:
    """An index in range(n) drawn with weight 1/(rank+1)^exponent: a few organisations appear often."""
    weights = [1.0 / (rank + 1) ** exponent for rank in range(n)]
    return rng.choices(range(n), weights)[0]


def _pinyin(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(V.SYLLABLES) for _ in range(syllables)).capitalize()


def _make_person(rng: random.Random, role: str) -> Person:
    return Person(rng.choice(V.SURNAMES), _pinyin(rng, rng.choice((1, 2, 2))), role, rng.choice(("his", "her")))


def _make_universities(rng: random.Random, count: int) -> tuple[Org, ...]:
    combos = [(region, code, pattern, letters) for region, code in V.REGIONS for pattern, letters in V.UNIVERSITY_TYPES]
    rng.shuffle(combos)
    orgs: list[Org] = []
    for region, code, pattern, letters in combos[:count]:
        roles = rng.sample(V.UNIVERSITY_ROLES, 4)
        people = tuple(_make_person(rng, role) for role in roles)
        abbr = code + letters
        orgs.append(Org(pattern.format(r=region), abbr, abbr, "university", people))
    return tuple(orgs)


def _make_partners(rng: random.Random, count: int) -> tuple[Org, ...]:
    orgs: dict[str, Org] = {}
    while len(orgs) < count:
        region, code = rng.choice(V.REGIONS[:60])
        shape = rng.choices(("enterprise", "government", "institute"), (70, 18, 12))[0]
        if shape == "enterprise":
            brand = _pinyin(rng, 2)
            industry = rng.choice(V.INDUSTRIES)
            name = f"{brand} {industry} Group Co., Ltd." if rng.random() < 0.6 else f"{region} {brand} {industry} Co."
            initials = "".join(w[0] for w in f"{brand} {industry}".replace(" and ", " ").split())
            abbr = initials + "G" if rng.random() < 0.3 else None
            short = f"{brand} Group"
        elif shape == "government":
            name, abbr, short = rng.choice(
                (
                    (f"People's Government of {region}", None, f"{region} Government"),
                    (f"{region} Municipal Science and Technology Bureau", f"{code}STB", f"{region} Bureau"),
                    (f"{region} State-owned Assets Supervision and Administration Commission", None, f"{region} SASAC"),
                )
            )
        else:
            field = rng.choice(V.FIELDS)
            name = f"{region} Academy of {field}"
            abbr = code + "A" + "".join(w[0] for w in field.replace(" and ", " ").split())
            short = f"{region} Academy"
        if name not in orgs and all(abbr is None or abbr != o.abbr for o in orgs.values()):
            people = tuple(_make_person(rng, role) for role in rng.sample(V.PARTNER_ROLES, 3))
            orgs[name] = Org(name, abbr, short, shape, people)
    return tuple(orgs.values())


if __name__ == "__main__":
    sys.exit(main())
