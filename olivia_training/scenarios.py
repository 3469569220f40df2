"""The branching scenario engine: a scenario is a graph of decision points and endings.

Pure logic, no widgets. A scenario has decision nodes (a narrative and choices; each choice
has a consequence and goes to another node) and endings (a narrative and a debrief). The
engine checks that the graph can be played (`defects`), plays it one choice at a time while
recording the path taken (`Run`), and lists every way through it (`walks`).

Content files become `Scenario` objects with `from_content`; notebooks never build them by
hand. Cycles are allowed ("try again"), as long as every node can still reach an ending.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
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


# -- playing -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Step:
    """One decision taken: at `node`, the participant chose `choice` (0-based)."""

    node: str
    choice: int
    label: str
    goto: str
    consequence: str


@dataclass
class Run:
    """One play-through. `path` records every choice; `record()` is what gets saved."""

    scenario: Scenario
    current: str = ""
    path: list[Step] = field(default_factory=list)

    def __post_init__(self) -> None:
        validate(self.scenario)
        self.current = self.current or self.scenario.start

    @property
    def finished(self) -> bool:
        return self.scenario.is_ending(self.current)

    @property
    def node(self) -> Node | Ending:
        return self.scenario.step(self.current)

    @property
    def ending(self) -> Ending | None:
        node = self.node
        return node if isinstance(node, Ending) else None

    @property
    def last_consequence(self) -> str:
        return self.path[-1].consequence if self.path else ""

    def choices(self) -> tuple[Choice, ...]:
        node = self.node
        return node.choices if isinstance(node, Node) else ()

    def choose(self, index: int) -> Step:
        if self.finished:
            raise ValueError("the scenario has ended; start again to choose differently")
        options = self.choices()
        if not 0 <= index < len(options):
            raise IndexError(f"node '{self.current}' has no choice {index + 1}")
        choice = options[index]
        step = Step(self.current, index, choice.label, choice.goto, choice.consequence)
        self.path.append(step)
        self.current = choice.goto
        return step

    def restart(self) -> None:
        self.path.clear()
        self.current = self.scenario.start

    def record(self) -> dict[str, Any]:
        """A JSON-ready account of the path taken, for ResponseStore."""
        return {
            "scenario": self.scenario.id,
            "path": [{"node": s.node, "choice": s.choice + 1, "label": s.label, "to": s.goto}
                     for s in self.path],
            "at": self.current,
            "finished": self.finished,
            "ending": self.current if self.finished else None,
        }

    @classmethod
    def replay(cls, scenario: Scenario, record: dict[str, Any] | None) -> Run:
        """A run restored from `record()`; a record that no longer fits starts afresh."""
        run = cls(scenario)
        if not isinstance(record, dict) or record.get("scenario") != scenario.id:
            return run
        try:
            for step in record.get("path", []):
                if step["node"] != run.current:
                    raise ValueError("path does not match the scenario")
                run.choose(int(step["choice"]) - 1)
        except (KeyError, TypeError, ValueError, IndexError):
            run.restart()
        return run


def walks(scenario: Scenario, max_steps: int = 200) -> Iterator[list[Step]]:
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


def from_dict(data: dict[str, Any]) -> Scenario:
    """A Scenario from plain data (used by tests and by anyone sketching a new scenario)."""
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


def decision_map(scenario: Scenario) -> list[dict[str, Any]]:
    """Every node and ending in reading order, each choice naming where it leads.

    Nodes are numbered in the order a reader meets them from the start, so a paper copy can
    say "go to 4". Anything unreachable is appended at the end (validation flags it).
    """
    graph = _targets(scenario)
    order = _reachable_from(graph, scenario.start)
    order += [i for i in scenario.ids() if i not in order]
    numbers = {step_id: n for n, step_id in enumerate(order, 1)}
    out = []
    for step_id in order:
        item = scenario.step(step_id)
        entry: dict[str, Any] = {"id": step_id, "number": numbers[step_id],
                                 "ending": isinstance(item, Ending)}
        if isinstance(item, Node):
            entry["narrative"] = item.narrative
            entry["choices"] = [
                {"letter": chr(ord("A") + i), "label": c.label, "consequence": c.consequence,
                 "goto": c.goto, "goto_number": numbers.get(c.goto)}
                for i, c in enumerate(item.choices)
            ]
        else:
            entry.update(title=item.title, narrative=item.narrative, debrief=item.debrief)
        out.append(entry)
    return out
