"""Attribution: who, besides the outlet, says an event happened.

An event is attributed when it sits in someone's reported statement; otherwise the outlet asserts it in its
own voice and attribution is ``None``. The statement is found, in this order:

* on the parse, walking up from the event through clause links (complements, adverbial and relative
  clauses, coordination, and the copular and adjectival links of "said she was ashamed that police had
  beaten …", "said it was clear that the army had shelled …") to
  - a verb of saying whose complement holds the event ("…, Tokayev said", "Volfovich confirmed that …",
    "the report found that …", "denied beating the detainees");
  - a parenthetical or trailing verb of saying hanging from the event's clause ("Troops, a local official
    said, burned …", "…, an army officer told reporters"), but not one in an adverbial clause of its own
    ("… after Tokayev announced a state of emergency");
  - a noun of claiming whose "that" clause holds it ("rejected claims that …", "said in a statement
    that …"), or an accusation's "of" complement ("accused police of beating …");
  - an "according to X" phrase;
* failing that, in the document's quotations: an event inside a quotation belongs to the quotation's
  speaker, also where the quotation runs over several sentences ('"Gunmen stormed the school. They took
  dozens of girls," the headmaster said.') or goes on after a speech tag in the sentence before.

The claimant need not be a country-coded actor: witnesses, residents, medics, rights groups, officials,
sources, documents ("according to a UN report", "a statement from the army said"), analysts and outlets are
claimants too (:func:`claimant_entity`, ``data/coding/claimants.tsv``). Datelines and bylines never are.

A denial ("Moscow denied that Russian troops shelled the village", "rejected claims that its forces had
bombed …") keeps the event, attributed to the denier with the denial verb as cue; the record's modality
says so (see :func:`contested_modality`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..models import Entity
from ..resolve import lexical
from ..resolve.actors import ActorResolver, DocContext
from .ontology import DATA
from .triggers import TriggerLexicon

UP_DEPS = frozenset(
    {
        "ccomp",
        "xcomp",
        "conj",
        "advcl",
        "relcl",
        "acl",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "nsubj",
        "nsubjpass",
        "acomp",  # "she was ashamed that …"
        "attr",  # "it was a fact that …"
    }
)
OPEN_QUOTES = {"“": "”", "«": "»", "„": "“", "``": "''", '"': '"'}
CLOSE_QUOTES = frozenset({"”", "»", "''", '"'})
MAX_QUOTE_SENTENCES = 6
NOBODY = frozenset(
    {
        "nobody",
        "none",
        "no-one",
        "noone",
        "neither",
        "this",
        "that",
        "these",
        "those",
        "it",
        "there",
        "what",
        "which",
        "who",
        "everything",
        "something",
        "anything",
        "nothing",
    }
)
PRONOUN_CLAIMANTS = frozenset({"he", "she", "they", "i", "we", "him", "her", "them", "us", "me"})
# where the owner of a document or a source is named ("sources in the army", "a statement from the army")
OWNER_PREPS = frozenset({"from", "by", "of", "in", "at", "within", "inside", "close", "near", "for", "with"})
USER_DATA_KEY = "nestor.quotations"
CREDIT_WINDOW = 40  # tokens: a byline or dateline line is shorter


@dataclass(frozen=True, slots=True)
class Claim:
    source: Token  # head of the claimant phrase
    cue: str
    denied: bool = False  # the claimant says the event did not happen
    quoted: bool = False  # found through a quotation rather than the parse of the sentence


@dataclass(frozen=True, slots=True)
class ClaimantHead:
    sector: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class AttributionWords:
    claim_verbs: frozenset[str]
    denial: frozenset[str]
    xcomp_claim: frozenset[str]
    accuse: frozenset[str]
    claim_nouns: frozenset[str]
    byline: frozenset[str]
    heads: dict[str, ClaimantHead]


@lru_cache(maxsize=1)
def attribution_words() -> AttributionWords:
    """``data/coding/attribution.tsv`` and ``data/coding/claimants.tsv``."""
    kinds: dict[str, frozenset[str]] = {}
    for row in _rows("attribution.tsv"):
        if len(row) >= 2 and row[0] != "kind":
            kinds[row[0]] = frozenset(w.strip().lower() for w in row[1].split("|") if w.strip())
    heads: dict[str, ClaimantHead] = {}
    for row in _rows("claimants.tsv"):
        if len(row) >= 3 and row[0] != "head":
            for w in row[0].split("|"):
                if w.strip():
                    heads.setdefault(w.strip().lower(), ClaimantHead(row[1].strip() or None, row[2].strip()))
    empty: frozenset[str] = frozenset()
    return AttributionWords(
        kinds.get("claim_verb", empty),
        kinds.get("denial", empty),
        kinds.get("xcomp_claim", empty),
        kinds.get("accuse", empty),
        kinds.get("claim_noun", empty),
        kinds.get("byline", empty),
        heads,
    )


def _rows(name: str) -> list[list[str]]:
    with open(DATA / name, encoding="utf-8") as f:
        return [ln.rstrip("\n").split("\t") for ln in f if ln.strip() and not ln.startswith("#")]


# ---------------------------------------------------------------------- words
def is_claim_verb(t: Token, lex: TriggerLexicon) -> bool:
    """A verb of saying, denying or finding: its clause complement is its subject's claim."""
    if t.pos_ not in ("VERB", "AUX"):
        return False
    lemma = t.lemma_.lower()
    w = attribution_words()
    return lex.is_word("speech", lemma) or lemma in w.claim_verbs or lemma in w.denial


def is_denial(t: Token) -> bool:
    """A verb of denying that is not itself negated ("did not deny", "has never denied" concede)."""
    if t.lemma_.lower() not in attribution_words().denial:
        return False
    return not any(c.dep_ == "neg" or c.lower_ in ("never", "not") for c in t.children)


def speech_subject(verb: Token) -> Token | None:
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    # "NAIROBI (Reuters) - Kenya's minister said …": the parser may hang the dateline on the verb as a
    # second subject; the speaker is the subject nearest the verb
    subjects.sort(key=lambda c: abs(verb.i - c.i))
    for c in subjects:
        if c.dep_ == "nsubjpass" or (c.dep_ == "nsubj" and c.lower_ == "there"):
            return None  # "it should be noted that", "it is reported that": no one is named
        if c.dep_ == "nsubj" and c.lower_ == "it" and _expletive_it(verb):
            return None  # "it is said that", "it was claimed that"
        if c.dep_ == "nsubj" and not is_credit(c):
            return c
    if verb.head is not verb and (
        verb.dep_ in ("conj", "xcomp") or (verb.dep_ == "advcl" and verb.tag_ == "VBG")
    ):
        # "… and told reporters", "refused to deny that …", "she said, adding that …", "fired tear gas,
        # saying protesters had thrown stones"
        return speech_subject(verb.head)
    return None


def _expletive_it(verb: Token) -> bool:
    """Whether "it" before ``verb`` stands for no one: a passive or copular verb ("it is reported that", "it
    is said that"), not an active verb of saying ("It said Tajik troops had opened fire": the body named
    before)."""
    return any(c.dep_ in ("auxpass", "acomp", "attr") for c in verb.children)


def according_to_object(t: Token) -> Token | None:
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("according", "per"):
            for gc in c.children:
                if gc.dep_ == "prep" and gc.lower_ == "to":
                    for ggc in gc.children:
                        if ggc.dep_ == "pobj":
                            return ggc
                if gc.dep_ == "pobj":
                    return gc
    return None


# ---------------------------------------------------------------------- the parse
def _parenthetical(c: Token, t: Token, lex: TriggerLexicon) -> bool:
    """A verb of saying ``c`` hanging from ``t`` that tells who says ``t``'s clause: "Troops, a local official
    said, burned …", "…, police said", "…, an army officer told reporters" — not "… after Tokayev
    announced a state of emergency" nor "… and the minister said that …"."""
    if not is_claim_verb(c, lex) or any(x.dep_ in ("ccomp", "xcomp") for x in c.children):
        return False
    if c.dep_ == "parataxis":
        return True
    if c.dep_ in ("advcl", "ccomp"):
        return not any(x.dep_ == "mark" or (x.dep_ == "advmod" and x.tag_ == "WRB") for x in c.children)
    if c.dep_ == "conj" and c.i > t.i:
        if any(x.dep_ in ("cc", "preconj") and t.i < x.i < c.i for x in t.children):
            return False
        first = min(x.i for x in c.subtree)
        return first > 0 and c.doc[first - 1].text in (",", "—", "–", "-")
    return False


def _detached(t: Token, h: Token) -> bool:
    """A clause the parser hangs on a verb of saying across a semicolon ("said the talks would resume;
    meanwhile police arrested 30 protesters"): not what the verb says."""
    a, b = sorted((t.i, h.i))
    return any(x.text == ";" and x.head in (t, h) for x in t.doc[a:b])


def _is_that_clause(t: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)


def find_claim(tok: Token, lex: TriggerLexicon) -> Claim | None:
    """The speaker whose statement carries the event at ``tok``, if any (the parse first, then the
    document's quotations)."""
    w = attribution_words()
    t = tok
    for _ in range(10):
        acc = according_to_object(t)
        if acc is not None:
            return Claim(acc, "according to")
        for c in t.children:
            if c.i != tok.i and _parenthetical(c, t, lex):
                subj = speech_subject(c)
                if subj is not None:
                    return Claim(subj, c.text, is_denial(c))
        h = t.head
        if h is t:
            break
        if (
            is_claim_verb(h, lex)
            and not _detached(t, h)
            and (
                t.dep_ in ("ccomp", "parataxis")
                or (t.dep_ == "xcomp" and h.lemma_.lower() in w.xcomp_claim)
                or (t.dep_ in ("dobj", "pcomp") and t.tag_ == "VBG" and h.lemma_.lower() in w.xcomp_claim)
            )
        ):
            subj = speech_subject(h)
            return Claim(subj, h.text, is_denial(h)) if subj is not None else None
        if t.dep_ == "pcomp" and h.dep_ == "prep" and h.lower_ in ("of", "for"):
            v = h.head
            if v.lemma_.lower() in w.accuse and v.pos_ == "VERB":
                subj = speech_subject(v)
                if subj is not None:
                    return Claim(subj, v.text)  # "accused police of beating its supporters"
        if t.dep_ in ("acl", "relcl") and (h.lower_ in w.claim_nouns or h.lemma_.lower() in w.claim_nouns):
            if _is_that_clause(t):
                v = h.head.head if h.dep_ == "pobj" else h.head
                if h.dep_ in ("dobj", "pobj") and (is_claim_verb(v, lex) or v.lemma_.lower() in w.denial):
                    subj = speech_subject(v)
                    return Claim(subj, v.text, is_denial(v)) if subj is not None else None
        if t.dep_ not in UP_DEPS:
            break
        t = h
    # a sentence-level "according to" attached to the root
    root = tok.sent.root
    acc = according_to_object(root)
    if acc is not None:
        return Claim(acc, "according to")
    return quoted_claim(tok, lex)


# ---------------------------------------------------------------------- quotations
@dataclass(frozen=True, slots=True)
class Quotation:
    start: int  # token index of the opening quote mark
    end: int  # token index of the closing quote mark (or the last token, where none closes it)
    claim: Claim | None


def _is_opener(t: Token) -> bool:
    """A quote mark that opens: a typographic opener, or a straight one glued to the word after it and
    not to the word before it."""
    if t.text in ("“", "«", "„", "``"):
        return True
    if t.text != '"':
        return False
    before = t.doc[t.i - 1] if t.i > 0 else None
    return not t.whitespace_ and (before is None or bool(before.whitespace_) or before.is_space)


def _line_break(t: Token) -> bool:
    return t.is_space and "\n" in t.text


def quotation_spans(doc: Doc) -> list[tuple[int, int]]:
    """(opening, closing) token indices of the document's quotations. A quotation whose paragraph ends
    without a closing mark goes on where the next paragraph opens with a quote mark (the newspaper
    convention for a quote of several paragraphs) and ends with its paragraph otherwise; one that would
    span more than a few sentences is a stray mark, not a quotation."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    closer = ""
    last = -1  # the last token before a line break, while a quotation is open
    broken = False
    for t in doc:
        if start is None:
            if t.text in OPEN_QUOTES:
                start, closer, broken = t.i, OPEN_QUOTES[t.text], False
            continue
        if _line_break(t):
            if not broken:
                last, broken = t.i - 1, True
            continue
        if broken:
            broken = False
            if t.text in OPEN_QUOTES and _is_opener(t):
                continue  # the quotation goes on in this paragraph
            spans.append((start, last))
            start = t.i if t.text in OPEN_QUOTES else None
            closer = OPEN_QUOTES.get(t.text, "")
            continue
        if t.text == closer or (t.text in CLOSE_QUOTES and not _is_opener(t)):
            spans.append((start, t.i))
            start = None
        elif t.text in OPEN_QUOTES and _is_opener(t):
            spans.append((start, t.i - 1))  # a new quotation opens where the last one never closed
            start, closer = t.i, OPEN_QUOTES[t.text]
    if start is not None:
        spans.append((start, len(doc) - 1))
    sent_of = _sentence_numbers(doc)
    return [(a, b) for a, b in spans if b - a >= 2 and sent_of[b] - sent_of[a] < MAX_QUOTE_SENTENCES]


def _sentence_numbers(doc: Doc) -> list[int]:
    """The number of each token's sentence."""
    out = [0] * len(doc)
    for n, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = n
    return out


def _tag_claim(doc: Doc, start: int, end: int, lex: TriggerLexicon) -> Claim | None:
    """The speech tag of the quotation ``doc[start:end + 1]``: a verb of saying outside it, after it in the
    sentence where it closes ('…," he said.') or before it in the sentence where it opens ('The governor
    said: "…')."""
    after = [t for t in doc[end].sent if t.i > end]
    before = [t for t in reversed(list(doc[start].sent)) if t.i < start]
    # a verb of saying first; else any verb of speaking out that introduces it ('protesters chanted "…"')
    for speaks in (lambda t: is_claim_verb(t, lex), _voices):
        for toks in (after, before):
            for t in toks:
                if speaks(t) and (toks is after or _introduces(t, start, end)):
                    subj = speech_subject(t)
                    if subj is not None and not start < subj.i < end:
                        return Claim(subj, t.text, is_denial(t), quoted=True)
    return None


def _voices(t: Token) -> bool:
    """A verb of speaking out that is no verb of saying in the lexicon ("chanted", "shouted", "yelled"):
    WordNet's communication verbs."""
    return t.pos_ == "VERB" and lexical.verb_class(t.lemma_.lower()) == "communication"


def _introduces(verb: Token, start: int, end: int) -> bool:
    """Whether a verb of saying before a quotation introduces it: the quotation hangs on it ('The governor
    said the army would "restore order"', 'She told reporters: "…"'), or only punctuation stands between
    them. "After the minister said the talks had failed, protesters chanted '…'": the minister's verb
    governs his own clause, not the chant."""
    if any(verb in t.ancestors for t in verb.doc[start + 1 : end]):
        return True
    last = max(t.i for t in verb.subtree)
    return all(t.is_punct or t.is_space for t in verb.doc[last + 1 : start])


def quotations(doc: Doc, lex: TriggerLexicon) -> dict[int, Quotation]:
    """The quotation each quoted token sits in, with its speaker (computed once a document). A quotation
    without a speech tag of its own that opens in the sentence after the previous one closed goes on with
    that speaker ('"…," said Dr. Saleh. "Yesterday the army shelled the bakery."')."""
    cached = doc.user_data.get(USER_DATA_KEY)
    if cached is not None:
        return cached
    found: list[Quotation] = []
    sent_of = _sentence_numbers(doc)
    for start, end in quotation_spans(doc):
        if _scare_quotes(doc, start, end):
            continue
        claim = _tag_claim(doc, start, end, lex)
        prev = found[-1] if found else None
        if (
            claim is None
            and prev is not None
            and prev.claim is not None
            and sent_of[start] - sent_of[prev.end] <= 1
        ):
            claim = prev.claim
        found.append(Quotation(start, end, claim))
    inside: dict[int, Quotation] = {}
    for q in found:
        last = q.end if doc[q.end].text not in CLOSE_QUOTES else q.end - 1
        for i in range(q.start + 1, last + 1):
            inside[i] = q
    doc.user_data[USER_DATA_KEY] = inside
    return inside


def _scare_quotes(doc: Doc, start: int, end: int) -> bool:
    """Quotation marks around a few words with no verb ('the “peaceful protests”', 'a “special military
    operation”'): a term the outlet distances itself from, not someone's speech."""
    words = [t for t in doc[start + 1 : end] if not t.is_punct and not t.is_space]
    return len(words) <= 5 and not any(t.pos_ in ("VERB", "AUX") for t in words)


def quotation_of(tok: Token, lex: TriggerLexicon) -> Quotation | None:
    """The quotation that ``tok`` sits in, if any."""
    return quotations(tok.doc, lex).get(tok.i)


def quoted_claim(tok: Token, lex: TriggerLexicon) -> Claim | None:
    """The speaker of the quotation that ``tok`` sits in, if any."""
    q = quotation_of(tok, lex)
    return q.claim if q is not None else None


# ---------------------------------------------------------------------- claimants
def is_credit(tok: Token, ctx: DocContext | None = None) -> bool:
    """A token of a dateline ("NAIROBI, Kenya (AP) —") or of a byline or credit line ("By Jane Doe",
    "(Reporting by Li Wei; editing by Tom Grant)"): the report's origin, never a claimant."""
    if ctx is not None and tok.i in getattr(ctx, "datelines", ()):
        return True
    doc = tok.doc
    w = attribution_words()

    def credit_at(i: int) -> bool:
        words = [t.lower_ for t in doc[i : min(tok.i, i + 4)]]
        return any(" ".join(words[:n]) in w.byline for n in range(1, len(words) + 1))

    # a credit in brackets: "(Reporting by Li Wei; editing by Tom Grant)"
    for t in doc[max(0, tok.i - 6) : tok.i]:
        bare_by = t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "by"  # "; by Friday, Ruto said"
        if (t.text in ("(", "[") or (t.text in (";", "|") and not bare_by)) and credit_at(t.i + 1):
            return True
    # the token's line, when it is short enough to find its ends nearby
    j = tok.i
    while j > max(0, tok.i - CREDIT_WINDOW) and not _line_break(doc[j - 1]):
        j -= 1
    if j > 0 and not _line_break(doc[j - 1]):
        return False  # deep inside a long line: neither a byline nor a dateline
    k = tok.i
    while k + 1 < min(len(doc), tok.i + CREDIT_WINDOW) and not _line_break(doc[k + 1]):
        k += 1
    line_ends = k + 1 >= len(doc) or _line_break(doc[k + 1])
    short = sum(1 for t in doc[j : k + 1] if not t.is_punct) <= 10
    verbless = not any(t.pos_ in ("VERB", "AUX") for t in doc[j : k + 1])  # "By noon, Ruto said, …"
    if line_ends and short and verbless and (tok.pos_ == "PROPN" or tok.is_title) and credit_at(j):
        return True  # "By Jane Doe", "By Maria Gonzalez | Associated Press"
    # a dateline: the token comes before a dash among the first words of its line, which has no verb and
    # opens with a place in capitals or holds an agency in brackets ("KYIV (AFP) —", "LAGOS, Nigeria
    # (Reuters) -", "ADDIS ABABA —")
    dash = next(
        (t.i for t in doc[tok.i : min(k + 1, j + 16)] if t.text in ("—", "–", "-", "--") and t.whitespace_),
        None,
    )
    if dash is None or dash - j > 14:
        return False
    before = doc[j:dash]
    if any(t.pos_ in ("VERB", "AUX") for t in before):
        return False
    first = next((t for t in before if not t.is_punct), None)
    caps = first is not None and first.text.isupper() and len(first.text) >= 3
    paren = any(t.text == "(" for t in doc[j : tok.i]) and any(t.text == ")" for t in doc[tok.i : dash])
    return caps or paren


def claimant_phrase(tok: Token) -> str:
    """The words of the claimant's noun phrase, without its clauses, appositions and asides ("A resident of
    Bakhmut", not "…, who gave only her first name")."""
    cut = {"relcl", "acl", "advcl", "appos", "parataxis", "punct", "cc", "conj"}
    keep = [tok]
    stack = list(tok.children)
    while stack:
        c = stack.pop()
        if c.dep_ in cut:
            continue
        keep.append(c)
        stack.extend(c.children)
    idx = sorted(t.i for t in keep)
    lo, hi = idx[0], idx[-1]
    # a comma inside ("Two security officials, speaking …") ends the phrase
    for i in range(tok.i + 1, hi + 1):
        if tok.doc[i].text in (",", ";", "(", "—"):
            hi = i - 1
            break
    span = tok.doc[max(lo, tok.i - 8) : min(hi, tok.i + 8) + 1]
    return span.text.strip(" ,.;:\"'“”")


def _owner(tok: Token, ctx: DocContext, resolver: ActorResolver) -> Entity | None:
    """Who a document or a source belongs to: "a statement from the army", "sources in the Malian army",
    "the police report", "a UN report"."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in OWNER_PREPS:
            for gc in c.children:
                if gc.dep_ == "pobj":
                    ents = resolver.resolve(gc, ctx)
                    if ents:
                        return ents[0]
                if gc.dep_ == "prep":  # "close to the president"
                    for ggc in gc.children:
                        if ggc.dep_ == "pobj":
                            ents = resolver.resolve(ggc, ctx)
                            if ents:
                                return ents[0]
        if c.dep_ in ("acl",):  # "figures released by the health ministry"
            for gc in c.children:
                if gc.dep_ == "agent":
                    for ggc in gc.children:
                        if ggc.dep_ == "pobj":
                            ents = resolver.resolve(ggc, ctx)
                            if ents:
                                return ents[0]
    owners = resolver.owners(tok, ctx)
    if owners:
        return owners[0]
    head = attribution_words().heads.get(tok.lemma_.lower())
    if tok.dep_ == "dobj" and head is not None and head.kind == "document":
        # "the army issued a statement", "police released figures": the subject of the verb
        subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.pos_ != "PRON":
            ents = resolver.resolve(subj, ctx)
            if ents:
                return ents[0]
    for c in tok.children:
        if c.dep_ in ("compound", "amod", "nmod") and c.i < tok.i:
            ents = resolver.resolve(c, ctx)
            if ents:
                return ents[0]
            s = resolver.lex.sector_of(c.lemma_.lower())
            if s:
                return Entity(None, s, c.text)
    return None


def claimant_entity(tok: Token, ctx: DocContext, resolver: ActorResolver, depth: int = 0) -> Entity | None:
    """The claimant named by the phrase headed by ``tok``: the resolved actor where the lexicon knows it;
    otherwise an entity with a null code (the owner's where a document or a source names one), the sector
    its head noun gives (``claimants.tsv`` after the actor lexicon) and the phrase as ``entity_text``.
    ``None`` for datelines, bylines and words that name no one ("nobody", "this"). A claimant that refers
    back ("It said …", "They said …", "the ministry said …", "the statement said …") is the speaker named
    before it (:func:`_reference_antecedent`, :func:`_definite_antecedent`), under its own words; a pronoun
    whose speaker is not found stays a claimant with a null code (:func:`unresolved_reference`).
    ``depth``: how many references were followed to get here."""
    if is_credit(tok, ctx):
        return None
    if tok.lower_ in REFERRING_PRONOUNS and tok.dep_ in ("nsubj", "pobj"):
        # "It said Tajik troops had opened fire first": the speaker named before; unresolved, still a
        # claimant (:func:`unresolved_reference`), never the outlet's own voice
        ante = _reference_antecedent(tok, ctx, resolver, depth) if depth < MAX_REFERENCE_CHAIN else None
        if ante is not None:
            e = claimant_entity(ante, ctx, resolver, depth + 1)
            if e is not None:
                return replace(e, entity_text=tok.text, identifier_text=e.identifier_text or e.entity_text)
        if tok.lower_ in ("he", "she"):
            ents = resolver.resolve(tok, ctx)  # the person last named
            if ents:
                return ents[0]
        return Entity(None, None, tok.text)
    heads = attribution_words().heads
    ents = resolver.resolve(tok, ctx)
    if ents:
        e = ents[0]
        if e.sector is None and tok.pos_ != "PRON":
            # "a small local outlet, the Bamenda Post": the name resolves, the head noun gives the sector
            for t in (tok, *(c for c in tok.children if c.dep_ == "appos")):
                head = heads.get(t.lemma_.lower()) or heads.get(t.lower_)
                if head is not None and head.sector:
                    return replace(e, sector=head.sector)
        return e
    if tok.lower_ in NOBODY:
        return None
    if tok.pos_ == "PRON" or tok.lower_ in PRONOUN_CLAIMANTS:
        return Entity(None, None, tok.text) if tok.lower_ in PRONOUN_CLAIMANTS else None
    if tok.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM"):
        return None
    lemma, low = tok.lemma_.lower(), tok.lower_
    head = heads.get(lemma) or heads.get(low)
    sector = resolver.lex.sector_of(lemma) or resolver.lex.sector_of(low) or (head.sector if head else None)
    code: str | None = None
    ident: str | None = None
    if head is None or head.kind in ("document", "source", "organisation", "official", "outlet"):
        owner = _owner(tok, ctx, resolver)
        if owner is not None:
            code = owner.code
            if sector is None or (head is not None and head.kind in ("document", "source")):
                sector = owner.sector or sector
            ident = owner.identifier_text
    names = (
        [tok] if tok.pos_ == "PROPN" else [c for c in tok.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
    )
    if names:
        ident = claimant_phrase(names[0]).removeprefix("the ").removeprefix("The ")
    if head is None and sector is None and code is None and tok.pos_ not in ("NOUN", "PROPN"):
        return None
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children)
    if code is None and definite and depth < MAX_REFERENCE_CHAIN:
        # "the ministry said", "the statement said": the one named before with the same head noun
        ante = _definite_antecedent(tok)
        if ante is not None:
            e = claimant_entity(ante, ctx, resolver, depth + 1)
            if e is not None and e.code is not None:
                return replace(e, entity_text=claimant_phrase(tok))
    return Entity(code, sector, claimant_phrase(tok), ident)


REFERRING_PRONOUNS = frozenset({"it", "they", "he", "she"})
REFERENCE_SENTENCES = 3  # how many sentences back a pronoun or a definite claimant may point
# the longest chain of references followed ("It said …" → "the service" → "Kyrgyzstan's border service")
MAX_REFERENCE_CHAIN = 3


def unresolved_reference(tok: Token, claimant: Entity) -> bool:
    """A claimant pronoun ("It said …") whose antecedent was not found: still a claimant, of the kind
    "unresolved reference"."""
    return tok.lower_ in REFERRING_PRONOUNS and claimant.code is None and claimant.identifier_text is None


def _earlier_tokens(tok: Token) -> list[Token]:
    """The tokens before ``tok`` in its sentence and the few sentences before it, nearest sentence first
    (each in reading order)."""
    sents: list[list[Token]] = [[t for t in tok.sent if t.i < tok.i]]
    start = tok.sent.start
    for _ in range(REFERENCE_SENTENCES):
        if start == 0:
            break
        prev = tok.doc[start - 1].sent
        sents.append(list(prev))
        start = prev.start
    return [t for sent in sents for t in sent]


def _says(t: Token, resolver: ActorResolver) -> bool:
    w = attribution_words()
    lemma = t.lemma_.lower()
    return t.pos_ in ("VERB", "AUX") and (lemma in resolver.speech_verbs or lemma in w.claim_verbs)


def _reference_antecedent(pron: Token, ctx: DocContext, resolver: ActorResolver, depth: int) -> Token | None:
    """Who a claimant pronoun stands for: in the nearest sentence before it (its own first) that has
    one, a claimant ("…, according to the service. It said …", "…, the ministry said. It added …") or
    else the subject of a clause ("The committee gave a different account. It said …"), that could
    speak and agrees with the pronoun (it: a body or a country; he/she: a person; they: several)."""
    quoted = {i for a, b in quotation_spans(pron.doc) for i in range(a, b + 1)}  # the speaker's own words
    sent_groups: dict[int, list[Token]] = {}
    for t in _earlier_tokens(pron):
        if t.i not in quoted:
            sent_groups.setdefault(t.sent.start, []).append(t)
    for toks in sent_groups.values():
        claimants: list[Token] = []
        subjects: list[Token] = []
        for t in toks:
            acc = according_to_object(t)
            if acc is not None:
                claimants.append(acc)
            if _says(t, resolver):
                subj = speech_subject(t)
                if subj is not None:
                    claimants.append(subj)
            if t.dep_ in ("nsubj", "nsubjpass"):
                subjects.append(t)
        subjects.sort(key=lambda t: (t.head.dep_ != "ROOT", -t.i))
        claimants.sort(key=lambda t: -t.i)
        for cand in (*claimants, *subjects):
            if cand.i >= pron.i or cand.pos_ == "PRON" or cand.lower_ in RELATIVE_WORDS:
                continue
            if is_credit(cand, ctx) or not _agrees(pron, cand, ctx, resolver):
                continue
            if cand in claimants:
                if claimant_entity(cand, ctx, resolver, depth + 1) is not None:
                    return cand
            elif resolver.resolve(cand, ctx) or _claimant_head(cand) or resolver.is_person_head(cand, ctx):
                return cand
    return None


def _agrees(pron: Token, ante: Token, ctx: DocContext, resolver: ActorResolver) -> bool:
    """The resolver's agreement, except that a body named by its head noun ("the State Committee for
    National Security", "the border service") is no person, however it is capitalised."""
    head = attribution_words().heads.get(ante.lemma_.lower()) or attribution_words().heads.get(ante.lower_)
    if head is not None and head.kind in BODY_KINDS:
        plural = ante.tag_ in ("NNS", "NNPS") or any(c.i > ante.i for c in ante.conjuncts)
        return pron.lower_ == "they" or (pron.lower_ == "it" and not plural)
    return resolver._agrees(pron, ante, ctx)


BODY_KINDS = frozenset({"organisation", "document", "outlet"})


RELATIVE_WORDS = frozenset({"who", "which", "that", "whom", "whose"})


def _claimant_head(t: Token) -> bool:
    heads = attribution_words().heads
    return t.lemma_.lower() in heads or t.lower_ in heads


def _definite_antecedent(tok: Token) -> Token | None:
    """The earlier mention a definite claimant takes up ("the ministry" after "Russia's defence
    ministry"): the nearest earlier noun with the same head word."""
    lemma = tok.lemma_.lower()
    same = [t for t in _earlier_tokens(tok) if t.lemma_.lower() == lemma and t.pos_ in ("NOUN", "PROPN")]
    return max(same, key=lambda t: t.i) if same else None


# ---------------------------------------------------------------------- the record
def is_performative(tok: Token, quoted: bool) -> bool:
    """Whether the verbal act at ``tok`` is performed by the very statement that reports it ("I appeal
    to all sides", "we demand", "I have appealed to the CSTO") rather than told as an earlier act ("he said
    he had supported the talks", '"We warned them last week," he said'). Indirect speech shifts the tense
    back ("said his country condemned"), so a simple past counts as past only inside a quotation."""
    verb = tok
    for _ in range(3):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in ("had", "'d") for a in auxes):
        return False  # "he said he had supported …"
    if verb.tag_ == "VBD" and not auxes:
        return not quoted
    return True


def contested_modality(modality: dict, claim: Claim | None) -> dict:
    """The modality of an event its claimant denies ("Moscow denied that Russian troops shelled the
    village"). ``realis`` keeps PLOVER's four values and, like every attributed record, gives the
    claimant's version: an event asserted as actual becomes ``negated`` (a planned or possible one keeps
    its realis), with the denial verb as ``cue``; ``contested: true`` marks that someone says it happened
    and the claimant says it did not. A fact-checker filters on ``modality.contested`` (or on
    ``attribution.cue`` being a denial verb); records not denied have no ``contested`` key."""
    if claim is None or not claim.denied:
        return modality
    out = dict(modality)
    if out.get("realis") == "actual":
        out["realis"] = "negated"
        out["cue"] = claim.cue
    out["contested"] = True
    return out
