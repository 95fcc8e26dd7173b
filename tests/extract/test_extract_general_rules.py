"""Extract stage, general rules found missing on unseen pages: name shapes, described people, subsidiaries,
date-and-source lines, one-word counterparts, unlisted universities, role words, bylines.

Every example sentence here is written for this file (none is taken from a labelled article), so the rules
are checked on wording they were not developed on.
"""

from __future__ import annotations

import pytest

from coopnews.extract import extract_article
from coopnews.extract.layout import split_page
from coopnews.extract.names import extend_name, is_academic_name
from coopnews.extract.person_names import is_pinyin, looks_like_person_name
from coopnews.extract.short_names import brand_word, near_duplicate_key, university_word
from coopnews.model import Article, Organization, Person, RawArticle

GAZETTEER = (
    Organization("Wuhan University of Technology", "institution", ("WUT",)),
    Organization("Wuhan University", "institution", ("WHU",)),
    Organization("University of Science and Technology Beijing", "institution", ("USTB",)),
    Organization("Dongfeng Motor Group Co., Ltd.", "partner", ("Dongfeng",)),
    Organization("BAIC Group", "partner", ("BAIC",)),
)
USTB = "University of Science and Technology Beijing"
WUT = "Wuhan University of Technology"


def extract(text: str, gazetteer: tuple[Organization, ...] = GAZETTEER) -> Article:
    return extract_article(RawArticle(file="t.txt", text=text, sha256="0" * 64), gazetteer)


def names(article: Article) -> list[str]:
    return [person.name for person in article.people]


# -- 1. person names must look like names -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("Li", "Peng"), True),  # family name first
        (("Jiayi", "Peng"), True),  # given name first
        (("LIU", "Minhua"), True),  # all-caps family name
        (("Petra", "Hoffmann"), True),  # a Western name
        (("Wang",), True),  # a family name alone
        (("畑野耕一",), True),  # CJK script
        (("Product", "Line"), False),  # words of a unit's name
        (("Digital", "Industries"), False),
        (("Smart", "Manufacturing"), False),
        (("Accountant",), False),  # a job, not a family name
        (("Heilongjiang", "Grid"), False),  # a place
    ],
)
def test_looks_like_person_name(words: tuple[str, ...], expected: bool) -> None:
    assert looks_like_person_name(words) is expected


@pytest.mark.parametrize(("word", "expected"), [("Mingyuan", True), ("Xiao-Ming", True), ("Product", False)])
def test_is_pinyin(word: str, expected: bool) -> None:
    assert is_pinyin(word) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zhang Wenjie, Head of the Cloud Storage Product Line of BAIC, spoke first.",
            ["Zhang Wenjie"],
        ),
        (
            "Sun Lei, Chief Financial Officer of BAIC, and Gao Min, Chief Accountant of USTB, attended.",
            ["Sun Lei", "Gao Min"],
        ),
        (
            "Dr. Wei Na, Chief Digital Officer of BAIC Intelligent Mobility Solutions in Beijing, gave a talk.",
            ["Wei Na"],
        ),
        # A unit's name followed by a real name is still read: the name is a Chinese name.
        ("The Director of the Career Centre Tao Ran welcomed them.", ["Tao Ran"]),
    ],
)
def test_role_and_unit_words_are_not_people(text: str, expected: list[str]) -> None:
    assert names(extract(text)) == expected


# -- 2. people introduced by a description -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Zhou Xin, a 2019 graduate of the School of Materials, shared her story.",
            [Person("Zhou Xin", "2019 graduate of the School of Materials", None)],
        ),
        (
            "Afterwards Gao Yuhang, a sophomore majoring in robotics, spoke for the students.",
            [Person("Gao Yuhang", "sophomore majoring in robotics", None)],
        ),
        # A description without a kind of person, or a place, makes no person.
        ("Intelligent Manufacturing, a key field of the plan, was discussed.", []),
        ("Hong Kong, a city with many universities, hosted the fair.", []),
    ],
)
def test_people_introduced_by_a_description(text: str, expected: list[Person]) -> None:
    assert list(extract(text).people) == expected


# -- 3. a longer name that extends a gazetteer name is another organisation ----------------------------------
@pytest.mark.parametrize(
    ("text", "expected_end"),
    [
        ("Dongfeng Liuzhou Motor Co., Ltd. came", "Dongfeng Liuzhou Motor Co., Ltd."),
        ("Wuhan University of Science and Technology came", "Wuhan University of Science and Technology"),
        ("Dongfeng Co., Ltd. came", None),  # only a company suffix: the same company
        ("Dongfeng Research Institute came", None),  # a unit of the company
        ("Wuhan University and Wuhan Steel Group Co. came", None),  # two names joined by "and"
    ],
)
def test_extend_name(text: str, expected_end: str | None) -> None:
    known = text.split(" ")[0] if not text.startswith("Wuhan") else "Wuhan University"
    end = extend_name(text, 0, len(known))
    assert (text[:end] if end else None) == expected_end


def test_subsidiary_is_not_its_parent() -> None:
    article = extract(
        "Dongfeng Liuzhou Hosts WUT Students\n\nOn May 9, Dongfeng Liuzhou Motor Co., Ltd. welcomed 80 students of "
        "WUT to its plant. Dongfeng Liuzhou engineers guided the visit."
    )
    assert article.partners == ("Dongfeng Liuzhou Motor Co., Ltd.",)
    assert "Dongfeng Motor Group Co., Ltd." not in (*article.partners, *article.organizations)
    assert dict(article.aliases)["Dongfeng Liuzhou Motor Co., Ltd."] == ("Dongfeng Liuzhou",)


def test_definition_merges_a_name_read_before() -> None:
    article = extract(
        "WUT Signs with Dongfeng Trucks Group\n\nWUT and Dongfeng Commercial Vehicle Company (Dongfeng Trucks Group) "
        "signed an agreement on Monday."
    )
    assert article.partners == ("Dongfeng Commercial Vehicle Company",)
    assert dict(article.aliases)["Dongfeng Commercial Vehicle Company"] == ("Dongfeng Trucks Group",)


def test_another_university_extending_a_known_one() -> None:
    article = extract("Wuhan University of Science and Technology and BAIC signed an agreement on Monday.")
    assert article.institutions == ("Wuhan University of Science and Technology",)


# -- 4. date-and-source lines, company names ending with a country --------------------------------------------
PARAGRAPH = "The two sides signed an agreement on talent training and joint research."


@pytest.mark.parametrize(
    ("text", "title", "date_lines"),
    [
        (
            f"USTB Opens a Joint Centre\n\nFeb 3, 2022 | School of Materials Science\n\n{PARAGRAPH}",
            "USTB Opens a Joint Centre",
            ("Feb 3, 2022 | School of Materials Science",),
        ),
        (
            f"WUT Welcomes Guests\n\n2020-05-06 / International Office\n\n{PARAGRAPH}",
            "WUT Welcomes Guests",
            ("2020-05-06 / International Office",),
        ),
        # A headline after a date is not metadata: it has a verb.
        (
            f"May 4, 2021 | Hubei University Signs Pact with Geely\n\n{PARAGRAPH}",
            "May 4, 2021 | Hubei University Signs Pact with Geely",
            (),
        ),
    ],
)
def test_date_and_source_lines(text: str, title: str, date_lines: tuple[str, ...]) -> None:
    page = split_page(text)
    assert (page.title, page.date_lines) == (title, date_lines)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("USTB and Kuka Robotics Ltd., Germany, co-hosted the event.", "Kuka Robotics Ltd., Germany"),
        ("Kuka Robotics Ltd., China Mobile and USTB signed.", "Kuka Robotics Ltd."),  # a list, not a country
    ],
)
def test_company_name_ending_with_a_country(text: str, expected: str) -> None:
    article = extract(text)
    assert expected in (*article.partners, *article.organizations)


# -- 5. one-word counterparts, brands, "Role at Org" --------------------------------------------------------------
def test_camelcase_counterpart_and_role_at_organisation() -> None:
    article = extract(
        "USTB and NordWind Agree on Offshore Research\n\nUSTB signed a memorandum with NordWind on Monday. Ingrid "
        "Berg, Head of Research at NordWind, said students will intern at NordWind next year."
    )
    assert article.partners == ("NordWind",)
    assert Person("Ingrid Berg", "Head of Research", "NordWind") in article.people


@pytest.mark.parametrize(
    "text",
    [
        "USTB students use WeChat daily. The agreement was signed in May.",  # named once, no cue
        "USTB delegates visited Germany. Later they visited Germany again with partners.",  # a country
    ],
)
def test_not_one_word_counterparts(text: str) -> None:
    article = extract(text)
    assert article.partners == ()


def test_brand_word_names_the_company() -> None:
    article = extract(
        "Zhejiang Hailiang Co., Ltd. and USTB signed an agreement. Hailiang will fund ten laboratories, said "
        "Peng Hailiang, Director of the company."
    )
    assert article.partners == ("Zhejiang Hailiang Co., Ltd.",)
    assert dict(article.aliases)["Zhejiang Hailiang Co., Ltd."] == ("Hailiang",)


@pytest.mark.parametrize(
    ("name", "brand"),
    [
        ("Zhejiang Hailiang Co., Ltd.", "Hailiang"),
        ("Guangdong Electric Power Group", None),  # an industry word is no brand
        ("Li Auto Co., Ltd.", None),  # a family name is no brand
        ("Hailiang Research Institute", None),  # not a company's name
    ],
)
def test_brand_word(name: str, brand: str | None) -> None:
    assert brand_word(name) == brand


@pytest.mark.parametrize(
    ("name", "word"),
    [("University of Dundee", "Dundee"), ("Tongji University", "Tongji"), ("Wuhan University", None)],
)
def test_university_word(name: str, word: str | None) -> None:
    assert university_word(name) == word


def test_a_university_is_not_short_for_its_college() -> None:
    article = extract(
        "Xinghe Robotics Visits Shantou University\n\nOn May 3, Guangdong Xinghe Robotics Co., Ltd. visited "
        "Shantou University. The Shantou University Medical College also took part.",
        (),
    )
    assert article.institutions == ("Shantou University",)
    assert article.partners == ("Guangdong Xinghe Robotics Co., Ltd.",)


# -- 6. universities the gazetteer lacks; "our university" -----------------------------------------------------
@pytest.mark.parametrize(
    ("name", "academic"),
    [
        ("Shaoyang Institute of Engineering", True),
        ("Hefei Institute of Technology", True),
        ("Shanghai Research Institute of Materials", False),
        ("Ningbo Automotive Research Institute", False),
    ],
)
def test_is_academic_name(name: str, academic: bool) -> None:
    assert is_academic_name(name) is academic


def test_unlisted_institute_and_our_university() -> None:
    article = extract(
        "Scholarships Awarded\n\nLast week the scholarship ceremony was held at Shaoyang Institute of Engineering. "
        "Ma Li, Vice President of our university, thanked the donors from Xiangjiang Cable Co., Ltd.",
        (),
    )
    assert article.institutions == ("Shaoyang Institute of Engineering",)
    assert article.partners == ("Xiangjiang Cable Co., Ltd.",)
    assert Person("Ma Li", "Vice President", "Shaoyang Institute of Engineering") in article.people


def test_our_university_without_an_institution_is_unknown() -> None:
    article = extract("Ma Li, Vice President of our university, met guests from Xiangjiang Cable Co., Ltd.", ())
    assert article.people == (Person("Ma Li", "Vice President", None),)


# -- 7. role words never start an organisation's name ---------------------------------------------------------
def test_role_words_do_not_start_an_organisation() -> None:
    article = extract(
        "Sun Tao, Chief Engineer of the Changzhou Electric Research Institute (CERI), spoke. CERI will host the next "
        "meeting.",
        (),
    )
    assert article.partners == ("Changzhou Electric Research Institute",)
    assert Person("Sun Tao", "Chief Engineer", "Changzhou Electric Research Institute") in article.people


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # The role goes on after the organisation: it is kept as stated.
        (
            "Qin Hai, Secretary of the CPC WUT Committee, spoke.",
            Person("Qin Hai", "Secretary of the CPC WUT Committee", WUT),
        ),
        # A unit "of" an organisation: the organisation at the end of the chain is the employer.
        (
            "Xu Ming, Dean of the College of Materials of WUT, spoke.",
            Person("Xu Ming", "Dean of the College of Materials", WUT),
        ),
        # A second role after "and" is not part of the first organisation's name.
        (
            "Qin Hai, Secretary of the Party Committee of WUT and Chairman of the Council, spoke.",
            Person("Qin Hai", "Secretary of the Party Committee", WUT),
        ),
        # "… of <organisation>" after the name.
        ("Vice President Tian Ye of USTB met them.", Person("Tian Ye", "Vice President", USTB)),
        ("Professor Anna Weber, Vice-Principal of USTB, spoke.", Person("Anna Weber", "Vice-Principal", USTB)),
    ],
)
def test_roles_as_stated(text: str, person: Person) -> None:
    assert extract(text).people == (person,)


# -- 8. bylines -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "line",
    [
        "Edited by: Chen Jing",
        "Photo by Zhao Lei",
        "(Edited by Wu Fan)",
        "Translator: Wu Fan   Proofreader: He Ping",
        "Source: Office of International Affairs   Edited by: Chen Jing",
    ],
)
def test_bylines_are_not_people(line: str) -> None:
    article = extract(f"USTB Hosts a Forum\n\n{PARAGRAPH}\n\n{line}")
    assert article.people == ()
    assert line not in article.body


# -- also: near-duplicate names, technical abbreviations ----------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Xiamen Municipal Government", "Xiamen Municipal People's Government", True),
        ("Hebei Provincial Government", "People's Government of Hebei Province", True),
        ("Xiamen Municipal Government", "Xiamen Municipal Education Bureau", False),
    ],
)
def test_near_duplicate_key(first: str, second: str, same: bool) -> None:
    assert (near_duplicate_key(first) == near_duplicate_key(second)) is same


def test_near_duplicate_partners_are_one() -> None:
    article = extract(
        "USTB and Xiamen Municipal Government Sign Agreement\n\nUSTB and the Xiamen Municipal People's Government "
        "signed an agreement."
    )
    assert article.partners == ("Xiamen Municipal People's Government",)
    assert dict(article.aliases)["Xiamen Municipal People's Government"] == ("Xiamen Municipal Government",)


@pytest.mark.parametrize(
    ("text", "organizations"),
    [
        ("USTB engineers worked on the ZX200 and on MRI scanners with BAIC.", ()),
        ("USTB signed an agreement with MX5 on Monday and BAIC attended.", ("MX5",)),
    ],
)
def test_technical_abbreviations(text: str, organizations: tuple[str, ...]) -> None:
    article = extract(text)
    assert tuple(o for o in (*article.partners, *article.organizations) if o != "BAIC Group") == organizations
