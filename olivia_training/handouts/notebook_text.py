"""The words of a notebook that other formats reuse: an exercise's instructions, its
facilitator notes, and the notebook's key points, as plain paragraphs.

The slide deck takes its instructions from here rather than from a copy, so the slides say
what the notebooks and handouts say. Participant text and facilitator text are kept apart by
the same rule as the handouts: a cell tagged `facilitator` is facilitator-only.

Pure logic: reads notebook JSON and Markdown (with mistune, as nbconvert does); no widgets.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

FACILITATOR_TAG = "facilitator"
HEADING = re.compile(r"^(#{1,6})\s+(.*)$", re.M)


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Para:
    """One paragraph or list item: `level` 0 for body text, 1+ for list nesting."""

    runs: list[Run] = field(default_factory=list)
    level: int = 0
    bullet: str = ""  # "" (none), "•" or "1." (the number to print)
    role: str = ""  # how another format styles it: "", "label", "quote" or "confirm"

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Cell:
    kind: str
    source: str
    facilitator: bool


@dataclass
class ExerciseText:
    instructions: str  # Markdown, participant-safe
    facilitator: str   # Markdown from the facilitator cells after it


def read_cells(path: Path) -> list[Cell]:
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    cells = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        tags = cell.get("metadata", {}).get("tags", []) or []
        cells.append(Cell(cell.get("cell_type", ""), source, FACILITATOR_TAG in tags))
    return cells


def _headings(source: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2).strip()) for m in HEADING.finditer(source)]


def _after_heading(source: str) -> str:
    """A cell's Markdown from its last heading on, without the heading line itself."""
    matches = list(HEADING.finditer(source))
    return source[matches[-1].end():].strip() if matches else source.strip()


def exercise_text(cells: list[Cell], marker: str) -> ExerciseText | None:
    """The participant instructions before an exercise, and the facilitator notes after it.

    The exercise is the first cell holding `marker` (its one-line call, its id, or its
    heading). Its instructions are the participant Markdown cells before it, back to the
    nearest `##` or `###` heading (none, if the section's text is in the widget itself); its
    facilitator notes are the facilitator cells after it, up to the next heading.
    """
    at = next((i for i, c in enumerate(cells) if marker in c.source), None)
    if at is None:
        return None
    parts: list[str] = []
    cell = cells[at]
    if cell.kind == "markdown" and not cell.facilitator and marker.lstrip().startswith("#"):
        parts.append(cell.source[cell.source.index(marker) + len(marker):].strip())
        start = at + 1
    else:
        # Back to the heading that opens the exercise's section. Code cells just before the
        # exercise (a figure it uses) are passed over; a facilitator note there closes the
        # exercise before; text not under a heading of its own belongs to the section before.
        for j in range(at - 1, -1, -1):
            before = cells[j]
            if before.facilitator:
                if not parts:
                    break
                continue
            if before.kind != "markdown":
                if parts:
                    parts = []
                    break
                continue
            levels = [level for level, _ in _headings(before.source)]
            if 1 in levels:
                parts = []
                break
            if levels:
                parts.insert(0, _after_heading(before.source))
                break
            parts.insert(0, before.source.strip())
        start = at + 1
    notes: list[str] = []
    for later in cells[start:]:
        if later.kind == "markdown" and not later.facilitator and _headings(later.source):
            break
        if later.facilitator and later.kind == "markdown":
            notes.append(later.source.strip())
    return ExerciseText("\n\n".join(p for p in parts if p), "\n\n".join(notes))


def key_points(cells: list[Cell]) -> str:
    """The Markdown under the notebook's "## Key points" heading ("" if it has none)."""
    for cell in cells:
        if cell.kind != "markdown" or cell.facilitator:
            continue
        match = re.search(r"^##\s+Key points\s*$", cell.source, re.M)
        if match:
            rest = cell.source[match.end():]
            following = HEADING.search(rest)
            return (rest[:following.start()] if following else rest).strip()
    return ""


@cache
def _parser():
    import mistune

    return mistune.create_markdown(renderer="ast", plugins=["table", "strikethrough"])


def markdown_paras(markdown: str) -> list[Para]:
    """Markdown as paragraphs of styled runs: lists keep their nesting and numbers, tables
    become one line per row, block quotes their paragraphs."""
    tokens = _parser()(markdown)
    out: list[Para] = []
    _blocks(tokens, out, level=0)
    return [p for p in out if p.text.strip()]


def _blocks(tokens: list[dict], out: list[Para], level: int, bullet: str = "") -> None:
    for token in tokens:
        kind = token["type"]
        if kind in ("paragraph", "block_text", "heading"):
            runs = _inline(token.get("children", []), bold=kind == "heading")
            out.append(Para(runs, level, bullet))
            bullet = ""  # a list item's second paragraph has no bullet of its own
        elif kind == "list":
            ordered = token.get("attrs", {}).get("ordered", False)
            start = token.get("attrs", {}).get("start", 1) or 1
            for n, item in enumerate(token.get("children", []), start):
                _blocks(item.get("children", []), out, level + 1, f"{n}." if ordered else "•")
        elif kind == "block_quote":
            _blocks(token.get("children", []), out, level)
        elif kind == "table":
            for section in token.get("children", []):
                rows = section.get("children", [])
                if section["type"] == "table_head":
                    rows = [section]
                for row in rows:
                    cells = [_inline(c.get("children", []), bold=section["type"] == "table_head")
                             for c in row.get("children", [])]
                    runs: list[Run] = []
                    for i, cell in enumerate(cells):
                        if i:
                            runs.append(Run(": " if i == 1 else "; "))
                        runs.extend(cell)
                    out.append(Para(runs, level + 1, "•"))
        elif kind == "block_code":
            out.append(Para([Run(token.get("raw", "").strip())], level, bullet))


def _inline(children: list[dict], bold: bool = False, italic: bool = False) -> list[Run]:
    runs: list[Run] = []
    for child in children:
        kind = child["type"]
        if kind in ("text", "codespan"):
            runs.append(Run(child.get("raw", ""), bold, italic))
        elif kind == "strong":
            runs.extend(_inline(child.get("children", []), True, italic))
        elif kind == "emphasis":
            runs.extend(_inline(child.get("children", []), bold, True))
        elif kind in ("link", "strikethrough"):
            runs.extend(_inline(child.get("children", []), bold, italic))
        elif kind in ("softbreak", "linebreak"):
            runs.append(Run(" ", bold, italic))
        elif "children" in child:
            runs.extend(_inline(child["children"], bold, italic))
        elif "raw" in child:
            runs.append(Run(child["raw"], bold, italic))
    merged: list[Run] = []
    for run in runs:  # fewer runs: neighbours with the same style join
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return merged


def plain(markdown: str) -> str:
    """Markdown as plain text, one paragraph a line (for speaker notes)."""
    lines = []
    for para in markdown_paras(markdown):
        prefix = ("  " * max(0, para.level - 1)) + (f"{para.bullet} " if para.bullet else "")
        lines.append(prefix + para.text.strip())
    return "\n".join(lines)
