"""Checks that span a whole file or several files: unique ids, references, provenance.

Schema checks (types, required and unknown fields) happen in the loader; these run on
the validated models.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from olivia_training.content.base import Provenanced, Ref
from olivia_training.content.loader import ContentError, Problem, display_name, format_path

Loc = tuple[str | int, ...]


def normalise(text: str) -> str:
    """Collapse whitespace and unify quote marks, so a quote survives re-wrapping."""
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def walk(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, Any, Any]]:
    """Yield (path, value, field metadata) for every field of a model tree."""
    if isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            child = getattr(value, name)
            yield (*loc, name), child, field.metadata
            yield from walk(child, (*loc, name))
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            if isinstance(item, BaseModel):
                yield (*loc, i), item, []
            yield from walk(item, (*loc, i))


def ids_in(model: Any) -> dict[str, Loc]:
    out: dict[str, Loc] = {}
    for loc, value, _ in walk(model):
        if loc and loc[-1] == "id" and isinstance(value, str):
            out.setdefault(value, loc)
    return out


def check_file(stem: str, loaded, get: Callable[[str], Any]) -> list[Problem]:
    from olivia_training.content import model_module

    name = display_name(loaded.path)
    problems: list[Problem] = []

    def add(loc: Loc, message: str) -> None:
        problems.append(Problem(name, format_path(loc), message, loaded.lines.line_for(loc)))

    # Duplicate ids, within each list.
    for loc, value, _ in walk(loaded.model):
        if isinstance(value, (list, tuple)) and value and isinstance(value[0], BaseModel):
            seen: dict[str, int] = {}
            for i, item in enumerate(value):
                item_id = getattr(item, "id", None)
                if not isinstance(item_id, str):
                    continue
                if item_id in seen:
                    add(
                        (*loc, i, "id"),
                        f"duplicate id '{item_id}' (first used at {format_path((*loc, seen[item_id]))})",
                    )
                else:
                    seen[item_id] = i

    # References to ids in other files (or this one).
    known: dict[str, set[str] | None] = {}
    for loc, value, metadata in walk(loaded.model):
        refs = [m for m in metadata if isinstance(m, Ref)]
        if not refs:
            continue
        target = refs[0].target
        if target not in known:
            try:
                model = loaded.model if target == stem else get(target).model
                known[target] = set(ids_in(model))
            except ContentError:
                known[target] = None  # that file's own problems are reported; don't cascade
        if known[target] is None:
            continue
        values = value if isinstance(value, (list, tuple)) else [value]
        for i, ref in enumerate(values):
            if ref in (None, ""):
                continue
            if ref not in known[target]:
                where = (*loc, i) if isinstance(value, (list, tuple)) else loc
                add(where, f"refers to unknown id '{ref}' in {target}.yaml")

    # Provenance: briefing items quote the briefing verbatim.
    briefing_text = None
    for loc, value, _ in [((), loaded.model, ())] + list(walk(loaded.model)):
        if not isinstance(value, Provenanced):
            continue
        if value.provenance == "briefing":
            if not value.source.strip():
                add((*loc, "source"), "a 'briefing' item needs a source quote from the briefing")
                continue
            if briefing_text is None:
                try:
                    briefing_text = normalise(get("briefing").model.full_text())
                except ContentError:
                    briefing_text = ""  # briefing.yaml's own problems are reported
            if briefing_text and normalise(value.source) not in briefing_text:
                add((*loc, "source"), "quote does not stand verbatim in the briefing")
        elif value.source.strip():
            add((*loc, "source"), "an 'illustrative' item must not carry a briefing quote")

    module = model_module(stem)
    extra = getattr(module, "extra_checks", None)
    if extra:
        for loc, message in extra(loaded.model, get):
            add(tuple(loc), message)
    return problems
