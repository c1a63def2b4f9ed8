"""Event triggers: finding the verbs and nouns that carry a PLOVER event, from the lexicons in
``data/coding`` (``verbs.tsv``, ``nouns.tsv``, ``frames.tsv``, ``function_words.tsv``).

A verb matches a row when its lemma is the row's first word, its particles/prepositions include the
row's other words, and (where the row asks) its object's noun phrase contains one of the row's object
lemmas. The most specific matching row wins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Token

from .ontology import DATA, read_tsv

OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "oprd", "attr", "dative"})
PREP_DEPS = frozenset({"prep", "agent", "dative"})


@dataclass(frozen=True, slots=True)
class TriggerRule:
    """One lexicon row."""

    words: tuple[str, ...]  # lemma + particles/prepositions
    objects: frozenset[str]  # required object lemmas (empty = none required)
    cameo: str
    options: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    source: str = "verb"  # verb | noun

    @property
    def frame(self) -> str | None:
        return self.options.get("frame")

    @property
    def weak(self) -> bool:
        return self.options.get("weak") == "1"


@dataclass(frozen=True, slots=True)
class TriggerMatch:
    token: Token
    rule: TriggerRule
    words: tuple[Token, ...]  # the tokens that matched (trigger, particle, preposition, object head)

    @property
    def text(self) -> str:
        toks = sorted(self.words, key=lambda t: t.i)
        return " ".join(t.text for t in toks)


def _options(raw: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in raw.split():
        key, _, value = item.partition("=")
        out[key] = value
    return out


class TriggerLexicon:
    """Verb and noun triggers, frames and function-word classes."""

    def __init__(self) -> None:
        self.verbs: dict[str, list[TriggerRule]] = defaultdict(list)
        for row in read_tsv(DATA / "verbs.tsv"):
            row += [""] * (4 - len(row))
            trigger, objects, cameo, opts = row[:4]
            words = tuple(trigger.lower().split())
            objs = frozenset(o.strip().lower() for o in objects.split("|") if o.strip())
            self.verbs[words[0]].append(TriggerRule(words, objs, cameo.strip(), _options(opts), "verb"))
        self.nouns: dict[str, list[TriggerRule]] = defaultdict(list)
        self.max_noun_words = 1
        for row in read_tsv(DATA / "nouns.tsv"):
            row += [""] * (4 - len(row))
            noun, objects, cameo, opts = row[:4]
            words = tuple(noun.lower().split())
            objs = frozenset(o.strip().lower() for o in objects.split("|") if o.strip())
            self.max_noun_words = max(self.max_noun_words, len(words))
            self.nouns[" ".join(words)].append(
                TriggerRule(words, objs, cameo.strip(), _options(opts), "noun")
            )
        self.frames: dict[str, dict[str, str]] = defaultdict(dict)
        for frame, prefix, cameo in read_tsv(DATA / "frames.tsv"):
            self.frames[frame][prefix] = cameo
        self.words: dict[str, frozenset[str]] = {}
        for kind, words in read_tsv(DATA / "function_words.tsv"):
            self.words[kind] = frozenset(w.strip().lower() for w in words.split("|") if w.strip())

    # --- frames -------------------------------------------------------------------------------
    def frame_code(self, frame: str, complement_cameo: str | None) -> str:
        table = self.frames[frame]
        if complement_cameo:
            for n in range(len(complement_cameo), 0, -1):
                code = table.get(complement_cameo[:n])
                if code:
                    return code
        return table["*"]

    def is_word(self, kind: str, phrase: str) -> bool:
        return phrase in self.words.get(kind, frozenset())

    # --- matching -----------------------------------------------------------------------------
    def lemmas(self, tok: Token) -> tuple[str, ...]:
        """The lemma, and for inflected verbs a repaired one: the small English models lemmatise some
        regular verbs wrongly ("staged" -> "stag"), so "stag" + "e" is tried as well."""
        lemma = tok.lemma_.lower()
        if tok.tag_ in ("VBD", "VBN", "VBG", "VBZ") and not lemma.endswith("e"):
            return (lemma, lemma + "e")
        if tok.pos_ == "ADJ" and lemma.endswith("ed") and tok.lower_ == lemma:
            # a participle the tagger calls an adjective ("is opposed to"): its verb, "oppose" or "object"
            return (lemma, lemma[:-1], lemma[:-2])
        return (lemma,)

    def match_verb(self, tok: Token) -> TriggerMatch | None:
        rules = None
        for lemma in self.lemmas(tok):
            rules = self.verbs.get(lemma)
            if rules:
                break
        if not rules:
            return None
        extras: dict[str, Token] = {}
        prep_objects: dict[str, list[Token]] = defaultdict(list)
        for child in tok.children:
            if child.dep_ == "prt":
                extras.setdefault(child.lower_, child)
            elif child.dep_ in PREP_DEPS:
                extras.setdefault(child.lower_, child)
                for gc in child.children:
                    if gc.dep_ in ("pobj", "pcomp"):
                        prep_objects[child.lower_].append(gc)
                        prep_objects["*"].append(gc)
        objects = [c for c in tok.children if c.dep_ in OBJECT_DEPS]
        best: tuple[int, TriggerRule, tuple[Token, ...]] | None = None
        for rule in rules:
            matched = [tok]
            spec = 0
            ok = True
            for w in rule.words[1:]:
                if w in extras:
                    matched.append(extras[w])
                    spec += 2
                else:
                    ok = False
                    break
            if not ok:
                continue
            if rule.objects:
                pool: list[Token] = []
                for w in rule.words[1:]:
                    pool.extend(prep_objects.get(w, ()))
                pool.extend(objects)
                pool.extend(prep_objects.get("*", ()))
                hit = next((o for o in pool if np_has_lemma(o, rule.objects)), None)
                if hit is None:
                    continue
                matched.append(hit)
                spec += 3
            if best is None or spec > best[0]:
                best = (spec, rule, tuple(matched))
        if best is None:
            return None
        return TriggerMatch(tok, best[1], best[2])

    def match_noun(self, tok: Token) -> TriggerMatch | None:
        """A noun trigger headed by ``tok``, trying multiword keys first ("state of emergency")."""
        lemma = tok.lemma_.lower()
        candidates: list[tuple[str, tuple[Token, ...]]] = []
        mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i < tok.i]
        if mods:
            key = " ".join([m.lemma_.lower() for m in mods] + [lemma])
            candidates.append((key, (*mods, tok)))
            last = mods[-1]
            candidates.append((f"{last.lemma_.lower()} {lemma}", (last, tok)))
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "for"):
                for gc in child.children:
                    if gc.dep_ == "pobj":
                        candidates.append((f"{lemma} {child.lower_} {gc.lemma_.lower()}", (tok, child, gc)))
        candidates.append((lemma, (tok,)))
        if tok.lower_ != lemma:
            candidates.append((tok.lower_, (tok,)))
        phrase: set[str] | None = None
        for key, toks in candidates:
            for rule in self.nouns.get(key, ()):
                if rule.objects:
                    phrase = phrase if phrase is not None else np_lemmas_deep(tok)
                    if rule.objects.isdisjoint(phrase):
                        continue
                return TriggerMatch(tok, rule, toks)
        return None


def np_lemmas(tok: Token) -> set[str]:
    """Lemmas of a noun phrase's head and its modifiers (compounds, adjectives, 'of' objects)."""
    out = {tok.lemma_.lower(), tok.lower_}
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod", "poss"):
            out.add(c.lemma_.lower())
            out.add(c.lower_)
        elif c.dep_ == "prep" and c.lower_ == "of":
            for gc in c.children:
                if gc.dep_ == "pobj":
                    out.add(gc.lemma_.lower())
                    out.update(x.lemma_.lower() for x in gc.children if x.dep_ in ("compound", "amod"))
    return out


def np_lemmas_deep(tok: Token) -> set[str]:
    """Lemmas of a noun phrase and of its "of" objects' phrases ("the entry of a peacekeeping force")."""
    out = np_lemmas(tok)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for gc in c.children:
                if gc.dep_ == "pobj":
                    out |= np_lemmas(gc)
    return out


def np_has_lemma(tok: Token, lemmas: frozenset[str]) -> bool:
    return not lemmas.isdisjoint(np_lemmas(tok))


@lru_cache(maxsize=1)
def get_trigger_lexicon() -> TriggerLexicon:
    return TriggerLexicon()
