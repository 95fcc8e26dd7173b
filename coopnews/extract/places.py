"""Extract, places: the cities, regions and venues a story states, kept simple on purpose.

Three sources: names shaped like places ("Hebei Province", "Guangxi Zhuang Autonomous Region"), a list
of China's provinces and large cities plus a few world cities the genre mentions, and the venue after
"held in/at" ("held in the BAIC Motor Industry R&D Base"). Organisation names are masked first, so
"Wuhan" inside "Wuhan University of Technology" is not a place of the story.
"""

from __future__ import annotations

import re

from coopnews.extract.gazetteer import trie_pattern
from coopnews.extract.lexicon import KNOWN_PLACES, MULTIWORD_PLACES
from coopnews.extract.orgs import MASK

_CAP = r"[A-Z][\w'’-]*"
#: Known places (as a trie) and names shaped like places: "Hebei Province", "Guangxi Zhuang Autonomous Region".
_PLACE_RE = re.compile(
    rf"(?=[A-Z])(?<![\w-])(?:(?:{_CAP}[ ]){{1,3}}(?:Province|City|District|County|Autonomous Region"
    rf"|Municipality|New Area|(?:High-[Tt]ech |Economic and Technological )?Development Zone)"
    rf"|{trie_pattern((*KNOWN_PLACES, *MULTIWORD_PLACES))})(?![\w-])"
)
_VENUE_WORD = rf"(?:[A-Z][\w'’&-]*|{MASK}+)"
_VENUE_RE = re.compile(
    rf"\b(?:held|took place|located|hosted)\s+(?:in|at)\s+(?:the\s+)?"
    rf"(?P<venue>{_VENUE_WORD}(?:[ ](?:(?:of|and|&)[ ](?:the[ ])?)?{_VENUE_WORD}){{0,8}})"
)


def find_places(story: str, masked: str) -> tuple[str, ...]:
    """Places stated in `story`, in order of first mention; `masked` is the story with organisations masked."""
    found: list[tuple[int, str]] = []
    for match in _VENUE_RE.finditer(masked):
        venue = story[match.start("venue") : match.end("venue")]
        if MASK not in masked[match.start("venue") : match.end("venue")] or len(venue.split()) > 1:
            found.append((match.start("venue"), venue))
    for match in _PLACE_RE.finditer(masked):
        found.append((match.start(), match.group(0)))
    places: list[str] = []
    for _, place in sorted(found):
        if place not in places and not any(place in other for other in places):
            places.append(place)
    return tuple(places)
