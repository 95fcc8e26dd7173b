"""Score the extractor per field against the hand labels of the five seeds and the nine dev articles.

Run from the repository root:  python -m tests.extract.score  [--empty-gazetteer] [--details]

Metrics (each article counts once; names are compared after normalisation: case, punctuation,
"&"/"and" and word order do not matter, so "LIU Minhua" = "Liu Minhua" = "Minhua Liu"):
- title: exact match of the normalised title. Where the label says the page has no headline
  (title: null), correct means the extractor flagged "title" in needs_review instead.
- date: the extracted ISO date equals the expected one: the page's own date (date_iso), else the event
  date when the text states its year (event_date_iso without year_inferred), else None.
- institutions: micro-averaged F1 over all articles. An extracted institution matches a labelled one
  when any spelling of it (canonical name or an alias the article records) equals any spelling in the
  label (name or aliases). An article with no labelled and no extracted institution counts as correct.
- main partner: the first extracted partner matches the label's first partner (same spelling rule).
- people: micro-averaged F1 over normalised names. Byline entries are not expected; people marked
  cited: true are optional (neither required nor penalised).
- kind: exact match.
"""

from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from coopnews.config import load_config
from coopnews.extract import extract_article
from coopnews.model import Article, Organization, RawArticle

ROOT = Path(__file__).resolve().parents[2]
LABEL_SETS = (
    (ROOT / "seeds", ROOT / "tests" / "data" / "seed-labels.yaml"),
    (ROOT / "tests" / "data" / "dev-articles", ROOT / "tests" / "data" / "dev-articles" / "labels.yaml"),
)
FIELDS = ("title", "date", "institutions", "main partner", "people", "kind")


@dataclass
class Tally:
    """Counts for one field: accuracy fields use correct/total, F1 fields true/false positives and negatives."""

    correct: int = 0
    total: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    f1: bool = False
    misses: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        if self.f1:
            denominator = 2 * self.tp + self.fp + self.fn
            return 1.0 if denominator == 0 else 2 * self.tp / denominator
        return self.correct / self.total if self.total else 1.0


def load_labelled() -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, text, label) for every labelled article, seeds first."""
    items = []
    for folder, labels_path in LABEL_SETS:
        for label in yaml.safe_load(labels_path.read_text(encoding="utf-8")):
            text = (folder / label["file"]).read_text(encoding="utf-8")
            items.append((label["file"], text, label))
    return items


def repository_gazetteer() -> tuple[Organization, ...]:
    """The gazetteer the project ships in config.yaml."""
    return load_config(ROOT / "config.yaml").gazetteer


def score_articles(gazetteer: tuple[Organization, ...]) -> dict[str, Tally]:
    """Extract every labelled article with `gazetteer` and tally each field."""
    tallies = {name: Tally(f1=name in ("institutions", "people")) for name in FIELDS}
    for name, text, label in load_labelled():
        article = extract_article(RawArticle(file=name, text=text, sha256=""), gazetteer)
        _score_one(name, article, label, tallies)
    return tallies


def format_table(tallies: dict[str, Tally], heading: str) -> str:
    """The per-field scores as a small text table."""
    lines = [heading, f"{'field':<14}{'score':>7}  basis"]
    for name, tally in tallies.items():
        basis = (
            f"F1 (tp {tally.tp}, fp {tally.fp}, fn {tally.fn})"
            if tally.f1
            else f"{tally.correct}/{tally.total} correct"
        )
        lines.append(f"{name:<14}{tally.score:>7.2f}  {basis}")
    return "\n".join(lines)


def normalise(name: str) -> str:
    """Case, accents, punctuation, "&" vs "and", a leading "the" and word order do not count."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = re.findall(r"\w+", text)
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(sorted(words))


def _score_one(name: str, article: Article, label: dict[str, Any], tallies: dict[str, Tally]) -> None:
    title = tallies["title"]
    title.total += 1
    if label["title"] is None:
        ok = "title" in article.needs_review
    else:
        ok = _clean_title(article.title) == _clean_title(label["title"])
    title.correct += ok
    if not ok:
        title.misses.append(f"{name}: {article.title!r}")

    date = tallies["date"]
    date.total += 1
    expected = label.get("date_iso")
    if expected is None and label.get("event_date_iso") and not label.get("year_inferred"):
        expected = label["event_date_iso"]
    got = article.date.isoformat() if article.date else None
    date.correct += got == expected
    if got != expected:
        date.misses.append(f"{name}: {got} (expected {expected})")

    spellings = {canonical: set(aliases) for canonical, aliases in article.aliases}

    def names_of(org: str) -> set[str]:
        return {normalise(n) for n in {org, *spellings.get(org, ())}}

    labelled = [{normalise(n) for n in [e["name"], *(e.get("aliases") or [])]} for e in label["institutions"] or []]
    _tally_sets(name, tallies["institutions"], [names_of(o) for o in article.institutions], labelled, [])

    partner = tallies["main partner"]
    partner.total += 1
    expected_partner = label["partners"][0]
    wanted = {normalise(n) for n in [expected_partner["name"], *(expected_partner.get("aliases") or [])]}
    ok = bool(article.partners) and bool(names_of(article.partners[0]) & wanted)
    partner.correct += ok
    if not ok:
        partner.misses.append(f"{name}: {article.partners[:1]} (expected {expected_partner['name']})")

    people = [p for p in label["people"] if not p.get("byline")]
    required = [{normalise(p["name"])} for p in people if not p.get("cited")]
    optional = [{normalise(p["name"])} for p in people if p.get("cited")]
    _tally_sets(name, tallies["people"], [{normalise(p.name)} for p in article.people], required, optional)

    kind = tallies["kind"]
    kind.total += 1
    kind.correct += article.kind == label["kind"]
    if article.kind != label["kind"]:
        kind.misses.append(f"{name}: {article.kind} (expected {label['kind']})")


def _tally_sets(
    name: str, tally: Tally, found: list[set[str]], required: list[set[str]], optional: list[set[str]]
) -> None:
    """Match found items to labelled ones (any shared spelling) and count tp/fp/fn."""
    unmatched = list(required)
    for item in found:
        hit = next((want for want in unmatched if item & want), None)
        if hit is not None:
            unmatched.remove(hit)
            tally.tp += 1
        elif not any(item & want for want in optional + required):
            tally.fp += 1
            tally.misses.append(f"{name}: extra {sorted(item)}")
    tally.fn += len(unmatched)
    tally.misses.extend(f"{name}: missed {sorted(want)}" for want in unmatched)


def _clean_title(title: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def main(argv: list[str] | None = None) -> int:
    """Print the score table (and, with --details, what each field got wrong)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--empty-gazetteer", action="store_true", help="score with no gazetteer at all")
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    gazetteer = () if args.empty_gazetteer else repository_gazetteer()
    tallies = score_articles(gazetteer)
    heading = f"Extraction scores on {len(load_labelled())} labelled articles (seeds + dev), "
    heading += "empty gazetteer" if args.empty_gazetteer else "config.yaml gazetteer"
    print(format_table(tallies, heading))
    if args.details:
        for field_name, tally in tallies.items():
            for miss in tally.misses:
                print(f"  {field_name}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
