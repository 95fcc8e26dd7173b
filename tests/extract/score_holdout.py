"""Score the extractor per field on the held-out articles (tests/data/holdout-articles), never used for tuning.

Run from the repository root:  python -m tests.extract.score_holdout  [--empty-gazetteer] [--details]

The metrics are those of tests/extract/score.py (whose docstring defines them); this module only points them
at another label file, because score.py's label sets are fixed. The held-out articles were written and
labelled after the extractor's rules, so these scores estimate how it does on pages nobody has looked at.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import yaml

from coopnews.extract import extract_article
from coopnews.model import Organization, RawArticle
from tests.extract.score import FIELDS, ROOT, Tally, _score_one, format_table, repository_gazetteer

HOLDOUT_DIR = ROOT / "tests" / "data" / "holdout-articles"
HOLDOUT_LABELS = HOLDOUT_DIR / "labels.yaml"


def load_holdout(labels_path: Path = HOLDOUT_LABELS) -> list[tuple[str, str, dict[str, Any]]]:
    """(file name, text, label) for every held-out article, in label-file order."""
    items = []
    for label in yaml.safe_load(labels_path.read_text(encoding="utf-8")):
        text = (labels_path.parent / label["file"]).read_text(encoding="utf-8")
        items.append((label["file"], text, label))
    return items


def score_holdout(gazetteer: tuple[Organization, ...], labels_path: Path = HOLDOUT_LABELS) -> dict[str, Tally]:
    """Extract every held-out article with `gazetteer` and tally each field as score.py does."""
    tallies = {name: Tally(f1=name in ("institutions", "people")) for name in FIELDS}
    for name, text, label in load_holdout(labels_path):
        article = extract_article(RawArticle(file=name, text=text, sha256=""), gazetteer)
        _score_one(name, article, label, tallies)
    return tallies


def main(argv: list[str] | None = None) -> int:
    """Print the held-out score table (and, with --details, every miss)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--empty-gazetteer", action="store_true", help="score with no gazetteer at all")
    parser.add_argument("--details", action="store_true", help="list every miss")
    parser.add_argument("--labels", type=Path, default=HOLDOUT_LABELS, help="another labels.yaml to score")
    args = parser.parse_args(argv)
    gazetteer = () if args.empty_gazetteer else repository_gazetteer()
    tallies = score_holdout(gazetteer, args.labels)
    heading = f"Extraction scores on {len(load_holdout(args.labels))} held-out articles, "
    heading += "empty gazetteer" if args.empty_gazetteer else "config.yaml gazetteer"
    print(format_table(tallies, heading))
    if args.details:
        for field_name, tally in tallies.items():
            for miss in tally.misses:
                print(f"  {field_name}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
