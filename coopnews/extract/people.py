"""Extract, people: find the people a story names, with the role and organisation the text gives them.

A capitalised run of words is a person when its context says so: an honorific ("Mr. LIU Minhua",
"Prof. Dr. Geraldine Rauch"), a role before it ("president Zhang Qingjie", "USTB Chancellor WU Guilong"),
"led by …", a role after it ("Xin Sijin, Secretary of the Party Committee of WUT"), a description after it
("Li Peng, a 2015 graduate of …"), or a list that continues one of those; and, unless an honorific vouches
for it, the run must be shaped like a name (`person_names.py`), so "Product Line" in "President of the
Computing Product Line" is none. Roles are kept as stated up to the organisation ("Secretary of the CPC
NUAA Committee" of NUAA). Names are normalised ("LIU Minhua" -> "Liu Minhua"); the same person named
twice, or in another order or case, is one person. Byline lines never reach this stage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopnews.extract.lexicon import (
    BREAK_WORDS,
    CORE_ROLES,
    HONORIFICS,
    KNOWN_PLACES,
    MULTIWORD_PLACES,
    NOT_NAME_WORDS,
    PERSON_NOUNS,
    PLURAL_ROLES,
    ROLE_MODIFIERS,
    SURNAMES,
    UNIT_WORDS,
)
from coopnews.extract.orgs import MASK, OrgIndex, canonical_name
from coopnews.extract.person_names import (
    is_chinese_name,
    is_initial,
    is_name_suffix,
    is_person_noun,
    looks_like_person_name,
)
from coopnews.model import Person

_CJK = "\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff"
_TOKEN = (
    rf"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Jr|Sr)\.|[A-Z]\.(?=[ ][A-Z])"
    rf"|[A-Z\u00c0-\u00d6\u00d8-\u00de][^\W\d_]*(?:-[^\W\d_]+)*|[{_CJK}]{{2,5}})"
)
_RUN_RE = re.compile(rf"(?=[A-Z\u00c0-\u00de{_CJK}])(?<![\w.-]){_TOKEN}(?:[ ]{_TOKEN})*(?![\w-])")
_TOKEN_RE = re.compile(_TOKEN)
_CJK_RE = re.compile(f"[{_CJK}]")
_SENTENCE_START_RE = re.compile(r"(?:^|[.!?\n][\"'”’]?)\s*$")
_LIST_INTRO_RE = re.compile(
    rf"\b(?:of|from|at)\s+(?:the\s+)?(?P<org>{MASK}+)(?:['’]s)?\s*,?\s+(?:including|such as|namely)\b"
)
_SENTENCE_BREAK_RE = re.compile(r"[.!?;]\s")
_LIST_GAP_RE = re.compile(r"\s*(?:,|;|and|,\s*and|;\s*and)\s*")
_CONTEXT_WORD_RE = re.compile(rf"{MASK}+|[\w'’-]+|[^\w\s]")
_RIGHT_START_RE = re.compile(r"[ ]?,\s*")
_ROLE_END_RE = re.compile(
    r"[,;:()\n]|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bProf)\.(?=\s|$)"
    r"|\s+(?:and|as well as)\s+(?=(?:heads|leaders|members|representatives|principals|other|others|some|many|all"
    r"|his|her|their|the)\b)"
    r"|\s+(?:who|which|were|was|is|are|had|has|have|said|says|delivered|signed|attended|visited|met|led|received"
    r"|welcomed|hosted|accompanied|introduced|presided|chaired|gave|made|spoke|expressed|extended|pointed|emphasized"
    r"|emphasised|stated|noted|thanked|added|addressed|took|went|came|awarded|on)\b"
)
_ORG_LINK_RE = re.compile(rf"\s(?:of|at|from|in)\s+(?:the\s+)?(?:[A-Z][\w-]*\s+)?(?={MASK})")
#: "Vice President of our university": the organisation is the article's own institution.
_OWN_LINK_RE = re.compile(r"\s(?:of|at|from)\s+(?P<own>our\s+(?:university|college|school|institute))\b", re.IGNORECASE)
#: "Chief Corporate Officer at ScottishPower": a capitalised name after "at" ends the role.
_AT_NAME_RE = re.compile(r"\s+at\s+(?:the\s+)?(?P<org>[A-Z][\w&'’-]*(?:\s+(?:(?:of|and|&|for)\s+)?[A-Z][\w&'’.-]*)*)$")
#: A capitalised word right after an organisation inside a role: "… of the CPC NUAA Committee".
_GOES_ON_RE = re.compile(r"[ ]([A-Z][\w&-]*)")
#: "Li Peng, a 2015 graduate of …": a description after the name.
_DESCRIPTION_RE = re.compile(r"[ ]?,\s*(?=(?:a|an)\s)")
#: "Vice President Ma Jianjun of LZJTU": an organisation right after the name.
_ORG_AFTER_NAME_RE = re.compile(rf"\s+(?:of|from|at)\s+(?:the\s+)?(?={MASK})")
#: The article's own institution, as people's roles state it; settled once institutions are known.
OWN_INSTITUTION_RE = re.compile(r"^our\s+(?:university|college|school|institute)$", re.IGNORECASE)
#: A verb of speech right after a name: "Liu Jianping briefly introduced …", "Zhang Wei said …".
_SPEECH_AFTER_RE = re.compile(
    r"\s+(?:(?:also|briefly|then|further|fully|warmly|first)\s+)?(?:said|says|introduced|pointed out|noted|stated"
    r"|stressed|emphasi[sz]ed|expressed|added|hoped|thanked|welcomed|spoke|delivered|presented|reported)\b"
)
#: "British-based", "State-owned": a word that describes an organisation, never part of a person's name.
_DESCRIBED_RE = re.compile(r"-(?:based|owned|funded|listed|headquartered|backed|invested|run)$", re.IGNORECASE)
_LEADING_ARTICLE_RE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class PeopleFound:
    """The people of a story, and the all-caps surnames their names use (so "LIU" is not an organisation)."""

    people: tuple[Person, ...]
    capitalised_words: frozenset[str]


@dataclass(frozen=True)
class _Mention:
    name: tuple[str, ...]
    role: str | None
    organization: str | None
    position: int


@dataclass(frozen=True)
class _Text:
    """The story as the people finder reads it: plain, with organisations masked, and as words."""

    index: OrgIndex
    story: str
    masked: str

    def words_before(self, position: int) -> list[tuple[int, str]]:
        return self.words_between(max(0, position - 60), position)

    def words_between(self, start: int, end: int) -> list[tuple[int, str]]:
        return [(m.start(), m.group(0)) for m in _CONTEXT_WORD_RE.finditer(self.masked, start, end)]


def find_people(index: OrgIndex) -> PeopleFound:
    """Every person named in the story of `index`, in order of first mention, without duplicates."""
    masked = index.masked()
    text = _Text(index, index.story, masked)
    mentions: list[_Mention] = []
    previous_end = -10
    for run in _RUN_RE.finditer(masked):
        tokens = [(run.start() + m.start(), m.group(0)) for m in _TOKEN_RE.finditer(run.group(0))]
        name, prefix = _split_name(tokens)
        if not name:
            continue
        mention, end = _read_mention(text, name, prefix, run.start(), previous_end)
        if mention is not None:
            mentions.append(mention)
            previous_end = end
    return _merge(mentions)


def _split_name(tokens: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Split a capitalised run into what precedes the name (roles, honorifics) and the name (1–2 words)."""
    name: list[tuple[int, str]] = []
    index = len(tokens) - 1
    if index > 0 and is_name_suffix(tokens[index][1]):  # "John T. Casteen III"
        name.append(tokens[index])
        index -= 1
    while index >= 0 and _core_length(name) < 2:
        _, word = tokens[index]
        if name and is_initial(word) and index > 0:  # "John T. Casteen": the initial belongs to the name
            name.insert(0, tokens[index])
            index -= 1
            continue
        if _CJK_RE.match(word):
            if not name:
                name = [tokens[index]]
                index -= 1
            break
        if word.isupper() and len(word) >= 2:
            after_honorific = not name and index > 0 and _is_honorific(tokens[index - 1][1])
            surname_first = (len(name) == 1 and not name[0][1].isupper()) or after_honorific
            if surname_first and len(word) <= 6 and word.casefold() not in NOT_NAME_WORDS:
                name.insert(0, tokens[index])
                index -= 1
            break
        if not _is_name_word(word):
            break
        name.insert(0, tokens[index])
        index -= 1
    if index >= 0 and len(name) == 2 and is_chinese_name((tokens[index][1], name[0][1], name[1][1])):
        name.insert(0, tokens[index])  # "Ding Kui Ling": a family name and a given name written as two syllables
        index -= 1
    return name, tokens[: index + 1]


def _core_length(name: list[tuple[int, str]]) -> int:
    """How many words of `name` are names proper (not initials or suffixes such as "T." or "III")."""
    return sum(1 for _, word in name if not is_initial(word) and not is_name_suffix(word))


def _read_mention(
    text: _Text,
    name: list[tuple[int, str]],
    prefix: list[tuple[int, str]],
    run_start: int,
    previous_end: int,
) -> tuple[_Mention | None, int]:
    """Decide from the context whether `name` is a person, and read the role and organisation given."""
    story, masked, index = text.story, text.masked, text.index
    words = [w for _, w in name]
    name_start, name_end = name[0][0], name[-1][0] + len(name[-1][1])
    honorific = any(_is_honorific(w) for _, w in prefix)
    bare = [t for t in prefix if not _is_honorific(t[1])]
    role_tokens: list[tuple[int, str]] = []
    while bare and _is_role_word(bare[-1][1]):
        role_tokens.insert(0, bare.pop())
    if role_tokens and not any(w.casefold() in CORE_ROLES for _, w in role_tokens):
        bare += role_tokens  # modifiers alone ("General", "Party") are not a role
        role_tokens = []
    # Nothing before a sentence's first word can cue a name; skip reading it (most runs in prose).
    # Only a name without a role or honorific in its own run needs the words before it, and nothing
    # before a sentence's first word can cue a name (most runs in prose): skip reading them then.
    needs_left = not prefix or (bool(bare) and not role_tokens)
    sentence_start = not prefix and _SENTENCE_START_RE.search(masked, max(0, run_start - 3), run_start) is not None
    left = text.words_before(run_start) if needs_left and not sentence_start else []
    left_role = _role_before(left) if not prefix else None
    role_of = _role_of_before(left) if bare and not role_tokens else None
    role_of_org = _role_of_org_before(left) if not prefix else None
    cjk = bool(_CJK_RE.match(words[0]))
    cued = honorific or bool(role_tokens)
    right: tuple[int, int] | None = None

    if cjk:
        right = _role_after(text, name_end)
        is_person = cued or right is not None
    elif len(words) == 1:
        is_person = cued or left_role is not None
    elif bare and not role_tokens and not honorific:
        # "Director of the International Office Guo Kanjun": the words before the name are a unit's name,
        # so the name must be a Chinese name or follow a unit word ("… Computing Product Line" is no name).
        if role_of is not None and not (is_chinese_name(tuple(words)) or bare[-1][1].casefold() in UNIT_WORDS):
            role_of = None
        right = (_role_after(text, name_end) or _description_after(text, name_end)) if role_of is None else None
        is_person = role_of is not None or right is not None
    else:
        by_cue = not prefix and bool(left) and left[-1][1].casefold() == "by"
        cued = cued or left_role is not None or by_cue or role_of_org is not None
        if not cued:
            right = _role_after(text, name_end)
            cued = right is not None
        if not cued and not prefix:
            right = _description_after(text, name_end)
            cued = right is not None
        if not cued and not prefix and is_chinese_name(tuple(words)) and not _is_place(words):
            cued = _SPEECH_AFTER_RE.match(masked, name_end) is not None  # "Liu Jianping briefly introduced …"
        if not cued and not prefix and (words[0].casefold() in SURNAMES or words[-1].casefold() in SURNAMES):
            gap = masked[previous_end:run_start] if previous_end >= 0 else ""
            cued = _LIST_GAP_RE.fullmatch(gap) is not None or (bool(left) and left[-1][1] == ":")
        is_person = cued
    if not is_person or not (honorific or looks_like_person_name(tuple(words))):
        return None, previous_end
    if right is None:
        right = _role_after(text, name_end)

    role: str | None = None
    organization: str | None = None
    if right is not None:
        role, organization = _split_role(index, story, masked, *right)
    if role is None and role_of is not None:
        role, organization = _split_role(index, story, masked, role_of, bare[-1][0] + len(bare[-1][1]))
    if role is None and role_of_org is not None:
        role, organization = _split_role(index, story, masked, *role_of_org)
    if role is None and role_tokens:
        role = story[role_tokens[0][0] : role_tokens[-1][0] + len(role_tokens[-1][1])]
    if role is None and left_role is not None:
        role = _clean_role(story[left_role:run_start])
    if role is None:
        role = next((w for _, w in prefix if w.casefold() in CORE_ROLES), None)  # "Professor Hu Benfu"
    if organization is None:
        first = bare or role_tokens
        organization = _org_before(index, masked, first[0][0] if first else run_start)
        if organization is None and bare and role_tokens:
            organization = index.resolve(story[bare[0][0] : bare[-1][0] + len(bare[-1][1])])
        if organization is None:
            organization = _org_after_name(index, masked, name_end)
        if organization is None:
            organization = _list_organization(index, masked, run_start)
    end = right[1] if right is not None else name_end
    return _Mention(tuple(_normalise_word(w) for w in words), role, organization, name_start), end


def _role_before(left: list[tuple[int, str]]) -> int | None:
    """Where a role right before a name starts ("… , deputy secretary Xia Jiangjing"), if there is one."""
    taken = 0
    for _, word in reversed(left):
        if not _is_role_word(word):
            break
        taken += 1
    if not taken or not any(w.casefold() in CORE_ROLES for _, w in left[len(left) - taken :]):
        return None
    return left[len(left) - taken][0]


def _role_of_before(left: list[tuple[int, str]]) -> int | None:
    """ "Director of the International Office Guo Kanjun": where "Director" starts."""
    position = len(left)
    if position and left[position - 1][1].casefold() == "the":
        position -= 1
    if not position or left[position - 1][1].casefold() not in ("of", "for", "at"):
        return None
    return _role_before(left[: position - 1])


def _role_of_org_before(left: list[tuple[int, str]]) -> tuple[int, int] | None:
    """ "Director of Jinzhou SASAC Gu Yu": the span "Director of Jinzhou SASAC" when a known organisation
    stands right before the name and a role "of" it before that."""
    if not left or not left[-1][1].startswith(MASK):
        return None
    mask_end = left[-1][0] + len(left[-1][1])
    position = len(left) - 1
    if position and left[position - 1][1][:1].isupper() and not _is_role_word(left[position - 1][1]):
        position -= 1  # a place word stated before the organisation's name: "Jinzhou SASAC"
    if position and left[position - 1][1].casefold() == "the":
        position -= 1
    if not position or left[position - 1][1].casefold() not in ("of", "at", "for"):
        return None
    start = _role_before(left[: position - 1])
    return (start, mask_end) if start is not None else None


def _role_after(text: _Text, name_end: int) -> tuple[int, int] | None:
    """The span of a role given after the name ("…, the deputy director of …"), if one is.

    A phrase that is really the next person's ("…, president Zhang Qingjie") is not this one's role,
    nor is a plural ("…, principals of 7 enterprises"), which lists other people.
    """
    start_match = _RIGHT_START_RE.match(text.masked, name_end)
    if start_match is None:
        return None
    start = start_match.end()
    end_match = _ROLE_END_RE.search(text.masked, start, start + 250)
    end = _cut_before_next_person(text, start, end_match.start() if end_match else min(len(text.masked), start + 250))
    words = [w for _, w in text.words_between(start, end) if w.casefold() not in ("the", "a", "an")]
    first_role = next((w.casefold() for w in words[:5] if w.casefold() in CORE_ROLES), None)
    if first_role is None or first_role in PLURAL_ROLES:
        return None
    return start, end


def _description_after(text: _Text, name_end: int) -> tuple[int, int] | None:
    """The span of a description given after the name instead of a title ("…, a 2015 graduate of …",
    "…, a junior majoring in …"), if its first words name a kind of person."""
    start_match = _DESCRIPTION_RE.match(text.masked, name_end)
    if start_match is None:
        return None
    start = start_match.end()
    end_match = _ROLE_END_RE.search(text.masked, start, start + 250)
    end = end_match.start() if end_match else min(len(text.masked), start + 250)
    words = [w for _, w in text.words_between(start, end)[1:7]]
    return (start, end) if any(is_person_noun(w) for w in words) else None


def _org_after_name(index: OrgIndex, masked: str, name_end: int) -> str | None:
    """ "Vice President Ma Jianjun of LZJTU": the organisation named right after the name, if any."""
    match = _ORG_AFTER_NAME_RE.match(masked, name_end)
    if match is None:
        return None
    org = index.org_at(match.end())
    return canonical_name(org) if org else None


def _cut_before_next_person(text: _Text, start: int, end: int) -> int:
    """End a role phrase where the next person begins: "… and Mr. WU", "… and Hongjiang Liu, …",
    "… President Wang Shuguo", "… TU President Prof. Dr. Geraldine Rauch"."""
    tokens = text.words_between(start, end + 2)
    for i, (position, word) in enumerate(tokens):
        if position >= end:
            break
        if word.casefold() == "and":
            following = [w for _, w in tokens[i + 1 : i + 4]]
            pair = len(following) == 3 and _is_name_pair(following[0], following[1]) and following[2] == ","
            if following and (_is_honorific(following[0]) or pair):
                return position
        if _is_role_word(word) or _is_honorific(word):
            rest = [w for _, w in tokens[i + 1 : i + 8] if w != "." and not _is_honorific(w)]
            if len(rest) >= 2 and not _is_role_word(rest[0]) and _is_name_pair(rest[0], rest[1]):
                run = i
                while run > 0 and (_is_role_word(tokens[run - 1][1]) or _is_honorific(tokens[run - 1][1])):
                    run -= 1
                return tokens[run][0]
    return end


def _is_name_pair(first: str, second: str) -> bool:
    surname = first.isupper() and 2 <= len(first) <= 6 and first.casefold() not in NOT_NAME_WORDS
    return (surname or _is_name_word(first)) and _is_name_word(second)


def _split_role(index: OrgIndex, story: str, masked: str, start: int, end: int) -> tuple[str | None, str | None]:
    """Split "Deputy Director of the Beijing Talents Bureau" into the role and the (canonical) organisation."""
    article = _LEADING_ARTICLE_RE.match(masked[start:end])
    if article:
        start += article.end()
    text = masked[start:end]
    organization: str | None = None
    role_end = end
    if text.startswith(MASK):
        org = index.org_at(start)
        organization = canonical_name(org) if org else None
        mask_end = start + len(text) - len(text.lstrip(MASK))
        role = story[mask_end:end].lstrip("'’s ").strip()
        return _clean_role(role), organization
    own = _OWN_LINK_RE.search(text)
    if own is not None:  # "Vice President of our university"
        return _clean_role(story[start : start + own.start()]), own.group("own")
    links = [link for link in _ORG_LINK_RE.finditer(text) if index.org_at(start + link.end()) is not None]
    if links:
        # In a chain "Dean of the College of … of Tongji" the last organisation is the employer.
        chain = 0
        while chain + 1 < len(links) and links[chain + 1].start() == _mask_end(text, links[chain].end()):
            chain += 1
        link = links[chain]
        org = index.org_at(start + link.end())
        organization = canonical_name(org) if org else None
        # "Secretary of the CPC NUAA Committee": a name that goes on after the organisation is the role's.
        goes_on = _GOES_ON_RE.match(text, _mask_end(text, link.end()))
        if goes_on and goes_on.group(1).casefold() not in BREAK_WORDS:
            return _clean_role(story[start:end]), organization
        return _clean_role(story[start : start + link.start()]), organization
    at_name = _AT_NAME_RE.search(story, start, end)
    if at_name is not None and MASK not in text:  # "Chief Corporate Officer at ScottishPower"
        return _clean_role(story[start : at_name.start()]), index.resolve(at_name.group("org"))
    return _clean_role(story[start:role_end]), organization


def _mask_end(text: str, position: int) -> int:
    """Where the masked organisation name that starts at `position` ends."""
    return len(text) - len(text[position:].lstrip(MASK))


def _clean_role(role: str) -> str | None:
    role = " ".join(role.split()).strip(" ,;&")
    role = re.sub(r"\s+(?:and|&)$", "", role)
    return role or None


def _org_before(index: OrgIndex, masked: str, position: int) -> str | None:
    """The organisation named right before a role ("USTB Chancellor", "XJTU’s Council Chair"), if any."""
    before = masked[max(0, position - 4) : position]
    match = re.search(rf"{MASK}(?:['’]s)?\s*$", before)
    if match is None:
        return None
    org = index.org_at(position - len(before) + match.start())
    return canonical_name(org) if org else None


def _list_organization(index: OrgIndex, masked: str, position: int) -> str | None:
    """ "leaders of WUT including secretary Xin Sijin, president Zhang Qingjie …": the organisation that
    introduces a list the name stands in (same sentence, nothing but the list in between)."""
    matches = list(_LIST_INTRO_RE.finditer(masked, max(0, position - 200), position))
    match = matches[-1] if matches else None
    if match is None or _SENTENCE_BREAK_RE.search(masked, match.end(), position):
        return None
    org = index.org_at(match.start("org"))
    return canonical_name(org) if org else None


def _merge(mentions: list[_Mention]) -> PeopleFound:
    """One Person per person: spellings that differ in case or order merge, a surname alone joins its full name."""
    groups: dict[frozenset[str], list[_Mention]] = {}
    for mention in mentions:
        groups.setdefault(frozenset(w.casefold() for w in mention.name), []).append(mention)
    full_words = {word for key in groups if len(key) > 1 for word in key}
    people: list[tuple[int, Person]] = []
    for key, group in groups.items():
        if len(key) == 1 and next(iter(key)) in full_words and not _CJK_RE.match(group[0].name[0]):
            continue
        best = max(group, key=lambda m: (m.organization is not None, m.role is not None, -m.position))
        people.append((group[0].position, Person(" ".join(group[0].name), best.role, best.organization)))
    capitalised = frozenset(w.upper() for mention in mentions for w in mention.name if not _CJK_RE.match(w))
    return PeopleFound(tuple(person for _, person in sorted(people, key=lambda item: item[0])), capitalised)


def _is_place(words: list[str]) -> bool:
    """ "Hong Kong", "Xi An": a place shaped like a Chinese name."""
    return " ".join(words) in MULTIWORD_PLACES or any(word in KNOWN_PLACES for word in words)


def _is_honorific(word: str) -> bool:
    return word.rstrip(".").casefold() in HONORIFICS


def _is_role_word(word: str) -> bool:
    folded = word.casefold()
    return folded in CORE_ROLES or folded in ROLE_MODIFIERS


def _is_name_word(word: str) -> bool:
    folded = word.casefold()
    return (
        len(word) >= 2
        and not word.isupper()
        and not _is_honorific(word)
        and not ("-" in word and _DESCRIBED_RE.search(word))
        and folded not in NOT_NAME_WORDS
        and folded not in PERSON_NOUNS
        and folded not in UNIT_WORDS
    )


def _normalise_word(word: str) -> str:
    """ "LIU" -> "Liu", "XIAO-MING" -> "Xiao-Ming"; other words as written."""
    if word.isupper() and not _CJK_RE.match(word) and not is_name_suffix(word):
        return "-".join(part.capitalize() for part in word.split("-"))
    return word
