"""Figures read from sentences (nestor.merge.figures), compared across reports (figure_compare), and the
discrepancy table; story spans and gaps (stories.assign). Hand-made inputs, no coder: fast."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nestor.merge.discrepancy_table import table_rows
from nestor.merge.figure_compare import FigureRow, compare, figures_table
from nestor.merge.figures import read_figures
from nestor.merge.stories import MAX_STORY_DAYS, LocalFrequency, StoryDoc, assign

# (sentence, [(kind, value, group, place)]): many kinds of news, outlets and phrasings
SENTENCES = [
    ("At least 22 people were killed in Lagos on Sunday, according to Amnesty International.",
     [("dead", 22, "", "Lagos")]),
    ("The death toll from the landslide rose to 31, the provincial governor said.", [("dead", 31, "", "")]),
    ("Riot police detained 140 demonstrators outside parliament.", [("detained", 140, "", "")]),
    ("Some 5,000 protesters marched through the capital on Saturday.", [("participants", 5000, "", "")]),
    ("Two soldiers and three civilians were wounded when a roadside bomb exploded.",
     [("injured", 2, "security", ""), ("injured", 3, "", "")]),
    ("More than 1.2 million people have fled their homes since the fighting began.",
     [("displaced", 1_200_000, "", "")]),
    ("Gunmen killed 12 villagers in an overnight raid, a local official told reporters.",
     [("dead", 12, "", "")]),
    ("Police arrested 37 people after the match in Buenos Aires.", [("arrested", 37, "", "Buenos Aires")]),
    ("The mission will number about 2,500 troops, a diplomat said.", [("troops", 2500, "", "")]),
    ("Four police officers were among the dead, the ministry said.", []),
    ("The ferry, carrying 300 passengers, sank in 15 metres of water.", []),
    ("Prices rose 12 percent in March, and the central bank raised rates to 18.5 percent.", []),
    ("Thousands of people rallied in the square.", []),
    ("The two countries signed the accord in 2019.", []),
    ("Several thousand people marched along the avenue.", []),
    ("Eight people died, 103 of them in the capital.", [("dead", 8, "", "")]),
    ("He was detained by 40 police officers.", []),
    ("The rights group said the dead included two teenagers.", []),
    ("Floods have left 1.3 million people stranded and killed at least 46, officials said.",
     [("dead", 46, "", "")]),
    ("Fifteen people, including three children, died in the blaze.", [("dead", 15, "", "")]),
    ("Three gunmen killed 12 villagers in the attack.", [("dead", 12, "", "")]),
    ("Hospital sources put the number of wounded at 70.", [("injured", 70, "", "")]),
    ("Police said 14 officers were hurt and 52 protesters arrested.",
     [("injured", 14, "security", ""), ("arrested", 52, "", "")]),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "want"), SENTENCES)
def test_figures_are_read_with_what_they_count(sentence: str, want: list[tuple[str, int, str, str]]) -> None:
    got = [(f.kind, f.value, f.group, f.place) for f in read_figures(sentence)]
    assert got == want


def test_a_qualifier_is_kept_with_the_figure() -> None:
    (fig,) = read_figures("Nearly 10,000 people have been detained since the protests began.")
    assert (fig.qualifier, fig.value, fig.written) == ("nearly", 10_000, "Nearly 10,000")


def _fig(doc: str, outlet: str, published: str, kind: str, value: int, **kw: object) -> FigureRow:
    fields = {
        "story": "s", "document": doc, "outlet": outlet, "published": published, "kind": kind, "value": value,
        "written": str(value), "qualifier": "", "group": "", "place": "", "event_date": None,
        "claimant": None, "sentence": f"{value} {kind}", "cluster": None, "derived_from": None,
    }  # fmt: skip
    fields.update(kw)
    return FigureRow(**fields)  # type: ignore[arg-type]


def test_a_toll_of_one_dated_event_that_differs_is_a_discrepancy_listing_every_figure() -> None:
    figs = [
        _fig("a", "Wire", "2023-03-16", "dead", 6, event_date="2023-03-16", claimant="ombudsman"),
        _fig("b", "Post", "2023-03-17", "dead", 4, event_date="2023-03-16", claimant="minister"),
        _fig("c", "Ledger", "2023-03-17", "dead", 8, event_date="2023-03-16"),
    ]
    (d,) = compare(figs)
    assert d["values"] == {"a": "6", "b": "4", "c": "8"}
    assert [f["claimant"] for f in d["figures"]] == ["ombudsman", "minister", None]
    assert all(f["date"] == "2023-03-16" for f in d["figures"])


def test_figures_of_different_days_places_or_groups_are_not_a_discrepancy() -> None:
    figs = [
        _fig("a", "Wire", "2023-03-14", "injured", 15, event_date="2023-03-14"),
        _fig("b", "Post", "2023-03-16", "injured", 30, event_date="2023-03-16"),
        _fig("c", "Post", "2023-03-16", "dead", 4, place="Lima"),
        _fig("d", "Wire", "2023-03-16", "dead", 6, place="Cusco"),
        _fig("e", "Wire", "2023-03-16", "dead", 9, group="security", place="Lima"),
    ]
    assert compare(figs) == []


def test_a_running_tally_that_grows_is_no_discrepancy_but_one_that_falls_or_differs_on_a_day_is() -> None:
    growing = [
        _fig(str(i), f"O{i}", f"2022-01-0{i}", "detained", v) for i, v in enumerate((200, 3000, 4404), 1)
    ]
    assert compare(growing) == []
    falling = [*growing, _fig("9", "Other", "2022-01-04", "detained", 2500)]
    (d,) = compare(falling)
    assert any("fell to 2500" in c for c in d["conflicts"])
    same_day = [_fig("x", "A", "2022-01-05", "dead", 22), _fig("y", "B", "2022-01-05", "dead", 30)]
    assert len(compare(same_day)) == 1
    rows = figures_table(growing)
    assert [r["value"] for r in rows] == [200, 3000, 4404] and not any(r["disputed"] for r in rows)


def test_the_table_shows_the_values_that_differ_first() -> None:
    figs = [
        _fig("a", "Wire", "2023-03-16", "dead", 6, event_date="2023-03-16", qualifier="at least"),
        _fig("b", "Reprint", "2023-03-16", "dead", 6, event_date="2023-03-16", qualifier="at least"),
        _fig("c", "Post", "2023-03-17", "dead", 4, event_date="2023-03-16"),
    ]
    (row,) = table_rows(compare(figs))
    assert row["differ"] == "at least 6 ×2 ≠ 4"
    assert row["says"].startswith("Wire: 6 (2023-03-16)")


# -------------------------------------------------------------------------------------------- stories
def _doc(i: int, day: date, topic: int) -> StoryDoc:
    vec = np.zeros(8, dtype=np.float32)
    vec[topic] = 1.0
    return StoryDoc(f"d{i:04d}", day, vec, Counter({f"w:topic{topic}": 1}))  # a spelled name


def _flat(day: date | None) -> object:
    return lambda _name: 1.0


def test_a_story_never_spans_more_than_its_cap() -> None:
    start = date(2024, 1, 1)
    docs = [_doc(i, start + timedelta(days=i), 0) for i in range(100)]  # one topic, every day
    stories: list = []
    assign(docs, stories, _flat, 0.35, 10)
    assert len(stories) >= 100 // (MAX_STORY_DAYS + 1)
    assert all((s.last - s.first).days <= MAX_STORY_DAYS for s in stories)


def test_a_pause_in_reporting_splits_a_story() -> None:
    start = date(2024, 1, 1)
    days = [0, 1, 2, 20, 21]  # eighteen days of silence
    docs = [_doc(i, start + timedelta(days=d), 0) for i, d in enumerate(days)]
    stories: list = []
    placed = dict((d, s) for d, s, _ in assign(docs, stories, _flat, 0.35, 10))
    assert placed["d0000"] == placed["d0002"] != placed["d0003"] == placed["d0004"]


@settings(max_examples=30, deadline=None)
@given(
    specs=st.lists(st.tuples(st.integers(0, 25), st.integers(0, 3)), min_size=1, max_size=25),
    shift=st.integers(60, 3000),
    copies=st.integers(2, 4),
)
def test_the_partition_of_a_corpus_does_not_change_when_it_is_repeated_far_away(
    specs: list[tuple[int, int]], shift: int, copies: int
) -> None:
    """Same reports shifted in time and repeated: each copy is grouped like the corpus alone, with names
    weighed by their frequency around each report (not in the whole store)."""
    start = date(2024, 1, 1)

    def partition(n_copies: int) -> list[set[frozenset[str]]]:
        docs = [
            StoryDoc(f"{k}:{i}", start + timedelta(days=day + k * shift), _doc(i, start, topic).vector,
                     Counter({f"w:topic{topic}": 1, f"w:n{i % 3}": 1}))
            for k in range(n_copies) for i, (day, topic) in enumerate(specs)
        ]  # fmt: skip
        names: dict[str, dict[date, int]] = {}
        days: Counter[date] = Counter()
        for d in docs:
            days[d.day] += 1
            for n in d.names:
                names.setdefault(n, Counter())[d.day] += 1  # type: ignore[index]
        freq = LocalFrequency(names, dict(days), 10)
        placed = assign(docs, [], freq.weight, 0.35, 10)
        out: list[set[frozenset[str]]] = []
        for k in range(n_copies):
            groups: dict[str, set[str]] = {}
            for doc, story, _ in placed:
                if doc.startswith(f"{k}:"):
                    groups.setdefault(story, set()).add(doc.split(":")[1])
            out.append({frozenset(g) for g in groups.values()})
        return out

    (alone,) = partition(1)
    assert all(p == alone for p in partition(copies))


# -------------------------------------------------------------------------------------------- sources
def test_a_copy_merged_before_its_original_is_revised_to_derive_from_it() -> None:
    from nestor.merge.sources import Derivation, SourceDoc, derive

    text = (
        "Port workers in Mombasa walked out on Monday over unpaid overtime, halting the unloading of "
        "three container ships, and union leaders said the strike would last until the port authority "
        "paid what it owed. The authority said talks would resume on Wednesday."
    )
    copy = SourceDoc("copy", text, "Coast Herald", "2024-05-06")
    earlier = {"copy": (copy, Derivation("copy", "coast herald", None, None, None, "coast herald"))}
    original = SourceDoc("orig", "MOMBASA (Xinhua) — " + text, "Xinhua", "2024-05-06")
    out = {d.document_id: d for d in derive([original], earlier, 0.6, 10)}
    assert out["orig"].derived_from is None  # an agency's report is nobody's copy
    assert out["copy"].derived_from == "orig" and out["copy"].root == "xinhua"


def test_a_rewrite_crediting_an_outlet_only_later_known_is_revised() -> None:
    from nestor.merge.sources import Derivation, SourceDoc, derive

    rewrite = SourceDoc(
        "rw",
        "Dockers stayed off work for a second day.\n\nThe strike began on Monday.\n\nMore talks are due.\n\n"
        "Shipping lines have begun to divert cargo to Dar es Salaam, Harbour Wire reported.\n\nEnd.\n\n"
        "More.\n\nMore still.\n\nAnd more.",
        "Coast Herald",
        "2024-05-07",
    )
    earlier = {"rw": (rewrite, Derivation("rw", "coast herald", None, None, None, "coast herald"))}
    wire = SourceDoc(
        "hw", "A report on cargo diverted from Mombasa by shipping lines.", "Harbour Wire", "2024-05-07"
    )
    out = {d.document_id: d for d in derive([wire], earlier, 0.6, 10)}
    assert out["rw"].derived_from == "Harbour Wire" and out["rw"].kind == "credit"


def test_a_decimal_figure_is_not_cut_at_its_point() -> None:
    from nestor.merge.figure_rows import sentences

    text = "A force numbering 3.6 thousand servicemen arrived. Officials said 2.5 million people fled."
    assert [s for _, _, s in sentences(text)] == [
        "A force numbering 3.6 thousand servicemen arrived.",
        "Officials said 2.5 million people fled.",
    ]
    values = [f.value for _, _, s in sentences(text) for f in read_figures(s)]
    assert values == [3600, 2_500_000]


@pytest.mark.parametrize(
    ("sentence", "group"),
    [
        ("Officials in Dushanbe said one Tajik citizen had died.", "Tajik"),
        ("Two Kenyan soldiers were killed near the border on Monday.", "Kenyan security"),
        ("Police said 12 Syrian refugees were detained in Izmir.", "Syrian"),
        ("Two people were killed in the shelling.", ""),
    ],
)
def test_a_nationality_word_makes_a_figure_that_nation_s_count(sentence: str, group: str) -> None:
    (figure,) = read_figures(sentence)
    assert figure.group == group


def test_an_undated_report_keeps_the_past_month_its_text_states() -> None:
    from nestor.merge.figure_rows import _explicit

    text = "In December 2011 police opened fire on striking workers, killing at least 14 people."
    assert _explicit("2011-12", "month", None, text) == "2011-12"  # not an undated running tally
    assert _explicit("2022-01", "month", "2022-01-05", "Protests went on in January.") is None
