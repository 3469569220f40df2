"""The branching scenario engine, the shipped scenarios, and the scenario player."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from olivia_training.cli import main
from olivia_training.content import load
from olivia_training.domain import escalation_scenarios as engine
from olivia_training.domain.escalation_scenarios import (
    Choice,
    Defect,
    Ending,
    Node,
    Scenario,
    ScenarioError,
    Step,
    validate,
)
from olivia_training.responses import ResponseStore

GOOD = {
    "id": "demo",
    "title": "Demo",
    "start": "a",
    "nodes": [
        {"id": "a", "narrative": "Start.", "choices": [
            {"label": "Go to b", "goto": "b", "consequence": "You go to b."},
            {"label": "Finish now", "goto": "end-1", "consequence": "It ends."},
        ]},
        {"id": "b", "narrative": "At b.", "choices": [
            {"label": "Back to a", "goto": "a", "consequence": "Round again."},  # a loop with exits
            {"label": "Finish", "goto": "end-2", "consequence": "Done."},
        ]},
    ],
    "endings": [
        {"id": "end-1", "title": "One", "narrative": "n", "debrief": "Debrief one."},
        {"id": "end-2", "title": "Two", "narrative": "n", "debrief": "Debrief two."},
    ],
}


# -- helpers: build a scenario from plain data, and list every way through one ----------------
def from_dict(data: dict[str, Any]) -> Scenario:
    """A Scenario from plain data, so each test can sketch the graph it needs."""
    return Scenario(
        id=data.get("id", "scenario"),
        title=data.get("title", ""),
        start=data.get("start", ""),
        nodes=tuple(
            Node(n["id"], n.get("narrative", ""),
                 tuple(Choice(c.get("label", ""), c.get("goto", ""), c.get("consequence", ""))
                       for c in n.get("choices", [])))
            for n in data.get("nodes", [])
        ),
        endings=tuple(Ending(e["id"], e.get("title", ""), e.get("narrative", ""), e.get("debrief", ""))
                      for e in data.get("endings", [])),
    )


def all_walks(scenario: Scenario, max_steps: int = 200) -> Iterator[list[Step]]:
    """Every way through the scenario, each ending at an ending.

    A walk never takes the same choice twice. Where the only choices left at a node have
    been taken already (the reader has been round a loop once), the walk leaves by the
    shortest way to an ending, as a reader who had seen the loop would.
    """
    validate(scenario)

    def exit_route(node_id: str) -> list[Step]:
        # Breadth first from node_id to the nearest ending; validation guarantees one.
        routes: dict[str, list[Step]] = {node_id: []}
        queue = [node_id]
        while queue:
            current = queue.pop(0)
            if scenario.is_ending(current):
                return routes[current]
            node = scenario.step(current)
            assert isinstance(node, Node)
            for i, c in enumerate(node.choices):
                if c.goto not in routes:
                    routes[c.goto] = [*routes[current], Step(current, i, c.label, c.goto, c.consequence)]
                    queue.append(c.goto)
        raise ScenarioError(scenario.id, [Defect("no-exit", node_id, f"node '{node_id}' has no exit")])

    def go(node_id: str, taken: list[Step], used: frozenset[tuple[str, int]]) -> Iterator[list[Step]]:
        if scenario.is_ending(node_id):
            yield taken
            return
        node = scenario.step(node_id)
        assert isinstance(node, Node)
        fresh = [(i, c) for i, c in enumerate(node.choices) if (node_id, i) not in used]
        if not fresh or len(taken) >= max_steps:
            yield [*taken, *exit_route(node_id)]
            return
        for i, c in fresh:
            step = Step(node_id, i, c.label, c.goto, c.consequence)
            yield from go(c.goto, [*taken, step], used | {(node_id, i)})

    yield from go(scenario.start, [], frozenset())


def scenario(change=None) -> engine.Scenario:
    data = copy.deepcopy(GOOD)
    if change:
        change(data)
    return from_dict(data)


def only_defect(s: engine.Scenario) -> engine.Defect:
    found = engine.defects(s)
    assert len(found) == 1, [str(d) for d in found]
    return found[0]


# -- validation: each defect is caught, with one clear message naming the node ---------------
def test_a_good_scenario_with_a_loop_that_has_an_exit_is_valid():
    assert engine.defects(scenario()) == []
    assert engine.validate(scenario()).id == "demo"


def test_dead_end():
    def change(d):
        d["nodes"].append({"id": "stuck", "narrative": "Nothing to do.", "choices": []})
        d["nodes"][1]["choices"].append({"label": "Get stuck", "goto": "stuck", "consequence": "x"})

    defect = only_defect(scenario(change))
    assert defect.kind == "dead-end" and defect.node == "stuck"
    assert str(defect) == "node 'stuck' is a dead end: it has no choices and is not an ending"


def test_unreachable_node():
    def change(d):
        d["nodes"].append({"id": "island", "narrative": "Nobody comes here.", "choices": [
            {"label": "Finish", "goto": "end-1", "consequence": "x"}]})

    defect = only_defect(scenario(change))
    assert defect.kind == "unreachable" and defect.node == "island"
    assert str(defect) == "node 'island' cannot be reached from the start node 'a'"


def test_unreachable_ending():
    def change(d):
        d["endings"].append({"id": "end-3", "title": "Three", "narrative": "n", "debrief": "d"})

    defect = only_defect(scenario(change))
    assert defect.kind == "unreachable" and defect.node == "end-3"


def test_choice_to_a_missing_node():
    def change(d):
        d["nodes"][0]["choices"][0]["goto"] = "nowhere"
        d["nodes"][0]["choices"].append({"label": "Also to b", "goto": "b", "consequence": "x"})

    defect = only_defect(scenario(change))
    assert defect.kind == "missing-target" and defect.node == "a" and defect.choice == 0
    assert str(defect) == "node 'a': choice 1 ('Go to b') goes to 'nowhere', which does not exist"


def test_ending_without_debrief():
    def change(d):
        d["endings"][1]["debrief"] = "   "

    defect = only_defect(scenario(change))
    assert defect.kind == "no-debrief" and defect.node == "end-2"
    assert str(defect) == "ending 'end-2' has no debrief"


def test_cycle_with_no_exit():
    def change(d):
        d["nodes"][0]["choices"].append({"label": "Into the loop", "goto": "c", "consequence": "x"})
        d["nodes"] += [
            {"id": "c", "narrative": "c", "choices": [{"label": "to d", "goto": "d", "consequence": "x"}]},
            {"id": "d", "narrative": "d", "choices": [{"label": "to c", "goto": "c", "consequence": "x"}]},
        ]

    found = engine.defects(scenario(change))
    assert {d.kind for d in found} == {"no-exit"}
    assert {d.node for d in found} == {"c", "d"}
    assert "node 'c' is in a loop with no way out to an ending (c -> d -> c)" in [str(d) for d in found]


def test_duplicate_and_missing_start():
    def dup(d):
        d["endings"][0]["id"] = "b"
        d["nodes"][0]["choices"][1]["goto"] = "end-2"

    assert "node 'b' is defined more than once" in [str(x) for x in engine.defects(scenario(dup))]

    def no_start(d):
        d["start"] = "zzz"

    assert "start node 'zzz' does not exist" in [str(x) for x in engine.defects(scenario(no_start))]


def test_validate_raises_naming_scenario_and_node():
    def change(d):
        d["endings"][0]["debrief"] = ""

    with pytest.raises(engine.ScenarioError) as info:
        engine.validate(scenario(change))
    assert str(info.value) == "scenario 'demo': ending 'end-1' has no debrief"


# -- playing and recording the path -------------------------------------------------------------
def test_run_records_the_path_and_replays_it():
    run = engine.Run(scenario())
    assert run.current == "a" and not run.finished
    run.choose(0)
    run.choose(0)  # round the loop
    run.choose(0)
    step = run.choose(1)
    assert step.consequence == "Done."
    assert run.finished and run.ending.debrief == "Debrief two."
    record = run.record()
    assert record["finished"] and record["ending"] == "end-2"
    assert [(s["node"], s["choice"]) for s in record["path"]] == [("a", 1), ("b", 1), ("a", 1), ("b", 2)]
    again = engine.Run.replay(scenario(), record)
    assert again.current == "end-2" and len(again.path) == 4
    with pytest.raises(ValueError):
        run.choose(0)
    run.restart()
    assert run.current == "a" and run.path == []
    with pytest.raises(IndexError):
        run.choose(5)


def test_a_saved_path_that_no_longer_fits_starts_afresh():
    stale = {"scenario": "demo", "path": [{"node": "x", "choice": 1}]}
    assert engine.Run.replay(scenario(), stale).current == "a"
    assert engine.Run.replay(scenario(), {"scenario": "other"}).path == []
    assert engine.Run.replay(scenario(), None).current == "a"


def test_walks_cover_every_ending_and_leave_loops():
    walks = list(all_walks(scenario()))
    assert {w[-1].goto for w in walks} == {"end-1", "end-2"}
    assert all(w[-1].goto.startswith("end-") for w in walks)


def test_decision_map_numbers_every_node_and_choice():
    steps = engine.decision_map(scenario())
    assert [s["id"] for s in steps] == ["a", "b", "end-1", "end-2"]
    assert steps[0]["choices"][0]["goto_number"] == 2
    assert steps[2]["ending"] and steps[2]["debrief"] == "Debrief one."


# -- the shipped scenarios ----------------------------------------------------------------------
def shipped():
    return load("escalation_scenarios").scenarios


def test_at_least_two_scenarios_on_the_two_themes():
    ids = {s.id for s in shipped()}
    assert {"school-concern", "parents-not-engaging"} <= ids
    assert {s.chronology for s in shipped()} >= {"i-school-concern-unanswered", "i-parents-not-engaging"}


@pytest.mark.parametrize("item", shipped(), ids=lambda s: s.id)
def test_every_shipped_scenario_validates(item):
    assert engine.defects(engine.from_content(item)) == []
    assert item.provenance == "illustrative"


@pytest.mark.parametrize("item", shipped(), ids=lambda s: s.id)
def test_every_path_of_every_scenario_reaches_a_debrief(item):
    s = engine.from_content(item)
    walks = list(all_walks(s))
    assert walks
    for walk in walks:
        run = engine.Run(s)
        for step in walk:
            assert run.current == step.node
            run.choose(step.choice)
        assert run.finished, [st.node for st in walk]
        assert run.ending.debrief.strip()
    assert {w[-1].goto for w in walks} == {e.id for e in item.endings}


def test_debriefs_explain_respectful_challenge_and_the_escalation_policy():
    text = " ".join(e.debrief for s in shipped() for e in s.endings)
    assert "respectful" in text.lower()
    assert "Escalation Policy" in text


def test_scenario_text_names_no_number_of_days():
    """Timescales live in local_details.yaml, so a facilitator edits them in one place."""
    import re

    for item in shipped():
        texts = [item.intro] + [n.narrative for n in item.nodes] + [e.debrief for e in item.endings]
        texts += [c.consequence for n in item.nodes for c in n.choices]
        for text in texts:
            assert not re.search(r"\b\d+\s+(working\s+)?days?\b", text), text


# -- through `olivia-training check` ------------------------------------------------------------
def _scenario_errors(capsys, content):
    code = main(["check", "--content", str(content)])
    err = capsys.readouterr().err.strip().splitlines()
    return code, [line for line in err if line.startswith("exercises/escalation_scenarios.yaml")]


def test_check_reports_a_missing_node_in_one_line(content_copy, capsys):
    path = content_copy / "escalation_scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    assert "            goto: heated\n" in text
    path.write_text(text.replace("            goto: heated\n", "            goto: fury\n"), encoding="utf-8")
    line = next(i for i, t in enumerate(path.read_text().splitlines(), 1) if "goto: fury" in t)
    code, err = _scenario_errors(capsys, content_copy)
    assert code == 2
    assert err[0].startswith("exercises/escalation_scenarios.yaml: scenarios[0].nodes[3].choices[2].goto: "
                             "scenario 'school-concern': node 'practitioner': choice 3")
    assert "goes to 'fury', which does not exist" in err[0] and err[0].endswith(f"(line {line})")
    # 'heated' is now unreachable: also reported, naming that node.
    assert any("node 'heated' cannot be reached" in e for e in err)


def test_check_reports_an_ending_without_debrief(content_copy, capsys):
    path = content_copy / "escalation_scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: end-stopped")
    debrief = text.index("        debrief: >-", start)
    end = text.index("        facilitator_debrief:", debrief)
    path.write_text(text[:debrief] + text[end:], encoding="utf-8")
    code, err = _scenario_errors(capsys, content_copy)
    assert code == 2
    assert len(err) == 1
    assert "scenarios[0].endings[3].debrief: scenario 'school-concern': ending 'end-stopped' has no debrief" \
        in err[0]


def test_check_reports_a_dead_end(content_copy, capsys):
    path = content_copy / "escalation_scenarios.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("      - id: heard-olivia")
    choices = text.index("        choices:", start)
    end = text.index("      - id: disagreement", choices)
    path.write_text(text[:choices] + text[end:], encoding="utf-8")
    code, err = _scenario_errors(capsys, content_copy)
    assert code == 2
    assert any("scenarios[1].nodes[3]: scenario 'parents-not-engaging': node 'heard-olivia' is a dead end"
               in e for e in err), err


# -- the player and its paper decision map -----------------------------------------------------
def _buttons(widget, cls):
    from ipywidgets import Button

    found = []

    def walk(w):
        if isinstance(w, Button) and cls in w._dom_classes:
            found.append(w)
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


def test_player_plays_saves_the_path_and_shows_the_debrief(tmp_path):
    from olivia_training.views.escalation_scenarios import ScenarioPlayer

    store = ResponseStore(tmp_path)
    player = ScenarioPlayer("school-concern", store=store)
    widget = player.widget
    assert "olivia-scenario" in widget._dom_classes
    choices = _buttons(widget, "olivia-choice")
    assert len(choices) == 3 and choices[1].description.startswith("B. Phone the worker")
    assert player.debrief.value == ""
    choices[1].click()
    assert "duty social worker" in player.moment.value  # the consequence
    assert "olivia-saved" in player.status.value and "Saved" in player.status.value
    _buttons(widget, "olivia-choice")[0].click()  # accept their view: an ending
    assert _buttons(widget, "olivia-choice") == []
    assert "olivia-debrief" in player.debrief._dom_classes
    assert "respectful professional" in player.debrief.value
    saved = store.load("06-scenario-school-concern")
    assert saved["finished"] and saved["ending"] == "end-accepted"
    assert [s["node"] for s in saved["path"]] == ["start", "practitioner"]
    # A new player (a kernel restart) picks up where the participant was.
    again = ScenarioPlayer("school-concern", store=store)
    assert again.run.current == "end-accepted"
    _buttons(again.widget, "olivia-restart")[0].click()
    assert store.load("06-scenario-school-concern")["path"] == []


@pytest.mark.parametrize("item", shipped(), ids=lambda s: s.id)
def test_decision_map_prints_every_node_and_choice(item, tmp_path):
    from olivia_training.views.escalation_scenarios import ScenarioPlayer

    player = ScenarioPlayer(item.id, store=ResponseStore(tmp_path))
    participant, facilitator = player.html(False), player.html(True)
    from markupsafe import escape

    for page in (participant, facilitator):
        for node in item.nodes:
            assert str(escape(node.narrative)) in page
            for choice in node.choices:
                assert str(escape(choice.label)) in page and str(escape(choice.consequence)) in page
        for ending in item.endings:
            assert str(escape(ending.title)) in page and str(escape(ending.debrief)) in page
    notes = [n.facilitator_note for n in item.nodes if n.facilitator_note]
    notes += [e.facilitator_debrief for e in item.endings if e.facilitator_debrief]
    notes += [c.facilitator_note for n in item.nodes for c in n.choices if c.facilitator_note]
    assert notes
    for note in notes:
        assert str(escape(note)) in facilitator
        assert str(escape(note)) not in participant
    assert "Facilitator notes" not in participant
