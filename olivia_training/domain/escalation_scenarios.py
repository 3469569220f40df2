"""The branching scenario engine: a scenario is a graph of decision points and endings.

Pure logic, no widgets. A scenario has decision nodes (a narrative and choices; each choice
has a consequence and goes to another node) and endings (a narrative and a debrief). The
engine checks that the graph can be played (`defects`, from
`olivia_training.content.scenario_graph`, re-exported here) and plays it one choice at a
time while recording the path taken (`Run`).

Content files become `Scenario` objects with `from_content`; notebooks never build them by
hand. Cycles are allowed ("try again"), as long as every node can still reach an ending.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from olivia_training.content.scenario_graph import (
    DEFECT_KINDS,
    Choice,
    Defect,
    Ending,
    Node,
    Scenario,
    ScenarioError,
    _reachable_from,
    _targets,
    defects,
    from_content,
    validate,
)

__all__ = [
    "DEFECT_KINDS",
    "Choice",
    "Defect",
    "Ending",
    "Node",
    "Scenario",
    "ScenarioError",
    "defects",
    "from_content",
    "validate",
    "Run",
    "Step",
    "decision_map",
]


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
