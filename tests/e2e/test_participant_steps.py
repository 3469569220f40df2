"""Exercises played the way a participant plays them: real clicks and typing.

Each test drives the page that test_notebooks_in_lab.py has just Run All'd (`lab_notebook`),
so no notebook is opened or run a second time for its steps.
"""

from __future__ import annotations

import pytest
from lab_driver import on_notebook
from test_notebooks_in_lab import assert_clean

pytestmark = pytest.mark.e2e


@on_notebook("01_case_chronology.ipynb")
def test_chronology_filter_changes_the_cards(lab_notebook):
    nb = lab_notebook
    page = nb.page
    cards = page.locator(".olivia-card")
    total = cards.count()
    assert total > 5
    page.locator(".widget-toggle-button", has_text="From the briefing").first.click()
    page.wait_for_function("n => document.querySelectorAll('.olivia-card').length < n", arg=total)
    shown = cards.count()
    assert 0 < shown < total
    for i in range(shown):
        assert "From the briefing" in cards.nth(i).inner_text()
    page.locator(".widget-button", has_text="Clear filters").first.click()
    page.wait_for_function("n => document.querySelectorAll('.olivia-card').length === n", arg=total)
    assert_clean(nb)


# The scenario has answered a choice once every button of the moment before has left the page
# and either the debrief or the next moment's buttons are drawn. Its kernel sends the new
# moment's text first and the buttons after, and JupyterLab draws new buttons a little later
# still, so neither a change of text nor an idle kernel says the answer is all there (a run
# once found no button between the two).
SETTLED = """([scenario, before]) => before.every(b => !b.isConnected) && (
    scenario.querySelector('.olivia-debrief').innerText.trim() !== '' ||
    scenario.querySelectorAll('.olivia-choice:not([disabled])').length > 0)"""


@on_notebook("06_professional_challenge_and_escalation.ipynb")
def test_branching_scenario_reaches_a_debrief(lab_notebook):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    nb = lab_notebook
    scenario = nb.page.locator(".olivia-scenario").first
    debrief = scenario.locator(".olivia-debrief")
    element = scenario.element_handle()
    before = nb.page.evaluate_handle("() => []")
    for _ in range(20):  # a scenario is a few decisions long; 20 is a generous bound
        try:
            nb.page.wait_for_function(SETTLED, arg=[element, before], timeout=30_000)
        except PlaywrightTimeout:
            pytest.fail("neither a choice nor a debrief is showing")
        if debrief.inner_text().strip():
            break
        before = scenario.evaluate_handle("el => [...el.querySelectorAll('.olivia-choice')]")
        # Take the last choice each time: a different path from the first.
        scenario.locator(".olivia-choice:not([disabled])").last.click()
    assert debrief.inner_text().strip(), "no debrief after 20 choices"
    scenario.locator(".olivia-saved").first.wait_for()
    assert_clean(nb)


@on_notebook("07_what_does_this_mean_for_me.ipynb")
def test_reflection_and_rating_save_and_survive_a_kernel_restart(lab_notebook):
    """Session 1 types a reflection, its action and its rating; its "before" rating (notebook
    00) is in the store too. After Kernel > Restart and Run All, a new kernel shows every
    answer in its widget, and the summary draws both ratings and the unrated questions."""
    from olivia_training.reports.answers import NOT_RATED, confidence_id, reflection_id
    from olivia_training.responses import ResponseStore

    nb = lab_notebook
    page = nb.page
    reflection = page.locator(".olivia-reflection").first
    text = "I will ask my DSL how to reach the Sunrise team, and write it on my desk card."
    action = {"what": "Read the CSE procedure", "by_when": "Friday", "with_whom": "My team manager"}
    box = reflection.locator(".olivia-reflection-text textarea")
    box.fill(text)
    box.blur()
    reflection.locator(".olivia-saved").first.wait_for()
    for name, value in zip(("what", "when", "who"), action.values(), strict=True):
        field = reflection.locator(f".olivia-action-{name} input")
        field.fill(value)
        field.blur()
    # Each field saves the whole answer on blur: wait until the last of them is on disk.
    store = ResponseStore(nb.server.workspace)
    for _ in range(100):
        saved = store.load(reflection_id("q-cse")) or {}
        if saved.get("action") == action:
            break
        page.wait_for_timeout(100)
    assert saved == {"reflection": text, "action": action}
    rating = reflection.locator(".olivia-rating-after input[type=radio]").nth(3)
    rating.check()
    reflection.locator(".olivia-rating-after").locator("xpath=..").locator(".olivia-saved").first.wait_for()
    # The saved rating then redraws the summary, whose first chart imports matplotlib. A
    # restart interrupts a busy kernel first (jupyter_client), so restarting before the chart
    # is drawn raised "ImportError: initialization failed" in the old kernel (twice in many
    # runs): wait for the chart, as a participant sees it, and for the kernel to be idle.
    page.locator(".olivia-summary-view img").first.wait_for()
    nb.wait_idle()
    assert_clean(nb)
    store.save(confidence_id("before", "q-cse"), 2)  # as notebook 00 leaves it

    nb.restart_and_run_all()
    reflection = page.locator(".olivia-reflection").first
    assert reflection.locator(".olivia-reflection-text textarea").input_value() == text
    for name, value in zip(("what", "when", "who"), action.values(), strict=True):
        assert reflection.locator(f".olivia-action-{name} input").input_value() == value
    assert "Saved earlier" in reflection.locator(".olivia-status").last.inner_text()  # its Save row
    checked = [page.locator(".olivia-reflection").nth(i).locator(
        ".olivia-rating-after input[type=radio]:checked").count() for i in range(4)]
    assert checked == [1, 0, 0, 0]
    assert reflection.locator(".olivia-rating-after input[type=radio]").nth(3).is_checked()
    summary = page.locator(".olivia-summary-view")
    row = summary.locator("tbody tr", has_text="Recognising CSE and knowing what to do")
    assert row.locator("td").all_inner_texts()[:2] == ["2", "4"]
    assert NOT_RATED in summary.inner_text()
    assert summary.locator("img").first.get_attribute("alt").startswith(
        "Bar chart of your own confidence")
    assert_clean(nb)


RECORD = ('Visited Olivia at school. Olivia said "I don\'t want to go home tonight". '
          "She is putting herself at risk.")


@on_notebook("04_voice_of_the_child.ipynb")
def test_recording_drill_review_highlights_a_flagged_phrase(lab_notebook):
    nb = lab_notebook
    drill = nb.page.locator(".olivia-drill-widget").first
    drill.locator(".olivia-record textarea").fill(RECORD)
    drill.locator(".olivia-review").click()
    feedback = drill.locator(".olivia-feedback")
    feedback.locator("mark.olivia-mark").first.wait_for()
    assert "putting herself at risk" in feedback.locator("mark.olivia-mark").first.inner_text()
    assert feedback.inner_text().strip()
    drill.locator(".olivia-saved").first.wait_for()
    assert_clean(nb)


@on_notebook("04_voice_of_the_child.ipynb")
def test_recording_drill_works_with_the_keyboard_alone(lab_notebook):
    """Tab into the drill, type, Tab to Review, press Enter, read the feedback."""
    nb = lab_notebook
    page = nb.page
    drill = page.locator(".olivia-drill-widget").nth(1)
    # Start from the element just before the text box, then move by keyboard only.
    drill.locator(".olivia-record textarea").scroll_into_view_if_needed()
    page.evaluate("el => el.focus()", drill.locator(".olivia-record textarea").element_handle())
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.tagName") == "TEXTAREA"
    page.keyboard.type(RECORD)
    for _ in range(6):  # Review is the next control or two along
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('olivia-review')"):
            break
    assert page.evaluate("() => document.activeElement.classList.contains('olivia-review')")
    page.keyboard.press("Enter")
    feedback = drill.locator(".olivia-feedback mark.olivia-mark").first
    feedback.wait_for()
    assert "putting herself at risk" in feedback.inner_text()
    assert_clean(nb)
