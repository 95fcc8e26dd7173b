"""Extract stage, whole articles: awkward and hostile input, kinds, slugs, summaries and review flags."""

from __future__ import annotations

import pytest

from coopnews.extract import extract_article, make_slug, review_fields
from coopnews.model import KINDS, Article, Organization, RawArticle

GAZETTEER = (
    Organization("Wuhan University of Technology", "institution", ("WUT",)),
    Organization("BAIC Group", "partner", ("BAIC",)),
)
BODY = "On May 8, 2022, WUT and BAIC signed a cooperation agreement in Wuhan. Both sides will train engineers."


def extract(text: str, gazetteer: tuple[Organization, ...] = GAZETTEER) -> Article:
    return extract_article(RawArticle(file="t.txt", text=text, sha256="0" * 64), gazetteer)


def test_markup_stays_plain_text_and_nothing_crashes() -> None:
    text = (
        "<script>alert('x')</script> WUT & <b>BAIC</b> Sign Agreement\n\n"
        "Mr. <i>LIU</i> Minhua, Director of \"BAIC\" <a href='javascript:x'>Group</a>, signed. "
        "{{ config }} {% raw %} ${HOME} `rm -rf /` --- \\x00 ]]> <!-- --> &amp;"
    )
    article = extract(text)
    assert article.title == "<script>alert('x')</script> WUT & <b>BAIC</b> Sign Agreement"
    assert "<a href='javascript:x'>Group</a>" in article.body
    assert all(isinstance(value, str) for value in (article.slug, article.summary, *article.partners))
    assert article.slug == "script-alert-x-script-wut-b-baic-b-sign-agreement"


def test_article_without_a_date() -> None:
    article = extract("WUT Visits BAIC\n\nA delegation from WUT visited BAIC to discuss internships.")
    assert (article.date, article.date_text) == (None, None)
    assert "date" in review_fields(article.needs_review)


def test_article_without_a_title() -> None:
    article = extract(f"{BODY}\n\nThe ceremony ended at noon.")
    assert article.title == "WUT and BAIC signed a cooperation agreement in Wuhan"
    assert article.needs_review == ("title: derived from the first sentence; the page has no headline",)
    assert article.body.startswith(BODY)


def test_crlf_is_the_same_article() -> None:
    text = f"WUT and BAIC Sign\n\n{BODY}\n\nIt was a good day."
    assert extract(text.replace("\n", "\r\n")) == extract(text)


def test_very_long_line() -> None:
    sentence = "WUT and BAIC discussed cooperation in new energy vehicles with many Capitalised Words Here. "
    text = "A Long One\n\n" + sentence * 3000 + "Cooperation " * 20000
    article = extract(text)
    assert article.title == "A Long One"
    assert article.institutions == ("Wuhan University of Technology",)
    assert article.body.endswith("Cooperation")


@pytest.mark.parametrize("text", ["", "   \n\n  ", "\x00\x01", "....", "( ( ( ) ) )", "Mr. Mr. Mr.", "A" * 5000])
def test_odd_text_gives_a_complete_article(text: str) -> None:
    article = extract(text)
    assert article.title and article.slug
    assert article.kind in KINDS
    assert list(article.needs_review) == sorted(article.needs_review)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("WUT and BAIC Sign Strategic Cooperation Agreement\n\nThe two sides met.", "agreement-signing"),
        ("Delegation from BAIC Visits WUT\n\nThe guests toured the campus.", "visit"),
        ("WUT Visits BAIC to Expand Employment for Graduates\n\nThey met.", "talent-employment"),
        ("WUT and BAIC Hold Forum on New Energy\n\nExperts spoke.", "forum"),
        ("WUT and BAIC Unveil Joint Laboratory of Batteries\n\nIt opened.", "joint-lab"),
        # No headline cue: the lead paragraph decides, weighted above the rest.
        (
            "News From Campus\n\nThe laboratory jointly built by WUT and BAIC held its first meeting. "
            "The laboratory has new equipment.\n\nThe guests also visited a factory.",
            "joint-lab",
        ),
        ("A Day on Campus\n\nStudents read books in the library garden.", "other"),
    ],
)
def test_kind(text: str, kind: str) -> None:
    article = extract(text)
    assert article.kind == kind
    assert ("kind" in review_fields(article.needs_review)) is (kind == "other")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("USTB Signs Agreement with BAIC Group", "ustb-signs-agreement-with-baic-group"),
        (
            "Xi’an Jiaotong University & Shaanxi: Talent «Forum» 2024",
            "xian-jiaotong-university-shaanxi-talent-forum-2024",
        ),
        ("../../etc/passwd", "etc-passwd"),
        ("清华大学", "qing-hua-da-xue"),
        ("!!!", "article"),
        ("word " * 40, "word-" * 15 + "word"),
    ],
)
def test_make_slug(title: str, slug: str) -> None:
    assert make_slug(title) == slug
    assert len(make_slug(title)) <= 80


def test_summary_places_and_source() -> None:
    article = extract(f"WUT and BAIC Sign\n\n{BODY}\n\nThe ceremony was held in the BAIC Motor Industry Base.")
    assert article.summary == BODY  # two short sentences
    assert article.places == ("Wuhan", "BAIC Motor Industry Base")
    assert article.source is not None and article.source.sha256 == "0" * 64


def test_extraction_is_deterministic() -> None:
    text = f"WUT and BAIC Sign\n\n{BODY}\n\nMr. LIU Minhua, Director of BAIC, signed."
    assert extract(text) == extract(text)
