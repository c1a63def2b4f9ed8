#!/usr/bin/env python3
"""Derive nestor's small lexical tables (``src/nestor/data/lexical/*.tsv``) from WordNet 3.0.

WordNet is used at development time only: this script reads the WordNet database files directly (the
format is wndb(5WN); no nltk), writes four sorted TSV tables that are committed, and nothing in nestor
reads WordNet at run time (``nestor.resolve.lexical`` reads the tables).

    .venv/bin/python scripts/derive_wordnet.py            # (re)write the tables
    .venv/bin/python scripts/derive_wordnet.py --check    # exit 1 if the committed tables are stale

WordNet comes from Debian's ``wordnet-base`` package (``/usr/share/wordnet``); another installation can be
named with ``--wordnet-dir`` or ``$WNSEARCHDIR``.

Tables
------
``noun_classes.tsv`` (lemma, class, share) and ``verb_classes.tsv`` (lemma, class, share)
    ``class`` is the lexicographer file (lexnames(5WN)) of the lemma's most frequent sense, without its
    ``noun.``/``verb.`` prefix (``person``, ``artifact``, ``location``, ``communication``, ``motion`` ...);
    ``share`` is the part of the lemma's sense weight that falls in that class. A sense's weight is its
    tag count in the semantic concordance (``cntlist.rev``) plus ``1/rank`` (index files list senses in
    frequency order), so counts decide where there are any and the order decides the rest.
    Nouns: common nouns only (a synset with an instance pointer, ``@i``, names an individual: "China"
    the country; "china" the porcelain stays). A ``noun.Tops`` sense ("person", "animal", "food", the
    unique beginners) takes the class most of its direct hyponyms have. Single words are all kept;
    compounds ("prison camp") only when one of their senses is tagged at least once.
    Verbs: every single-word verb, and compounds with a tagged sense.
``verb_synonyms.tsv`` / ``noun_synonyms.tsv`` (synonym, seed, relation, sense_rank)
    For every trigger of ``data/coding/verbs.tsv`` (``nouns.tsv``), read the way
    ``nestor.coding.triggers`` reads it: the words of its first (most frequent) sense's synset, and of
    its second sense's when that sense is tagged at least once (``relation`` = ``synonym``), plus the
    words of those synsets' direct hyponyms (``troponym`` for verbs, ``hyponym`` for nouns).
    ``sense_rank`` is the seed's sense (1 or 2). Left out: words that are triggers themselves, proper
    nouns, and multiword entries other than verbs of two words ("open fire", "crack down") or of a verb
    and particles ("do away with"); nouns of up to three words are kept ("car bomb"). A synonym reached
    several ways from one seed keeps its best row (lowest rank, then synonym before hyponym).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CODING = REPO / "src" / "nestor" / "data" / "coding"
OUT = REPO / "src" / "nestor" / "data" / "lexical"
DEFAULT_WORDNET = Path("/usr/share/wordnet")
INSTALL_HINT = (
    "install WordNet 3.0: `sudo apt-get install wordnet-base` (Debian/Ubuntu; files under "
    "/usr/share/wordnet), "
    "or unpack WordNet-3.0 from https://wordnet.princeton.edu and pass --wordnet-dir WordNet-3.0/dict "
    "(or set WNSEARCHDIR)"
)
NEEDED = ("data.noun", "data.verb", "index.noun", "index.verb", "cntlist.rev")

# lexnames(5WN): lexicographer file number -> name
LEXNAMES = (
    "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact",
    "noun.attribute", "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling",
    "noun.food", "noun.group", "noun.location", "noun.motive", "noun.object", "noun.person",
    "noun.phenomenon", "noun.plant", "noun.possession", "noun.process", "noun.quantity", "noun.relation",
    "noun.shape", "noun.state", "noun.substance", "noun.time", "verb.body", "verb.change",
    "verb.cognition", "verb.communication", "verb.competition", "verb.consumption", "verb.contact",
    "verb.creation", "verb.emotion", "verb.motion", "verb.perception", "verb.possession", "verb.social",
    "verb.stative", "verb.weather", "adj.ppl",
)  # fmt: skip
assert len(LEXNAMES) == 45
TOPS = LEXNAMES.index("noun.Tops")
SS_TYPE = {"n": 1, "v": 2}  # sense-key synset type numbers

PARTICLES = frozenset(
    "about across after against ahead along apart around aside at away back behind by down for forth "
    "forward from in into off on onto out over past round through to together under up upon with "
    "without".split()
)
SINGLE_NOUN = re.compile(r"[a-z][a-z'.-]*\Z")
SINGLE_VERB = re.compile(r"[a-z][a-z'-]*\Z")
WORDS = re.compile(r"[a-z][a-z'.-]*(?:_[a-z][a-z'.-]*)*\Z")

LICENCE_NOTE = (
    "# derived by scripts/derive_wordnet.py from WordNet 3.0 (Princeton WordNet licence; "
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. See LICENSE-WordNet.txt)"
)


@dataclass(frozen=True, slots=True)
class Synset:
    offset: int
    pos: str
    lexfile: int
    words: tuple[tuple[str, int], ...]  # (word as written, lex_id)
    pointers: tuple[tuple[str, int, str], ...]  # (symbol, target offset, target pos)

    def has(self, symbol: str) -> bool:
        return any(p[0] == symbol for p in self.pointers)

    def targets(self, symbol: str) -> list[int]:
        return [off for sym, off, pos in self.pointers if sym == symbol and pos == self.pos]


class WordNet:
    """The noun and verb parts of a WordNet 3.0 database, read from its files (wndb(5WN))."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.synsets: dict[str, dict[int, Synset]] = {p: self._read_data(p) for p in ("n", "v")}
        self.index: dict[str, dict[str, list[int]]] = {p: self._read_index(p) for p in ("n", "v")}
        self.counts: dict[str, int] = {}
        with open(root / "cntlist.rev", encoding="utf-8") as f:
            for line in f:
                key, _num, cnt = line.split()
                self.counts[key] = int(cnt)

    def _read_data(self, pos: str) -> dict[int, Synset]:
        name = {"n": "noun", "v": "verb"}[pos]
        out: dict[int, Synset] = {}
        with open(self.root / f"data.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):  # licence header
                    continue
                fields = line.split(" | ", 1)[0].split()
                offset, lexfile = int(fields[0]), int(fields[1])
                w_cnt = int(fields[3], 16)
                words = tuple((fields[4 + 2 * i], int(fields[5 + 2 * i], 16)) for i in range(w_cnt))
                i = 4 + 2 * w_cnt
                p_cnt = int(fields[i])
                ptrs = tuple(
                    (fields[i + 1 + 4 * k], int(fields[i + 2 + 4 * k]), fields[i + 3 + 4 * k])
                    for k in range(p_cnt)
                )
                out[offset] = Synset(offset, pos, lexfile, words, ptrs)
        return out

    def _read_index(self, pos: str) -> dict[str, list[int]]:
        name = {"n": "noun", "v": "verb"}[pos]
        out: dict[str, list[int]] = {}
        with open(self.root / f"index.{name}", encoding="utf-8") as f:
            for line in f:
                if line.startswith("  "):
                    continue
                fields = line.split()
                lemma, synset_cnt, p_cnt = fields[0], int(fields[2]), int(fields[3])
                out[lemma] = [int(o) for o in fields[6 + p_cnt : 6 + p_cnt + synset_cnt]]
        return out

    def senses(self, lemma: str, pos: str) -> list[Synset]:
        """The lemma's synsets in WordNet's sense order (most frequent first)."""
        table = self.synsets[pos]
        return [table[o] for o in self.index[pos].get(lemma, ())]

    def tag_count(self, lemma: str, synset: Synset) -> int:
        """How often the lemma in this synset was tagged in the semantic concordance (cntlist.rev)."""
        for word, lex_id in synset.words:
            if word.lower() == lemma:
                key = f"{lemma}%{SS_TYPE[synset.pos]}:{synset.lexfile:02d}:{lex_id:02d}::"
                return self.counts.get(key, 0)
        return 0


# ------------------------------------------------------------------------------------------ classes
def tops_classes(wn: WordNet) -> dict[int, str]:
    """A class for each noun.Tops synset: the lexicographer file most of its direct hyponyms are in."""
    nouns = wn.synsets["n"]
    out: dict[int, str] = {}
    for off, ss in nouns.items():
        if ss.lexfile != TOPS:
            continue
        votes = Counter(nouns[h].lexfile for h in ss.targets("~") if nouns[h].lexfile != TOPS)
        if votes:
            best = max(votes.items(), key=lambda kv: (kv[1], -kv[0]))[0]
            out[off] = LEXNAMES[best]
        else:
            out[off] = LEXNAMES[TOPS]
    return out


def class_name(lexname: str) -> str:
    return lexname.split(".", 1)[1].lower()


def derive_classes(wn: WordNet, pos: str) -> list[tuple[str, str, str]]:
    tops = tops_classes(wn) if pos == "n" else {}
    single = SINGLE_NOUN if pos == "n" else SINGLE_VERB
    rows: list[tuple[str, str, str]] = []
    for lemma in wn.index[pos]:
        if not WORDS.match(lemma):
            continue
        weights: dict[str, float] = defaultdict(float)
        first: str | None = None
        tagged = False
        for rank, ss in enumerate(wn.senses(lemma, pos), 1):
            if pos == "n" and ss.has("@i"):  # an instance: a proper noun
                continue
            cnt = wn.tag_count(lemma, ss)
            tagged = tagged or cnt > 0
            cls = class_name(tops.get(ss.offset, LEXNAMES[ss.lexfile]))
            weights[cls] += cnt + 1.0 / rank
            if first is None:
                first = cls
        if first is None or not (single.match(lemma) or tagged):
            continue
        share = weights[first] / sum(weights.values())
        rows.append((lemma.replace("_", " "), first, f"{share:.3f}"))
    return sorted(rows)


# ----------------------------------------------------------------------------------------- synonyms
def trigger_phrases(path: Path) -> list[str]:
    """The trigger column of a lexicon, lowercased and split the way nestor.coding.triggers does."""
    sys.path.insert(0, str(REPO / "src"))
    from nestor.coding.ontology import read_tsv

    phrases: list[str] = []
    for row in read_tsv(path):
        words = row[0].lower().split()
        if words and " ".join(words) not in phrases:
            phrases.append(" ".join(words))
    return phrases


def wordnet_lemma(wn: WordNet, phrase: str, pos: str) -> str | None:
    """The WordNet lemma for a trigger: the phrase itself, else without a final particle ("crack down on"
    -> crack_down). A first word alone is never used: "call" says nothing about "call for"."""
    words = phrase.split()
    key = "_".join(words)
    if key in wn.index[pos]:
        return key
    if pos == "v" and len(words) > 2 and words[-1] in PARTICLES:
        key = "_".join(words[:-1])
        if key in wn.index[pos]:
            return key
    return None


def keep_synonym(word: str, pos: str) -> bool:
    if not WORDS.match(word):  # capitals (proper nouns, acronyms), digits, odd characters
        return False
    parts = word.split("_")
    if len(parts) == 1:
        return True
    if pos == "n":
        return len(parts) <= 3
    return len(parts) == 2 or all(p in PARTICLES for p in parts[1:])


def derive_synonyms(wn: WordNet, seeds: Iterable[str], pos: str) -> list[tuple[str, str, str, str]]:
    seeds = list(seeds)
    triggers = set(seeds)
    keys = {wordnet_lemma(wn, s, pos) for s in seeds} - {None}
    hypo = "troponym" if pos == "v" else "hyponym"
    best: dict[tuple[str, str], tuple[int, int]] = {}  # (synonym, seed) -> (rank, relation order)
    for seed in seeds:
        lemma = wordnet_lemma(wn, seed, pos)
        if lemma is None:
            continue
        senses = wn.senses(lemma, pos)[:2]
        for rank, ss in enumerate(senses, 1):
            if rank == 2 and wn.tag_count(lemma, ss) == 0:
                continue
            found = [(w, 0) for w, _ in ss.words]
            for h in ss.targets("~"):
                found.extend((w, 1) for w, _ in wn.synsets[pos][h].words)
            for word, rel in found:
                if word in keys or not keep_synonym(word, pos):
                    continue
                phrase = word.replace("_", " ")
                if phrase in triggers:
                    continue
                key = (phrase, seed)
                if key not in best or (rank, rel) < best[key]:
                    best[key] = (rank, rel)
    rows = [(syn, seed, ("synonym", hypo)[rel], str(rank)) for (syn, seed), (rank, rel) in best.items()]
    return sorted(rows)


# ------------------------------------------------------------------------------------------- output
TABLES = {
    "noun_classes.tsv": ("lemma", "class", "share"),
    "verb_classes.tsv": ("lemma", "class", "share"),
    "verb_synonyms.tsv": ("synonym", "seed_lemma", "relation", "sense_rank"),
    "noun_synonyms.tsv": ("synonym", "seed_lemma", "relation", "sense_rank"),
}


def render(name: str, rows: list[tuple[str, ...]]) -> str:
    columns = TABLES[name]
    lines = [f"{LICENCE_NOTE}; columns: {', '.join(columns)}", "\t".join(columns)]
    lines.extend("\t".join(r) for r in rows)
    return "\n".join(lines) + "\n"


def derive(wn: WordNet) -> dict[str, str]:
    return {
        "noun_classes.tsv": render("noun_classes.tsv", derive_classes(wn, "n")),
        "verb_classes.tsv": render("verb_classes.tsv", derive_classes(wn, "v")),
        "verb_synonyms.tsv": render(
            "verb_synonyms.tsv", derive_synonyms(wn, trigger_phrases(CODING / "verbs.tsv"), "v")
        ),
        "noun_synonyms.tsv": render(
            "noun_synonyms.tsv", derive_synonyms(wn, trigger_phrases(CODING / "nouns.tsv"), "n")
        ),
    }


def find_wordnet(arg: str | None) -> Path:
    root = Path(arg or os.environ.get("WNSEARCHDIR") or DEFAULT_WORDNET)
    missing = [n for n in NEEDED if not (root / n).is_file()]
    if missing:
        sys.exit(
            f"derive_wordnet: WordNet not found in {root} (missing {', '.join(missing)}); {INSTALL_HINT}"
        )
    with open(root / "data.noun", encoding="utf-8") as f:
        header = "".join(next(f) for _ in range(29))
    if "WordNet 3.0 Copyright" not in header:
        sys.exit(
            f"derive_wordnet: {root} is not WordNet 3.0 (the tables are derived from 3.0); {INSTALL_HINT}"
        )
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument(
        "--wordnet-dir", help="WordNet dict directory (default $WNSEARCHDIR or /usr/share/wordnet)"
    )
    ap.add_argument("--out", type=Path, default=OUT, help=f"output folder (default {OUT.relative_to(REPO)})")
    ap.add_argument("--check", action="store_true", help="compare with the files in --out; write nothing")
    args = ap.parse_args(argv)
    started = time.perf_counter()
    tables = derive(WordNet(find_wordnet(args.wordnet_dir)))
    stale = []
    for name, text in tables.items():
        path = args.out / name
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            continue
        stale.append(name)
        if not args.check:
            args.out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    took = time.perf_counter() - started
    for name, text in tables.items():
        rows = text.count("\n") - 2
        print(f"{name:20} {rows:7d} rows {len(text.encode()):9d} bytes", file=sys.stderr)
    if args.check:
        if stale:
            print(f"stale: {', '.join(stale)} (run scripts/derive_wordnet.py)", file=sys.stderr)
            return 1
        print(f"up to date ({took:.1f}s)", file=sys.stderr)
        return 0
    print(f"{'wrote ' + ', '.join(stale) if stale else 'unchanged'} ({took:.1f}s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
