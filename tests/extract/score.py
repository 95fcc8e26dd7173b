"""Score the extractor per field against hand labels, on any of the labelled sets in tests/data.

Run from the repository root:  python -m tests.extract.score  [SET ...] [--empty-gazetteer] [--details]
(no SET scores every set; the sets are listed in LABEL_SETS below).

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
- silent errors: the share of (article, field) pairs, over title, date, institutions, main partner and
  kind, where the field is wrong and needs_review does not name it ("partners" for the main partner).
  Institutions count as wrong for an article unless its extracted set matches the labelled set exactly.
  This is the number that matters most: a flagged error costs a person a minute, a silent one puts an
  article on the wrong page with nobody warned. "flagged" is the share of those pairs under needs_review,
  right or wrong: the work the review list asks for.
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
from coopnews.extract import extract_article, review_fields
from coopnews.model import Article, Organization, RawArticle

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"


@dataclass(frozen=True)
class LabelSet:
    """A folder of articles and the labels.yaml that describes them."""

    name: str
    folder: Path
    labels: Path
    about: str


#: Every labelled set. "seeds" and "dev" were used to write the rules; "holdout" and "holdout2" were written
#: apart from them; "dev2" holds ten real pages scored before any rule was tuned on them (issue 10).
LABEL_SETS: dict[str, LabelSet] = {
    s.name: s
    for s in (
        LabelSet("seeds", ROOT / "seeds", DATA / "seed-labels.yaml", "the five sample seeds"),
        LabelSet("dev", DATA / "dev-articles", DATA / "dev-articles" / "labels.yaml", "nine real pages"),
        LabelSet("holdout", DATA / "holdout-articles", DATA / "holdout-articles" / "labels.yaml", "twelve written"),
        LabelSet("holdout2", DATA / "holdout2-articles", DATA / "holdout2-articles" / "labels.yaml", "ten written"),
        LabelSet("dev2", DATA / "dev2-articles", DATA / "dev2-articles" / "labels.yaml", "ten real pages"),
    )
}
FIELDS = ("title", "date", "institutions", "main partner", "people", "kind")
#: The needs_review field that flags each scored field.
_REVIEW_FIELD = {"title": "title", "date": "date", "institutions": "institutions", "main partner": "partners"}
_SILENT_FIELDS = ("title", "date", "institutions", "main partner", "kind")


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


@dataclass
class Scores:
    """Per-field tallies for one set, and the silent errors (wrong and not flagged) among `checked` pairs."""

    tallies: dict[str, Tally]
    silent: list[str] = field(default_factory=list)
    checked: int = 0
    flagged: int = 0  # (article, field) pairs under needs_review, right or wrong: what a person is asked to check

    @property
    def silent_rate(self) -> float:
        return len(self.silent) / self.checked if self.checked else 0.0

    def __getitem__(self, name: str) -> Tally:
        return self.tallies[name]


def load_set(label_set: LabelSet) -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, text, label) for every article of `label_set`, in label-file order."""
    items = []
    for label in yaml.safe_load(label_set.labels.read_text(encoding="utf-8")):
        text = (label_set.folder / label["file"]).read_text(encoding="utf-8")
        items.append((label["file"], text, label))
    return items


def repository_gazetteer() -> tuple[Organization, ...]:
    """The gazetteer the project ships in config.yaml."""
    return load_config(ROOT / "config.yaml").gazetteer


def score_set(label_set: LabelSet | str, gazetteer: tuple[Organization, ...]) -> Scores:
    """Extract every article of `label_set` with `gazetteer` and tally each field and the silent errors."""
    chosen = LABEL_SETS[label_set] if isinstance(label_set, str) else label_set
    scores = Scores({name: Tally(f1=name in ("institutions", "people")) for name in FIELDS})
    for name, text, label in load_set(chosen):
        article = extract_article(RawArticle(file=name, text=text, sha256=""), gazetteer)
        _score_one(name, article, label, scores)
    return scores


def format_table(scores: Scores, heading: str) -> str:
    """The per-field scores and the silent-error rate as a small text table."""
    lines = [heading, f"{'field':<14}{'score':>7}  basis"]
    for name, tally in scores.tallies.items():
        basis = (
            f"F1 (tp {tally.tp}, fp {tally.fp}, fn {tally.fn})"
            if tally.f1
            else f"{tally.correct}/{tally.total} correct"
        )
        lines.append(f"{name:<14}{tally.score:>7.2f}  {basis}")
    lines.append(
        f"{'silent errors':<14}{scores.silent_rate:>7.2f}  {len(scores.silent)}/{scores.checked} fields wrong "
        "and not under needs_review"
    )
    share = scores.flagged / scores.checked if scores.checked else 0.0
    lines.append(f"{'flagged':<14}{share:>7.2f}  {scores.flagged}/{scores.checked} fields under needs_review")
    return "\n".join(lines)


def normalise(name: str) -> str:
    """Case, accents, punctuation, "&" vs "and", a leading "the" and word order do not count."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = re.findall(r"\w+", text)
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(sorted(words))


def _score_one(name: str, article: Article, label: dict[str, Any], scores: Scores) -> None:
    tallies = scores.tallies
    flagged = review_fields(article.needs_review)
    wrong: set[str] = set()

    def count(field_name: str, ok: bool, miss: str) -> None:
        tally = tallies[field_name]
        tally.total += 1
        tally.correct += ok
        if not ok:
            tally.misses.append(f"{name}: {miss}")
            wrong.add(field_name)

    if label["title"] is None:
        count("title", "title" in flagged, f"{article.title!r} (no headline on the page, not flagged)")
    else:
        count("title", _clean_title(article.title) == _clean_title(label["title"]), repr(article.title))

    expected = label.get("date_iso")
    if expected is None and label.get("event_date_iso") and not label.get("year_inferred"):
        expected = label["event_date_iso"]
    got = article.date.isoformat() if article.date else None
    count("date", got == expected, f"{got} (expected {expected})")

    spellings = {canonical: set(aliases) for canonical, aliases in article.aliases}

    def names_of(org: str) -> set[str]:
        return {normalise(n) for n in {org, *spellings.get(org, ())}}

    labelled = [{normalise(n) for n in [e["name"], *(e.get("aliases") or [])]} for e in label["institutions"] or []]
    if not _tally_sets(name, tallies["institutions"], [names_of(o) for o in article.institutions], labelled, []):
        wrong.add("institutions")

    expected_partner = label["partners"][0]
    wanted = {normalise(n) for n in [expected_partner["name"], *(expected_partner.get("aliases") or [])]}
    ok = bool(article.partners) and bool(names_of(article.partners[0]) & wanted)
    count("main partner", ok, f"{article.partners[:1]} (expected {expected_partner['name']})")

    people = [p for p in label["people"] if not p.get("byline")]
    required = [{normalise(p["name"])} for p in people if not p.get("cited")]
    optional = [{normalise(p["name"])} for p in people if p.get("cited")]
    _tally_sets(name, tallies["people"], [{normalise(p.name)} for p in article.people], required, optional)

    count("kind", article.kind == label["kind"], f"{article.kind} (expected {label['kind']})")

    scores.checked += len(_SILENT_FIELDS)
    scores.flagged += sum(_REVIEW_FIELD.get(f, f) in flagged for f in _SILENT_FIELDS)
    for field_name in _SILENT_FIELDS:
        if field_name in wrong and _REVIEW_FIELD.get(field_name, field_name) not in flagged:
            scores.silent.append(f"{name}: {field_name}")


def _tally_sets(
    name: str, tally: Tally, found: list[set[str]], required: list[set[str]], optional: list[set[str]]
) -> bool:
    """Match found items to labelled ones (any shared spelling) and count tp/fp/fn; True when all matched."""
    unmatched = list(required)
    exact = True
    for item in found:
        hit = next((want for want in unmatched if item & want), None)
        if hit is not None:
            unmatched.remove(hit)
            tally.tp += 1
        elif not any(item & want for want in optional + required):
            tally.fp += 1
            tally.misses.append(f"{name}: extra {sorted(item)}")
            exact = False
    tally.fn += len(unmatched)
    tally.misses.extend(f"{name}: missed {sorted(want)}" for want in unmatched)
    return exact and not unmatched


def _clean_title(title: str) -> str:
    return " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", title).casefold()))


def main(argv: list[str] | None = None) -> int:
    """Print the score table of each chosen set (and, with --details, what each field got wrong)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "sets", nargs="*", metavar="SET", help=f"label sets to score: {', '.join(LABEL_SETS)} (default: all)"
    )
    parser.add_argument("--empty-gazetteer", action="store_true", help="score with no gazetteer at all")
    parser.add_argument("--details", action="store_true", help="list every miss and every silent error")
    args = parser.parse_args(argv)
    unknown = [name for name in args.sets if name not in LABEL_SETS]
    if unknown:
        parser.error(f"unknown set {', '.join(unknown)}; expected one of {', '.join(LABEL_SETS)}")
    gazetteer = () if args.empty_gazetteer else repository_gazetteer()
    for set_name in args.sets or LABEL_SETS:
        label_set = LABEL_SETS[set_name]
        scores = score_set(label_set, gazetteer)
        heading = f"{set_name}: {scores['title'].total} articles ({label_set.about}), "
        heading += "empty gazetteer" if args.empty_gazetteer else "config.yaml gazetteer"
        print(format_table(scores, heading))
        if args.details:
            for field_name, tally in scores.tallies.items():
                for miss in tally.misses:
                    print(f"  {field_name}: {miss}")
            for silent in scores.silent:
                print(f"  silent: {silent}")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
