"""Extract stage, organisations: gazetteer, definitions in parentheses, name patterns, roles."""

from __future__ import annotations

import pytest

from coopnews.extract import extract_article, review_fields
from coopnews.extract.gazetteer import compile_gazetteer
from coopnews.model import Article, Organization, RawArticle

GAZETTEER = (
    Organization("Wuhan University of Technology", "institution", ("WUT",)),
    Organization("Wuhan University", "institution", ("WHU",)),
    Organization("Jiangsu University of Science and Technology", "institution", ("JUST",)),
    Organization("Aviation Industry Corporation of China", "partner", ("AVIC",)),
    Organization("Dongfeng Motor Group Co., Ltd.", "partner", ("Dongfeng", "Dongfeng Company")),
)


def extract(text: str, gazetteer: tuple[Organization, ...] = GAZETTEER) -> Article:
    return extract_article(RawArticle(file="t.txt", text=text, sha256="0" * 64), gazetteer)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # Longest name wins; abbreviations match by exact case only, names regardless of case.
        ("WUT and wuhan  university of technology met", ["Wuhan University of Technology"] * 2),
        ("Wuhan University and Wuhan University of Technology", ["Wuhan University", "Wuhan University of Technology"]),
        ("they just came, JUST came", ["Jiangsu University of Science and Technology"]),
        ("WUTS and XWUT and WUT-based are not WUT", ["Wuhan University of Technology"]),
        ("Dongfeng 's plan and Dongfeng Company’s", ["Dongfeng Motor Group Co., Ltd."] * 2),
    ],
)
def test_gazetteer_matching(text: str, found: list[str]) -> None:
    matcher = compile_gazetteer(GAZETTEER)
    assert [entry.name for _, _, entry in matcher.find(text)] == found


def test_gazetteer_is_compiled_once_per_tuple() -> None:
    assert compile_gazetteer(GAZETTEER) is compile_gazetteer(GAZETTEER)
    assert compile_gazetteer(()).find("WUT") == []


@pytest.mark.parametrize(
    ("text", "canonical", "aliases"),
    [
        # "Full Name (ABBR)"
        (
            "Qi Kai visited Hebei Normal University (HEBNU) on Monday. HEBNU thanked him.",
            "Hebei Normal University",
            ("HEBNU",),
        ),
        # Initials taken from inside a word, and a leading place word kept.
        (
            "The team went to Liuzhou State-owned Assets Supervision and Administration Commission (SASAC). "
            "Liuzhou SASAC welcomed it.",
            "Liuzhou State-owned Assets Supervision and Administration Commission",
            ("SASAC",),
        ),
        # An abbreviation whose letters do not match: the name pattern decides.
        (
            "The Freie Universität Berlin (FU Berlin) and the Berlin Chamber of Industry and Commerce (IHK Berlin) "
            "signed. IHK Berlin is pleased.",
            "Berlin Chamber of Industry and Commerce",
            ("IHK Berlin",),
        ),
        # "(hereafter referred to as X)"
        (
            "The agreement between USTB and China Railway 9th Bureau Group Co., Ltd. ( hereafter referred to as "
            "China Railway 9th Group) was signed. China Railway 9th Group is a builder.",
            "China Railway 9th Bureau Group Co., Ltd.",
            ("China Railway 9th Group",),
        ),
        # "ABBR (Full Name)"
        (
            "It met NEA (National Energy Administration) officials. NEA agreed.",
            "National Energy Administration",
            ("NEA",),
        ),
    ],
)
def test_definitions_in_parentheses(text: str, canonical: str, aliases: tuple[str, ...]) -> None:
    article = extract(text, ())
    assert dict(article.aliases)[canonical] == aliases


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("It signed with Shenzhen Kaifa Technology Co., Ltd. yesterday.", ["Shenzhen Kaifa Technology Co., Ltd."]),
        ("Officials of the People's Government of Nanning came.", ["People's Government of Nanning"]),
        (
            "The Hubei Provincial Department of Education and Wuhan Municipal Bureau met.",
            ["Hubei Provincial Department of Education", "Wuhan Municipal Bureau"],
        ),
        ("A delegation from the Chinese Academy of Engineering arrived.", ["Chinese Academy of Engineering"]),
        ("The Ministry of Education issued a notice.", ["Ministry of Education"]),
        ("Dr. Roland Busch, Deputy CEO of Siemens AG, came.", ["Siemens AG"]),
        (
            "Zhejiang Dilong New Material Co. Signed Strategic Corporation Agreement",
            ["Zhejiang Dilong New Material Co."],
        ),
        # Headline words are cut off; generic phrases are not organisations.
        ("XJTU Signs Agreement With Hebei Provincial Government", ["Hebei Provincial Government"]),
        ("The Party Group and the Research Institute and the Alumni Association met.", []),
    ],
)
def test_name_patterns_without_gazetteer(text: str, names: list[str]) -> None:
    article = extract(text, ())
    found = [*article.institutions, *article.partners, *article.organizations]
    assert [name for name in found if name not in ("XJTU",)] == names


def test_abbreviation_nothing_expands_is_kept() -> None:
    article = extract(
        "WUT Signs Agreements with Four Companies\n\nWUT signed agreements with SGMW and the Guangxi Automobile Group. "
        "Mr. LIU Hua, Director of SGMW, attended. It concerns AI and R&D."
    )
    assert article.partners == ("SGMW", "Guangxi Automobile Group")
    assert "LIU" not in article.organizations and "AI" not in article.organizations


def test_institution_never_named_is_not_guessed() -> None:
    article = extract(
        "The university sent a team to Daqing Petrochemical Group Co., Ltd. to discuss internships for graduates. "
        "President Wang Hai led the team."
    )
    assert article.institutions == ()
    assert "institutions" in review_fields(article.needs_review)
    assert article.partners == ("Daqing Petrochemical Group Co., Ltd.",)


def test_site_header_names_the_institution_when_the_story_does_not() -> None:
    article = extract(
        "International Office\nUniversity of Science and Technology Beijing\n\nDelegation Visits Campus\n\n"
        "A delegation from the Tokyo Senior Association visited the campus on Monday."
    )
    assert article.institutions == ("University of Science and Technology Beijing",)
    assert "institutions" not in review_fields(article.needs_review)


@pytest.mark.parametrize(
    ("text", "institutions", "partners"),
    [
        # Headline counterpart first, then those a signing sentence names after "with".
        (
            "WUT and Dongfeng Renew Agreement\n\nWUT renewed its agreement with Dongfeng. WUT also signed contracts "
            "with Liuzhou Wuling Group. The Hubei Science and Technology Bureau attended.",
            ("Wuhan University of Technology",),
            ("Dongfeng Motor Group Co., Ltd.", "Liuzhou Wuling Group"),
        ),
        # A second university in the headline is the counterpart.
        (
            "Osaka Senior University Delegation Visited WUT\n\nThe Osaka Senior University delegation visited WUT.",
            ("Wuhan University of Technology",),
            ("Osaka Senior University",),
        ),
        # Without a headline the most mentioned counterpart is the main one; a university's unit is neither.
        (
            "The Joint Laboratory built by WUT and AVIC met at the Institute of Future Technology at WUT. "
            "AVIC sent engineers. AVIC and WUT agreed on a plan.",
            ("Wuhan University of Technology",),
            ("Aviation Industry Corporation of China",),
        ),
    ],
)
def test_roles(text: str, institutions: tuple[str, ...], partners: tuple[str, ...]) -> None:
    article = extract(text)
    assert article.institutions == institutions
    assert article.partners == partners


def test_other_spellings_are_recorded_as_aliases() -> None:
    article = extract("Beihang and AVIC Sign\n\nAviation Industrial Corporation of China (AVIC) and WUT signed.")
    assert dict(article.aliases)["Aviation Industry Corporation of China"] == (
        "AVIC",
        "Aviation Industrial Corporation of China",
    )


def test_empty_gazetteer_still_finds_patterns_and_definitions() -> None:
    article = extract(
        "Hubei University and Wuhan Iron and Steel Group Sign Agreement\n\nHubei University (HUBU) and Wuhan Iron "
        "and Steel Group Co., Ltd. signed an agreement. HUBU will train engineers.",
        (),
    )
    assert article.institutions == ("Hubei University",)
    assert article.partners == ("Wuhan Iron and Steel Group Co., Ltd.",)
    assert dict(article.aliases)["Hubei University"] == ("HUBU",)
