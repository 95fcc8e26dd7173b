"""Extract: general rules found on unseen articles (joined names, polytechnics, industry colleges,
government departments, counterparts the headline names). Example sentences are invented for these tests."""

from __future__ import annotations

import pytest

from coopnews.extract import extract_article
from coopnews.model import RawArticle


def _extract(text: str):
    return extract_article(RawArticle("x.txt", text, "0" * 64), ())


@pytest.mark.parametrize(
    ("text", "institutions", "partner"),
    [
        (
            "Lakeside Team Renews Partnership\n\nMeridian University of Technology and Harbor Motor Corporation "
            "renewed their research agreement on Monday in the city.",
            ("Meridian University of Technology",),
            "Harbor Motor Corporation",
        ),
        (
            "Dongling Polytechnic Welcomes Guests\n\nOn May 3, Dongling Polytechnic signed an agreement with "
            "Rivergate Logistics Group on training warehouse technicians.",
            ("Dongling Polytechnic",),
            "Rivergate Logistics Group",
        ),
        (
            "Nanhe University Signs Agreement with Qinling Provincial Department of Natural Resources\n\n"
            "On March 2, Nanhe University and the Qinling Provincial Department of Natural Resources signed "
            "an agreement on land surveying.",
            ("Nanhe University",),
            "Qinling Provincial Department of Natural Resources",
        ),
        (
            "Eastbay University Signs Agreement with Bluefin Airways\n\nOn April 9, Eastbay University signed "
            "a cooperation agreement with Bluefin Airways. Zhou Ming, Vice President of Bluefin Airways, attended.",
            ("Eastbay University",),
            "Bluefin Airways",
        ),
        (
            "Westlake Polytechnic and Corvan Launch Robotics Industry College\n\nThe Corvan Robotics Industry "
            "College opened at Westlake Polytechnic on June 1. Corvan will send engineers to teach there.",
            ("Westlake Polytechnic",),
            "Corvan",
        ),
    ],
)
def test_unseen_rules_find_institution_and_partner(text: str, institutions: tuple[str, ...], partner: str) -> None:
    article = _extract(text)
    assert article.institutions == institutions
    assert article.partners[:1] == (partner,)


@pytest.mark.parametrize(
    ("text", "role", "organization"),
    [
        (
            "Eastbay University Signs Agreement with Bluefin Airways\n\nOn April 9, Eastbay University signed "
            "a cooperation agreement with Bluefin Airways. Zhou Ming, Vice President of Bluefin Airways, attended.",
            "Vice President",
            "Bluefin Airways",
        ),
    ],
)
def test_role_does_not_swallow_headline_counterpart(text: str, role: str, organization: str) -> None:
    person = next(p for p in _extract(text).people if p.name == "Zhou Ming")
    assert (person.role, person.organization) == (role, organization)


@pytest.mark.parametrize(
    ("sentence", "institution"),
    [
        (
            "The Hong Kong Polytechnic University signed an agreement with Tidewater Energy Group.",
            "Hong Kong Polytechnic University",
        ),
        (
            "Sanmen Vocational and Technical College signed an agreement with Tidewater Energy Group.",
            "Sanmen Vocational and Technical College",
        ),
    ],
)
def test_polytechnic_names_keep_their_full_name(sentence: str, institution: str) -> None:
    assert _extract(f"News\n\n{sentence}").institutions == (institution,)
