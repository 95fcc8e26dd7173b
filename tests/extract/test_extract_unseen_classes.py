"""Extract stage: the error classes issue 10 found on unseen pages, as tables of invented sentences.

Each row is a shape of text, not a known article: titles taken from page furniture, the university an article
is about, people's names, and partners. Where the text leaves a choice, the row checks the doubt it raises.
"""

from __future__ import annotations

import pytest

from coopnews.config import Config
from coopnews.extract import Known, extract_article, review_fields
from coopnews.extract.layout import split_page
from coopnews.model import Article, Organization, RawArticle

BODY = (
    "On March 4, 2024, Qilu University of Technology signed a cooperation agreement with Lanshan Robotics Co., Ltd. "
    "in Jinan. The two sides will train engineers together."
)
GAZETTEER = (
    Organization("Qilu University of Technology", "institution", ("QLUT",), hosts=("qlu.edu.cn",)),
    Organization("Huazhong University of Science and Technology", "institution", ("HUST",)),
    Organization("Harbin University of Science and Technology", "institution", ("HUST",)),
    Organization("Nanhai Institute of Technology", "institution", ("NHIT",), hosts=("nhit.edu.cn",)),
)


def extract(text: str, gazetteer: tuple[Organization, ...] = GAZETTEER, known: Known | None = None) -> Article:
    return extract_article(RawArticle(file="x.txt", text=text, sha256="0" * 64), gazetteer, known)


# -- 1. titles ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # A credit line with several labels above the story is furniture, however long.
        (
            "QLUT Signs Agreement with Lanshan Robotics\n\n"
            "Announcer: Zhou Min Photo: Gao Lei Translator (Intern): Sun Yue Release time: 2024-03-05 Views: 12\n\n"
            + BODY,
            "QLUT Signs Agreement with Lanshan Robotics",
        ),
        # A department, a date and a view counter.
        (
            "Office of Global Engagement 2024-03-05 217\n\nQLUT Signs Agreement with Lanshan Robotics\n\n" + BODY,
            "QLUT Signs Agreement with Lanshan Robotics",
        ),
        # A date and the writer's name.
        (
            "Mar 5, 2024 Gao Lei\n\nQLUT and Lanshan Robotics Sign Agreement\n\n" + BODY,
            "QLUT and Lanshan Robotics Sign Agreement",
        ),
        # The headline sits right above the date lines even when it ends with a period; the site's name is no headline.
        (
            "Qilu University of Technology\n\nThe President Led a Team to Lanshan Robotics and Signed an Agreement.\n\n"
            "Updated: 2024/3/5\n\nReported by: Gao Lei\n\n" + BODY,
            "The President Led a Team to Lanshan Robotics and Signed an Agreement.",
        ),
        # A headline above the date line, a subtitle below it.
        (
            "Industry and academia build a new bridge\nRelease Time:\n2024-03-05\n"
            "Signing Ceremony of the Internship Base between Lanshan Robotics and the School of Automation\n" + BODY,
            "Industry and academia build a new bridge",
        ),
        # A headline cut where it wrapped, before "with …".
        (
            "QLUT Signs Strategic Agreement\n\nwith Lanshan Robotics Co., Ltd.\n\n" + BODY,
            "QLUT Signs Strategic Agreement with Lanshan Robotics Co., Ltd.",
        ),
    ],
)
def test_furniture_is_no_headline(text: str, title: str) -> None:
    article = extract(text)
    assert article.title == title
    assert "title" not in review_fields(article.needs_review)


@pytest.mark.parametrize(
    "text",
    [
        # A photo caption ending in "|" and a standfirst starting with "- " are no headlines: the title is derived.
        "Guests at the signing ceremony |\n\n" + BODY,
        "- The two sides will train engineers together\n\n" + BODY,
    ],
)
def test_no_real_headline_gives_a_derived_title_under_review(text: str) -> None:
    article = extract(text)
    assert (
        article.title == "Qilu University of Technology signed a cooperation agreement with Lanshan Robotics Co., Ltd."
    )
    assert "title: derived from the first sentence; the page has no headline" in article.needs_review


def test_a_credit_label_glued_to_a_name_is_split_off() -> None:
    page = split_page("QLUT Signs Agreement\n\nEditor: Sun YueRelease time: 2024-03-05\n\n" + BODY)
    assert page.date_lines == ("Editor: Sun Yue Release time: 2024-03-05",)
    assert extract("QLUT Signs Agreement\n\nEditor: Sun YueRelease time: 2024-03-05\n\n" + BODY).people == ()


# -- 2. which university ----------------------------------------------------------------------------------------

STORY = (
    "Team Visits Lanshan Robotics\n\n"
    "On March 4, 2024, a team from our university visited Lanshan Robotics Co., Ltd. in Jinan to discuss internships."
)


@pytest.mark.parametrize(
    ("first_line", "url", "institutions"),
    [
        (
            "Source: https://news.qlu.edu.cn/info/1024.htm",
            "https://news.qlu.edu.cn/info/1024.htm",
            ("Qilu University of Technology",),
        ),
        ("URL: http://www.nhit.edu.cn/news/7", "http://www.nhit.edu.cn/news/7", ("Nanhai Institute of Technology",)),
        ("https://example.com/story/1", "https://example.com/story/1", ()),  # a host no entry claims
        # No entry lists the host, but it spells a gazetteer university's abbreviation: taken, and flagged.
        (
            "http://english.qlut.edu.cn/info/3.htm",
            "http://english.qlut.edu.cn/info/3.htm",
            ("Qilu University of Technology",),
        ),
    ],
)
def test_the_address_on_the_first_line_is_kept_and_its_host_names_the_institution(
    first_line: str, url: str, institutions: tuple[str, ...]
) -> None:
    article = extract(f"{first_line}\n{STORY}")
    assert article.source is not None and article.source.url == url
    assert first_line not in article.body and article.title == "Team Visits Lanshan Robotics"
    assert article.institutions == institutions
    assert article.partners == ("Lanshan Robotics Co., Ltd.",)
    assert ("institutions" in review_fields(article.needs_review)) is (not institutions or "qlut" in url)


def test_a_configured_institution_decides_and_the_other_university_is_a_partner() -> None:
    text = "QLUT Delegation Visits NHIT\n\nOn May 8, 2024, a QLUT delegation visited NHIT to discuss joint degrees."
    assert extract(text).institutions == ("Qilu University of Technology",)
    article = extract(text, known=Known("Nanhai Institute of Technology"))
    assert article.institutions == ("Nanhai Institute of Technology",)
    assert article.partners == ("Qilu University of Technology",)
    assert "institutions" not in review_fields(article.needs_review)


def test_config_names_an_institution_for_all_seeds_or_per_sub_folder() -> None:
    config = Config.__new__(Config)
    object.__setattr__(config, "default_institution", "Qilu University of Technology")
    object.__setattr__(config, "folder_institutions", (("nhit", "Nanhai Institute of Technology"),))
    assert config.institution_for("a.txt") == "Qilu University of Technology"
    assert config.institution_for("nhit/a.txt") == "Nanhai Institute of Technology"
    assert config.institution_for("other/a.txt") == "Qilu University of Technology"


@pytest.mark.parametrize(
    ("text", "institutions", "doubt"),
    [
        # An abbreviation two gazetteer entries share is always flagged, with both candidates.
        (
            "HUST Signs Agreement with Lanshan Robotics\n\nOn May 8, 2024, HUST signed an agreement with Lanshan "
            "Robotics Co., Ltd.",
            ("Huazhong University of Science and Technology",),
            'institutions: "HUST" could be Huazhong University of Science and Technology or Harbin University of '
            "Science and Technology",
        ),
        # Unless the text spells out which one it means.
        (
            "HUST Signs Agreement with Lanshan Robotics\n\nOn May 8, 2024, Harbin University of Science and "
            "Technology (HUST) signed an agreement with Lanshan Robotics Co., Ltd.",
            ("Harbin University of Science and Technology",),
            None,
        ),
        # An abbreviation the gazetteer lacks, where the story speaks of "the university": taken, and flagged.
        (
            "On June 3, 2024, a symposium between SWTU and the People's Government of Qingshan District was held. "
            "Vice President Hu Lan thanked the district for supporting the university.",
            ("SWTU",),
            'institutions: "SWTU" taken as the university the story calls its own; the gazetteer does not know it',
        ),
        # But an abbreviation the story visits or signs with is the counterpart, not its own university.
        (
            "Team Visits CRRC\n\nOn May 3, 2024, a team from the university visited CRRC to discuss internships.",
            (),
            "institutions: the text names no university",
        ),
        # Nothing decides: empty, and flagged.
        (
            "Team Visits Lanshan Robotics\n\nOn March 4, 2024, a team visited Lanshan Robotics Co., Ltd. in Jinan.",
            (),
            "institutions: the text names no university",
        ),
        # The publisher named more often than a gazetteer university: chosen, and flagged.
        (
            "Signing Ceremony Held\n\nOn June 20, Eastbrook University of Science and Technology and Qilu University "
            "of Technology signed an agreement. Eastbrook University of Science and Technology will host students. "
            "Eastbrook University of Science and Technology thanked its guests.",
            ("Eastbrook University of Science and Technology",),
            "institutions: chose Eastbrook University of Science and Technology, named more prominently than Qilu "
            "University of Technology",
        ),
    ],
)
def test_which_university(text: str, institutions: tuple[str, ...], doubt: str | None) -> None:
    article = extract(text)
    assert article.institutions == institutions
    flagged = [entry for entry in article.needs_review if entry.startswith("institutions:")]
    assert flagged == ([doubt] if doubt else [])


# -- 3. people --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("Margaret Holloway, provost of Eastbrook University, spoke.", ["Margaret Holloway"]),
        ("Robert K. Ainsley III, president of Eastbrook University, spoke.", ["Robert K. Ainsley III"]),
        ("Professor Tang Xiao Wen, dean of the School of Automation, spoke.", ["Tang Xiao Wen"]),
        ("The team was received by Mr. Zhou of Lanshan Robotics Co., Ltd.", ["Zhou"]),
        ("The Swiss-based Albis Precision sent Gao Lei, its chief engineer.", ["Gao Lei"]),
        # A Chinese name that starts a sentence and speaks; a place shaped like one does not.
        ("Zhou Wenbin briefly introduced the plan. Hong Kong welcomed the guests.", ["Zhou Wenbin"]),
    ],
)
def test_people(sentence: str, names: list[str]) -> None:
    article = extract(f"QLUT Hosts Guests\n\nOn May 8, 2024, guests came to QLUT. {sentence}")
    assert [person.name for person in article.people] == names


# -- 4. partners ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "partners", "not_organizations"),
    [
        # The counterpart the headline names wins over an organisation named in passing.
        (
            "QLUT Signs Agreement with Lanshan Robotics\n\nOn May 8, 2024, at the Jinan Convention Center Group, "
            "QLUT signed an agreement with Lanshan Robotics Co., Ltd. Jinan Convention Center Group hosted it.",
            ("Lanshan Robotics Co., Ltd.",),
            (),
        ),
        # Degree names are no organisations.
        (
            "QLUT Signs Agreement with Lanshan Robotics\n\nOn May 8, 2024, QLUT signed an agreement with Lanshan "
            "Robotics Co., Ltd. to train students of the Master of Business Administration (MBA) and PhD candidates.",
            ("Lanshan Robotics Co., Ltd.",),
            ("Master of Business Administration", "MBA", "PhD"),
        ),
        # "X University … and the School of …": two parties, not one name.
        (
            "Signing Ceremony Held\n\nOn June 20, 2024, an agreement between Qilu University of Technology and the "
            "School of Medicine, Eastbrook University was signed in Jinan.",
            ("Eastbrook University",),
            ("Qilu University of Technology and the School of Medicine",),
        ),
    ],
)
def test_partners(text: str, partners: tuple[str, ...], not_organizations: tuple[str, ...]) -> None:
    article = extract(text)
    assert article.partners[: len(partners)] == partners
    named = (*article.institutions, *article.partners, *article.organizations)
    assert not set(not_organizations) & set(named)


@pytest.mark.parametrize(
    ("text", "institutions", "partners"),
    [
        # "University of X at Y" is one name, and a college named right after it is its unit, not a university.
        (
            "Lab Opens\n\nThe University of Ardenne at Westvale College of Pharmacy and Lanshan Robotics Co., Ltd. "
            "opened a laboratory in the College of Pharmacy. The College of Pharmacy will run it.",
            ("University of Ardenne at Westvale",),
            ("Lanshan Robotics Co., Ltd.",),
        ),
        # "at" before another university's name is no campus.
        (
            "Lecture Held\n\nOn May 8, 2024, the University of Ardenne at Qilu University of Technology gave a talk.",
            ("Qilu University of Technology",),
            ("University of Ardenne",),
        ),
    ],
)
def test_university_campus_and_college_names(
    text: str, institutions: tuple[str, ...], partners: tuple[str, ...]
) -> None:
    article = extract(text)
    assert article.institutions == institutions
    assert article.partners[: len(partners)] == partners
