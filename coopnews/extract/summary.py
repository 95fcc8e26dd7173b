"""Extract, summary: the article's own sentences as a summary, and as a title when the page has no headline."""

from __future__ import annotations

import re

from coopnews.extract.doubts import Doubt, Found
from coopnews.extract.layout import Page, is_caption, is_standfirst, sentence_spans
from coopnews.extract.lexicon import ABBREVIATIONS, FUNCTION_WORDS

_TITLE_WORDS = 12
_TITLE_MAX_WORDS = 16
_CLAUSE_WORDS = 14  # a clause that ends within this many words makes a whole title
_SUMMARY_SHORT = 160
#: Openings of an introductory clause that a title can do without ("In order to …, President Wang led …").
_INTRO_RE = re.compile(
    r"^(?:In order to|To|On|At|In|During|With|After|Before|Recently|Lately|As|From|Since|Under)\b", re.IGNORECASE
)
_QUOTES = (("“", "”"), ("(", ")"), ("[", "]"))


UNTITLED = "Untitled article"
_LEGAL_WORDS = frozenset(("co.", "co"))
_NAME_END_WORDS = frozenset(("ltd.", "ltd", "limited", "inc."))


def choose_title(page: Page) -> Found[str]:
    """The page's headline; failing one, a title derived from the first sentence, which a person should check."""
    if page.title:
        return Found(page.title)
    derived = derive_title(page.paragraphs)
    if derived:
        return Found(derived, (Doubt("title", "derived from the first sentence; the page has no headline"),))
    return Found(UNTITLED, (Doubt("title", "the page has no headline and no sentence to derive one from"),))


def derive_title(paragraphs: tuple[str, ...]) -> str:
    """A short title from the first sentence: the main clause, about a dozen words, cut at a word boundary."""
    prose = [p for p in paragraphs if not is_caption(p) and not is_standfirst(p)] or list(paragraphs)
    text = next((p for p in prose if len(p.split()) >= 4), prose[0] if prose else "")
    spans = sentence_spans(text)
    sentence = text[spans[0][0] : spans[0][1]] if spans else text
    sentence = _drop_intro(sentence)
    words = sentence.split()
    cut = next(
        (
            i + 1
            for i, w in enumerate(words[:_CLAUSE_WORDS])
            if i >= 3
            and (
                (w.endswith((",", ";", ":")) and w.rstrip(",;:.").casefold() not in ABBREVIATIONS)
                or w.rstrip(",;:").casefold() in _NAME_END_WORDS  # "… Group Co., Ltd.": a company's name ends
            )
        ),
        None,
    )
    if cut is None:
        cut = min(len(words), _TITLE_WORDS)
        if cut < len(words) and _inside_name(words, cut):
            # Finish the name the cut falls in if that stays short; otherwise cut before the name.
            end = cut
            while end < min(len(words), _TITLE_MAX_WORDS) and _inside_name(words, end):
                end += 1
            if end < _TITLE_MAX_WORDS and not words[end - 1].endswith(","):
                cut = end
            else:
                while cut > 1 and (words[cut - 1][:1].isupper() or words[cut - 1] in ("and", "of", "&")):
                    cut -= 1
    while (
        cut < len(words)
        and words[cut - 1].rstrip(",").casefold() in _LEGAL_WORDS
        and words[cut].strip(",.").casefold() in ("ltd", "limited", "inc")
    ):
        cut += 1  # "… Robotics Co., Ltd.": the legal suffix goes with its name
    words = words[:cut]
    while len(words) > 1 and words[-1].strip(",;:.").casefold() in FUNCTION_WORDS:
        words.pop()
    title = _balance(" ".join(words).strip(" ,;:—-"))
    if title.endswith(".") and title.rsplit(" ", 1)[-1].rstrip(".").casefold() not in ABBREVIATIONS:
        title = title.rstrip(".")  # a sentence's period, not an abbreviation's ("Co.", "Ltd.")
    return title[:1].upper() + title[1:] if title else ""


def summarise(paragraphs: tuple[str, ...]) -> str:
    """The first one or two sentences of the first real paragraph (captions and stubs are skipped)."""
    prose = [p for p in paragraphs if len(p.split()) >= 8 and not is_caption(p)]
    paragraph = next((p for p in prose if p.rstrip("”’\"')").endswith((".", "!", "?", "。"))), None)
    if paragraph is None:
        paragraph = prose[0] if prose else (paragraphs[0] if paragraphs else "")
    spans = sentence_spans(paragraph)
    if not spans:
        return ""
    end = spans[0][1]
    if end - spans[0][0] < _SUMMARY_SHORT and len(spans) > 1:
        end = spans[1][1]
    return paragraph[spans[0][0] : end]


def _drop_intro(sentence: str) -> str:
    """Drop a leading clause up to its comma ("On February 24, 2025, the meeting …" -> "the meeting …")."""
    if not _INTRO_RE.match(sentence):
        return sentence
    depth = 0
    for position, char in enumerate(sentence[:400]):
        if char in "“(‘[":
            depth += 1
        elif char in "”)’]":
            depth = max(0, depth - 1)
        elif char == "," and depth == 0 and not sentence[position + 1 : position + 3].strip()[:1].isdigit():
            rest = sentence[position + 1 :].strip()
            return rest if len(rest.split()) >= 4 else sentence
    return sentence


def _inside_name(words: list[str], cut: int) -> bool:
    """True when the cut would split a capitalised name ("… Assets Supervision | and Administration Commission")."""
    last, following = words[cut - 1], words[cut]
    if following.startswith(("(", "“", '"')) or last.endswith((",", ";", ":", ".")):
        return False
    if following[:1].isupper():
        connector = last in ("and", "of", "&") and cut >= 2 and words[cut - 2][:1].isupper()
        return last[:1].isupper() or connector
    return (
        following in ("and", "of", "&") and cut + 1 < len(words) and words[cut + 1][:1].isupper() and last[:1].isupper()
    )


def _balance(title: str) -> str:
    """Remove quote marks or brackets the cut left unpaired."""
    for opening, closing in _QUOTES:
        if title.count(opening) != title.count(closing):
            title = title.replace(opening, "").replace(closing, "")
    return " ".join(title.split())
