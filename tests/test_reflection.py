"""Reflection and confidence widgets: saving, "Saved", worksheets; and the store hardening
they rely on. (Reloading after a kernel restart: tests/e2e/test_participant_steps.py.)"""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser

import pytest

from olivia_training.reports.answers import (
    COMMENTS_ID,
    NOTEBOOKS_ID,
    confidence_id,
    reflection_id,
)
from olivia_training.responses import RecoveredAnswerWarning, ResponseStore


def test_answers_typed_in_the_widgets_are_saved(workspace):
    """Answers typed into the widgets of notebooks 00 and 07 are in the store, and each view
    says "Saved at". That a new kernel shows them all again, the summary included, is
    tests/e2e/test_participant_steps.py, through JupyterLab's own Restart and Run All."""
    from olivia_training.views import confidence, reflection

    workspace.mkdir(parents=True)
    before, answer = confidence.before(), reflection.question("q-cse")
    _built(before)
    _built(answer)
    before.ratings[0].radio.value = 2
    answer.text.value = "I would talk to my <b>safeguarding lead</b> the same day."
    answer.rating.radio.value = 4
    answer.what.value = "Read the CSE procedure"
    answer.by_when.value = "Friday"
    answer.with_whom.value = "My team manager"
    printed = before.ratings[0].status.value + answer.status.value + answer.rating.status.value
    assert printed.count('class="olivia-saved"') == 3 and "Saved at" in printed

    store = ResponseStore(workspace)
    assert store.load(reflection_id("q-cse")) == {
        "reflection": "I would talk to my <b>safeguarding lead</b> the same day.",
        "action": {"what": "Read the CSE procedure", "by_when": "Friday",
                   "with_whom": "My team manager"}}
    assert store.load(confidence_id("before", "q-cse")) == 2
    assert store.load(confidence_id("after", "q-cse")) == 4


# -- the views, without a kernel --------------------------------------------------------------
def _built(view):
    bundle = view._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    return bundle


def _classes_in(widget) -> list[str]:
    found = list(getattr(widget, "_dom_classes", ()))
    for child in getattr(widget, "children", ()):
        found += _classes_in(child)
    return found


def test_confidence_rating_saves_shows_saved_and_reloads(tmp_path):
    from olivia_training.views.confidence import ConfidenceRating

    store = ResponseStore(tmp_path)
    view = ConfidenceRating("q-cse", "before", store=store)
    _built(view)
    assert view.radio.value is None and view.status.value == ""
    view.radio.value = 3
    assert store.load("confidence-before-q-cse") == 3
    assert 'class="olivia-saved"' in view.status.value and "Saved at" in view.status.value
    again = ConfidenceRating("q-cse", "before", store=ResponseStore(tmp_path))
    _built(again)
    assert again.radio.value == 3 and "Saved earlier" in again.status.value
    # Real radio buttons, 1 to 5, in a row; the ends say what they mean.
    assert [v for _, v in view.radio.options] == [1, 2, 3, 4, 5]
    assert view.radio.orientation == "horizontal"
    assert "not at all" in view.radio.options[0][0] and "very" in view.radio.options[4][0]


def test_a_damaged_rating_reads_as_not_rated(tmp_path):
    from olivia_training.views.confidence import ConfidenceRating

    store = ResponseStore(tmp_path)
    store.save("confidence-before-q-cse", "seven")
    view = ConfidenceRating("q-cse", "before", store=store)
    _built(view)
    assert view.radio.value is None


def test_each_output_counts_as_one_exercise(tmp_path):
    """The end-to-end suite counts `.olivia-exercise` against widget outputs: nested ratings
    must not carry the class."""
    from olivia_training.views import confidence, reflection

    store = ResponseStore(tmp_path)
    views = [confidence.ConfidenceRatings("before", store=store),
             reflection.Reflection("q-cse", store=store),
             reflection.ConfidenceSummary(store=store),
             reflection.EvaluationComments(store=store),
             reflection.NotebooksCompleted(store=store),
             reflection.ExportPanel(store=store)]
    for view in views:
        _built(view)
        assert _classes_in(view.widget).count("olivia-exercise") == 1, type(view).__name__
    classes = _classes_in(views[1].widget)
    for name in ("olivia-reflection-text", "olivia-rating-after", "olivia-action-what",
                 "olivia-action-when", "olivia-action-who", "olivia-save", "olivia-status"):
        assert name in classes
    assert _classes_in(views[0].widget).count("olivia-rating-before") == 4


def test_reflection_saves_text_and_action_and_warns_about_personal_data(tmp_path):
    from olivia_training.views.reflection import Reflection

    store = ResponseStore(tmp_path)
    view = Reflection("q-sunrise", store=store)
    _built(view)
    view.text.value = "Ask the team for advice. Her number is 07700 900123."
    view.what.value = "Find the referral route"
    saved = store.load(reflection_id("q-sunrise"))
    assert saved == {"reflection": "Ask the team for advice. Her number is 07700 900123.",
                     "action": {"what": "Find the referral route", "by_when": "", "with_whom": ""}}
    assert "Saved at" in view.status.value
    assert "a phone number" in view.warning.value and "07700" not in view.warning.value
    view.text.value = "Ask the team for advice."
    assert view.warning.value == ""
    view.rating.radio.value = 5
    assert store.load(confidence_id("after", "q-sunrise")) == 5


def test_comments_opt_in_and_notebook_ticks_save(tmp_path):
    from olivia_training.views.reflection import EvaluationComments, NotebooksCompleted

    store = ResponseStore(tmp_path)
    comments = EvaluationComments(store=store)
    _built(comments)
    comments.text.value = "More time for the chronology."
    assert store.load(COMMENTS_ID) == {"text": "More time for the chronology.", "share": False}
    comments.share.value = True
    assert store.load(COMMENTS_ID)["share"] is True
    ticks = NotebooksCompleted(store=store, notebooks=[("00", "Start"), ("07", "Reflection")])
    _built(ticks)
    ticks.boxes["07"].value = True
    ticks.boxes["00"].value = True
    assert store.load(NOTEBOOKS_ID) == ["00", "07"]


def test_export_panel_writes_the_record_and_the_evaluation(tmp_path):
    from olivia_training.views.reflection import ExportPanel

    store = ResponseStore(tmp_path)
    store.save(confidence_id("before", "q-cse"), 2)
    panel = ExportPanel(store=store)
    _built(panel)
    panel.session.value = "ROCH 12/3"
    panel.make_cpd()
    assert (tmp_path / "cpd-record.html").is_file() and "cpd-record.html" in panel.message.value
    panel.make_evaluation()
    data = json.loads((tmp_path / "evaluation.json").read_text())
    assert data["session"] == "ROCH 12/3" and data["confidence"]["q-cse"]["before"] == 2
    panel.session.value = "<bad>"
    panel.make_evaluation()
    assert "olivia-unsaved" in panel.message.value and "&lt;bad&gt;" not in panel.message.value


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.headings = []

    def handle_starttag(self, tag, attrs):
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def test_worksheets_have_tick_boxes_writing_space_and_no_facilitator_notes(tmp_path):
    from olivia_training.content import load
    from olivia_training.views.confidence import ConfidenceRatings
    from olivia_training.views.reflection import Reflection

    store = ResponseStore(tmp_path)
    sheet = ConfidenceRatings("before", store=store).html()
    assert sheet.count('class="olivia-ticks olivia-ticks-inline"') == 4
    for q in load("workshop").questions:
        assert q.source.split()[0] in sheet
    view = Reflection("q-sunrise", store=store)
    participant, facilitator = view.html(False), view.html(True)
    note = load("reflection").for_question("q-sunrise").facilitator_note
    assert note not in participant and note[:40] in facilitator
    assert participant.count('class="olivia-write"') == 4  # reflection, what, by when, with whom
    assert "From the briefing" in participant
    parsed = _Text()
    parsed.feed(participant)
    assert parsed.headings == []  # worksheets sit under the notebook's own headings


# -- the store hardening these widgets rely on ------------------------------------------------
def test_saving_over_a_damaged_answer_recovers_at_once(tmp_path):
    """It used to wait 30 s on its own lock, then fail."""
    store = ResponseStore(tmp_path)
    store.save("q", "good")
    (store.folder / "q.json").write_text("{torn")
    start = time.monotonic()
    with pytest.warns(RecoveredAnswerWarning):
        store.save("q", "newer")
    assert time.monotonic() - start < 5
    assert [v["value"] for v in store.history("q")] == ["good", "newer"]


@pytest.mark.parametrize("damage", ['{"versions": [1, 2]}', '{"versions": [{"saved_at": "x"}]}', "[]"])
def test_valid_json_of_the_wrong_shape_counts_as_damage(tmp_path, damage):
    store = ResponseStore(tmp_path)
    store.save("q", "good")
    (store.folder / "q.json").write_text(damage)
    with pytest.warns(RecoveredAnswerWarning):
        assert ResponseStore(tmp_path).load("q") == "good"
