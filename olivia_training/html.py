"""Render the pack's HTML with Jinja2, autoescaped.

Worksheets, briefing pages, reports and records all go through here, so any participant or
content text is escaped unless a template deliberately marks it safe.

- Each topic has one macro module, `templates/<topic>.html.j2`, named like its content file
  and its view (`templates/aces.html.j2` for `exercises/aces.yaml` and `views/aces.py`);
  views call its macros with `macro("aces", "spot", ...)`.
- `templates/macros.html.j2` holds what every topic shares: the provenance badge, the
  training-assumption label, the facilitator box, space to write, the "Saved" status.
- Whole pages (handouts, guide, CPD record, cohort report) are templates of their own,
  rendered with `render("reports/cpd.html.j2", ...)`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes, select_autoescape
from markupsafe import Markup, escape

from olivia_training.content.base import is_withheld
from olivia_training.labels import LABELS

TEMPLATES = Path(__file__).resolve().parent / "templates"
SHARED = "macros"  # templates/macros.html.j2


class _Environment(Environment):
    """In the participant edition (a hub), a withheld `facilitator_` field renders as nothing:
    only the facilitator edition's HTML asks for one, and a participant's kernel never shows it."""

    def getattr(self, obj, attribute):
        value = super().getattr(obj, attribute)
        return "" if is_withheld(value) else value

    def getitem(self, obj, argument):
        value = super().getitem(obj, argument)
        return "" if is_withheld(value) else value


@cache
def environment() -> Environment:
    env = _Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(LABELS)  # one label vocabulary (olivia_training/labels.py)
    # The provenance badge stands next to every item about Olivia, on every kind of page,
    # so it is a global rather than an import in each template.
    env.globals["badge"] = env.get_template(f"{SHARED}.html.j2").module.badge
    return env


def render(template: str, **context) -> str:
    """A whole template (a page, a report) rendered with `context`."""
    return environment().get_template(template).render(**context)


@cache
def _required(topic: str) -> dict[str, tuple[str, ...]]:
    """Each macro's arguments that have no default (Jinja does not expose them at run time),
    for a whole module at once, the first time any of its macros is called."""
    env = environment()
    source = env.loader.get_source(env, f"{topic}.html.j2")[0]
    return {node.name: tuple(a.name for a in node.args[:len(node.args) - len(node.defaults)])
            for node in env.parse(source).find_all(nodes.Macro)}


def macro(topic: str, name: str, /, **arguments) -> str:
    """Call macro `name` of `templates/<topic>.html.j2` (autoescaped). Unknown or missing
    arguments are errors, as in a Python call, so a typo cannot print an empty worksheet."""
    module = environment().get_template(f"{topic}.html.j2").module
    called = getattr(module, name, None)
    if called is None:
        raise AttributeError(f"templates/{topic}.html.j2 has no macro {name!r}")
    # Jinja would pass Undefined for a missing argument, and fail only if a branch used it.
    # Which arguments have defaults is read from the template's source, so only when a call
    # leaves some out (parsing a topic's template cost every kernel about 0.03 s).
    if any(a not in arguments for a in called.arguments):
        missing = [a for a in _required(topic).get(name, ()) if a not in arguments]
        if missing:
            raise TypeError(f"macro {topic}.{name} is missing {', '.join(missing)}")
    return str(called(**arguments))  # Jinja raises TypeError for an unknown argument


@cache
def stylesheet(name: str) -> Markup:
    """A stylesheet from templates/, marked safe: it goes raw inside <style>, where escaping
    would turn its quotes into entities that a browser does not decode there."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def pack_css() -> Markup:
    """The pack's stylesheet, shared by every handout, worksheet and record."""
    return stylesheet("pack.css")


def mark_spans(text: str, spans: list[tuple[int, int, str]]) -> Markup:
    """Escape `text` and wrap each (start, end, title) span in <mark>; spans may overlap."""
    out: list[str] = []
    pos = 0
    for start, end, title in sorted(spans):
        start = max(start, pos)
        if start >= end:
            continue
        out.append(escape(text[pos:start]))
        out.append(Markup('<mark class="olivia-mark" title="{}">{}</mark>').format(
            title, text[start:end]))
        pos = end
    out.append(escape(text[pos:]))
    return Markup("").join(out)

