"""Extract, organisation names: the shapes of organisation names and of their abbreviations.

Pure functions over strings, used by `orgs.py`: find names by pattern ("… University", "… Group Co.,
Ltd.", "Ministry of …") with headline words trimmed off, take the capitalised name before a parenthesis,
and decide whether an abbreviation fits a name ("JUST" for "Jiangsu University of Science and
Technology", "AVIC" for "Aviation Industrial Corporation of China").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from coopnews.extract.lexicon import (
    ACADEMIC_KEYWORDS,
    BREAK_WORDS,
    CORE_ROLES,
    COUNTRIES,
    GENERIC_WORDS,
    KNOWN_PLACES,
    SEPARATE_BODY_KEYWORDS,
)

_UPPER = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_CAP = rf"(?:People['’]s|[{_UPPER}][\w&-]*|\d+(?:st|nd|rd|th))"
_KEYWORDS = (
    "University|Universität|Université|Universidad|Università|College|Polytechnic|Institute|Institution|Academy|Corporation"
    "|Company|Group|Bureau|Commission|Administration|Government|Ministry|Chamber|Association|Federation|Agency"
    "|Authority|Park|Bank|Hospital|Co\\.?|Ltd\\.?|Limited|Inc\\.?|Corp\\.?|GmbH|AG|SE|LLC|PLC"
)
#: "Hunan Provincial Department of Industry and Information Technology": a government department, unlike a
#: university's "Department of Physics".
_GOVERNMENT_DEPARTMENT = r"(?:Provincial|Municipal|Regional|City|County)[ ](?:Department|Bureau)"
#: What may join the words after "of": "of Science and Technology", "of the People's Republic"; never "and the",
#: which starts another party ("… of Science and Technology and the School of Medicine").
_OF_JOINER = r"(?:(?:and|&)[ ](?!the[ ])|(?:of|for)[ ](?:the[ ])?|the[ ])"
_COUNTRY_TAIL = "|".join(map(re.escape, (*COUNTRIES, "Inc.", "LLC")))
_LEGAL = r"(?:,?[ ]?(?:Co\.?,?[ ]?(?:Ltd|Limited)\.?|Ltd\.?|Limited|Inc\.?|Corp\.?))"
#: "… Bureau", "Ministry of Education", "Zhejiang Dilong New Material Co.", "Dongfeng Motor Group Co., Ltd."
_ORG_NAME_RE = re.compile(
    rf"(?=[{_UPPER}\d])(?<![\w&'’-])(?P<pre>(?:{_CAP}[ ](?:(?:and|&|for)[ ])?){{0,8}})"
    rf"(?P<kw>{_GOVERNMENT_DEPARTMENT}|{_KEYWORDS}|(?<=['’]s[ ])government)(?![\w&-])"
    rf"(?P<of>[ ]of[ ](?:the[ ])?{_CAP}(?:[ ]{_OF_JOINER}?{_CAP}){{0,8}})?"
    rf"(?P<legal>{_LEGAL}(?![\w]))?"
    rf"(?P<country>,[ ](?:{_COUNTRY_TAIL})(?![\w&-]|[ ]+[{_UPPER}\d]))?"
)
#: "Harbin Institute of Technology", "Hunan Institute of Engineering": universities, unlike research institutes.
_ACADEMIC_INSTITUTE_RE = re.compile(r"\bInstitute of (?:Science and )?(?:Technology|Engineering|Sciences?)\b")
_CAP_WORD_RE = re.compile(_CAP)
_LEGAL_WORD_RE = re.compile(r"Co\.?,?|Ltd\.?|Limited|Inc\.?|Corp\.?")
_ABBREVIATION_RE = re.compile(rf"^[{_UPPER}][\w&·.-]*(?:[ ][{_UPPER}][\w&-]*){{0,2}}$")
_TOKEN_RE = re.compile(r"\S+")
_CONNECTORS = frozenset(("and", "&", "of", "for", "the"))
_UNIVERSITY_OF_RE = re.compile(r"^(?:The )?University of [A-Z][\w-]*(?: [A-Z][\w-]*)?$")
_CAMPUS_RE = re.compile(rf"[ ]at[ ](?P<words>[{_UPPER}][a-z]+(?:[ ][{_UPPER}][a-z]+){{0,2}})(?![\w&-])")
#: Words after a campus that start a unit of the same university ("… at Austin College of Pharmacy").
_UNIT_HEADS = frozenset(("College", "School", "Department", "Faculty", "Center", "Centre", "Campus"))
#: Words after "at X" that make "X …" another university ("… at Tsinghua University"): no campus then.
_OTHER_UNIVERSITY_WORDS = frozenset(("University", "Universität", "Université", "Institute", "Polytechnic"))
_KEYWORD_WORDS = frozenset(word for word in _KEYWORDS.replace("\\.?", "").split("|"))


def find_org_names(text: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, academic) of every organisation name the patterns find in `text`, left to right."""
    yield from _find_names(text, 0, len(text))


def _find_names(text: str, start: int, end: int) -> Iterator[tuple[int, int, bool]]:
    position = start
    while (match := _ORG_NAME_RE.search(text, position, end)) is not None:
        position = match.end()
        span = _trim_name(match)
        if span is None:
            continue
        if span[0] > match.start():  # a name may hide in what was cut off: "Hubei University and …"
            yield from _find_names(text, match.start(), span[0])
        name = text[span[0] : span[1]]
        academic = (match.group("kw") in ACADEMIC_KEYWORDS or is_academic_name(name)) and not is_joint_unit(name)
        campus = _campus_end(text, span[1], end) if span[1] == match.end() and _UNIVERSITY_OF_RE.match(name) else None
        if campus is not None:  # "University of Texas at Austin": the campus is part of the name
            yield span[0], campus, academic
            position = campus
            continue
        yield span[0], span[1], academic
        if span[1] < match.end() and text.startswith(" and ", span[1]):  # "… of Technology and Volvo Car Corporation"
            # The second name may run past this match ("… College of Pharmacy and Lanshan Robotics Co., Ltd.").
            for found in _find_names(text, span[1] + 5, end):
                yield found
                position = max(position, found[1])
                if found[0] >= match.end():
                    break


def _campus_end(text: str, name_end: int, end: int) -> int | None:
    """Where "at <Campus>" after "University of X" ends ("University of California at Berkeley"), if it does:
    one or two capitalised words, not the start of another university's name ("… at Tsinghua University")."""
    campus = _CAMPUS_RE.match(text, name_end, end)
    if campus is None:
        return None
    words = campus.group("words").split(" ")
    taken = list(itertools.takewhile(lambda word: word not in _KEYWORD_WORDS and word not in _UNIT_HEADS, words))
    if not taken or (len(taken) < len(words) and words[len(taken)] in _OTHER_UNIVERSITY_WORDS):
        return None
    return campus.start("words") + len(" ".join(taken))


#: Keywords of names that are organisations in their own right when they extend a known name: a subsidiary
#: ("State Grid Heilongjiang Electric Power Co., Ltd.", "CSCEC 8th Bureau"), another university ("Zhejiang
#: University of Technology"), a hospital. Not a "CATL Research Institute" or an "Alumni Association": units.
_SEPARATE_KEYWORDS = ACADEMIC_KEYWORDS | SEPARATE_BODY_KEYWORDS
_EXTENDS_RE = re.compile(rf"[ ](?:of[ ])?[{_UPPER}\d]")
_COMPANY_WORD_RE = re.compile(
    r"(?:Co\.?,?|Ltd\.?|Limited|Inc\.?|Corp\.?|Company|Corporation|Group|GmbH|AG|SE|LLC|PLC),?"
)


def extend_name(text: str, start: int, end: int) -> int | None:
    """Where a longer organisation name ends that starts with the known name at `start:end` and adds
    distinctive words to it ("State Grid" + " Heilongjiang Electric Power Co., Ltd."); None if the text
    only adds a company suffix ("Huawei Co., Ltd.") or names a unit ("CATL Research Institute")."""
    if not _EXTENDS_RE.match(text, end):
        return None  # most known names are followed by a lowercase word or punctuation
    match = _ORG_NAME_RE.match(text, start, min(len(text), end + 200))
    if match is None:
        return None
    span = _trim_name(match)
    if span is None or span[0] != start or span[1] <= end:
        return None
    name = text[start : span[1]]
    if match.group("kw") not in _SEPARATE_KEYWORDS and not is_academic_name(name):
        return None
    added = [w for w in text[end : span[1]].split() if not _COMPANY_WORD_RE.fullmatch(w)]
    if not added or added[0] in ("and", "&"):
        return None
    joined = next((i for i, word in enumerate(added) if word in ("and", "&")), len(added))
    if any(is_keyword(w) for w in text[start:end].split()) and any(is_keyword(w) for w in added[joined:]):
        return None  # "Jinan University of Technology and Qianwei … Group Co.": two names
    return span[1]


def words_before_parenthesis(before: str) -> list[str] | None:
    """The capitalised words (with "and", "of" … between them) that end `before`, the text up to a
    parenthesis: read backwards word by word, so a long text before it costs nothing."""
    taken: list[str] = []
    links = 0
    line = before[before.rfind("\n") + 1 :]
    for word in reversed(line.rstrip(" ").split(" ")[-40:]):
        if _CAP_WORD_RE.fullmatch(word) or (not taken and _LEGAL_WORD_RE.fullmatch(word)):
            taken.append(word)
            links = 0
        elif word in _CONNECTORS and taken and links < 2:
            taken.append(word)
            links += 1
        elif _LEGAL_WORD_RE.fullmatch(word) and all(_LEGAL_WORD_RE.fullmatch(w) for w in taken):
            taken.append(word)
        else:
            break
    while taken and taken[-1] in _CONNECTORS:
        taken.pop()
    return taken[::-1] or None


def _joins_two_names(before: str, after: str) -> bool:
    """ "USTB and China Railway …", "Hubei University and Wuhan Iron …", "… Education and Wuhan Municipal …":
    an "and" after an abbreviation or a name's keyword, or before a place, joins two names, not one."""
    return is_acronym(before) or before in _KEYWORD_WORDS or after in KNOWN_PLACES


def is_acronym(word: str) -> bool:
    """ "USTB", "CATL": all capitals, letters only."""
    return len(word) >= 2 and word.isupper() and word.isalpha()


def is_keyword(word: str) -> bool:
    """True for a word that marks an organisation's name ("University", "Group", "Co.")."""
    return word.rstrip(".,") in _KEYWORD_WORDS


def is_abbreviation(text: str) -> bool:
    """ "GLISG", "TU Berlin", "IHK Berlin": at most three words, at least two capitals, starting with one."""
    return bool(_ABBREVIATION_RE.match(text)) and sum(ch.isupper() for ch in text.split(" ")[0]) >= 2


def looks_like_name(text: str) -> bool:
    """A capitalised phrase of two or more words, most of them capitalised ("National University Science Park
    in Optics Valley"), not a remark such as "from left to right"."""
    words = text.split(" ")
    capitalised = sum(1 for w in words if w[:1].isupper())
    return 2 <= len(words) <= 12 and words[0][:1].isupper() and capitalised * 2 > len(words)


#: "SMIC Integrated Circuit Industry College", "Modern Industrial School": a unit a university runs jointly with
#: a company (often named after it), not a university in its own right.
_JOINT_UNIT_RE = re.compile(r"\bIndustr(?:y|ial)(?: \w+)? (?:College|School|Academy)$")


def is_joint_unit(name: str) -> bool:
    """True for an industry college run jointly inside a university: a partnership's unit, not an institution."""
    return _JOINT_UNIT_RE.search(name) is not None


def is_academic_name(name: str) -> bool:
    """A university's or college's name, by its keyword, or an "… Institute of Technology/Engineering" (but
    not a "Research Institute of …")."""
    if is_joint_unit(name):
        return False
    if any(word in ACADEMIC_KEYWORDS for word in name.split()):
        return True
    return "Research" not in name and _ACADEMIC_INSTITUTE_RE.search(name) is not None


def _trim_name(match: re.Match[str]) -> tuple[int, int] | None:
    """Cut headline words off a name-pattern match ("… Agreement With Hebei Provincial Government",
    "… Institute of Industrial Technology Visits ECUST"); None if what is left is not distinctive."""
    pre = [(match.start("pre") + w.start(), w.group(0)) for w in _TOKEN_RE.finditer(match.group("pre"))]
    cut = max(
        (
            i
            for i, (_, word) in enumerate(pre)
            if (word[0].isupper() and (word.casefold() in BREAK_WORDS or word.casefold() in CORE_ROLES))
            or (
                word in ("and", "&")
                and i > 0
                and _joins_two_names(pre[i - 1][1], pre[i + 1][1] if i + 1 < len(pre) else "")
            )
        ),
        default=-1,
    )
    pre = pre[cut + 1 :]
    while pre and pre[0][1] in _CONNECTORS:
        pre = pre[1:]
    of_words = [(match.start("of") + w.start(), w.group(0)) for w in _TOKEN_RE.finditer(match.group("of") or "")]
    kept: list[tuple[int, str]] = []
    for index, (position, word) in enumerate(of_words[1:], start=1):
        if word.casefold() in BREAK_WORDS and word.casefold() not in _CONNECTORS:
            break
        if word in ("and", "&") and index + 1 < len(of_words) and is_acronym(of_words[index + 1][1]):
            break  # "… of Industrial Technology and ECUST"
        if word in ("and", "&") and any(is_keyword(w) for _, w in of_words[index + 1 :]):
            break  # "University of Technology and Volvo Car Corporation": two names
        kept.append((position, word))
    while kept and kept[-1][1].casefold() in _CONNECTORS:
        kept.pop()
    if not pre and not kept:
        return None
    if not kept and all(word.casefold() in GENERIC_WORDS | _CONNECTORS for _, word in pre):
        return None
    if len(pre) + len(kept) > 14:
        return None
    start = pre[0][0] if pre else match.start("kw")
    end = kept[-1][0] + len(kept[-1][1]) if kept else match.end("kw")
    all_kept = len(kept) == max(0, len(of_words) - 1)
    if match.group("legal") and all_kept:
        end = match.end("legal")
    legal_end = end == match.end("legal") or (not kept and _LEGAL_WORD_RE.fullmatch(match.group("kw")))
    if match.group("country") and all_kept and legal_end:
        end = match.end("country")  # "Siemens Ltd., China": the country is part of the company's name
    return start, end


def fit_abbreviation(words: list[str], abbreviation: str) -> str | None:
    """The longest tail of `words` that `abbreviation` abbreviates ("JUST" for "Jiangsu University of
    Science and Technology"), extended by one leading place-like word ("Jinzhou … Commission (SASAC)")."""
    letters = abbreviation.split(" ")
    suffix_word = letters[-1] if len(letters) > 1 and not letters[-1].isupper() else None
    core = "".join(ch for ch in (letters[0] if suffix_word else abbreviation) if ch.isalnum())
    if suffix_word:
        if words[-1] != suffix_word:
            return None
        words = words[:-1]
    best: int | None = None
    for index in range(len(words)):
        if (
            words[index][:1].isupper()
            and words[index].casefold() not in BREAK_WORDS
            and words[index].casefold() not in CORE_ROLES  # "Chief Expert of the China … Institute (CAERI)"
            and _abbreviates(core, words[index:])
        ):
            best = index
            break
    if best is None:
        return None
    previous = words[best - 1] if best > 0 else ""
    place_like = previous[:1].isupper() and previous.casefold() not in BREAK_WORDS | GENERIC_WORDS
    if place_like and (best == 1 or words[best - 2][:1].islower()):
        best -= 1
    tail = words[best:] + ([suffix_word] if suffix_word else [])
    return " ".join(tail)


def _abbreviates(core: str, words: list[str]) -> bool:
    """True if the letters of `core` can be read, in order, as initials or inner letters of `words`,
    starting with the first word's initial ("AVIC": AViation Industrial Corporation)."""
    parts = [p for w in words for p in re.split(r"[-·]", w) if p and p not in ("of", "and", "the", "for", "&")]
    if not parts or not core or core[0].casefold() != parts[0][0].casefold():
        return False
    return _match_letters(core.casefold(), [p.casefold() for p in parts], 1, 0, 1, {})


def _match_letters(
    core: str, parts: list[str], ci: int, pi: int, offset: int, seen: dict[tuple[int, int, int], bool]
) -> bool:
    if ci == len(core):
        return True
    key = (ci, pi, offset)
    if key in seen:
        return seen[key]
    result = False
    letter = core[ci]
    part = parts[pi]
    # Continue inside the current word ("AViation" for AVIC) …
    inner = part.find(letter, offset)
    if inner >= 0 and _match_letters(core, parts, ci + 1, pi, inner + 1, seen):
        result = True
    # … or take the initial of a later word.
    for next_pi in range(pi + 1, len(parts)):
        if result:
            break
        if parts[next_pi][0] == letter and _match_letters(core, parts, ci + 1, next_pi, 1, seen):
            result = True
    seen[key] = result
    return result


def fit_pattern(text: str) -> str | None:
    """The organisation-name pattern match that ends where `text` ends ("Berlin Chamber of Industry and
    Commerce (IHK Berlin)": no initials fit, but the words are an organisation's name)."""
    best: str | None = None
    for match in _ORG_NAME_RE.finditer(text):
        span = _trim_name(match)
        if span is not None and text[span[0] : span[1]].rstrip(",") and span[1] >= len(text.rstrip(" ,")) - 1:
            best = text[span[0] : span[1]].rstrip(",")
    return best
