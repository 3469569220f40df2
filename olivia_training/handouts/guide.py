"""The facilitator guide: `facilitator_guide/*.md`, rendered into the facilitator edition only.

Each Markdown page becomes `facilitator/guide/<stem>.html`, with a contents page
(`facilitator/guide/index.html`) first. The pages are offline, printable and use the pack's
inline stylesheet, like every handout.

Parts of the guide that must agree with the content are not written by hand: a marker on
a line of its own, such as `<!-- coverage-matrix -->` or `<!-- session-plan: half-day -->`,
is replaced by a table generated from `exercises/programme.yaml` and
`exercises/workshop.yaml` (see FRAGMENTS). Any other raw HTML in the Markdown is escaped.

Links between guide pages are written as they work on disk (`[plans](02-session-plans.md)`)
and rewritten to the HTML pages; `../notebooks/NN_name.ipynb` becomes the notebook's
facilitator handout. A link that would not resolve is reported as a problem and shown as
plain text, never as a broken or outside link.
"""

from __future__ import annotations

import html
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from olivia_training.handouts.site import Page
from olivia_training.html import pack_css, render
from olivia_training.paths import guide_dir, notebooks_dir

FOLDER = "guide"
INDEX = "index.html"
INDEX_TITLE = "Facilitator guide: contents"
TITLE_PREFIX = "Facilitator guide"
MARKER = re.compile(r"<!--\s*([a-z][a-z-]*)\s*(?::\s*([A-Za-z0-9_.-]+))?\s*-->")
GUIDE_LINK = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)\.md(#[A-Za-z0-9_-]+)?$")
NOTEBOOK_LINK = re.compile(r"^\.\./notebooks/([A-Za-z0-9][A-Za-z0-9_.-]*)\.ipynb$")
ANCHOR = re.compile(r"^#([A-Za-z0-9_-]+)$")


class GuideWarning(UserWarning):
    """A guide page has a problem (a link or marker that does not resolve)."""


@dataclass
class GuidePage:
    stem: str
    title: str
    body: str
    toc: list[tuple[int, str, str]]
    ids: set[str] = field(default_factory=set)
    links: list[str] = field(default_factory=list)

    @property
    def filename(self) -> str:
        return f"{self.stem}.html"

    @property
    def nested_toc(self) -> list[dict]:
        """Level-2 headings, each with its level-3 headings, for the contents lists."""
        entries: list[dict] = []
        for level, anchor, text in self.toc:
            if level == 2 or not entries:
                entries.append({"id": anchor, "text": text, "children": []})
            else:
                entries[-1]["children"].append({"id": anchor, "text": text})
        return entries


@dataclass
class Guide:
    pages: list[GuidePage]
    problems: list[str]


def slug(text: str) -> str:
    text = re.sub(r"[`*_\[\]()]", "", text.lower())
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "section"


# -- Markdown ------------------------------------------------------------------------------
def _markdown(resolve_link: Callable[[str], str | None], fragment: Callable[[str, str], str],
              problems: list[str]):
    import mistune
    from mistune.renderers.html import HTMLRenderer
    from mistune.toc import add_toc_hook

    class Renderer(HTMLRenderer):
        def __init__(self):
            super().__init__(escape=True)

        def block_html(self, raw: str) -> str:
            match = MARKER.fullmatch(raw.strip())
            if match:
                return fragment(match.group(1), match.group(2) or "") + "\n"
            return super().block_html(raw)

        def link(self, text: str, url: str, title: str | None = None) -> str:
            target = resolve_link(url)
            if target is None:
                return f'<span class="guide-unlinked">{text}</span>'
            return f'<a href="{html.escape(target, quote=True)}">{text}</a>'

        def image(self, text: str, url: str, title: str | None = None) -> str:
            problems.append(f"image {url!r}: the guide has no images; describe it in words")
            return html.escape(text)

        def table(self, text: str) -> str:
            return f'<div class="guide-table">\n<table>\n{text}</table>\n</div>\n'

        def table_head(self, text: str) -> str:
            return "<thead>\n<tr>\n" + text + "</tr>\n</thead>\n"

        def table_cell(self, text: str, align=None, head: bool = False) -> str:
            if head:
                return f'  <th scope="col">{text}</th>\n'
            return f"  <td>{text}</td>\n"

    used: set[str] = set()

    def heading_id(token, index: int) -> str:
        base = slug(token["text"])
        value, n = base, 1
        while value in used:
            n += 1
            value = f"{base}-{n}"
        used.add(value)
        return value

    md = mistune.create_markdown(renderer=Renderer(), plugins=["table", "strikethrough"])
    add_toc_hook(md, min_level=2, max_level=3, heading_id=heading_id)
    return md


def render_page(stem: str, text: str, *, guide_stems: set[str], handout_exists: Callable[[str], bool],
                fragment: Callable[[str, str], str]) -> tuple[GuidePage, list[str]]:
    problems: list[str] = []

    def resolve_link(url: str) -> str | None:
        url = url.strip()
        if ANCHOR.match(url):
            return url
        match = GUIDE_LINK.match(url)
        if match and match.group(1) in guide_stems:
            return f"{match.group(1)}.html{match.group(2) or ''}"
        match = NOTEBOOK_LINK.match(url)
        if match:
            if handout_exists(match.group(1)):
                return f"../{match.group(1)}.html"
            if not (notebooks_dir() / f"{match.group(1)}.ipynb").is_file():
                problems.append(f"link to {url!r}: no such notebook")
            return None  # a notebook left out of this build: its name, unlinked
        problems.append(f"link to {url!r} does not resolve to a guide page or a notebook")
        return None

    def checked_fragment(name: str, arg: str) -> str:
        try:
            return fragment(name, arg)
        except (KeyError, ValueError, TypeError) as exc:  # unknown marker or id, missing argument
            problems.append(f"marker <!-- {name}{': ' + arg if arg else ''} -->: {exc}")
            return ""

    md = _markdown(resolve_link, checked_fragment, problems)
    body, state = md.parse(text)
    h1s = re.findall(r"<h1>(.*?)</h1>\n?", body, re.S)
    if len(h1s) != 1:
        problems.append(f"has {len(h1s)} top-level (#) headings; a guide page has exactly one")
    title = _plain(h1s[0]) if h1s else stem
    body = re.sub(r"<h1>.*?</h1>\n?", "", body, count=1, flags=re.S)
    levels = [1] + [int(n) for n in re.findall(r"<h([1-6])\b", body)]
    for a, b in zip(levels, levels[1:], strict=False):
        if b > a + 1:
            problems.append(f"heading level jumps from {a} to {b}")
            break
    toc = state.env.get("toc_items", [])
    ids = set(re.findall(r'\bid="([^"]+)"', body))
    links = [html.unescape(h) for h in re.findall(r'\bhref="([^"]*)"', body)]
    page = GuidePage(stem, title, body, toc, ids, links)
    return page, [f"facilitator_guide/{stem}.md: {p}" for p in dict.fromkeys(problems)]


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


# -- The generated parts -------------------------------------------------------------------
class Fragments:
    """Tables generated from the content, for the markers in the guide's Markdown."""

    def __init__(self, content: Path | None, handout_exists: Callable[[str], bool]):
        from olivia_training.content import load

        self.programme = load("programme", content)
        self.workshop = load("workshop", content)
        self.support = load("support", content)
        self.handout_exists = handout_exists

    def __call__(self, name: str, arg: str) -> str:
        method = FRAGMENTS.get(name)
        if method is None:
            raise KeyError(f"unknown marker; known: {', '.join(sorted(FRAGMENTS))}")
        return str(method(self, arg) if arg else method(self))

    # labels ------------------------------------------------------------------------------
    def labels(self) -> dict[str, str]:
        names = {f.id: f"Finding {f.number}" for f in self.workshop.findings}
        names.update({q.id: f"Question: {q.short}" for q in self.workshop.questions})
        return names

    def items(self) -> list[dict]:
        """The nine items (findings, then questions) with where each is addressed."""
        rows = []
        for item, label, detail in [
            *[(f, f"Finding {f.number}", f.summary) for f in self.workshop.findings],
            *[(q, q.short, q.source) for q in self.workshop.questions],
        ]:
            notebooks, exercises = [], []
            for nb in self.programme.notebooks:
                hits = [ex for ex in nb.exercises if item.id in ex.covers]
                if hits:
                    notebooks.append(self._nb(nb))
                    exercises.extend({"notebook": nb.number, "title": ex.title} for ex in hits)
            rows.append({"id": item.id, "label": label, "detail": detail,
                         "notebooks": notebooks, "exercises": exercises})
        return rows

    def _nb(self, nb) -> dict:
        href = f"../{nb.id}.html" if self.handout_exists(nb.id) else ""
        return {"id": nb.id, "number": nb.number, "title": nb.title, "href": href,
                "minutes": nb.minutes}

    def _covers(self, ids: list[str]) -> str:
        labels = self.labels()
        return "; ".join(labels[i].removeprefix("Question: ") for i in ids)

    # fragments ---------------------------------------------------------------------------
    def coverage_matrix(self) -> Markup:
        return Markup(render("guide/coverage.html.j2", rows=self.items()))

    def notebooks_table(self) -> Markup:
        rows = []
        for nb in self.programme.notebooks:
            rows.append({**self._nb(nb), "covers": self._covers(nb.covers),
                         "exercises": [{"title": ex.title, "minutes": ex.minutes, "format": ex.format}
                                       for ex in nb.exercises]})
        total = sum(nb.minutes for nb in self.programme.notebooks)
        return Markup(render("guide/notebooks.html.j2", rows=rows, total=_duration(total)))

    def session_plan(self, session_id: str) -> Markup:
        session = self.programme.session(session_id)
        clock = _minutes(session.start)
        rows, covered = [], []
        for block in session.blocks:
            nb = self.programme.notebook(block.notebook) if block.notebook else None
            exercises = [self.programme.exercise(e)[1] for e in block.exercises]
            for ex in exercises:
                covered.extend(i for i in ex.covers if i not in covered)
            rows.append({"start": _clock(clock), "end": _clock(clock + block.minutes),
                         "title": block.title, "kind": block.kind, "minutes": block.minutes,
                         "format": block.format or "", "notebook": self._nb(nb) if nb else None,
                         "exercises": [ex.title for ex in exercises], "note": block.note})
            clock += block.minutes
        labels = self.labels()
        all_ids = [*(f.id for f in self.workshop.findings), *(q.id for q in self.workshop.questions)]
        breaks = sum(b.minutes for b in session.blocks if b.kind == "break")
        included = {e for b in session.blocks for e in b.exercises}
        left_out = [f"{nb.number} {ex.title}" for nb in self.programme.notebooks
                    for ex in nb.exercises if ex.id not in included]
        return Markup(render(
            "guide/session.html.j2", session=session, rows=rows,
            start=_clock(_minutes(session.start)), end=_clock(clock),
            length=_duration(session.total_minutes), breaks=_duration(breaks) if breaks else "",
            missing=[labels[i] for i in all_ids if i not in covered], left_out=left_out))

    def session_summary(self) -> Markup:
        sessions = [{"id": s.id, "title": s.title, "length": _duration(s.total_minutes),
                     "start": s.start, "end": _clock(_minutes(s.start) + s.total_minutes),
                     "needs": s.needs} for s in self.programme.sessions]
        return Markup(render("guide/sessions.html.j2", sessions=sessions))

    def exercise_summary(self, notebook_id: str) -> Markup:
        nb = self.programme.notebook(notebook_id)
        rows = [{"title": ex.title, "minutes": ex.minutes, "format": ex.format,
                 "covers": self._covers(ex.covers)} for ex in nb.exercises]
        return Markup(render("guide/exercises.html.j2", nb=self._nb(nb), rows=rows))

    def ground_rules(self) -> Markup:
        return Markup(render("guide/ground_rules.html.j2", rules=self.workshop.ground_rules))

    def support_list(self) -> Markup:
        return Markup(render("fragments/support.html.j2", services=self.support.services))

    def content_files(self) -> Markup:
        from olivia_training.content import registry

        rows = []
        for module in registry().values():
            doc = (module.__doc__ or "").strip().splitlines()
            about = doc[0].split(":", 1)[-1].strip() if doc else ""
            rows.append({"file": module.FILE, "about": about[:1].upper() + about[1:]})
        return Markup(render("guide/content_files.html.j2", rows=rows))

    def evaluation_form(self) -> Markup:
        form = evaluation_fields(self.workshop, self.programme)
        return Markup(render("guide/evaluation_form.html.j2", form=form))

    def evaluation_csv(self) -> Markup:
        form = evaluation_fields(self.workshop, self.programme)
        return Markup(render("guide/evaluation_csv.html.j2", form=form))


FRAGMENTS: dict[str, Callable] = {
    "coverage-matrix": Fragments.coverage_matrix,
    "notebooks-table": Fragments.notebooks_table,
    "session-summary": Fragments.session_summary,
    "session-plan": Fragments.session_plan,
    "exercise-summary": Fragments.exercise_summary,
    "ground-rules": Fragments.ground_rules,
    "support-list": Fragments.support_list,
    "content-files": Fragments.content_files,
    "evaluation-form": Fragments.evaluation_form,
    "evaluation-csv": Fragments.evaluation_csv,
}


def evaluation_fields(workshop, programme) -> dict:
    """The paper form's fields, named as the columns of the CSV the cohort report reads.

    The column names come from the report's own code (`reports.evaluation.csv_columns`), so
    the form, the typing-up instructions and the reader cannot disagree.
    """
    from olivia_training.reports.answers import SCALE_WORDS
    from olivia_training.reports.evaluation import csv_columns

    ids = [q.id for q in workshop.questions]
    columns = csv_columns(ids)
    questions = [{"id": q.id, "text": q.source, "short": q.short,
                  "before": f"before_{q.id}", "after": f"after_{q.id}"} for q in workshop.questions]
    notebooks = [{"id": nb.id, "number": nb.number, "title": nb.title} for nb in programme.notebooks]
    example = {"session": "ROCH-0312", "notebooks_completed": " ".join(nb["number"] for nb in notebooks[:3]),
               "comments": "The escalation scenario was the most useful part, for me."}
    meaning = {
        "session": "The session code written on the form.",
        "notebooks_completed": ("The ticked parts, as two-digit notebook numbers separated by spaces, "
                                f"for example {example['notebooks_completed']}."),
        "comments": ("The comment, only if the participant ticked the box to share it; "
                     "otherwise leave it empty."),
    }
    for q in questions:
        example[q["before"]], example[q["after"]] = "2", "4"
        meaning[q["before"]] = (f"{q['short']}: the number circled under \"Before the session\" "
                                "(1 to 5; leave empty if none).")
        meaning[q["after"]] = (f"{q['short']}: the number circled under \"Now\" "
                               "(1 to 5; leave empty if none).")
    unknown = [c for c in columns if c not in meaning]
    if unknown:
        raise ValueError(f"the cohort report reads columns the paper form does not have: {unknown}")
    return {"questions": questions, "columns": columns, "notebooks": notebooks,
            "rows": [{"column": c, "meaning": meaning[c]} for c in columns],
            "example": [example[c] for c in columns], "scale": SCALE_WORDS}


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def _clock(minutes: int) -> str:
    return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"


def _duration(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} minutes"
    text = f"{hours} hour{'s' if hours > 1 else ''}"
    return f"{text} {rest} minutes" if rest else text


# -- The whole guide -----------------------------------------------------------------------
def guide_sources(folder: Path | None = None) -> list[Path]:
    return sorted((folder or guide_dir()).glob("*.md"))


def render_guide(content: Path | None = None, *, folder: Path | None = None,
                 handout_exists: Callable[[str], bool] | None = None) -> Guide:
    """Every guide page rendered in memory, with every problem found. Writes nothing."""
    if handout_exists is None:
        def handout_exists(stem: str) -> bool:
            return (notebooks_dir() / f"{stem}.ipynb").is_file()

    sources = guide_sources(folder)
    stems = {p.stem for p in sources}
    fragments = Fragments(content, handout_exists)
    pages, problems = [], []
    for source in sources:
        page, found = render_page(source.stem, source.read_text(encoding="utf-8"), guide_stems=stems,
                                  handout_exists=handout_exists, fragment=fragments)
        pages.append(page)
        problems.extend(found)
    problems.extend(_anchor_problems(pages))
    return Guide(pages, problems)


def _anchor_problems(pages: list[GuidePage]) -> list[str]:
    """Every link from one guide page to another, or within a page, lands on a real id."""
    ids = {p.filename: p.ids for p in pages}
    problems = []
    for page in pages:
        for link in page.links:
            target, _, anchor = link.partition("#")
            if target.startswith("../"):
                continue  # a facilitator handout, checked when the link is made
            where = f"facilitator_guide/{page.stem}.md: link to '{link}'"
            if target and target not in ids:
                problems.append(f"{where}: no such guide page")
            elif anchor and anchor not in ids[target or page.filename]:
                problems.append(f"{where}: no heading with that anchor")
    return problems


GUIDE_CSS = """
/* The facilitator guide (added to the pack stylesheet on guide pages only). */
.guide-pages { font-size: .95rem; border: 1px solid var(--rule); border-radius: .35rem;
  padding: .4rem .75rem; margin: 0 0 1rem; }
.guide-pages ol { margin: .25rem 0; padding-left: 1.5rem; }
.guide-pages [aria-current="page"] { font-weight: 700; color: var(--ink); }
.guide-toc { background: var(--note-bg); padding: .5rem 1rem; border-radius: .35rem; }
.guide-toc h2 { border: 0; margin-top: .25rem; font-size: 1.15rem; }
.guide-toc ul { margin: .25rem 0; }
.guide-pager { display: flex; justify-content: space-between; gap: 1rem; margin-top: 2rem;
  border-top: 1px solid var(--rule); padding-top: .5rem; }
.guide-table { overflow-x: auto; }
.guide-table caption { text-align: left; font-weight: 700; padding: .25rem 0; }
.guide-table th[scope="row"] { background: var(--paper); }
.guide-table th[scope="row"] .olivia-small { font-weight: 400; }
.guide-table td ul, .guide-table th ul { margin: 0; padding-left: 1.1rem; }
.guide-coverage th[scope="row"] { width: 40%; }
.guide-break td { background: #f0f0f0; font-style: italic; }
.guide-num { white-space: nowrap; }
.olivia-doc blockquote { border-left: 4px solid var(--rule); margin: .75rem 0; padding: .25rem .75rem;
  color: var(--ink); }
.olivia-doc pre { background: #f5f5f5; color: var(--ink); padding: .5rem .75rem; overflow-x: auto;
  white-space: pre-wrap; border: 1px solid #d0d0d0; }
.guide-form { border: 2px solid var(--ink); padding: .75rem 1rem; margin: 1rem 0; }
.guide-form-title { font-size: 1.2rem; font-weight: 700; margin: 0 0 .25rem; }
.guide-form .guide-scale { white-space: nowrap; font-size: 1.05rem; letter-spacing: .35rem; }
.guide-form .olivia-write { min-height: 7rem; }
.guide-form .guide-form-parts { columns: 2; column-gap: 1.5rem; margin: .25rem 0; }
.guide-form p { margin: .4rem 0; }
.guide-form .guide-field { border-bottom: 1px solid var(--ink); display: inline-block; min-width: 12rem;
  height: 1.2rem; vertical-align: bottom; }
@media print {
  .guide-pages, .guide-pager { display: none; }
  .guide-form { break-before: page; break-inside: avoid; border: 0; padding: 0; }
  .guide-toc { background: none; border: 1px solid var(--rule); }
  .guide-table { overflow: visible; }
}
"""


def build_guide(out: Path, *, content: Path, built: str, attribution: str) -> list[Page]:
    """Write facilitator/guide/*.html; return its pages for the indexes, contents page first."""
    from olivia_training import __version__
    from olivia_training.atomic import atomic_write_text

    folder = Path(out) / "facilitator" / FOLDER
    sources = guide_sources()
    if not sources:
        return []

    def handout_exists(stem: str) -> bool:
        return (Path(out) / "facilitator" / f"{stem}.html").is_file()

    guide = render_guide(content, handout_exists=handout_exists)
    for problem in guide.problems:
        warnings.warn(GuideWarning(problem), stacklevel=2)

    nav = [{"filename": INDEX, "title": "Contents"}] + [
        {"filename": p.filename, "title": p.title} for p in guide.pages]
    common = {"edition": "facilitator", "edition_label": "Facilitator edition: not for participants",
              # Markup: the stylesheet is raw text inside <style>, where entities are not decoded.
              "css": pack_css() + Markup(GUIDE_CSS), "version": __version__, "built": built,
              "attribution": attribution, "nav": nav}
    written = {INDEX}
    atomic_write_text(folder / INDEX, render(
        "guide/index.html.j2", title=INDEX_TITLE, current=INDEX, pages=guide.pages,
        previous=None, next=nav[1] if len(nav) > 1 else None, **common))
    for i, page in enumerate(guide.pages, start=1):
        atomic_write_text(folder / page.filename, render(
            "guide/page.html.j2", title=f"{TITLE_PREFIX}: {page.title}", current=page.filename,
            page=page, body=Markup(page.body), previous=nav[i - 1],
            next=nav[i + 1] if i + 1 < len(nav) else None, **common))
        written.add(page.filename)
    for stale in folder.glob("*.html"):  # pages whose Markdown was removed
        if stale.name not in written:
            stale.unlink()
    return [Page("guide", INDEX_TITLE, f"{FOLDER}/{INDEX}")] + [
        Page(f"guide-{p.stem}", f"{TITLE_PREFIX}: {p.title}", f"{FOLDER}/{p.filename}")
        for p in guide.pages]
