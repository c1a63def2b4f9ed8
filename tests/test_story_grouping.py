"""Story grouping on one day of unrelated news (nestor.merge.stories): reports that share only a big name
("the United Nations", a country) are not one story; reports of one happening told by two outlets are.

The reports are written for this test; their vectors come from the real embedding, their names from the
real name reader, their weights from the local frequency of those names among them."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import combinations

import numpy as np
import pytest

from nestor.merge import embedding
from nestor.merge.stories import LocalFrequency, StoryDoc, assign, text_names
from nestor.settings import Settings

DAY = date(2025, 3, 4)
THRESHOLD = Settings().story_threshold

# (story, id, title, text): eight stories name the United Nations (four in one sentence of a wire, as
# wires write them), two name Kenya, none is another's
REPORTS = [
    ("beira-aid", "beira-1", "UN flies food to flooded Beira",
     "The United Nations began flying maize and cooking oil into Beira on Tuesday after the Pungwe river "
     "burst its banks, cutting the Mozambican port off by road. The World Food Programme said 40,000 "
     "people in Beira had lost their homes."),
    ("beira-aid", "beira-2", "Airlift reaches Beira as Pungwe floods spread",
     "Cargo planes carrying World Food Programme rations landed at Beira's airport, the first relief to "
     "reach the city since the Pungwe flooded its outskirts. Mozambican officials put the homeless at more "
     "than 40,000."),
    ("hodeidah-talks", "yemen-1", "Envoy opens Hodeidah truce talks",
     "A United Nations envoy opened talks in Muscat on a truce around Hodeidah, the Red Sea port where "
     "Houthi forces and government troops have fought since January. The envoy, Lars Eklund, said both "
     "delegations had agreed to a prisoner list."),
    ("hodeidah-talks", "yemen-2", "Muscat talks on Hodeidah port make slow start",
     "Delegations of the Houthis and of Yemen's government sat in separate rooms in Muscat as mediator "
     "Lars Eklund shuttled between them, seeking a ceasefire for Hodeidah and an exchange of prisoners."),
    ("sanctions-vote", "council-1", "Council renews arms embargo",
     "The Security Council of the United Nations voted 13-0 to renew the arms embargo on the Central "
     "African Republic for a year, with two members abstaining."),
    ("peacekeepers", "malakal-1", "Peacekeepers wounded near Malakal",
     "Two Indian peacekeepers serving with the United Nations were wounded when their patrol came under "
     "fire outside Malakal in South Sudan, a mission spokesperson said."),
    ("somalia-appeal", "wire-1", None,
     "The United Nations appealed on Tuesday for $40 million to feed drought-hit herders in Somalia."),
    ("iran-inspection", "wire-2", None,
     "Inspectors sent by the United Nations arrived in Tehran to visit a uranium enrichment plant."),
    ("darfur-convoys", "wire-3", None,
     "Fighting around El Fasher forced the United Nations to halt its food convoys in Darfur."),
    ("haiti-vote", "wire-4", None,
     "The United Nations will send 200 observers to watch the presidential election in Haiti."),
    ("mombasa-strike", "port-1", "Mombasa dockers walk out over pay",
     "Dock workers in Mombasa stopped work on Tuesday over unpaid overtime, leaving four container ships "
     "waiting at anchor. The Dock Workers Union said the Kenya Ports Authority owed its members three "
     "months of allowances."),
    ("mombasa-strike", "port-2", "Ships queue off Mombasa as strike bites",
     "A walkout by Mombasa's dockers left container ships queuing off Kenya's busiest port; the Kenya "
     "Ports Authority called the strike illegal and the Dock Workers Union vowed to stay out."),
    ("nairobi-court", "court-1", "Kenya court halts housing levy",
     "Judges of the High Court in Nairobi suspended Kenya's new housing levy on salaries until they hear "
     "a petition by a taxpayers' group, the second time the courts have blocked the tax."),
]  # fmt: skip


def _docs() -> tuple[list[StoryDoc], LocalFrequency]:
    vectors = embedding.embed([f"{title or ''}\n{text}" for _, _, title, text in REPORTS])
    docs = [
        StoryDoc(doc_id, DAY, vectors[i], text_names(title, text), title)
        for i, (_, doc_id, title, text) in enumerate(REPORTS)
    ]
    name_days: dict[str, dict[date, int]] = {}
    for d in docs:
        for n in d.names:
            name_days.setdefault(n, {DAY: 0})[DAY] += 1
    return docs, LocalFrequency(name_days, {DAY: len(docs)}, 10)


@pytest.fixture(scope="module")
def grouped() -> dict[str, set[str]]:
    docs, frequency = _docs()
    groups: dict[str, set[str]] = {}
    for doc_id, story, _ in assign(docs, [], frequency.weight, THRESHOLD, 10):
        groups.setdefault(story, set()).add(doc_id)
    return groups


def test_the_reports_share_big_names() -> None:
    """The set is what the test claims: eight reports spell "united nations", two "kenya"."""
    named = Counter(n for _, _, title, text in REPORTS for n in text_names(title, text))
    assert named["w:united nations"] >= 8
    assert named["w:kenya"] >= 2


def test_no_story_joins_reports_of_different_happenings(grouped: dict[str, set[str]]) -> None:
    gold = {doc_id: story for story, doc_id, _, _ in REPORTS}
    for members in grouped.values():
        assert len({gold[d] for d in members}) == 1, sorted(members)


def test_two_outlets_telling_one_happening_are_one_story(grouped: dict[str, set[str]]) -> None:
    story_of = {d: s for s, members in grouped.items() for d in members}
    same = [(a, b) for (sa, a, _, _), (sb, b, _, _) in combinations(REPORTS, 2) if sa == sb]
    joined = [p for p in same if story_of[p[0]] == story_of[p[1]]]
    assert len(joined) >= len(same) - 1, (joined, same)


def test_a_name_of_several_words_is_one_name() -> None:
    from nestor.merge.names import name_phrases

    got = name_phrases("Troops of the United Nations left the West Bank town; Las Palmas port reopened.")
    assert {"united nations", "west bank"} <= set(got)
    assert "united" not in got and "bank" not in got


def test_one_shared_country_is_not_enough_to_join_but_a_shared_village_is() -> None:
    from nestor.merge.stories import MIN_SUPPORT, Story, support

    story = Story("s", np.zeros(4, dtype=np.float32))
    story.add(StoryDoc("a", DAY, np.ones(4, dtype=np.float32), Counter({"w:serbia": 1, "w:presevo": 1})))
    rare = lambda _name: 1.0  # noqa: E731 - every name as rare as one no report uses
    assert support(Counter({"w:serbia": 1, "w:nato": 1}), story, rare) < MIN_SUPPORT
    assert support(Counter({"w:presevo": 1, "w:nato": 1}), story, rare) >= MIN_SUPPORT
