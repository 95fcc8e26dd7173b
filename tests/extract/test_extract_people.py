"""Extract stage, people: names from context cues, normalised, with the role and organisation stated."""

from __future__ import annotations

import pytest

from coopnews.extract import extract_article
from coopnews.model import Organization, Person, RawArticle

GAZETTEER = (
    Organization("University of Science and Technology Beijing", "institution", ("USTB",)),
    Organization("Wuhan University of Technology", "institution", ("WUT",)),
    Organization("BAIC Group", "partner", ("BAIC",)),
)
USTB = "University of Science and Technology Beijing"


def people_of(text: str) -> tuple[Person, ...]:
    return extract_article(RawArticle(file="t.txt", text=text, sha256="0" * 64), GAZETTEER).people


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Honorific, all-caps surname, role "of" an organisation the text names.
        (
            "It was attended by Mr. LIU Minhua, Deputy Director of the Beijing Talents Bureau.",
            [Person("Liu Minhua", "Deputy Director", "Beijing Talents Bureau")],
        ),
        # The organisation resolves to its canonical name; the role keeps its own "of".
        (
            "On May 2, Xin Sijin, Secretary of the Party Committee of WUT, came.",
            [Person("Xin Sijin", "Secretary of the Party Committee", "Wuhan University of Technology")],
        ),
        # Roles before the name, an organisation before the role, lowercase roles in a list.
        (
            "USTB Chancellor WU Guilong thanked them. Leaders of WUT including president Zhang Qingjie and "
            "vice president Wu Chaozhong went to Nanning.",
            [
                Person("Wu Guilong", "Chancellor", USTB),
                Person("Zhang Qingjie", "president", "Wuhan University of Technology"),
                Person("Wu Chaozhong", "vice president", "Wuhan University of Technology"),
            ],
        ),
        # The same person twice, in two spellings, and by surname alone: one person.
        (
            "Prof. YANG Renshu, President of USTB, spoke. Prof. YANG then signed. Yang Renshu left.",
            [Person("Yang Renshu", "President", USTB)],
        ),
        # A list: the next person's role is not the previous one's; a run-on "and Mr." ends a role.
        (
            "Attendees were Mr. XU Jianfu, Vice General Manager and Chief Engineer, Mr. WU Lanqing, Vice General "
            "Manager and Mr. HE Jin, Director of Office of USTB.",
            [
                Person("Xu Jianfu", "Vice General Manager and Chief Engineer", None),
                Person("Wu Lanqing", "Vice General Manager", None),
                Person("He Jin", "Director of Office", USTB),
            ],
        ),
        # Western names, stacked honorifics, a role phrase before the name.
        (
            "• State Secretary for Science Dr. Henry Marx and TU President Prof. Dr. Geraldine Rauch (from left "
            "to right).",
            [
                Person("Henry Marx", "State Secretary for Science", None),
                Person("Geraldine Rauch", "President", "TU"),
            ],
        ),
        # A name in another script, a role after it; a surname with a role only.
        (
            "畑野耕一, President of the Promotion Committee, spoke. Vice President Wang met the guests.",
            [Person("畑野耕一", "President of the Promotion Committee", None), Person("Wang", "Vice President", None)],
        ),
        # A plain list introduced by a colon, and "led by".
        (
            "The team was led by Zhu Xin. Teachers attended: Shenghua Duan, Lili Jiang and Xiangen Lin.",
            [
                Person("Zhu Xin", None, None),
                Person("Shenghua Duan", None, None),
                Person("Lili Jiang", None, None),
                Person("Xiangen Lin", None, None),
            ],
        ),
    ],
)
def test_people(text: str, expected: list[Person]) -> None:
    assert list(people_of(text)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Hong Kong, Macau and Guangdong are near. Southeast Asia, too.",  # places in a list
        "The Party Committee of WUT met. Five-Year Plan reviews continued.",  # capitalised phrases
        "On Monday, Beijing and Tianjin signed.",
        "Xi Jinping's thought was studied.",  # a name with no role or cue in this sentence
    ],
)
def test_not_people(text: str) -> None:
    assert people_of(text) == ()


def test_byline_is_not_a_person_of_the_story() -> None:
    text = "Beihang Signs\nRelease time:July 23, 2020 / Feng Yueyue\n\nPresident Xu Huibin signed the agreement."
    assert [p.name for p in people_of(text)] == ["Xu Huibin"]
