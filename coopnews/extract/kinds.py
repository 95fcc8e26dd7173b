"""Extract, kinds: classify what kind of cooperation an article reports from general wording cues.

The headline says what the article is about, so its cues decide when it has any; otherwise the
body's cues are counted. Cues are ordinary words of the genre ("signed … agreement", "delegation",
"symposium", "jointly built laboratory", "internship"), never the wording of one known article.
All cues are one pattern, read in one pass over the lowercased text.
"""

from __future__ import annotations

import re

from coopnews.extract.doubts import Doubt, Found

_CUES: dict[str, str] = {
    "agreement_signing": r"sign(?:s|ed|ing)?|agreements?|memorand(?:um|a)|mous?|contracts?|ink(?:s|ed)?",
    "visit": (
        r"visit(?:s|ed|ing)?|delegations?|led a (?:team|delegation)|(?:went|came|go|come) to|entered"
        r"|tour(?:s|ed)?|inspect(?:s|ed|ion)|investigation"
        r"|(?:conduct(?:s|ed|ing)?|carr(?:y|ies|ied)[ ]out)[ ](?:research|investigation|a[ ]survey)[ ](?:in|at)"
    ),
    "forum": r"forums?|symposi(?:um|a|ums)|conferences?|seminars?|summits?|workshops?",
    "joint_lab": (
        r"joint(?:ly)?[- ](?:built|established|set up|founded|run)|joint (?:lab|laborator(?:y|ies)|research "
        r"(?:center|centre|institute))|co-buil[td]|lab(?:orator(?:y|ies))?s?"
    ),
    "talent_employment": (
        r"employment|internships?|job(?:s| fairs?)?|recruit(?:s|ed|ing|ment)?|careers?|posts"
        r"|talent (?:introduction|recruitment|exchange)"
    ),
}
_CUE_RE = re.compile(r"\b(?:" + "|".join(f"(?P<{kind}>{cue})" for kind, cue in _CUES.items()) + r")\b")
_ORDER = tuple(kind.replace("_", "-") for kind in _CUES)
#: On a tie the more specific kind wins: a visit "to expand employment" is about employment.
_SPECIFICITY = ("visit", "agreement-signing", "forum", "joint-lab", "talent-employment")
#: The lead paragraph states the event; later paragraphs use the same words in passing.
_LEAD_WEIGHT = 3
#: Fewest weighted body cues that still say something: one stray "visit" does not make an article a visit.
_MIN_BODY_CUES = 3
#: Without a headline cue, the winning kind needs this share more cues than the next (4: a third more).
_CLEAR_LEAD = 4


def classify_kind(title: str, lead: str, body: str) -> Found[str]:
    """One of model.KINDS; "other" when no cue is clear. The headline's cues outrank the lead
    paragraph's, which outrank the rest of the body's (`body` includes the lead). A doubt is raised when
    nothing decides, or when the body's cues for two kinds are as many."""
    title_counts = _count(title)
    if any(title_counts.values()):  # the headline decides; ties go to the more specific kind
        best = max(_ORDER, key=lambda kind: (title_counts[kind], _SPECIFICITY.index(kind)))
        specific = [k for k in _ORDER if title_counts[k] and _SPECIFICITY.index(k) > _SPECIFICITY.index(best)]
        if specific:  # more words of a broad kind outvoted a more specific one: a person should check
            why = f"{best} chosen over {', '.join(specific)}, which the headline also names"
            return Found(best, (Doubt("kind", why),))
        return Found(best)
    lead_counts = _count(lead)
    body_counts = {kind: count + (_LEAD_WEIGHT - 1) * lead_counts[kind] for kind, count in _count(body).items()}
    ranked = sorted(_ORDER, key=lambda kind: (body_counts[kind], _SPECIFICITY.index(kind)), reverse=True)
    best, second = ranked[0], ranked[1]
    if body_counts[best] < _MIN_BODY_CUES:
        return Found("other", (Doubt("kind", "no wording of the headline or the text says what kind it is"),))
    if body_counts[second] * _CLEAR_LEAD >= body_counts[best] * (_CLEAR_LEAD - 1):
        why = f"{best} chosen over {second}: the text has nearly as many words of each"
        return Found(best, (Doubt("kind", why),))
    return Found(best)


def _count(text: str) -> dict[str, int]:
    counts = dict.fromkeys(_ORDER, 0)
    for match in _CUE_RE.finditer(text.lower()):
        if match.lastgroup:
            counts[match.lastgroup.replace("_", "-")] += 1
    return counts
