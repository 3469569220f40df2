"""Notebook 06: the branching scenario player, and the typical escalation stages.

`scenario.play("school-concern")` shows a scenario from exercises/escalation_scenarios.yaml
as buttons: one per choice. Each choice shows its consequence and the next decision; an
ending shows its debrief. The path is saved through `ExerciseView.save` after every choice.
On paper (the handout), the same scenario prints as a decision map: every node and choice.

CSS classes for end-to-end tests: `olivia-scenario` (the player), `olivia-choice` (each choice
button), `olivia-consequence`, `olivia-narrative`, `olivia-debrief` (shown at an ending),
`olivia-restart` and `olivia-saved` (the "Saved" status).
"""

from __future__ import annotations

from olivia_training.content import load
from olivia_training.diagrams import FlowBox, describe, flow_svg
from olivia_training.domain import escalation_scenarios as engine
from olivia_training.html import macro
from olivia_training.labels import TRAINING_ASSUMPTION_LABEL
from olivia_training.printable import Html
from olivia_training.views.base import ExerciseView


def exercise_id(scenario_id: str) -> str:
    return f"06-scenario-{scenario_id}"


class ScenarioPlayer(ExerciseView):
    def __init__(self, scenario_id: str, *, content=None, store=None):
        super().__init__(exercise_id(scenario_id), store)
        self.item = load("escalation_scenarios", content).get(scenario_id)
        self.scenario = engine.validate(engine.from_content(self.item))
        entry = next(e for e in load("chronology", content).entries if e.id == self.item.chronology)
        self.where = entry.title + (f" (age {entry.age})" if entry.age else "")
        self.assumption = TRAINING_ASSUMPTION_LABEL if entry.training_assumption else ""
        self.run = engine.Run.replay(self.scenario, self.store.load(self.exercise_id))

    # -- paper ---------------------------------------------------------------------------
    def html(self, facilitator: bool = False) -> str:
        data = self.item.for_edition(facilitator)
        extra = {n["id"]: n for n in data["nodes"]}
        extra.update({e["id"]: e for e in data["endings"]})
        steps = engine.decision_map(self.scenario)
        for step in steps:
            source = extra[step["id"]]
            if facilitator:
                step["facilitator_note"] = source.get("facilitator_note", "")
                step["facilitator_debrief"] = source.get("facilitator_debrief", "")
            for choice, raw in zip(step.get("choices", []), source.get("choices", []), strict=True):
                choice["goto_ending"] = self.scenario.is_ending(choice["goto"])
                if facilitator:
                    choice["facilitator_note"] = raw.get("facilitator_note", "")
        return macro("escalation_scenarios", "map", s=data, steps=steps, where=self.where,
                     assumption=self.assumption, facilitator=facilitator)

    def plain_text(self) -> str:
        return f"Scenario: {self.item.title}"

    # -- playing -------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        self.run.choose(index)
        self.save(self.run.record())

    def restart(self) -> None:
        self.run.restart()
        self.save(self.run.record())

    def build(self):
        import ipywidgets as w

        head = w.HTML(macro("escalation_scenarios", "head", item=self.item, assumption=self.assumption))
        self.moment = w.HTML("")
        self.moment.add_class("olivia-moment")
        self.choice_box = w.VBox([], layout=w.Layout(width="100%"))
        self.choice_box.add_class("olivia-scenario-choices")
        self.debrief = w.HTML("")
        self.debrief.add_class("olivia-debrief")
        self.path_view = w.HTML("")
        self.restart_button = w.Button(description="Start again", icon="undo",
                                       tooltip="Start the scenario again from the beginning",
                                       layout=w.Layout(width="auto"))
        self.restart_button.add_class("olivia-restart")
        self.restart_button.on_click(lambda _b: self._restart())
        if self.run.path:
            self.show_saved_earlier()
        self._refresh()
        box = w.VBox([head, self.moment, self.choice_box, self.debrief, self.path_view,
                      w.HBox([self.restart_button, self.status])], layout=w.Layout(width="100%"))
        box.add_class("olivia-scenario")
        return box

    def _refresh(self) -> None:
        import ipywidgets as w

        node = self.run.node
        ending = self.run.ending
        self.moment.value = macro("escalation_scenarios", "moment",
                                  consequence=self.run.last_consequence,
                                  narrative="" if ending else node.narrative, ending=ending)
        buttons = []
        for i, choice in enumerate(self.run.choices()):
            button = w.Button(description=f"{chr(ord('A') + i)}. {choice.label}", tooltip=choice.label,
                              layout=w.Layout(width="100%", height="auto"))
            button.add_class("olivia-choice")
            button.on_click(lambda _b, index=i: self._chose(index))
            buttons.append(button)
        self.choice_box.children = buttons
        self.debrief.value = (macro("escalation_scenarios", "debrief", debrief=ending.debrief)
                              if ending else "")
        self.path_view.value = macro("escalation_scenarios", "path", path=self.run.path)

    def _chose(self, index: int) -> None:
        try:
            self.choose(index)
        finally:
            self._refresh()

    def _restart(self) -> None:
        try:
            self.restart()
        finally:
            self._refresh()


def play(scenario_id: str, content=None, store=None) -> ScenarioPlayer:
    return ScenarioPlayer(scenario_id, content=content, store=store)


def escalation_stages(content=None) -> Html:
    """The typical escalation stages from local_details.yaml: a table and a simple diagram."""
    local = load("local_details", content)
    sources = load("sources", content)
    stages = local.escalation.stages
    boxes = [FlowBox(f"Stage {s.number}: {s.label}", f"Typical timescale: {s.timescale}", s.confirm_locally)
             for s in stages]
    svg = flow_svg(boxes, title=f"{local.escalation.title}, from stage 1 to stage {len(stages)}",
                   description=describe(boxes, numbered=False), key="escalation-stages")
    citations = "; ".join(sources.get(i).citation() for i in local.escalation.sources)

    def html(facilitator: bool) -> str:
        data = local.for_edition(facilitator)
        return macro("local_details", "escalation", escalation=data["escalation"], svg=svg,
                     area=local.area, citations=citations, facilitator=facilitator)

    return Html(html(False), html(True), plain=describe(boxes, numbered=False))


def reflection(content=None, store=None):
    """Free text: a time the participant disagreed with another agency, and what helped."""
    from olivia_training.views.freetext import FreeText

    return FreeText.from_content(load("escalation_scenarios", content).reflection, store=store)
