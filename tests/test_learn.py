"""The learned event-type layer (nestor.learn): the training corpus reader, the candidate features,
the softmax classifier, training with cross-validation, and the shipped typer.

Corpus, feature and classifier tests run on hand-built parses and synthetic data (no spaCy model);
training, dense vectors of the real pipeline and the shipped model's loading are marked slow.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from coder_fixtures import VOCAB, coder, parse, word
from nestor.coding.ontology import get_ontology
from nestor.learn.corpus import CorpusError, Sentence, parse_line, read_corpus
from nestor.learn.features import DENSE_DIM, dense_features, is_candidate, is_headline, sparse_features
from nestor.learn.softmax import SoftmaxModel
from nestor.learn.train import NONE, fold_of, trigger_head
from nestor.learn.typer import MODEL_STEM, MODELS, EventTyper, get_typer

ONTO = get_ontology()
TYPES = frozenset(ONTO.types)
MODES = {name: frozenset(t.modes) for name, t in ONTO.types.items()}
TINY = Path(__file__).parent / "data" / "training-tiny"
ROOT = Path(__file__).resolve().parents[1]


def parsed(text: str, source: str = "t.txt:1") -> Sentence:
    return parse_line(text, source, TYPES, MODES)


def marked(s: Sentence) -> list[tuple[str, str, str | None]]:
    return [(s.text[t.start : t.end], t.type, t.mode) for t in s.triggers]


# ====================================================================== corpus
def test_a_line_with_one_mark_gives_the_clean_text_and_the_trigger_offsets() -> None:
    s = parsed("Police [arrested|COERCE|arrest] two activists on Monday.")
    assert s.text == "Police arrested two activists on Monday."
    assert marked(s) == [("arrested", "COERCE", "arrest")]
    assert (s.triggers[0].start, s.triggers[0].end) == (7, 15)
    assert s.has_event and s.source == "t.txt:1"


def test_several_marks_multiword_triggers_and_marks_without_a_mode() -> None:
    s = parsed("Soldiers [opened fire|ASSAULT|firearms] on the crowd before leaders [met|CONSULT] in Oslo.")
    assert s.text == "Soldiers opened fire on the crowd before leaders met in Oslo."
    assert marked(s) == [("opened fire", "ASSAULT", "firearms"), ("met", "CONSULT", None)]


def test_adjacent_marks_and_a_mark_at_the_start_and_end_of_the_line() -> None:
    s = parsed("[Strike|PROTEST|strike] [talks|CONSULT]")
    assert s.text == "Strike talks"
    assert marked(s) == [("Strike", "PROTEST", "strike"), ("talks", "CONSULT", None)]


def test_a_line_without_marks_is_a_sentence_without_an_event() -> None:
    s = parsed("The weather was warm, said the \"forecast\".")
    assert s.text == "The weather was warm, said the \"forecast\"." and not s.has_event


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("Troops [bombed|BOMBING] the town.", "unknown type 'BOMBING'"),
        ("Police [arrested|COERCE|firearms] him.", "COERCE has no mode 'firearms'"),
        ("They [agreed|AGREE|visit] on it.", "AGREE has no mode 'visit'"),  # a type with no modes
        ("Troops [attacked the town.", "stray"),
        ("Troops attacked] the town.", "stray"),
        ("Troops attacked | the town.", "stray"),
        ("Troops [attacked|assault] the town.", "stray"),  # lowercase type: no well-formed mark
        ("Troops [[attacked|ASSAULT]] the town.", "stray"),
        ("Troops [|ASSAULT] the town.", "stray"),  # a mark with no words
    ],
)
def test_bad_marks_raise_corpus_errors_naming_the_file_and_line(line: str, why: str) -> None:
    with pytest.raises(CorpusError, match=r"^assault\.txt:7: ") as err:
        parse_line(line, "assault.txt:7", TYPES, MODES)
    assert why in str(err.value)
    assert err.value.code == "bad_training_line"


def test_read_corpus_skips_comments_and_blank_lines_and_counts_lines_from_one(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text(
        "# a comment\n\nRebels [attacked|ASSAULT] a post.\n   \n  # indented comment\nIt rained.\n",
        encoding="utf-8",
    )
    (tmp_path / "a.txt").write_text("Envoys [met|CONSULT] in Rome.\n", encoding="utf-8")
    got = list(read_corpus(tmp_path.glob("*.txt"), TYPES, MODES))
    assert [(s.source, s.text) for s in got] == [
        ("a.txt:1", "Envoys met in Rome."),
        ("b.txt:3", "Rebels attacked a post."),
        ("b.txt:6", "It rained."),
    ]


def test_read_corpus_names_the_file_and_line_of_a_bad_mark(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("# header\nFine line.\nTroops [hit|BOMB] it.\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"^x\.txt:3: unknown type 'BOMB'"):
        list(read_corpus([tmp_path / "x.txt"], TYPES, MODES))


def test_the_tiny_corpus_parses() -> None:
    sents = list(read_corpus(TINY.glob("*.txt"), TYPES, MODES))
    assert len(sents) >= 40
    types = {t.type for s in sents for t in s.triggers}
    assert types == {"ASSAULT", "PROTEST", "COERCE", "CONSULT", "MOBILIZE"}
    assert sum(not s.has_event for s in sents) >= 10


# random sentences with random marks: words without the mark characters; a mark covers 1-3 words
WORD = st.text(
    alphabet=st.characters(exclude_characters="[]|", exclude_categories=("Cs", "Zs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=8,
)
MODE_OF = st.sampled_from(sorted(TYPES)).flatmap(
    lambda t: st.tuples(st.just(t), st.sampled_from([None, *sorted(MODES[t])]))
)
SEGMENT = st.tuples(st.lists(WORD, min_size=1, max_size=3), st.one_of(st.none(), MODE_OF))


@settings(max_examples=200, deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=8))
def test_marks_strip_to_the_clean_text_and_triggers_span_the_marked_words(
    segments: list[tuple[list[str], tuple[str, str | None] | None]],
) -> None:
    line_parts, clean_parts, expected = [], [], []
    for words, mark in segments:
        phrase = " ".join(words)
        clean_parts.append(phrase)
        if mark is None:
            line_parts.append(phrase)
        else:
            etype, mode = mark
            line_parts.append(f"[{phrase}|{etype}" + (f"|{mode}]" if mode else "]"))
            expected.append((phrase, etype, mode))
    s = parse_line(" ".join(line_parts), "prop.txt:1", TYPES, MODES)
    assert s.text == " ".join(clean_parts)
    assert marked(s) == expected


# ====================================================================== features (hand-built parses)
ARRESTED_BY_POLICE = """
Protesters  2 nsubjpass NOUN  NNS protester
were        2 auxpass   AUX   VBD be
arrested    2 ROOT      VERB  VBN arrest
by          2 agent     ADP   IN  by
police      3 pobj      NOUN  NN  police
.           2 punct     PUNCT .   .
"""
POLICE_ARRESTED = """
Police      1 nsubj NOUN  NN  police
arrested    1 ROOT  VERB  VBD arrest
protesters  1 dobj  NOUN  NNS protester
.           1 punct PUNCT .   .
"""
DID_NOT_ATTACK = """
Troops   3 nsubj NOUN  NNS troop
did      3 aux   AUX   VBD do
not      3 neg   PART  RB  not
attack   3 ROOT  VERB  VB  attack
the      5 det   DET   DT  the
village  3 dobj  NOUN  NN  village
.        3 punct PUNCT .   .
"""
ROUNDED_UP = """
Police     1 nsubj NOUN  NN  police
rounded    1 ROOT  VERB  VBD round
up         1 prt   ADP   RP  up
activists  1 dobj  NOUN  NNS activist
.          1 punct PUNCT .   .
"""


def feats(table: str, trigger: str) -> list[str]:
    doc = parse(table)
    return sparse_features(doc[word(doc, trigger)])


def released(obj: str, lemma: str, det: bool) -> list[str]:
    rows = [
        "The 1 det DET DT the",
        "government 2 nsubj NOUN NN government",
        "released 2 ROOT VERB VBD release",
    ]
    if det:
        rows += ["a 4 det DET DT a", f"{obj} 2 dobj NOUN NN {lemma}", ". 2 punct PUNCT . ."]
    else:
        rows += [f"{obj} 2 dobj NOUN NNS {lemma}", ". 2 punct PUNCT . ."]
    return feats("\n".join(rows), "released")


def test_a_passive_verb_gets_passive_and_its_agent_as_subject() -> None:
    f = feats(ARRESTED_BY_POLICE, "arrested")
    assert "passive" in f
    assert "subj=police" in f
    assert "passive" not in feats(POLICE_ARRESTED, "arrested")


def test_a_negated_verb_gets_neg() -> None:
    f = feats(DID_NOT_ATTACK, "attack")
    assert "neg" in f
    assert "obj=village" in f and "subj=troop" in f
    assert "neg" not in feats(POLICE_ARRESTED, "arrested")


def test_a_phrasal_verb_gets_its_particle() -> None:
    f = feats(ROUNDED_UP, "rounded")
    assert "prt=round_up" in f
    assert not any(x.startswith("prt=") for x in feats(POLICE_ARRESTED, "arrested"))


def test_what_is_released_is_told_by_the_object_class() -> None:
    people = released("prisoners", "prisoner", det=False)
    paper = released("report", "report", det=True)
    assert "objcls=person" in people and "lem_objcls=release_person" in people
    assert "objcls=communication" in paper and "lem_objcls=release_communication" in paper
    assert "objcls=person" not in paper and "objcls=communication" not in people


def test_sparse_features_carry_the_lexicon_type_and_the_headline_flag() -> None:
    doc = parse(POLICE_ARRESTED)
    tok = doc[word(doc, "arrested")]
    plain = sparse_features(tok)
    assert "lex=-" in plain and "headline" not in plain
    f = sparse_features(tok, "COERCE", headline=True)
    assert {"lex=COERCE", "lem_lex=arrest_COERCE", "headline"} <= set(f)


def test_the_root_verb_has_no_head_dependency_feature() -> None:
    f = feats(POLICE_ARRESTED, "arrested")
    assert not any(x.startswith("hdep=") for x in f), f


def words_doc(text: str) -> Doc:
    words = text.split()
    return Doc(VOCAB, words=words, spaces=[True] * (len(words) - 1) + [False])


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Troops deployed to border after clashes", True),
        ("Rebels seize key town in north", True),
        ("The troops deployed to the border after the clashes .", False),
        ("Troops deployed to border after clashes .", False),  # a full stop
        ("Troops deployed to the border after clashes", False),  # an article
        ("An army deployed to border", False),
        ("Troops deployed to border ?", False),
    ],
)
def test_is_headline(text: str, headline: bool) -> None:
    assert is_headline(words_doc(text)[:]) is headline


def test_is_candidate_takes_verbs_and_event_nouns_not_other_nouns() -> None:
    doc = parse(
        """
        Police   1 nsubj PROPN NN  police
        stopped  1 ROOT  VERB  VBD stop
        the      3 det   DET   DT  the
        attack   1 dobj  NOUN  NN  attack
        and      3 cc    CCONJ CC  and
        raid     3 conj  NOUN  NN  raid
        near     1 prep  ADP   IN  near
        the      8 det   DET   DT  the
        table    6 pobj  NOUN  NN  table
        .        1 punct PUNCT .   .
        """
    )
    got = {t.text for t in doc if is_candidate(t)}
    assert got == {"stopped", "attack", "raid"}
    table = doc[word(doc, "table")]
    assert is_candidate(table, event_nouns={"table"})  # the trigger lexicon can name event nouns too


def test_is_candidate_takes_a_root_auxiliary_but_not_be() -> None:
    has = parse("They 1 nsubj PRON PRP they\nhave 1 ROOT AUX VBP have\nweapons 1 dobj NOUN NNS weapon")
    be = parse("It 1 nsubj PRON PRP it\nis 1 ROOT AUX VBZ be\nlate 1 acomp ADJ JJ late")
    assert is_candidate(has[1]) and not is_candidate(be[1])
    assert not is_candidate(be[2])


def test_dense_features_are_900_finite_zeros_without_vectors() -> None:
    doc = parse(POLICE_ARRESTED)
    v = dense_features(doc[word(doc, "arrested")])
    assert v.shape == (3 * DENSE_DIM,) == (900,)
    assert np.isfinite(v).all() and not v.any()


# ====================================================================== softmax (synthetic data)
CLASSES = ["NONE", "ASSAULT", "PROTEST"]


def synthetic(seed: int = 0) -> tuple[list[list[str]], np.ndarray, np.ndarray]:
    """30 examples, 3 classes: each has its own marker feature among shared noise features."""
    rng = np.random.default_rng(seed)
    feats_, labels = [], []
    for i in range(30):
        k = i % 3
        noise = [f"noise{j}" for j in rng.choice(8, size=3, replace=False)]
        feats_.append([f"class{k}", *noise, "bias"])
        labels.append(k)
    dense = rng.normal(size=(30, 4)).astype(np.float32)
    return feats_, dense, np.asarray(labels)


def fitted(seed: int = 0) -> tuple[SoftmaxModel, list[list[str]], np.ndarray, np.ndarray]:
    f, dense, y = synthetic(seed)
    vocab = sorted({x for row in f for x in row})
    model = SoftmaxModel(vocab, CLASSES, dense_dim=4)
    model.fit(model.batch(f, dense), y)
    return model, f, dense, y


def test_softmax_fits_a_separable_problem() -> None:
    model, f, dense, y = fitted()
    p = model.proba(model.batch(f, dense))
    assert (p.argmax(axis=1) == y).all()
    np.testing.assert_allclose(p.sum(axis=1), 1.0, rtol=1e-5)


def test_softmax_training_is_deterministic() -> None:
    a, *_ = fitted()
    b, *_ = fitted()
    assert np.array_equal(a.w_sparse, b.w_sparse)
    assert np.array_equal(a.w_dense, b.w_dense)
    assert np.array_equal(a.bias, b.bias)


def test_softmax_save_and_load_round_trip(tmp_path: Path) -> None:
    model, f, dense, _ = fitted()
    path = tmp_path / "m.npz"
    model.save(path, sentences="30", note="synthetic")
    back, meta = SoftmaxModel.load(path)
    assert meta == {"sentences": "30", "note": "synthetic"}
    assert back.classes == CLASSES and back.vocab == model.vocab
    before = model.proba(model.batch(f, dense))
    after = back.proba(back.batch(f, dense))
    np.testing.assert_allclose(after, before, atol=5e-3)  # the weights are stored as float16
    assert (after.argmax(axis=1) == before.argmax(axis=1)).all()


def test_softmax_ignores_unknown_and_repeated_features() -> None:
    model, f, dense, _ = fitted()
    row = dense[:1]
    known = model.proba(model.batch([f[0]], row))
    noisy = model.proba(model.batch([[*f[0], "never-seen", "lem=zzz", f[0][0]]], row))
    assert np.array_equal(known, noisy)
    empty = model.proba(model.batch([[]], np.zeros((1, 4))))
    assert np.isfinite(empty).all()


# ====================================================================== train
OPENED_FIRE = """
Soldiers  1 nsubj NOUN  NNS soldier
opened    1 ROOT  VERB  VBD open
fire      1 dobj  NOUN  NN  fire
on        1 prep  ADP   IN  on
the       5 det   DET   DT  the
crowd     3 pobj  NOUN  NN  crowd
.         1 punct PUNCT .   .
"""


def test_trigger_head_picks_the_verb_of_opened_fire() -> None:
    span = parse(OPENED_FIRE)[:]
    start = span.text.index("opened fire")
    assert trigger_head(span, start, start + len("opened fire")).text == "opened"
    assert trigger_head(span, start, start + len("opened")).text == "opened"
    crowd = span.text.index("crowd")
    assert trigger_head(span, crowd, crowd + 5).text == "crowd"
    assert trigger_head(span, 200, 210) is None


def test_fold_of_is_stable_and_in_range() -> None:
    folds = [fold_of(f"sentence {i}", 5) for i in range(200)]
    assert folds == [fold_of(f"sentence {i}", 5) for i in range(200)]
    assert set(folds) == {0, 1, 2, 3, 4}


def tiny_marks() -> dict[str, int]:
    counts: dict[str, int] = {}
    for s in read_corpus(TINY.glob("*.txt"), TYPES, MODES):
        for t in s.triggers:
            counts[t.type] = counts.get(t.type, 0) + 1
    return counts


# Training runs in a child process with one BLAS thread: on a busy two-core machine OpenBLAS's threads
# make L-BFGS ten to twenty times slower (see the report of this test suite); the child also gets its
# own hash seed, so the two runs compared below share no process state.
TRAIN_CHILD = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from nestor.learn.train import train
    from nestor.nlp import build_nlp
    from nestor.settings import Settings
    corpus, out, folds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    report = train(corpus, build_nlp(Settings().model), out=out, folds=folds)
    print(json.dumps(report.as_dict() | {"unaligned_marks": report.unaligned}))
    """
)


def train_in_child(out: Path, folds: int, hash_seed: str) -> dict:
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": hash_seed}
    done = subprocess.run(
        [sys.executable, "-c", TRAIN_CHILD, str(TINY), str(out), str(folds)],
        capture_output=True, text=True, timeout=300, env=env, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("tiny") / MODEL_STEM
    return out, train_in_child(out, folds=2, hash_seed="1")


@pytest.mark.slow
def test_train_writes_both_models_and_a_report(tiny_model: tuple[Path, dict]) -> None:
    out, report = tiny_model
    types_file = out.with_name(f"{MODEL_STEM}.types.npz")
    modes_file = out.with_name(f"{MODEL_STEM}.modes.npz")
    assert types_file.is_file() and modes_file.is_file()
    assert report["sentences"] == len(list(read_corpus(TINY.glob("*.txt"), TYPES, MODES)))
    assert report["unaligned"] == 0 and report["unaligned_marks"] == []
    marks = tiny_marks()
    per_type = report["per_type"]
    assert set(per_type) == {*marks, NONE}
    for etype, n in marks.items():  # every marked trigger is one example of its type
        assert per_type[etype]["examples"] == n
    for figures in per_type.values():
        assert set(figures) == {"examples", "recall", "precision", "f1"}
        assert all(0.0 <= figures[k] <= 1.0 for k in ("recall", "precision", "f1"))
    assert report["examples"] == sum(f["examples"] for f in per_type.values())
    for k in ("accuracy", "event_accuracy", "none_sentence_precision", "mode_accuracy"):
        assert 0.0 <= report[k] <= 1.0
    with np.load(types_file) as z:
        assert str(z["meta_sentences"]) == str(report["sentences"])


@pytest.mark.slow
def test_the_trained_model_loads_as_a_typer_and_types_its_own_examples(
    tiny_model: tuple[Path, dict],
) -> None:
    out, _ = tiny_model
    typer = EventTyper.load(out.parent, MODES)
    assert typer is not None
    assert typer.types.classes == [NONE, *sorted(TYPES)]
    assert EventTyper.load(out.parent / "nowhere", MODES) is None
    doc = coder().nlp("Police arrested a dozen opposition activists at dawn.")
    tok = next(t for t in doc if t.text == "arrested")
    (g,) = typer.guess([tok], [None])
    assert g.type == "COERCE"
    assert g.mode is None or g.mode in MODES["COERCE"]
    assert g.confidence == pytest.approx(g.p("COERCE")) and g.confidence == max(g.probabilities.values())


@pytest.mark.slow
def test_training_twice_gives_identical_model_files(tiny_model: tuple[Path, dict], tmp_path: Path) -> None:
    # the second run (another process, another hash seed) skips cross-validation: the final model is
    # fitted on all the examples either way
    first, _ = tiny_model
    again = tmp_path / MODEL_STEM
    train_in_child(again, folds=1, hash_seed="2")
    for suffix in (".types.npz", ".modes.npz"):
        a, b = first.with_name(MODEL_STEM + suffix), again.with_name(MODEL_STEM + suffix)
        with np.load(a) as za, np.load(b) as zb:
            assert za.files == zb.files
            for key in za.files:
                assert np.array_equal(za[key], zb[key]), (suffix, key)
        assert a.read_bytes() == b.read_bytes(), suffix


@pytest.mark.slow
def test_trigger_head_on_the_real_parse_of_opened_fire() -> None:
    span = coder().nlp("Soldiers opened fire on the crowd outside the town hall.")[:]
    start = span.text.index("opened fire")
    head = trigger_head(span, start, start + len("opened fire"))
    assert head is not None and head.text == "opened" and head.pos_ == "VERB"


@pytest.mark.slow
def test_dense_features_of_the_real_pipeline_are_unit_vectors() -> None:
    doc = coder().nlp("Police arrested the protesters.")
    v = dense_features(doc[1])
    assert v.shape == (900,) and np.isfinite(v).all()
    assert np.linalg.norm(v[:DENSE_DIM]) == pytest.approx(1.0, abs=1e-4)  # the verb
    assert np.linalg.norm(v[DENSE_DIM : 2 * DENSE_DIM]) == pytest.approx(0.5, abs=1e-4)  # object, half


# ====================================================================== the shipped typer
def shipped_typer() -> EventTyper:
    if not (MODELS / f"{MODEL_STEM}.types.npz").is_file():
        pytest.skip(f"no shipped model: {MODELS / (MODEL_STEM + '.types.npz')} is absent (make model)")
    typer = get_typer()
    assert typer is not None, "the model files exist but get_typer() loaded nothing"
    return typer


def test_the_shipped_model_loads_with_every_type() -> None:
    typer = shipped_typer()
    assert set(typer.types.classes) == {NONE, *TYPES}
    assert "-" in typer.modes.classes
    assert get_typer() is typer  # loaded once


def test_the_shipped_model_guesses_on_a_parse_without_vectors() -> None:
    typer = shipped_typer()
    assert typer.guess([], []) == []
    doc = parse(POLICE_ARRESTED)
    toks = [doc[word(doc, "arrested")], doc[word(doc, "protesters")]]
    guesses = typer.guess(toks, ["COERCE", None])
    assert len(guesses) == 2
    for g in guesses:
        assert sum(g.probabilities.values()) == pytest.approx(1.0, abs=1e-4)
        assert 0.0 <= g.confidence <= 1.0
        assert g.confidence == max(g.probabilities.values())
        if g.type is None:
            assert g.mode is None and g.confidence == g.p(None)
        else:
            assert g.mode is None or g.mode in MODES[g.type]


NO_NETWORK = textwrap.dedent(
    """
    import json, socket, sys
    if sys.argv[1] == "patch":
        def refuse(*args, **kwargs):
            raise OSError("network disabled by the test")
        socket.socket.connect = refuse
        socket.socket.connect_ex = refuse
        socket.create_connection = refuse
    try:
        socket.create_connection(("1.1.1.1", 53), timeout=2)
        sys.exit("the network is reachable: the test proves nothing")
    except OSError:
        pass
    from nestor.models import Document
    from nestor.pipeline import get_coder
    from nestor.settings import Settings
    coder = get_coder(Settings(workers=1))
    text = "Police arrested two opposition activists in the capital on Monday."
    records = coder.code(Document(id="n", text=text))
    print(json.dumps({"typer": coder.finder.typer is not None, "records": [r.to_dict() for r in records]}))
    """
)


def _namespace_works() -> bool:
    unshare = shutil.which("unshare")
    if unshare is None:
        return False
    done = subprocess.run([unshare, "-rn", "true"], capture_output=True, timeout=30)
    return done.returncode == 0


@pytest.mark.slow
def test_the_model_and_the_coder_load_with_the_network_unreachable() -> None:
    shipped_typer()
    if _namespace_works():  # a real network namespace with no interfaces but loopback
        cmd = ["unshare", "-rn", sys.executable, "-c", NO_NETWORK, "namespace"]
    else:  # no namespaces here: refuse every connection in the child instead
        cmd = [sys.executable, "-c", NO_NETWORK, "patch"]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["typer"] is True
    assert out["records"], "no record for a plain arrest"
    rec = out["records"][0]
    assert rec["event"] == ["COERCE"]
    assert rec["confidence"] is not None and 0.0 <= rec["confidence"] <= 1.0
    assert rec["typed_by"] in {"lexicon", "lexicon+model", "model", "model-override"}
