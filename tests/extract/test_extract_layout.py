"""Extract stage, page layout: headline, boilerplate, date lines and body paragraphs."""

from __future__ import annotations

import pytest

from coopnews.extract.layout import sentence_spans, split_page

PARAGRAPH = "The two sides signed an agreement on talent training and joint research."


@pytest.mark.parametrize(
    ("text", "title", "paragraphs", "date_lines"),
    [
        # Breadcrumb and title repeated, as copied from a news page.
        (
            f"Home  >   News\n\nUSTB Signs Agreement\n\nHome > News\n\nUSTB Signs Agreement\n\n{PARAGRAPH}",
            "USTB Signs Agreement",
            (PARAGRAPH,),
            (),
        ),
        # Section label and a release line that gives the date.
        (
            f"News Center\n\nA Visit\n\nRelease Time:2023-11-24Source:Clicks:695Author:\n\n{PARAGRAPH}",
            "A Visit",
            (PARAGRAPH,),
            ("Release Time:2023-11-24Source:Clicks:695Author:",),
        ),
        # A byline on the date line; a caption without a period in the body stays.
        (
            f"News & Events\nBeihang and AVIC Sign\nRelease time:July 23, 2020 / Feng Yueyue\n\n{PARAGRAPH}\n\n"
            f"The ceremony\n\n{PARAGRAPH}",
            "Beihang and AVIC Sign",
            (PARAGRAPH, "The ceremony", PARAGRAPH),
            ("Release time:July 23, 2020 / Feng Yueyue",),
        ),
        # Site header, menu and footer around the article; the date line at the end.
        (
            "International Office\nUniversity of Science and Technology Beijing\n\n"
            "HOME About US International Students Contact US\n\nPhoto news\n\nHome >> English >> News and Events\n\n"
            f"Delegation Visited USTB\n\n{PARAGRAPH}\n\nUploaded:2015-04-20 08:51:25\n\nBack to top\n\n"
            "Copyright © 2011 Office of International Office, University of Science & Technology Beijing",
            "Delegation Visited USTB",
            (PARAGRAPH,),
            ("Uploaded:2015-04-20 08:51:25",),
        ),
        # No headline: the text starts with its first paragraph.
        (f"{PARAGRAPH}\n{PARAGRAPH}", "", (PARAGRAPH, PARAGRAPH), ()),
        # A caption before the headline is kept in the body; it does not hide the headline.
        (
            f"• Mr. A and Ms. B at the signing (from left to right).\n\n    Agreement signed\n\n{PARAGRAPH}",
            "Agreement signed",
            ("• Mr. A and Ms. B at the signing (from left to right).", PARAGRAPH),
            (),
        ),
        # A headline ending in "Ltd." is still a headline; a title with double spaces is the same title.
        (
            "Dr. Xu  Visits  Daqo Co., Ltd.\n\nDr. Xu Visits Daqo Co., Ltd.\n\n"
            f"Write: Ulbrecht [2011-05-20]\n\n{PARAGRAPH}",
            "Dr. Xu Visits Daqo Co., Ltd.",
            (PARAGRAPH,),
            ("Write: Ulbrecht [2011-05-20]",),
        ),
        # CR and CRLF line endings, a line wrapped mid-sentence.
        (
            "A Forum Held\r\n\r\nThe forum on new energy was held\r\nin Wuhan on Monday.\rIt ended well.",
            "A Forum Held",
            ("The forum on new energy was held in Wuhan on Monday.", "It ended well."),
            (),
        ),
        # A date line with labels between bars; a reporter credit at the end is a byline, not a sentence.
        (
            f"Tsinghua and Huawei Sign\n\n2022-03-15 | Source: News Office | Editor: Li Ming\n\n{PARAGRAPH}\n\n"
            "(Reporter: Wang Fang)",
            "Tsinghua and Huawei Sign",
            (PARAGRAPH,),
            ("2022-03-15 | Source: News Office | Editor: Li Ming",),
        ),
        # A headline that states a date is still the headline, not a date line.
        (
            f"USTB Delegation Visits Japan on May 5\n\n{PARAGRAPH}",
            "USTB Delegation Visits Japan on May 5",
            (PARAGRAPH,),
            (),
        ),
        # Only a headline.
        ("Just A Headline", "Just A Headline", (), ()),
        ("", "", (), ()),
    ],
)
def test_split_page(text: str, title: str, paragraphs: tuple[str, ...], date_lines: tuple[str, ...]) -> None:
    page = split_page(text)
    assert page.title == title
    assert page.paragraphs == paragraphs
    assert page.date_lines == date_lines


def test_page_furniture_is_kept_aside_for_the_site_name() -> None:
    page = split_page(f"University of Science and Technology Beijing\n\nA Visit\n\n{PARAGRAPH}")
    assert page.chrome == ("University of Science and Technology Beijing",)


def test_no_sentence_of_the_body_is_lost() -> None:
    sentences = [f"Sentence number {i} says something about cooperation." for i in range(40)]
    text = "Home > News\n\nTitle Here\n\n" + "\n\n".join(" ".join(sentences[i : i + 4]) for i in range(0, 40, 4))
    body = " ".join(split_page(text).paragraphs)
    assert all(sentence in body for sentence in sentences)


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("Mr. LIU met Prof. YANG. They signed.", ["Mr. LIU met Prof. YANG.", "They signed."]),
        (
            "It visited Dilong New Material Co. in May. Then it left!",
            ["It visited Dilong New Material Co. in May.", "Then it left!"],
        ),
        ("Office of H. K. and Macao. Next.", ["Office of H. K. and Macao.", "Next."]),
        ("“We agree.” He said so\nNew line", ["“We agree.”", "He said so", "New line"]),
    ],
)
def test_sentence_spans(text: str, sentences: list[str]) -> None:
    assert [text[start:end] for start, end in sentence_spans(text)] == sentences
