"""Extract, page layout: split a seed's text into headline, date lines, body paragraphs and page furniture.

Pages copied from university news sites carry breadcrumbs, section labels, "Release Time:…" lines,
site headers and footers around the article. Each line is classified by general features (its words,
its length, its punctuation) and never by matching a known page, so new sites degrade gracefully:
when unsure, a line stays in the body, because losing a sentence is worse than keeping a caption.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coopnews.extract.dates import DATE_RE
from coopnews.extract.lexicon import (
    ABBREVIATIONS,
    BREAK_WORDS,
    DATE_FILLER_WORDS,
    FUNCTION_WORDS,
    META_WORDS,
    SECTION_WORDS,
)
from coopnews.extract.names import fit_pattern

_SPACES = "\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
# Runs of two or more spaces, or any exotic space: a single plain space is left alone (most of a text).
_SPACE_RE = re.compile(rf"[ {_SPACES}]{{2,}}|[{_SPACES}]")
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
# "Home > News", "Home >> English >> News and Events", "首页 > 新闻"
_BREADCRUMB_RE = re.compile(r"^(?:home(?:page)?|首页)\s*(?:$|(?:>|»|›|/|\||::|→).*$)", re.IGNORECASE)
_NAV_SEPARATOR_RE = re.compile(r"\s(?:>{1,2}|»|›|\|)\s")
_FOOTER_RE = re.compile(
    r"^(?:back to top|to top|top|print|print this page|close|close window|share(?: to| this)?:?|"
    r"previous(?: article| page)?:?.*|next(?: article| page)?:?.*|return|more|read more|related (?:news|articles):?)$",
    re.IGNORECASE,
)
# A label inside a line: "2022-03-15 | Source: News Office | Editor: Li Ming".
_LABEL_RE = re.compile(
    r"\b(?:source|author|editors?|reporter|writer|photo(?:grapher)?|clicks|views|hits|posted|published|uploaded"
    r"|translator|proofreader|reviewer|publisher|correspondent|contributor|text"
    r"|announcer|release time|release date|visits"
    r"|(?:translated|edited|written|reviewed|proofread|compiled|reported|photographed|photo|photos|text)\s+by)"
    r"\s*(?:[(（][^()（）]{1,20}[)）]\s*)?[:：]",
    re.IGNORECASE,
)
# A credit without a colon: "Photo by Wang Lei", "(Edited by Liu Yang)".
_CREDIT_RE = re.compile(
    r"^[(\[（【]?(?:photos?|pictures?|text|words|written|edited|translated|reported|proofread|reviewed|compiled"
    r"|photographed)\s+by\b",
    re.IGNORECASE,
)
# What separates a date from its source on one line: "Mar 10, 2021 | College of Mechanical Engineering".
_META_SEPARATOR_RE = re.compile(r"\s+[|/·•]\s+|\s*[|｜]\s*")
_COPYRIGHT_RE = re.compile(r"^(?:copyright|©|\(c\))|all rights reserved", re.IGNORECASE)
# "Source: Xinhua", "Author: Li Hua", "Clicks: 695" (with or without a date on the line).
_LABEL_LINE_RE = re.compile(
    r"^[(\[（【]?(?:release(?:d)? time|release date|publish(?:ed)?(?: on| time| date)?|posted(?: on| by)?"
    r"|upload(?:ed)?|updated?|date|time|source|author|editor|editors|reporter|writer|write|written by"
    r"|photo(?:s|grapher| by)?|clicks|views|hits|visits|proofread(?:er| by)?|translat(?:ed by|or)|publisher|from"
    r"|edit(?:ed)? by|review(?:er|ed by)|text(?: by)?|correspondent|contributor|compiled by|announcer)"
    r"\s*(?:[(（][^()（）]{1,20}[)）]\s*)?[:：]",
    re.IGNORECASE,
)
#: A label glued to the name before it when the page's spans were copied: "Li TianruRelease time: …" (only
#: where a lowercase letter comes right before it: checked in `_unglue_labels`, since a regex that starts with
#: a look-behind tries every position of the text).
_GLUED_LABEL_RE = re.compile(
    r"(?:Release|Views|Photo|Editor|Source|Author|Translator|Announcer|Reporter|Clicks|Hits|Date)"
    r"[\w ]{0,12}(?:[(（][^()（）]{1,20}[)）])?\s*[:：]"
)
#: A standfirst or a list item, never a headline: "- The two sides will …".
_DASH_START_RE = re.compile(r"^[-–—]\s")
_CAPTION_RE = re.compile(
    r"^[•·▪●◆■►▶]|\((?:from )?(?:left|right|l|r)\.? to (?:right|left|r|l)\.?\)|^(?:pictured|photo shows)\b",
    re.IGNORECASE,
)
_SENTENCE_END_RE = re.compile(r"[.!?。！？…][\"'”’)\]]*$")
_SOFT_END_RE = re.compile(r"[.!?。！？…:;,，；：\"”’)\]]$")

#: The page's address on a seed's first line: "Source: https://…", "URL: …", or the bare address.
_ADDRESS_RE = re.compile(
    r"^(?:(?:source|url|link|address|from)\s*[:：]\s*)?<?(?P<url>(?:https?://|www\.)[^\s<>\"]+)>?$", re.IGNORECASE
)

_NAME_JOINERS = frozenset(("of", "and", "for", "the"))
#: Words a wrapped headline's second line starts with: "with Baowu Steel Group", "and BAIC".
_HEADLINE_CONTINUATIONS = frozenset(("with", "and", "to", "for", "on", "in", "at", "of", "between", "from"))
_MAX_CONTINUATION_WORDS = 12
#: A headline above the date line may end with a period and run long ("The Team Led by … Enterprise.").
_MAX_HEADLINE_ABOVE_DATE = 40
_MAX_HEADING_WORDS = 30
_MAX_HEADING_CHARS = 250
_LONG_LINE = 400


@dataclass(frozen=True)
class Page:
    """A seed's text taken apart: the headline as stated ("" when there is none) and what surrounds it.

    `date_lines` are the page's own date/byline lines ("Release Time:…", "Uploaded:…"), `chrome` the
    dropped site furniture (headers, menus, footers), kept so the site's own name can still be found.
    """

    title: str
    paragraphs: tuple[str, ...]
    date_lines: tuple[str, ...]
    chrome: tuple[str, ...]
    url: str | None = None  # the page's address, when the seed starts with one ("Source: https://…")


def normalise_text(text: str) -> str:
    """Unify line endings and exotic spaces, drop invisible characters; never removes a visible word."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _INVISIBLE_RE.sub("", text)
    return _SPACE_RE.sub(" ", text)


def split_page(text: str) -> Page:
    """Classify each line and return the headline, the body paragraphs, the date lines and the furniture."""
    url, text = _take_address(normalise_text(text))
    lines = _join_wrapped(_unglue_labels(text))
    kinds = [_classify(line) for line in lines]
    title_index, header_end = _find_headline(lines, kinds)
    if title_index is not None and _continues_headline(lines, kinds, title_index):
        lines[title_index] = f"{lines[title_index]} {lines[title_index + 1]}"  # "… Agreement" / "with …"
        kinds[title_index + 1] = "joined"
    title = lines[title_index] if title_index is not None else ""
    title_key = title.casefold()
    paragraphs: list[str] = []
    date_lines: list[str] = []
    chrome: list[str] = []
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "dateline":
            date_lines.append(line)
        elif i == title_index or kind == "joined" or (title and line.casefold() == title_key):
            continue
        elif kind == "boilerplate" or (kind == "heading" and i < header_end):
            chrome.append(line)
        else:
            paragraphs.append(line)
    return Page(title=title, paragraphs=tuple(paragraphs), date_lines=tuple(date_lines), chrome=tuple(chrome), url=url)


def _find_headline(lines: list[str], kinds: list[str]) -> tuple[int | None, int]:
    """The headline's line (None when the page has none) and where the page header ends.

    A headline sits right above the page's date or credit lines ("Updated: …", "Reported by: …") when it has
    them, even if it ends with a period; otherwise it is the last heading before the first paragraph. A line that
    is only an organisation's name ("Harbin Institute of Technology") is the site's header, not a headline.
    """
    first_paragraph = next((i for i, kind in enumerate(kinds) if kind == "paragraph"), None)
    first_date = next((i for i, kind in enumerate(kinds) if kind == "dateline"), None)
    headings = [i for i, kind in enumerate(kinds) if kind == "heading"]
    if first_date is not None:
        above = first_date - 1
        while above >= 0 and kinds[above] == "boilerplate" and _LABEL_LINE_RE.match(lines[above]):
            above -= 1  # "Release Time:" on a line of its own, the date on the next
        in_header = above >= 0 and (first_paragraph is None or above <= first_paragraph)
        if in_header and not _is_site_name(lines[above]):
            words = len(_WORD_RE.findall(lines[above]))
            # A paragraph-shaped line is the headline only if no heading before it could be.
            alone = (
                kinds[above] == "paragraph"
                and words <= _MAX_HEADLINE_ABOVE_DATE
                and all(_is_site_name(lines[i]) for i in headings if i < above)
            )
            if kinds[above] == "heading" or alone:
                return above, above
    if first_paragraph is None:
        return (headings[0], headings[0]) if headings else (None, 0)
    before = [i for i in headings if i < first_paragraph]
    chosen = next((i for i in reversed(before) if not _is_site_name(lines[i])), before[-1] if before else None)
    return chosen, first_paragraph


def _is_site_name(line: str) -> bool:
    """True for a line that is nothing but an organisation's name: a site header."""
    return fit_pattern(line) == line


def _continues_headline(lines: list[str], kinds: list[str], title_index: int) -> bool:
    """True when the next line finishes a headline cut where it wrapped: "… Signs Agreement" / "with … Group"."""
    following = title_index + 1
    if following >= len(lines) or kinds[following] not in ("heading", "paragraph"):
        return False
    words = _WORD_RE.findall(lines[following])
    title = lines[title_index]
    return (
        bool(words)
        and words[0].casefold() in _HEADLINE_CONTINUATIONS
        and len(words) <= _MAX_CONTINUATION_WORDS
        and not _SOFT_END_RE.search(title)
        and len(_WORD_RE.findall(title)) + len(words) <= _MAX_HEADING_WORDS
    )


def _unglue_labels(text: str) -> str:
    """Put back the space a copied page lost between a name and the next label ("TianruRelease time:")."""
    starts = [m.start() for m in _GLUED_LABEL_RE.finditer(text) if m.start() and text[m.start() - 1].islower()]
    if not starts:
        return text
    pieces = [text[a:b] for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    return " ".join(pieces)


def _take_address(text: str) -> tuple[str | None, str]:
    """The address on the seed's first non-blank line, if that is all the line holds, and the rest of the text."""
    stripped = text.lstrip()
    first, _, rest = stripped.partition("\n")
    address = _ADDRESS_RE.match(first.strip())
    return (address.group("url"), rest) if address else (None, text)


def ends_sentence(text: str) -> bool:
    """True when `text` ends with sentence punctuation that is not an abbreviation's period."""
    if not _SENTENCE_END_RE.search(text):
        return False
    last = text.rstrip("\"'”’)] ").rsplit(" ", 1)[-1].rstrip(".").casefold()
    return not (text.rstrip("\"'”’)] ").endswith(".") and (last in ABBREVIATIONS or len(last) == 1))


def is_standfirst(line: str) -> bool:
    """A standfirst or list item set off by a leading dash ("- The two sides will …"): never a headline."""
    return _DASH_START_RE.match(line) is not None


def is_caption(line: str) -> bool:
    """A photo caption: a bulleted line, one that names people "from left to right", or one ending in "|"."""
    return bool(_CAPTION_RE.search(line)) or line.rstrip().endswith(("|", "｜"))


def _join_wrapped(text: str) -> list[str]:
    """Non-empty stripped lines; a line broken mid-sentence is joined to its lowercase continuation."""
    lines: list[str] = []
    previous_blank = True
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            previous_blank = True
            continue
        if lines and not previous_blank and not _SOFT_END_RE.search(lines[-1]) and line[0].islower():
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
        previous_blank = False
    return lines


def _classify(line: str) -> str:
    """One of: boilerplate, dateline, caption, heading, paragraph."""
    if len(line) > _LONG_LINE:  # no furniture, date line or headline is this long
        return "caption" if _CAPTION_RE.search(line, 0, 200) else "paragraph"
    words = _WORD_RE.findall(line)
    lowered = [w.casefold() for w in words]
    if ((":" in line or "：" in line) and _is_credits(line, words)) or (
        len(words) <= 16 and (_LABEL_LINE_RE.match(line) or DATE_RE.search(line)) and _is_meta(line)
    ):
        return "dateline" if DATE_RE.search(line) else "boilerplate"
    if len(words) <= 8 and _CREDIT_RE.match(line):
        return "boilerplate"
    if _BREADCRUMB_RE.match(line) or len(_NAV_SEPARATOR_RE.findall(line)) >= 2 or line.count("|") >= 3:
        return "boilerplate"
    if (len(words) <= 8 and _FOOTER_RE.search(line)) or (len(words) <= 40 and _COPYRIGHT_RE.search(line)):
        return "boilerplate"
    if words and len(words) <= 5 and all(w in SECTION_WORDS for w in lowered) and not _SENTENCE_END_RE.search(line):
        return "boilerplate"
    if not words and not any(ch.isalnum() for ch in line):
        return "boilerplate"  # rules, ornaments: "* * *", "----"
    if _CAPTION_RE.search(line) or line.endswith(("|", "｜")):
        return "caption"  # "Students at the signing ceremony |": a photo caption
    if _is_heading(line, words):
        return "heading"
    return "paragraph"


def _is_credits(line: str, words: list[str]) -> bool:
    """A credit line of several labels ("Announcer: … Photo: … Translator (Intern): … Release time: …"), however
    long its names make it, as long as it reads as no sentence."""
    labels = len(_LABEL_RE.findall(line)) + (0 if _LABEL_RE.match(line) else 1 if _LABEL_LINE_RE.match(line) else 0)
    return labels >= 2 and len(words) <= 8 * labels and not ends_sentence(line)


def _is_meta(line: str) -> bool:
    """A date or byline line. With labels ("Release Time:", "Source:", "Editor:") it holds at most a short
    name per label; without, nothing but the date and fillers such as a weekday or "times"."""
    rest = _WORD_RE.findall(DATE_RE.sub(" ", line))
    labels = len(_LABEL_RE.findall(line)) + (1 if _LABEL_LINE_RE.match(line) else 0)
    if labels:
        names = [w for w in rest if w.casefold() not in META_WORDS]
        return len(names) <= 3 * labels and not (names and ends_sentence(line))
    names = [w for w in rest if w.casefold() not in DATE_FILLER_WORDS]
    if len(names) <= 1 and not ends_sentence(line):
        return True
    return _is_dated_source(line) or _is_dated_name(line, names)


def _is_dated_name(line: str, names: list[str]) -> bool:
    """ "International Affairs Division 2024-02-29 193", "Nov 19, 2018 Du Yichen": a date beside a department's
    or a writer's name (and maybe a view counter), no other words: capitalised words only, "of"/"and" between."""
    if not names or len(names) > 5 or ends_sentence(line) or not DATE_RE.search(line):
        return False
    return all(w[0].isupper() or w.casefold() in _NAME_JOINERS for w in names) and names[0][0].isupper()


def _is_dated_source(line: str) -> bool:
    """ "Mar 10, 2021 | College of Mechanical Engineering", "2021-03-10 / News Office": a date and, beside it,
    only short names (a department, a source, an editor), no headline words such as a verb."""
    parts = [part.strip() for part in _META_SEPARATOR_RE.split(line) if part.strip()]
    if len(parts) < 2 or ends_sentence(line):
        return False
    dated = 0
    for part in parts:
        rest = [w for w in _WORD_RE.findall(DATE_RE.sub(" ", part)) if w.casefold() not in DATE_FILLER_WORDS]
        if not rest and DATE_RE.search(part):
            dated += 1
        elif not _is_short_name(rest):
            return False
    return dated == 1


def _is_short_name(words: list[str]) -> bool:
    """A few capitalised words with "of", "and" between them: a department's or a person's name."""
    if not words or len(words) > 8:
        return False
    return all(w.casefold() in FUNCTION_WORDS or (w[0].isupper() and w.casefold() not in BREAK_WORDS) for w in words)


def _is_heading(line: str, words: list[str]) -> bool:
    """Short, not a sentence, not starting in lowercase: a headline or a site/section header."""
    if not words or len(words) > _MAX_HEADING_WORDS or len(line) > _MAX_HEADING_CHARS:
        return False
    if line[0].islower() or ends_sentence(line) or _DASH_START_RE.match(line):
        return False
    return not line.endswith((",", ";", ":", "，", "；", "："))


_SENTENCE_BREAK_RE = re.compile(r"[.!?。！？]+[\"'”’)\]]*(?=\s|$)|\n")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a period after "Mr", "Co", "Ltd" or an initial does not end one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_BREAK_RE.finditer(text):
        if match.group(0).startswith(".") and _abbreviation_before(text, start, match.start()):
            continue
        if text[start : match.end()].strip():
            spans.append(_strip_span(text, start, match.end()))
        start = match.end()
    if text[start:].strip():
        spans.append(_strip_span(text, start, len(text)))
    return spans


def sentence_around(text: str, position: int, reach: int = 600) -> tuple[int, int]:
    """(start, end) of the sentence that holds `position`, looking at most `reach` characters each way."""
    low = max(0, position - reach)
    start = low
    for match in _SENTENCE_BREAK_RE.finditer(text, low, position):
        if not (match.group(0).startswith(".") and _abbreviation_before(text, low, match.start())):
            start = match.end()
    end = min(len(text), position + reach)
    for match in _SENTENCE_BREAK_RE.finditer(text, position, end):
        if not (match.group(0).startswith(".") and _abbreviation_before(text, position, match.start())):
            end = match.end()
            break
    return _strip_span(text, start, end)


def _abbreviation_before(text: str, start: int, period: int) -> bool:
    """True when the word before a period is an abbreviation or an initial ("Mr.", "Co.", "H.")."""
    low = max(start, period - 40)  # bounded: a run of abbreviations must not make this quadratic
    space = max(text.rfind(" ", low, period), text.rfind("\n", low, period), low - 1)
    word = text[space + 1 : period].casefold()
    return len(word) <= 1 or word in ABBREVIATIONS


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
