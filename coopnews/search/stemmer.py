"""Search: the stemmer, a port of lunr.js 2.3.9's, so the index holds the stems the browser looks up.

lunr.py's own stemmer differs from lunr.js's ("railway" -> "railwai" in lunr.py, "railway" in lunr.js); the
browser stems queries with lunr.js, so the index must be stemmed as lunr.js stems (tests/search/test_node.py
compares the two on every word of the seeds and the dev articles).
"""

from __future__ import annotations

import re


def stem_word(word: str) -> str:
    """Stem `word` exactly as lunr.js 2.3.9's `lunr.stemmer` does (a Porter stemmer with its own quirks)."""
    return _porter_stem(word)


# A line-by-line port of lunr.js 2.3.9's Porter stemmer (lunr.js lib/stemmer.js): keep it that way. The
# str.endswith checks only skip regexes that need that suffix to match, for speed; `\Z` is JS's `$`.
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}  # fmt: skip
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ou", "ism", "ate", "iti",
          "ous", "ive", "ize")  # fmt: skip
_c = "[^aeiou]"  # consonant
_v = "[aeiouy]"  # vowel
_C = _c + "[^aeiouy]*"  # consonant sequence
_V = _v + "[aeiou]*"  # vowel sequence
_MGR0 = re.compile("^(" + _C + ")?" + _V + _C)  # [C]VC... is m>0
_MEQ1 = re.compile("^(" + _C + ")?" + _V + _C + "(" + _V + ")?\\Z")  # [C]VC[V] is m=1
_MGR1 = re.compile("^(" + _C + ")?" + _V + _C + _V + _C)  # [C]VCVC... is m>1
_S_V = re.compile("^(" + _C + ")?" + _v)  # vowel in stem
_RE_1A = re.compile(r"^(.+?)(ss|i)es\Z")
_RE2_1A = re.compile(r"^(.+?)([^s])s\Z")
_RE_1B = re.compile(r"^(.+?)eed\Z")
_RE2_1B = re.compile(r"^(.+?)(ed|ing)\Z")
_RE2_1B_2 = re.compile(r"(at|bl|iz)\Z")
_RE3_1B_2 = re.compile(r"([^aeiouylsz])\1\Z")
_RE4_1B_2 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")
_RE_1C = re.compile(r"^(.+?[^aeiou])y\Z")
_RE_2 = re.compile("^(.+?)(" + "|".join(_STEP2) + ")\\Z")
_RE_3 = re.compile("^(.+?)(" + "|".join(_STEP3) + ")\\Z")
_RE_4 = re.compile("^(.+?)(" + "|".join(_STEP4) + ")\\Z")
_RE2_4 = re.compile(r"^(.+?)(s|t)(ion)\Z")
_RE_5 = re.compile(r"^(.+?)e\Z")
_RE3_5 = re.compile("^" + _C + _v + "[^aeiouwxy]\\Z")
_STEP2_ENDS = tuple(_STEP2)
_STEP3_ENDS = tuple(_STEP3)


def _porter_stem(w: str) -> str:
    if len(w.encode("utf-16-le")) < 6:  # JS measures length in UTF-16 code units
        return w
    firstch = w[0]
    if firstch == "y":
        w = "Y" + w[1:]
    # Step 1a
    if w.endswith("s"):
        if _RE_1A.search(w):
            w = _RE_1A.sub(r"\1\2", w, count=1)
        elif _RE2_1A.search(w):
            w = _RE2_1A.sub(r"\1\2", w, count=1)
    # Step 1b
    if w.endswith("eed") and (fp := _RE_1B.search(w)):
        if _MGR0.search(fp.group(1)):
            w = w[:-1]
    elif w.endswith(("ed", "ing")) and (fp := _RE2_1B.search(w)):
        stem = fp.group(1)
        if _S_V.search(stem):
            w = stem
            if _RE2_1B_2.search(w):
                w += "e"
            elif _RE3_1B_2.search(w):
                w = w[:-1]
            elif _RE4_1B_2.search(w):
                w += "e"
    # Step 1c
    if w.endswith("y") and (fp := _RE_1C.search(w)):
        w = fp.group(1) + "i"
    # Step 2
    if w.endswith(_STEP2_ENDS) and (fp := _RE_2.search(w)) and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP2[fp.group(2)]
    # Step 3
    if w.endswith(_STEP3_ENDS) and (fp := _RE_3.search(w)) and _MGR0.search(fp.group(1)):
        w = fp.group(1) + _STEP3[fp.group(2)]
    # Step 4
    if w.endswith(_STEP4) and (fp := _RE_4.search(w)):
        if _MGR1.search(fp.group(1)):
            w = fp.group(1)
    elif w.endswith("ion") and (fp := _RE2_4.search(w)) and _MGR1.search(fp.group(1) + fp.group(2)):
        w = fp.group(1) + fp.group(2)
    # Step 5
    if w.endswith("e") and (fp := _RE_5.search(w)):
        stem = fp.group(1)
        if _MGR1.search(stem) or (_MEQ1.search(stem) and not _RE3_5.search(stem)):
            w = stem
    if w.endswith("ll") and _MGR1.search(w):
        w = w[:-1]
    if firstch == "y":
        w = "y" + w[1:]
    return w
