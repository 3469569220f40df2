"""Read one YAML content file, validate it, and say precisely what is wrong.

This is the only module that reads YAML, and `write_yaml` the one place that writes it.
Problems are reported as
`exercises/chronology.yaml: events[3].provenance: must be 'briefing' or 'illustrative' (line 42)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

Path_ = tuple[str | int, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: much faster
# libyaml writes the same text as PyYAML's own emitter (all 17 content files compared), in a
# seventh of the time: the hub's participant edition writes every file (0.38 s, then 0.06 s).
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@dataclass(frozen=True)
class Problem:
    file: str
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}: " if self.field else f"{self.file}: "
        line = f" (line {self.line})" if self.line else ""
        return f"{where}{self.message}{line}"


class ContentError(Exception):
    """Raised when content does not validate; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def display_name(path: Path) -> str:
    """`exercises/chronology.yaml`: short enough for one line, clear enough to find."""
    return f"{path.parent.name}/{path.name}"


def format_path(loc: Path_) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _LineMap:
    """Line numbers for every path in a YAML document, from its composed node tree."""

    def __init__(self, root: yaml.Node | None):
        self.lines: dict[Path_, int] = {}
        self.key_lines: dict[Path_, int] = {}
        self.duplicate_keys: list[tuple[Path_, int]] = []
        if root is not None:
            self._walk(root, ())

    def _walk(self, node: yaml.Node, path: Path_) -> None:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = key_node.value
                child = (*path, key)
                if key in seen:
                    self.duplicate_keys.append((child, key_node.start_mark.line + 1))
                seen.add(key)
                self.key_lines[child] = key_node.start_mark.line + 1
                self._walk(value_node, child)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                self._walk(item, (*path, i))

    def line_for(self, loc: Path_) -> int | None:
        loc = tuple(loc)
        if loc in self.key_lines:
            return self.key_lines[loc]
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get(())


def read_yaml(path: Path) -> tuple[Any, _LineMap]:
    name = display_name(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(name, "", "file not found")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(name, "", "is not UTF-8 text")]) from None
    try:
        # One parse: the node tree gives line numbers, and the data is built from it.
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
            data = loader.construct_document(root) if root is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        msg = f"YAML syntax error: {exc.problem or exc.context}"
        raise ContentError([Problem(name, "", msg, line)]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, "", f"YAML error: {exc}")]) from None
    lines = _LineMap(root)
    if lines.duplicate_keys:
        raise ContentError(
            [
                Problem(name, format_path(loc), "key appears twice", line)
                for loc, line in lines.duplicate_keys
            ]
        )
    return data, lines


_TYPE_MESSAGES = {
    "missing": "required field is missing",
    "extra_forbidden": "unknown field",
    "string_type": "must be text",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "list_type": "must be a list",
    "dict_type": "must be a mapping of fields",
    "model_type": "must be a mapping of fields",
    "model_attributes_type": "must be a mapping of fields",
    "string_too_short": "must not be empty",
    "too_short": "must not be empty",
}


def write_yaml(data: Any) -> str:
    """`data` as YAML text a facilitator can read and edit: keys in their order, Unicode as
    it is, lines up to 100 characters."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def _message(err: dict) -> str:
    kind = err["type"]
    if kind == "literal_error":
        return f"must be {err['ctx']['expected']}"
    if kind == "string_pattern_mismatch":
        return "must be lower-case letters, digits, '-', '_' or '.'"
    if kind == "enum":
        return f"must be {err['ctx']['expected']}"
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind]
    msg = err.get("msg", "is not valid")
    # pydantic prefixes custom ValueErrors with "Value error, ".
    return msg.removeprefix("Value error, ")


def validate(model: type, data: Any, path: Path, lines: _LineMap, context: dict | None = None) -> Any:
    name = display_name(path)
    if data is None:
        raise ContentError([Problem(name, "", "file is empty")])
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            # Drop pydantic's union/tagged-union markers so paths read like the YAML.
            loc = tuple(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-")))
            problems.append(Problem(name, format_path(loc), _message(err), lines.line_for(loc)))
        raise ContentError(problems) from None
