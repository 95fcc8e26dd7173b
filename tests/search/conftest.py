"""Search-test fixtures: the five seeds as Article values (from their hand labels), the search files built from them,
and a runner for tests/search/lunr_node.js (lunr.js 2.3.9 and the search engine under Node)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from coopnews.model import Article, Person
from coopnews.search import make_search_files
from coopnews.search.contract import browser_contract
from tests.conftest import write_outputs

REPO = Path(__file__).resolve().parents[2]
NODE_SCRIPT = Path(__file__).with_name("lunr_node.js")

#: Articles beside the seeds for what the seeds lack: an organisation only named in full (found by its alias),
#: and organisations whose names are English stop words.
EXTRA_ARTICLES = (
    Article(
        slug="extra-wuhan-joint-laboratory",
        title="Wuhan University of Technology opens a joint laboratory for vehicle batteries",
        body="The laboratory will study battery recycling. It opened in the spring; twelve researchers joined us.",
        institutions=("Wuhan University of Technology",),
        partners=("Hubei Battery Works",),
        kind="joint-lab",
    ),
    Article(
        slug="extra-it-academy",
        title="Hubei University trains cloud engineers with a software company",
        body="It is the third programme of its kind; it will take forty students a year.",
        institutions=("Hubei University",),
        partners=("IT Academy of Hubei",),
        kind="talent-employment",
    ),
    Article(
        slug="extra-us-council",
        title="Agricultural university signs an exchange agreement with a grain council",
        body="Students will visit farms; the council will send lecturers to us every autumn.",
        institutions=("Huazhong Agricultural University",),
        partners=("US Grains Council",),
        kind="agreement-signing",
    ),
)


def _seed_article(label: Mapping[str, Any]) -> Article:
    """An Article from a seed's hand label and text: the title line (or the first line) and the rest as body."""
    text = (REPO / "seeds" / label["file"]).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip()]
    title = label.get("title") or lines[0]
    body = "\n\n".join(lines[1:] if lines[0].strip() == title.strip() else lines)
    organisations = [*(label.get("institutions") or []), *(label.get("partners") or [])]
    return Article(
        slug=Path(label["file"]).stem,
        title=title,
        body=body,
        institutions=tuple(entry["name"] for entry in label.get("institutions") or []),
        partners=tuple(entry["name"] for entry in label.get("partners") or []),
        aliases=tuple((entry["name"], tuple(entry.get("aliases") or ())) for entry in organisations),
        people=tuple(Person(person["name"], person.get("role")) for person in label.get("people") or []),
        places=tuple(label.get("places") or ()),
        kind=label.get("kind") or "other",
    )


@pytest.fixture(scope="session")
def seed_labels() -> list[dict[str, Any]]:
    labels: list[dict[str, Any]] = yaml.safe_load((REPO / "tests/data/seed-labels.yaml").read_text(encoding="utf-8"))
    return labels


@pytest.fixture(scope="session")
def seed_articles(seed_labels: list[dict[str, Any]]) -> list[Article]:
    """The five seeds, then EXTRA_ARTICLES; document n of the index is article n."""
    return [*(_seed_article(label) for label in seed_labels), *EXTRA_ARTICLES]


@pytest.fixture(scope="session")
def seed_aliases(seed_articles: list[Article]) -> dict[str, list[str]]:
    """Canonical name -> other spellings, as the catalog hands them to make_search_files (here: from the labels)."""
    aliases: dict[str, list[str]] = {}
    for article in seed_articles:
        for name, spellings in article.aliases:
            aliases.setdefault(name, [])
            aliases[name] += [spelling for spelling in spellings if spelling not in aliases[name]]
    return aliases


@pytest.fixture(scope="session")
def search_folder(
    tmp_path_factory: pytest.TempPathFactory, seed_articles: list[Article], seed_aliases: dict[str, list[str]]
) -> Path:
    """The search files built from the seed articles, written under a scratch site; returns its search/ folder."""
    site = tmp_path_factory.mktemp("search-site")
    write_outputs(site, make_search_files(seed_articles, seed_aliases).files)
    return site / "search"


NodeRunner = Callable[..., Any]


@pytest.fixture(scope="session")
def run_node() -> NodeRunner:
    """run_node(mode, **request) -> lunr_node.js's answer, the data contract sent along as the build writes it;
    skips when Node or node_modules/lunr is missing."""
    node = shutil.which("node")
    if node is None or not (REPO / "node_modules/lunr/lunr.js").exists():
        pytest.skip("needs Node and node_modules/lunr (make setup)")

    def run(mode: str, **request: Any) -> Any:
        completed = subprocess.run(
            [node, str(NODE_SCRIPT)],
            input=json.dumps({"mode": mode, "contract": browser_contract(), **request}),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert completed.returncode == 0, completed.stderr
        return json.loads(completed.stdout)

    return run
