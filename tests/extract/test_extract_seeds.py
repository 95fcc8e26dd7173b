"""Extract stage: each extractor on the five real seeds, with the exact values a careful reader gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from coopnews.config import load_config
from coopnews.extract import extract_article, review_fields
from coopnews.model import Article, Person, RawArticle

ROOT = Path(__file__).resolve().parents[2]
WUT = "Wuhan University of Technology"
USTB = "University of Science and Technology Beijing"
JUST = "Jiangsu University of Science and Technology"
DONGFENG = "Dongfeng Motor Group Co., Ltd."
SASAC = "Jinzhou State-owned Assets Supervision and Administration Commission"


@pytest.fixture(scope="module")
def seeds() -> dict[str, Article]:
    """The five seeds extracted with the project's gazetteer, by file-name prefix."""
    gazetteer = load_config(ROOT / "config.yaml").gazetteer
    articles = {}
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        raw = RawArticle(file=path.name, text=path.read_text(encoding="utf-8"), sha256="0" * 64)
        articles[path.name[:3]] = extract_article(raw, gazetteer)
    return articles


@pytest.mark.parametrize(
    ("seed", "title", "derived"),
    [
        (
            "000",
            "Xin Sijin, Secretary of the Party Committee of WUT,Led a Delegation to Visit "
            "Dongfeng Motor Group Co., Ltd.",
            False,
        ),
        ("001", "A Strategic Cooperation Agreement was Signed between WUT and Guangxi Zhuang Autonomous Region", False),
        ("002", "USTB Signs Strategic Cooperation Agreement with BAIC Group", False),
        # No headline: the main clause of the first sentence, cut after the name it would split.
        (
            "003",
            "President Wang Qi led a team to Jinzhou State-owned Assets Supervision and Administration Commission",
            True,
        ),
        (
            "004",
            "Jiangsu University of Science and Technology's Theme Party Building Education Activity Entered Daqo Group",
            False,
        ),
    ],
)
def test_title(seeds: dict[str, Article], seed: str, title: str, derived: bool) -> None:
    article = seeds[seed]
    assert article.title == title
    assert ("title" in review_fields(article.needs_review)) is derived


@pytest.mark.parametrize(
    ("seed", "date", "date_text"),
    [
        ("000", None, "September 2nd"),
        ("001", None, "January 3rd"),
        ("002", None, "November 19"),
        ("003", None, "April 21"),
        ("004", dt.date(2023, 11, 24), "2023-11-24"),  # the Release Time line, not the yearless "November 23rd"
    ],
)
def test_date(seeds: dict[str, Article], seed: str, date: dt.date | None, date_text: str) -> None:
    article = seeds[seed]
    assert (article.date, article.date_text) == (date, date_text)
    assert ("date" in review_fields(article.needs_review)) is (date is None)


@pytest.mark.parametrize(
    ("seed", "institutions", "partners"),
    [
        ("000", (WUT,), (DONGFENG,)),
        (
            "001",
            (WUT,),
            (
                "People's Government of Guangxi Zhuang Autonomous Region",
                "People's Government of Nanning",
                "Guangxi Liuzhou Iron and Steel Group",
                "CSSC Guangxi Beibu Gulf Marine and Offshore Engineering Design Company",
                "Guangxi Automobile Group",
                "SGMW",  # never expanded: kept as the abbreviation
            ),
        ),
        ("002", (USTB,), ("BAIC Group",)),
        ("003", (), (SASAC,)),  # the university is never named: left empty for review
        ("004", (JUST,), ("Daqo Group",)),
    ],
)
def test_institutions_and_partners(
    seeds: dict[str, Article], seed: str, institutions: tuple[str, ...], partners: tuple[str, ...]
) -> None:
    article = seeds[seed]
    assert article.institutions == institutions
    assert article.partners == partners
    assert ("institutions" in review_fields(article.needs_review)) is (not institutions)


@pytest.mark.parametrize(
    ("seed", "people"),
    [
        (
            "000",
            (
                Person("Xin Sijin", "Secretary of the Party Committee", WUT),
                Person("Xia Jiangjing", "Deputy Secretary of the Party Committee", WUT),
                Person(
                    "You Zheng",
                    "member of the Standing Committee of the Party Committee and deputy general manager",
                    DONGFENG,
                ),
                Person("Zhu Yanfeng", "Chairman", None),
            ),
        ),
        (
            "001",
            (
                Person("Xin Sijin", "secretary", WUT),
                Person("Zhang Qingjie", "president", WUT),
                Person("Xia Jiangjing", "deputy secretary", WUT),
                Person("Wu Chaozhong", "vice president", WUT),
                Person("Fei Zhirong", "vice president of the Autonomous Region", None),
                Person("Wang Yuefei", "deputy director of the People’s Congress of the Region", None),
            ),
        ),
        (
            "002",
            (
                Person("Liu Minhua", "Deputy Director", "Beijing Talents Bureau"),
                Person("Cai Suping", "Deputy General Manager", "BAIC Group"),
                Person("Yang Renshu", "President", USTB),
                Person("Jiang Deyi", "Secretary of the CPC Committee and President", "BAIC Group"),
                Person("Mao Xinping", "Academician", "Chinese Academy of Engineering"),
                Person("Wu Guilong", "Chancellor", USTB),
            ),
        ),
        (
            "003",
            (
                Person("Wang Qi", "President", None),
                Person("Gu Yu", "Director", SASAC),  # "Gu yu" later is the same person
            ),
        ),
        (
            "004",
            (
                Person("Qi Kai", "secretary of the Party Committee", JUST),
                Person("Zhang Xia", "secretary of the Party Committee", "Automation College"),
                Person("Chen Heping", "Director of President Office", "Daqo Group"),
                Person("Yang Quanbing", "General Manager of Technology Department of the Group", None),
                Person("Huang Jiaxin", "General Manager of Human Resource Department of the Group", None),
            ),
        ),
    ],
)
def test_people(seeds: dict[str, Article], seed: str, people: tuple[Person, ...]) -> None:
    assert seeds[seed].people == people


@pytest.mark.parametrize(
    ("seed", "kind"),
    [("000", "visit"), ("001", "agreement-signing"), ("002", "agreement-signing"), ("003", "talent-employment")],
)
def test_kind(seeds: dict[str, Article], seed: str, kind: str) -> None:
    assert seeds[seed].kind == kind


@pytest.mark.parametrize(
    ("seed", "canonical", "aliases"),
    [
        ("000", DONGFENG, ("Dongfeng Company", "Dongfeng")),
        ("001", "Guangxi Liuzhou Iron and Steel Group", ("GLISG",)),
        ("003", SASAC, ("SASAC",)),
        ("004", JUST, ("JUST",)),
    ],
)
def test_aliases(seeds: dict[str, Article], seed: str, canonical: str, aliases: tuple[str, ...]) -> None:
    assert dict(seeds[seed].aliases)[canonical] == aliases


def test_boilerplate_is_gone_and_sentences_kept(seeds: dict[str, Article]) -> None:
    body = seeds["004"].body
    assert "News Center" not in body and "Release Time" not in body and "Clicks" not in body
    assert body.startswith("In order to carry out in-depth education")
    assert body.endswith("construct a new ecology of school-enterprise cooperation.")
    assert body.count("\n\n") == 2  # three paragraphs
    assert not seeds["002"].body.startswith("Home")


def test_source_and_slug(seeds: dict[str, Article]) -> None:
    article = seeds["002"]
    assert article.source is not None and article.source.file == "002_c90f619d1af0e149.txt"
    assert article.slug == "ustb-signs-strategic-cooperation-agreement-with-baic-group"
    assert article.summary.startswith("On November 19, the signing ceremony")


def test_cited_national_leaders_are_not_people_of_the_story() -> None:
    text = (
        "ABC University Signs Agreement with Foo Group\n\n"
        "On May 5, 2021, Prof. ZHANG Wei, President of ABC University, signed the agreement with Foo Group. "
        "Both sides will implement the spirit of General Secretary Xi Jinping's instructions."
    )
    article = extract_article(RawArticle("x.txt", text, "0" * 64), ())
    assert [p.name for p in article.people] == ["Zhang Wei"]
