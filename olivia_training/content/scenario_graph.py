"""The shape of a branching scenario (exercises/escalation_scenarios.yaml) and its checks.

A scenario is a graph of decision points and endings. `defects` says whether it can be
played: every choice goes somewhere, every node can reach an ending, every ending has a
debrief. It lives in the content layer because the content check (`olivia-training check`)
reports these defects against the YAML; the domain module
`olivia_training.domain.escalation_scenarios` plays scenarios and re-uses these types.
Cycles are allowed ("try again"), as long as every node can still reach an ending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Choice:
    label: str
    goto: str
    consequence: str = ""


@dataclass(frozen=True)
class Node:
    id: str
    narrative: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Ending:
    id: str
    title: str
    narrative: str = ""
    debrief: str = ""


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    start: str
    nodes: tuple[Node, ...]
    endings: tuple[Ending, ...]

    def step(self, step_id: str) -> Node | Ending:
        for item in (*self.nodes, *self.endings):
            if item.id == step_id:
                return item
        raise KeyError(f"scenario '{self.id}' has no node '{step_id}'")

    def is_ending(self, step_id: str) -> bool:
        return any(e.id == step_id for e in self.endings)

    def ids(self) -> list[str]:
        return [n.id for n in self.nodes] + [e.id for e in self.endings]


# -- checking ------------------------------------------------------------------------------
DEFECT_KINDS = ("duplicate", "missing-start", "missing-target", "dead-end", "no-debrief",
                "unreachable", "no-exit")


@dataclass(frozen=True)
class Defect:
    """One thing that stops a scenario being played. `node` names where it is."""

    kind: str
    node: str
    message: str
    choice: int | None = None  # 0-based index of the offending choice, if any

    def __str__(self) -> str:
        return self.message


class ScenarioError(ValueError):
    def __init__(self, scenario_id: str, defects: list[Defect]):
        self.scenario_id = scenario_id
        self.defects = defects
        super().__init__(f"scenario '{scenario_id}': {defects[0]}")


def _targets(scenario: Scenario) -> dict[str, list[str]]:
    known = set(scenario.ids())
    graph = {n.id: [c.goto for c in n.choices if c.goto in known] for n in scenario.nodes}
    graph.update({e.id: [] for e in scenario.endings})
    return graph


def _reachable_from(graph: dict[str, list[str]], start: str) -> list[str]:
    """Nodes reachable from `start`, in the order a reader meets them (breadth first)."""
    if start not in graph:
        return []
    order, seen = [start], {start}
    i = 0
    while i < len(order):
        for nxt in graph[order[i]]:
            if nxt not in seen:
                seen.add(nxt)
                order.append(nxt)
        i += 1
    return order


def _can_finish(scenario: Scenario, graph: dict[str, list[str]]) -> set[str]:
    """Every node from which some ending can be reached."""
    reverse: dict[str, list[str]] = {k: [] for k in graph}
    for src, dests in graph.items():
        for d in dests:
            reverse[d].append(src)
    done = {e.id for e in scenario.endings}
    stack = list(done)
    while stack:
        for prev in reverse[stack.pop()]:
            if prev not in done:
                done.add(prev)
                stack.append(prev)
    return done


def _loop_through(graph: dict[str, list[str]], node: str, trapped: set[str]) -> list[str]:
    """A cycle through `node` inside the trapped nodes, for the error message ([] if none)."""
    stack: list[tuple[str, list[str]]] = [(node, [node])]
    seen: set[str] = set()
    while stack:
        current, path = stack.pop()
        for nxt in graph[current]:
            if nxt == node:
                return [*path, node]
            if nxt in trapped and nxt not in seen:
                seen.add(nxt)
                stack.append((nxt, [*path, nxt]))
    return []


def defects(scenario: Scenario) -> list[Defect]:
    """Everything wrong with a scenario, each naming its node; [] if it can be played."""
    found: list[Defect] = []
    seen: set[str] = set()
    for step_id in scenario.ids():
        if step_id in seen:
            found.append(Defect("duplicate", step_id, f"node '{step_id}' is defined more than once"))
        seen.add(step_id)
    if scenario.start not in seen:
        found.append(Defect("missing-start", scenario.start,
                            f"start node '{scenario.start}' does not exist"))
    elif scenario.is_ending(scenario.start):
        found.append(Defect("missing-start", scenario.start,
                            f"start node '{scenario.start}' is an ending: there is nothing to decide"))

    for node in scenario.nodes:
        if not node.choices:
            found.append(Defect("dead-end", node.id,
                                f"node '{node.id}' is a dead end: it has no choices and is not an ending"))
        for i, choice in enumerate(node.choices):
            if choice.goto not in seen:
                found.append(Defect(
                    "missing-target", node.id,
                    f"node '{node.id}': choice {i + 1} ('{_short(choice.label)}') goes to "
                    f"'{choice.goto}', which does not exist", choice=i))
    for ending in scenario.endings:
        if not ending.debrief.strip():
            found.append(Defect("no-debrief", ending.id, f"ending '{ending.id}' has no debrief"))

    graph = _targets(scenario)
    reachable = _reachable_from(graph, scenario.start)
    if reachable:
        for step_id in graph:
            if step_id not in reachable:
                found.append(Defect("unreachable", step_id,
                                    f"node '{step_id}' cannot be reached from the start node "
                                    f"'{scenario.start}'"))
    finishing = _can_finish(scenario, graph)
    flagged = {d.node for d in found if d.kind in ("dead-end", "missing-target")}
    trapped = {n.id for n in scenario.nodes if n.id not in finishing}
    for node in scenario.nodes:
        if node.id not in trapped or node.id in flagged or node.id not in reachable:
            continue
        loop = _loop_through(graph, node.id, trapped)
        if loop:
            found.append(Defect("no-exit", node.id,
                                f"node '{node.id}' is in a loop with no way out to an ending "
                                f"({' -> '.join(loop)})"))
        else:
            found.append(Defect("no-exit", node.id,
                                f"node '{node.id}' leads only into a loop with no way out to an ending"))
    return found


def validate(scenario: Scenario) -> Scenario:
    """The scenario itself if it can be played; else ScenarioError naming the first defect."""
    problems = defects(scenario)
    if problems:
        raise ScenarioError(scenario.id, problems)
    return scenario


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def from_content(item: Any) -> Scenario:
    """A Scenario from a content-model scenario (exercises/escalation_scenarios.yaml)."""
    return Scenario(
        id=item.id,
        title=item.title,
        start=item.start,
        nodes=tuple(Node(n.id, n.narrative, tuple(Choice(c.label, c.goto, c.consequence)
                                                    for c in n.choices)) for n in item.nodes),
        endings=tuple(Ending(e.id, e.title, e.narrative, e.debrief) for e in item.endings),
    )
