"""Notebook 02: ACEs as a lens. Tag feedback, coaching, the strip plot, content checks, leaks."""

from __future__ import annotations

import json
import re

import pytest
from handout_checks import facilitator_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from olivia_training.content import ContentError, load
from olivia_training.domain import aces as logic
from olivia_training.labels import BRIEFING_LABEL, ILLUSTRATIVE_LABEL
from olivia_training.paths import notebooks_dir
from olivia_training.responses import ResponseStore
from olivia_training.views import aces as views

NAMES = {"a": "Alpha", "b": "Beta", "c": "Gamma", "d": "Delta"}
KEY = [logic.KeyPoint(("a",), "Reason for alpha."),
       logic.KeyPoint(("b", "c"), "Either beta or gamma is a fair reading.")]
SCORE_WORDS = re.compile(r"\d|score|mark|out of|%|correct|wrong|fail|pass\b", re.I)


# -- comparing tags with the key -----------------------------------------------------------

def test_agreed_missed_and_added_each_carry_a_reason():
    result = logic.compare("e1", ["a", "d"], KEY, NAMES, {"d": "Why the key leaves out delta."})
    assert [(t.label, t.reason) for t in result.agreed] == [("Alpha", "Reason for alpha.")]
    assert [(t.label, t.reason) for t in result.missed] == [
        ("Beta or Gamma", "Either beta or gamma is a fair reading.")]
    assert [(t.label, t.reason) for t in result.added] == [("Delta", "Why the key leaves out delta.")]


def test_either_category_of_a_key_point_agrees_with_it():
    result = logic.compare("e1", ["c", "a"], KEY, NAMES)
    assert [t.categories for t in result.agreed] == [("a",), ("c",)]
    assert not result.missed and not result.added


def test_an_added_tag_without_a_key_reason_gets_the_generic_line_and_repeats_count_once():
    result = logic.compare("e1", ["d", "d"], KEY, NAMES)
    assert len(result.added) == 1
    assert result.added[0].reason == logic.GENERIC_ADDED_REASON


def test_empty_key_agrees_with_no_tags():
    result = logic.compare("e1", [], [], NAMES, empty_reason="Not an adversity.")
    assert result.empty_key and result.tagged_nothing
    coaching = logic.coaching(result)
    assert coaching.done_well[0].startswith("You left this entry untagged, as the key does.")
    assert "Not an adversity." in coaching.done_well[0]


@settings(deadline=None)  # a shared machine: timings vary
@given(st.lists(st.sampled_from(sorted(NAMES)), max_size=6))
def test_every_key_point_is_agreed_or_missed_and_every_tag_is_accounted_for(tags):
    result = logic.compare("e1", tags, KEY, NAMES)
    assert len(result.agreed) + len(result.missed) == len(KEY)
    accounted = {c for t in result.agreed + result.added for c in t.categories}
    assert accounted == set(tags)


# -- coaching ------------------------------------------------------------------------------

@settings(deadline=None)  # a shared machine: timings vary
@given(st.lists(st.sampled_from(sorted(NAMES)), max_size=6))
def test_coaching_names_what_was_done_well_first_and_never_scores(tags):
    coaching = logic.coaching(logic.compare("e1", tags, KEY, NAMES))
    assert coaching.done_well, "there is always something done well, first"
    assert 1 <= len(coaching.next_steps) <= logic.MAX_NEXT_STEPS
    for sentence in coaching.sentences():
        assert not SCORE_WORDS.search(sentence), sentence


def test_coaching_keeps_every_comparison_line_but_offers_two_next_steps():
    names = {**NAMES, "e": "Epsilon"}
    key = [*KEY, logic.KeyPoint(("e",), "Reason for epsilon.")]
    coaching = logic.coaching(logic.compare("e1", ["d"], key, names))
    assert len(coaching.next_steps) == 2
    assert len(coaching.next_steps) + len(coaching.more) == 4  # three missed, one added
    assert coaching.next_steps[0].startswith("Look again for alpha")
    assert coaching.more[-1].startswith("You added delta.")


def test_agreeing_with_the_whole_key_still_offers_one_thing_to_try():
    coaching = logic.coaching(logic.compare("e1", ["a", "b"], KEY, NAMES))
    assert coaching.done_well[0] == "You spotted alpha, as the key does. Reason for alpha."
    assert len(coaching.next_steps) == 1 and "does not tell you" in coaching.next_steps[0]


def test_the_shipped_key_agrees_with_itself_for_every_entry():
    model = load("aces")
    names = model.names()
    chronology_ids = {e.id for e in load("chronology").entries}
    for item in model.spot.items:
        assert item.entry in chronology_ids
        tags = [k.categories[0] for k in item.facilitator_key]
        result = logic.compare_item(item, tags, names)
        assert not result.missed and not result.added, item.entry
        for sentence in logic.coaching(result).sentences():
            assert not SCORE_WORDS.search(sentence), sentence


# -- the strip plot ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def strip():
    return logic.strip_data(load("chronology"), load("aces"))


def test_strip_rows_cover_all_ten_categories_and_the_wider_ones(strip):
    model = load("aces")
    covered = [c for r in strip.rows for c in r.categories]
    assert sorted(covered) == sorted(model.names()), "each category in exactly one row"
    assert any(r.silent for r in strip.rows), "some categories are silent in the records"
    for row in strip.rows:
        assert row.silent == (not any(p.row == row.id for p in strip.points))
        assert row.label.endswith(logic.SILENT_SUFFIX) == row.silent
    assert [r.wider for r in strip.rows][-1], "wider adversities come after the ten"


def test_strip_points_carry_their_provenance(strip):
    kinds = {p.entry_id: p.kind for p in strip.points}
    assert kinds["b-domestic-abuse"] == logic.KIND_BRIEFING
    assert kinds["i-police-domestic-abuse"] == logic.KIND_ILLUSTRATIVE
    assert kinds["b-coerced"] == logic.KIND_PLACED  # the briefing does not place it in time
    stages = {p.entry_id: p.stage for p in strip.points}
    assert stages["b-domestic-abuse"] == "unspecified"


def test_strip_alt_text_comes_from_the_data_and_predicts_nothing(strip):
    alt = logic.strip_alt_text(strip)
    assert "silent on physical abuse" in alt
    assert "illustrative" in alt and "predict" in alt
    assert not re.search(r"\d", alt), "no counts in the alt text"
    description = logic.strip_description(strip)
    for _, label in strip.stages:
        assert label in description


def test_strip_legend_labels_illustrative_entries(strip):
    fig = logic.strip_figure(strip)
    legend = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    assert ILLUSTRATIVE_LABEL in legend and BRIEFING_LABEL in legend
    block = views.strip_block(strip)
    assert f'alt="{logic.strip_alt_text(strip)}"'.replace("'", "&#39;") in block.html()


# -- content validation: one clear line per problem ----------------------------------------

def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(content) -> list[str]:
    with pytest.raises(ContentError) as info:
        load("aces", content)
    lines = [str(p) for p in info.value.problems]
    assert all("\n" not in line for line in lines)
    return lines


def test_an_unknown_category_in_the_key_is_named_with_its_line(content_copy):
    path = content_copy / "aces.yaml"
    _replace(path, "- categories: [household-mental-illness]", "- categories: [household-madness]")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "household-madness" in t)
    assert _problems(content_copy) == [
        "exercises/aces.yaml: spot.items[1].facilitator_key[0].categories[0]: 'household-madness' "
        f"is not a category or wider adversity in aces.yaml (line {line})"]


def test_an_unknown_chronology_entry_is_named(content_copy):
    _replace(content_copy / "aces.yaml", "- entry: i-plan-ends", "- entry: i-plan-finishes")
    [problem] = _problems(content_copy)
    assert "spot.items[5].entry: refers to unknown id 'i-plan-finishes' in chronology.yaml" in problem


def test_the_two_children_must_share_a_count(content_copy):
    _replace(content_copy / "aces.yaml", "categories: [domestic-abuse, emotional-abuse, ",
             "categories: [emotional-abuse, ")
    [problem] = _problems(content_copy)
    assert "same_count.children: the children must have the same count (maya has 4, jordan has 3)" \
        in problem


def test_the_list_has_ten_categories(content_copy):
    path = content_copy / "aces.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("  - id: parental-separation")
    end = text.index("  - id: household-member-in-prison")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    problems = _problems(content_copy)
    assert any("categories: the ACE list has 10 categories, not 9" in p for p in problems)


def test_an_empty_key_needs_its_reason(content_copy):
    path = content_copy / "aces.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"      facilitator_empty_reason: >-\n(        .*\n)+", "", text)
    path.write_text(text, encoding="utf-8")
    [problem] = _problems(content_copy)
    assert "spot.items[5].facilitator_empty_reason: an entry with no category" in problem


def test_a_typo_in_a_field_name_is_caught(content_copy):
    _replace(content_copy / "aces.yaml", "    in_1998_paper: true\n", "    in_1998_papr: true\n")
    problems = _problems(content_copy)
    assert any("categories[0].in_1998_papr: unknown field" in p for p in problems)


# -- views: worksheets, widgets, and the leak check ----------------------------------------



def _text(html: str) -> str:
    import html as h

    return " ".join(h.unescape(html).split())


def test_participant_worksheets_hold_no_key_and_facilitator_ones_do(tmp_path):
    store = ResponseStore(tmp_path)
    secrets = facilitator_texts(load("aces"))
    assert len(secrets) > 10
    participant = " ".join(_text(v.html(False)) for v in (
        views.spot_the_aces(store=store), views.same_count(store=store),
        views.reflection("aces-protective", store=store), views.categories(),
        views.protective_factors(), views.strip_plot()))
    for secret in secrets:
        assert secret not in participant, secret[:60]
    facilitator = " ".join(_text(v.html(True)) for v in (
        views.spot_the_aces(store=store), views.same_count(store=store),
        views.reflection("aces-protective", store=store)))
    reasons = [s for s in secrets if " " in s]  # prose, not category ids
    for secret in reasons:
        assert secret in facilitator, secret[:60]
    assert "Facilitator key" in facilitator and "Facilitator key" not in participant


def test_every_entry_on_the_worksheet_shows_its_provenance():
    page = views.spot_the_aces().html(False)
    items = load("aces").spot.items
    labels = page.count(f">{BRIEFING_LABEL}</span>") + page.count(f">{ILLUSTRATIVE_LABEL}</span>")
    assert labels == len(items)
    assert "Its place in time is illustrative" in page  # b-coerced
    assert page.count('class="olivia-ticks olivia-ticks-columns"') == len(items)


def test_same_count_children_are_labelled_illustrative():
    page = _text(views.same_count().html(False))
    assert page.count(ILLUSTRATIVE_LABEL) == 2
    assert page.count("not Olivia, and not a real child") == 2


def test_spot_widget_saves_ticks_and_gives_coaching(tmp_path):
    store = ResponseStore(tmp_path)
    view = views.spot_the_aces(store=store)
    assert view.widget is not None
    view.boxes["b-mental-health"]["household-mental-illness"].value = True
    assert store.load("aces-spot")["b-mental-health"] == ["household-mental-illness"]
    assert "Saved at" in view.status.value and "Saved at" in view.entry_status["b-mental-health"].value
    view._check("b-mental-health")
    feedback = _text(view.feedback["b-mental-health"].value)
    assert feedback.index("What you did well") < feedback.index("To try next")
    assert "Look again for physical neglect or emotional neglect" in feedback

    again = views.spot_the_aces(store=store)
    assert again.widget is not None
    assert again.boxes["b-mental-health"]["household-mental-illness"].value is True
    assert "Saved earlier" in again.entry_status["b-mental-health"].value


def test_same_count_widget_saves_each_answer(tmp_path):
    store = ResponseStore(tmp_path)
    view = views.same_count(store=store)
    assert view.widget is not None
    view.texts["needs"].value = "Jordan needs an adult who notices, now."
    assert store.load("aces-same-count")["needs"] == "Jordan needs an adult who notices, now."
    assert "Saved at" in view.status.value


def test_built_handouts_hold_the_key_only_in_the_facilitator_edition(built_handouts):
    stem = "02_adverse_childhood_experiences"
    participant_page = built_handouts / "participant" / f"{stem}.html"
    assert participant_page.exists(), "notebook 02 was not built"
    participant = _text(participant_page.read_text(encoding="utf-8"))
    facilitator = _text((built_handouts / "facilitator" / f"{stem}.html").read_text(encoding="utf-8"))
    secrets = facilitator_texts(load("aces"))
    for secret in secrets:
        assert secret not in participant, secret[:60]
    for secret in [s for s in secrets if " " in s]:
        assert secret in facilitator, secret[:60]
    assert ILLUSTRATIVE_LABEL in participant
    assert "Exercise: spot the ACEs in the chronology" in participant
    assert 'alt="Strip plot of adversity' in participant_page.read_text(encoding="utf-8")


# -- the categories' wording and sources --------------------------------------------------------
def test_sexual_abuse_says_what_the_adult_did_and_passes_the_pack_s_own_checker():
    from olivia_training.domain.recording_drills.review import review_record

    category = next(c for c in load("aces").categories if c.id == "sexual-abuse")
    assert "sexual activity" not in category.description
    assert "sexually abused the child" in category.description
    assert review_record(category.description).language == []


def test_the_ten_categories_cite_their_source_in_the_data_and_the_notebook():
    model = load("aces")
    assert all("anda-2020" in c.sources for c in model.categories)
    assert all("felitti-1998" in c.sources for c in model.categories if c.in_1998_paper)
    nb = json.loads((notebooks_dir() / "02_adverse_childhood_experiences.ipynb").read_text("utf-8"))
    text = " ".join(" ".join("".join(c["source"]) for c in nb["cells"]).split())
    assert "ten-item list on which the ACE score is built (Anda, Porter and Brown, 2020)" in text
    # The mid-teens are the illustrative chronology's, not the briefing's.
    assert "clusters in her mid-teens" not in text
    assert "in the illustrative chronology" in text and "the briefing gives no age" in text
