"""Benchmark corpus: sentences and paragraphs of news prose from a Zipf-ranked vocabulary.

Words are drawn with weight 1/(rank + offset), as in natural text: a few words are everywhere, most are rare. The
derived forms (plurals, past tenses, gerunds, compound technical terms) bring the vocabulary from the
few hundred base words in vocabulary.py to a few thousand distinct words.
"""

from __future__ import annotations

import itertools
import random
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from bench import vocabulary as V

#: Zipf–Mandelbrot offset: flattens the head so no content word takes more than a few percent of its class.
_ZIPF_OFFSET = 5


@dataclass(frozen=True)
class Pool:
    """Words in rank order with cumulative Zipf weights, for random.choices."""

    words: tuple[str, ...]
    cum_weights: tuple[float, ...]

    def draw(self, rng: random.Random) -> str:
        """One word; rank r is drawn with probability proportional to 1/(r + _ZIPF_OFFSET)."""
        return rng.choices(self.words, cum_weights=self.cum_weights)[0]


@dataclass(frozen=True)
class Pools:
    """The word classes sentence templates fill their slots from."""

    noun: Pool
    nouns: Pool  # plurals
    adj: Pool
    adv: Pool
    verb: Pool
    past: Pool
    ing: Pool
    third: Pool  # third person singular: "promotes"
    tech: Pool

    def distinct_words(self) -> int:
        """How many distinct words the pools can produce (compound adjectives count once)."""
        words: set[str] = set()
        for pool in (self.noun, self.nouns, self.adj, self.adv, self.verb, self.past, self.ing, self.third, self.tech):
            words.update(pool.words)
        return len(words)


#: Sentence templates; slots: the Pools fields, {num}, and the article's names (I, P, place, ref, pronoun, school).
TEMPLATES = (
    "{ref} said that {I} would {verb} its {adj} {noun} in {tech} and {verb} {adj} {nouns} with {P}.",
    "Both sides agreed to {verb} {adj} {noun} in {noun} and {noun}, so as to {verb} the {adj} {noun} of {place}.",
    "In recent years, {I} has {past} {num} {adj} {nouns} in the fields of {tech} and {tech}.",
    "The {adj} {noun} between the two sides has {past} the {noun} of {adj} {nouns} and {past} {adj} {noun}.",
    "{ref} {adv} {past} the {adj} {noun} of {P}, and hoped that the two sides would {verb} {noun} and {verb} {noun}.",
    "It is expected that the {noun} will {verb} {adj} {nouns} for {noun} and {noun} in {place}.",
    "During the visit, the delegation {past} the {noun} of {P} and {past} the {adj} {nouns} of {tech}.",
    "{P} will {adv} {verb} the {adj} {noun}, {ing} the {adj} {noun} of {noun}, {noun} and {noun}.",
    "The {nouns} of the {school} {past} {adj} {nouns} on {noun}, {noun} and {noun}.",
    "According to the {noun}, the two sides will {verb} the {adj} {noun} of {tech}, {verb} {adj} {nouns}, "
    "and {verb} the {noun} of {noun}.",
    "{ref} pointed out that {tech} is the {adj} {noun} for the {noun} of the {noun}.",
    "With {adj} {nouns} and {adj} {noun}, {place} has become the {adj} {noun} for {noun}.",
    "{ref} expressed {pronoun} gratitude to {P} for its {adj} {noun} to {I}, and {past} the {adj} {nouns} it has made.",
    "At the meeting, the {nouns} of the two sides {adv} {past} {adj} {nouns} on {ing} {noun} and {noun}.",
    "{I} will {adv} {verb} its {nouns} in {tech}, and {verb} {adj} {noun} for the {noun} of {place}.",
    "The {noun} is of {adj} {noun} for {ing} the {adj} {noun} and {ing} the {noun} of {tech}.",
    "{P} {adv} {third} the {adj} {noun} of {noun} and {third} {adj} {nouns} in {tech}.",
    "The {adj} {noun} {third} the {noun} of {place} and {third} the {adj} {nouns} of {I}.",
)


def build_pools(rng: random.Random) -> Pools:
    """Rank every word class at random (seeded) and attach Zipf weights."""
    nouns = _unique(w for w in V.NOUNS if w not in V.MASS_NOUNS)
    mass = _unique(V.MASS_NOUNS)
    verbs = [_conjugate(v) for v in _unique(V.VERBS)]
    tech = [p + r for p, r in itertools.product(V.TECH_PREFIXES, V.TECH_ROOTS)]
    return Pools(
        noun=_pool(rng, [*nouns, *mass]),
        nouns=_pool(rng, [_plural(n) for n in nouns]),
        adj=_pool(rng, _unique(V.ADJECTIVES)),
        adv=_pool(rng, _unique(V.ADVERBS)),
        verb=_pool(rng, [v[0] for v in verbs]),
        past=_pool(rng, [v[1] for v in verbs]),
        ing=_pool(rng, [v[2] for v in verbs]),
        third=_pool(rng, [_third_person(v[0]) for v in verbs]),
        tech=_pool(rng, tech),
    )


def write_sentence(rng: random.Random, pools: Pools, names: Mapping[str, str]) -> str:
    """One sentence from a random template, every slot filled afresh."""
    template = rng.choice(TEMPLATES)
    parts: list[str] = []
    for literal, field, _spec, _conv in _parsed(template):
        parts.append(literal)
        if field is not None:
            parts.append(_fill(rng, pools, names, field))
    sentence = "".join(parts)
    return sentence[0].upper() + sentence[1:]


def _fill(rng: random.Random, pools: Pools, names: Mapping[str, str], field: str) -> str:
    if field == "num":
        return rng.choice(V.NUMBERS)
    if field in names:
        return names[field]
    pool: Pool = getattr(pools, field)
    return pool.draw(rng)


_PARSED = {t: list(string.Formatter().parse(t)) for t in TEMPLATES}


def _parsed(template: str) -> list[tuple[str, str | None, str | None, str | None]]:
    return _PARSED[template]


def _pool(rng: random.Random, words: Sequence[str]) -> Pool:
    ranked = list(words)
    rng.shuffle(ranked)
    weights = [1.0 / (rank + _ZIPF_OFFSET) for rank in range(len(ranked))]
    return Pool(tuple(ranked), tuple(itertools.accumulate(weights)))


def _unique(words: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(words))


def _plural(noun: str) -> str:
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _third_person(verb: str) -> str:
    if verb.endswith(("s", "x", "ch", "sh", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _conjugate(entry: str) -> tuple[str, str, str]:
    """(base, past, gerund) from "base", "base+" (double the consonant) or "base/past"."""
    double = entry.endswith("+")
    entry = entry.rstrip("+")
    base, _, irregular = entry.partition("/")
    stem = base + base[-1] if double else base
    if base.endswith("ee"):
        past, ing = base + "d", base + "ing"
    elif base.endswith("e"):
        past, ing = base + "d", base[:-1] + "ing"
    elif base.endswith("y") and base[-2] not in "aeiou":
        past, ing = base[:-1] + "ied", base + "ing"
    else:
        past, ing = stem + "ed", stem + "ing"
    return base, irregular or past, ing
