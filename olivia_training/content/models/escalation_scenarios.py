"""exercises/escalation_scenarios.yaml: branching scenarios on challenge and escalation.

Each scenario is a graph: decision nodes (narrative, choices; each choice has a
consequence and a `goto`) and endings (narrative and a debrief). The graph check
(`olivia_training.content.scenario_graph`) says whether every scenario can be played;
its defects are reported here, one line each, naming the node.
"""

from __future__ import annotations

from typing import Annotated

from olivia_training.content.base import ContentModel, FreeTextPrompt, Id, Provenanced, Ref, Text, by_id
from olivia_training.content.scenario_graph import defects, from_content

FILE = "escalation_scenarios.yaml"


class Choice(ContentModel):
    label: Text
    goto: Id
    consequence: Text
    facilitator_note: str = ""


class Node(ContentModel):
    id: Id
    narrative: Text
    choices: list[Choice] = []
    facilitator_note: str = ""


class Ending(ContentModel):
    id: Id
    title: Text
    narrative: Text
    # Required in practice; the engine reports a missing debrief naming the ending.
    debrief: str = ""
    facilitator_debrief: str = ""


class Scenario(Provenanced):
    id: Id
    title: Text
    chronology: Annotated[str, Ref("chronology")]
    role: Text
    intro: Text
    start: Id
    nodes: list[Node]
    endings: list[Ending]
    facilitator_note: str = ""


REFLECTION = FreeTextPrompt(
    id="06-challenge-reflection",
    prompt="Think of a time you disagreed with another agency's decision about a child (no names "
           "or details that could identify anyone). What helped you to challenge, or what would "
           "have helped?",
    lines=4,
    # No facilitator_note here: code ships to participants (JupyterHub); the note lives in
    # the YAML, which the participant edition strips.
)


class Model(ContentModel):
    scenarios: list[Scenario]
    # Free text after the scenarios; the default is the pack's own prompt, so an adapted copy
    # written before the field existed still validates.
    reflection: FreeTextPrompt = REFLECTION

    def get(self, scenario_id: str) -> Scenario:
        return by_id(self.scenarios, scenario_id, "scenario")


def extra_checks(model: Model, get):
    for i, item in enumerate(model.scenarios):
        where = {n.id: ("nodes", j) for j, n in enumerate(item.nodes)}
        for j, e in enumerate(item.endings):
            where.setdefault(e.id, ("endings", j))
        node_ids = [n.id for n in item.nodes]
        ending_ids = [e.id for e in item.endings]
        for defect in defects(from_content(item)):
            if defect.kind == "duplicate" and (node_ids.count(defect.node) > 1
                                               or ending_ids.count(defect.node) > 1):
                continue  # a duplicate within one list is already reported by the id check
            loc: tuple = ("scenarios", i)
            if defect.kind == "missing-start":
                loc += ("start",)
            elif defect.node in where:
                loc += where[defect.node]
                if defect.choice is not None:
                    loc += ("choices", defect.choice, "goto")
                elif defect.kind == "no-debrief":
                    loc += ("debrief",)
            yield loc, f"scenario '{item.id}': {defect.message}"
