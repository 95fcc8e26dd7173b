"""Score the extractor per field on the second held-out set (tests/data/holdout2-articles), never used for tuning.

Run from the repository root:  python -m tests.extract.score_holdout2  [--empty-gazetteer] [--details]

The metrics are those of tests/extract/score.py (whose docstring defines them) and the loading is that of
tests/extract/score_holdout.py; this module only points them at the second label file. The ten articles were
written and labelled without looking at the extractor's rules or at the first held-out set, with universities,
partners and page layouts unlike the dev articles, so these scores estimate how it does on unseen pages.
"""

from __future__ import annotations

import argparse
import sys

from coopnews.model import Organization
from tests.extract.score import ROOT, Tally, format_table, repository_gazetteer
from tests.extract.score_holdout import load_holdout, score_holdout

HOLDOUT2_DIR = ROOT / "tests" / "data" / "holdout2-articles"
HOLDOUT2_LABELS = HOLDOUT2_DIR / "labels.yaml"


def score_holdout2(gazetteer: tuple[Organization, ...]) -> dict[str, Tally]:
    """Extract every article of the second held-out set with `gazetteer` and tally each field as score.py does."""
    return score_holdout(gazetteer, HOLDOUT2_LABELS)


def count_holdout2() -> int:
    """How many labelled articles the second held-out set has."""
    return len(load_holdout(HOLDOUT2_LABELS))


def main(argv: list[str] | None = None) -> int:
    """Print the score table for the second held-out set (and, with --details, every miss)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--empty-gazetteer", action="store_true", help="score with no gazetteer at all")
    parser.add_argument("--details", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    gazetteer = () if args.empty_gazetteer else repository_gazetteer()
    tallies = score_holdout2(gazetteer)
    heading = f"Extraction scores on {count_holdout2()} articles of the second held-out set, "
    heading += "empty gazetteer" if args.empty_gazetteer else "config.yaml gazetteer"
    print(format_table(tallies, heading))
    if args.details:
        for field_name, tally in tallies.items():
            for miss in tally.misses:
                print(f"  {field_name}: {miss}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
