"""The facilitator guide: generated from the content where it must agree with it, every link
resolving, well-formed offline pages, the local details it must list, and never in the
participant edition.

The browser and axe-core checks of the rendered pages happen in test_handouts_browser.py,
which opens every page of the built output, the guide included.
"""

from __future__ import annotations

import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from handout_checks import external_urls, outline, skipped_levels
from helpers import check_items, screenshot

from olivia_training.content import check_all, load
from olivia_training.handouts.guide import (
    FRAGMENTS,
    build_guide,
    evaluation_fields,
    guide_sources,
    render_guide,
    render_page,
    slug,
)
from olivia_training.handouts.site import Page, write_site
from olivia_training.paths import guide_dir, notebooks_dir

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# A sentence that stands only in the guide: the participant edition must never contain it.
GUIDE_SENTENCE = "This guide is for facilitators only: do not share it with participants."


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _text(html: str) -> str:
    from html import unescape

    return _norm(unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture(scope="module")
def programme():
    return load("programme")


@pytest.fixture(scope="module")
def workshop():
    return load("workshop")


@pytest.fixture(scope="module")
def guide():
    return render_guide()


def _page(guide, stem_prefix: str):
    return next(p for p in guide.pages if p.stem.startswith(stem_prefix))


# -- the programme data ----------------------------------------------------------------------
def test_every_finding_and_question_is_addressed(programme, workshop):
    nine = [f.id for f in workshop.findings] + [q.id for q in workshop.questions]
    assert len(nine) == 9 and len(set(nine)) == 9
    covered = {i for nb in programme.notebooks for ex in nb.exercises for i in ex.covers}
    assert [i for i in nine if i not in covered] == []


def test_every_notebook_in_the_programme_exists_and_every_notebook_is_in_it(programme):
    listed = [nb.id for nb in programme.notebooks]
    on_disk = sorted(p.stem for p in notebooks_dir().glob("*.ipynb"))
    assert [s for s in listed if s not in on_disk] == [], "programme.yaml lists a missing notebook"
    assert [s for s in on_disk if s not in listed] == [], "a notebook is missing from programme.yaml"
    assert listed == sorted(listed), "notebooks are listed in order"


def _notebook_text(stem: str) -> str:
    nb = json.loads((notebooks_dir() / f"{stem}.ipynb").read_text(encoding="utf-8"))
    return "\n".join("".join(cell.get("source", [])) for cell in nb["cells"])


def test_every_exercise_in_the_programme_stands_in_its_notebook(programme):
    missing = []
    for nb in programme.notebooks:
        text = _notebook_text(nb.id)
        for ex in nb.exercises:
            if (ex.marker or ex.id) not in text:
                missing.append(f"{nb.id}: {ex.marker or ex.id}")
    assert missing == []


def test_notebook_times_match_what_each_notebook_says(programme):
    for nb in programme.notebooks:
        stated = re.search(r"\*\*Time:\*\* about (\d+) minutes", _notebook_text(nb.id))
        assert stated, f"{nb.id} states its time"
        assert int(stated.group(1)) == nb.minutes, nb.id


def test_the_content_check_catches_programme_mistakes(content_copy):
    path = content_copy / "programme.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("total_minutes: 210", "total_minutes: 200", 1)
    text = re.sub(r"questions: \[q-voice\]\n", "questions: []\n", text)
    text = text.replace("exercises: [voice-drill-after-missing, voice-sort]",
                        "exercises: [voice-drill-after-missing, cse-myths]", 1)
    path.write_text(text, encoding="utf-8")
    _, problems = check_all(content_copy)
    messages = [str(p) for p in problems]
    assert any("add up to 210 minutes, not the session's 200" in m for m in messages), messages
    assert any("'cse-myths' belongs to notebook 05" in m for m in messages), messages
    assert all(m.startswith("exercises/programme.yaml: ") for m in messages), messages
    assert len(problems) == 2, messages  # q-voice is still addressed by notebook 07


# -- generated tables agree with the content -------------------------------------------------
class _Table(HTMLParser):
    """Rows of the first <table> whose class contains `cls`: each row a list of cell texts."""

    def __init__(self, cls: str):
        super().__init__()
        self.cls, self.depth, self.rows, self.cell = cls, 0, [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and not self.depth and self.cls in (a.get("class") or "").split():
            self.depth = 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if self.depth and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(_norm(" ".join(self.cell)))
            self.cell = None
        elif self.depth and tag == "table":
            self.depth = 0
            self.cls = "\0done"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _rows(html: str, cls: str) -> list[list[str]]:
    parser = _Table(cls)
    parser.feed(html)
    return parser.rows


def test_coverage_matrix_is_generated_from_the_content(guide, programme, workshop):
    body = _page(guide, "01").body
    rows = _rows(body, "guide-coverage")[1:]  # after the header row
    items = [(f.id, f"Finding {f.number}") for f in workshop.findings] + [
        (q.id, q.short) for q in workshop.questions]
    assert len(rows) == len(items) == 9
    for (item_id, label), row in zip(items, rows, strict=True):
        expected = [nb for nb in programme.notebooks if any(item_id in ex.covers for ex in nb.exercises)]
        assert row[0].startswith(label)
        assert expected, f"{item_id} is covered"
        assert row[1] == ", ".join(nb.number for nb in expected), item_id
        for nb in expected:
            for ex in nb.exercises:
                if item_id in ex.covers:
                    assert f"{nb.number}: {ex.title}" in row[2], (item_id, ex.id)
    assert "Not covered" not in body


def test_session_plans_are_generated_from_the_content(guide, programme):
    body = _page(guide, "02").body
    timetables = re.findall(r'<table class="guide-session">.*?</table>', body, re.S)
    assert len(timetables) == len(programme.sessions)
    for session, table in zip(programme.sessions, timetables, strict=True):
        rows = _rows(table, "guide-session")[1:]
        assert len(rows) == len(session.blocks)
        for row, block in zip(rows, session.blocks, strict=True):
            assert row[1].startswith(block.title) and row[4] == str(block.minutes)
        start_h, start_m = map(int, session.start.split(":"))
        end = start_h * 60 + start_m + session.total_minutes
        assert rows[0][0].startswith(session.start)
        assert rows[-1][0].endswith(f"{end // 60:02d}:{end % 60:02d}")
    # Every session plan has its own heading, which the summary table links to.
    assert {s.id for s in programme.sessions} <= _page(guide, "02").ids


def test_each_notebook_has_exercise_notes(guide, programme):
    notes = (guide_dir() / "05-exercise-notes.md").read_text(encoding="utf-8")
    for nb in programme.notebooks:
        assert f"<!-- exercise-summary: {nb.id} -->" in notes, nb.id
    body = _page(guide, "05").body
    for nb in programme.notebooks:
        for ex in nb.exercises:
            assert ex.title in _text(body), ex.id


# -- the guide as Markdown -------------------------------------------------------------------
def test_every_page_has_one_title_and_no_skipped_heading_levels():
    for source in guide_sources():
        text = re.sub(r"```.*?```", "", source.read_text(encoding="utf-8"), flags=re.S)
        levels = [len(m) for m in re.findall(r"^(#{1,6}) ", text, re.M)]
        assert levels.count(1) == 1 and levels[0] == 1, source.name
        assert skipped_levels(levels) == [], source.name


def _md_links(text: str) -> list[str]:
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text)


def _md_anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)
    return {slug(h) for h in re.findall(r"^#{2,3} (.+)$", text, re.M)}


def test_every_markdown_link_resolves():
    sources = guide_sources()
    assert len(sources) >= 7
    links = 0
    for source in sources:
        for link in _md_links(source.read_text(encoding="utf-8")):
            links += 1
            assert not re.match(r"^[a-z]+:", link), f"{source.name}: outside link {link}"
            target, _, anchor = link.partition("#")
            path = (source.parent / target).resolve() if target else source
            assert path.is_file(), f"{source.name}: {link}"
            if anchor:
                assert anchor in _md_anchors(path), f"{source.name}: {link}"
    assert links > 20


def test_the_guide_renders_without_problems(guide):
    assert guide.problems == []
    assert [p.stem for p in guide.pages] == [s.stem for s in guide_sources()]


def test_markers_links_and_raw_html_are_handled_safely():
    page, problems = render_page(
        "99-test",
        "# One\n\n# Two\n\n[a](01-overview.md) [b](https://example.org/) [c](missing.md)\n\n"
        "<!-- no-such-marker -->\n\n<script>alert(1)</script>\n\n#### Deep\n",
        guide_stems={"01-overview"}, handout_exists=lambda stem: False,
        fragment=lambda name, arg: FRAGMENTS[name])
    assert '<a href="01-overview.html">a</a>' in page.body
    assert "https://example.org" not in page.body and "<script" not in page.body
    found = "\n".join(problems)
    for expected in ("2 top-level", "https://example.org/", "missing.md", "no-such-marker",
                     "heading level jumps"):
        assert expected in found, expected


# -- the rendered guide ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def site(tmp_path_factory, programme) -> Path:
    """The guide and indexes built around stand-in handouts for every notebook."""
    out = tmp_path_factory.mktemp("guide-site")
    stub = "<!-- olivia:main:start --><h1>{0}</h1><!-- olivia:main:end -->"
    handouts = []
    for nb in programme.notebooks:
        for edition in ("participant", "facilitator"):
            path = out / edition / f"{nb.id}.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(stub.format(nb.title), encoding="utf-8")
        handouts.append(Page(nb.id, nb.title, f"{nb.id}.html"))
    guide = build_guide(out, content=None, built="today", attribution="attribution")
    write_site(out, handouts, built="today", attribution="attribution", failed=[], guide=guide)
    return out


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.ids = [], set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.hrefs.append(a["href"])


def _parse_links(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_link_in_the_rendered_guide_resolves(site):
    pages = sorted((site / "facilitator" / "guide").glob("*.html"))
    assert [p.name for p in pages] == sorted(["index.html"] + [f"{s.stem}.html" for s in guide_sources()])
    checked, parsed = 0, {}

    def links(path: Path) -> _Links:  # each page parsed once, however many links point into it
        key = path.resolve()
        if key not in parsed:
            parsed[key] = _parse_links(key)
        return parsed[key]

    for page in [*pages, site / "facilitator" / "index.html", site / "index.html"]:
        for href in links(page).hrefs:
            parts = urlsplit(href)
            assert not parts.scheme and not parts.netloc, f"{page.name}: {href}"
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {href}"
            if parts.fragment:
                assert parts.fragment in links(target).ids, f"{page.relative_to(site)}: {href}"
            checked += 1
    assert checked > 100


def test_the_indexes_link_the_guide_for_facilitators_only(site):
    f_index = (site / "facilitator" / "index.html").read_text(encoding="utf-8")
    assert 'href="guide/index.html"' in f_index
    for source in guide_sources():
        assert f'href="guide/{source.stem}.html"' in f_index
    assert 'href="facilitator/guide/index.html"' in (site / "index.html").read_text(encoding="utf-8")
    for path in (site / "participant").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert "guide/" not in text and GUIDE_SENTENCE not in text, path


def test_guide_pages_are_offline_printable_and_well_formed(site):
    pages = sorted((site / "facilitator" / "guide").glob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        parsed = outline(html)
        assert parsed.lang == "en" and parsed.title.strip(), path.name
        assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1, (path.name, parsed.headings)
        assert skipped_levels(parsed.headings) == [], (path.name, parsed.headings)
        assert external_urls(html) == [] and "<script" not in html and not parsed.scripts, path.name
        assert "<style>" in html and "@media print" in html and "<link" not in html, path.name
        style = re.search(r"<style>(.*?)</style>", html, re.S).group(1)
        assert "&#" not in style and "&quot;" not in style, f"{path.name}: escaped CSS does not apply"
        assert "Facilitator edition: not for participants" in html, path.name
        # A table of contents: the contents page lists every page; each page lists its sections.
        if path.name == "index.html":
            for source in guide_sources():
                assert f'href="{source.stem}.html"' in html
        else:
            assert 'aria-labelledby="on-this-page"' in html, path.name
        assert "<p>&lt;!--" not in html, f"{path.name}: a marker was not replaced"
    overview = (site / "facilitator" / "guide" / "01-overview.html").read_text(encoding="utf-8")
    assert GUIDE_SENTENCE in _text(overview)


def test_a_removed_guide_page_does_not_linger(site):
    stale = site / "facilitator" / "guide" / "99-old.html"
    stale.write_text("old", encoding="utf-8")
    build_guide(site, content=None, built="today", attribution="attribution")
    assert not stale.exists()


# -- local details: every CHECK item in the facts file is listed ------------------------------
# Each CHECK in the facts file, by words just before it, and words the guide's
# "Local details to confirm" section must contain for it.
CHECK_ITEMS = {
    "Its referral route and contact details:": ["Sunrise", "referral route and contact details"],
    "Rochdale's exact stages and timescales:": ["escalation stages and timescales"],
    "(Share with four or more:": ["four or more ACEs", "Bellis"],
    "one-line descriptions of each principle are on the gov.uk page:": [
        "descriptions of the six principles", "OHID"],
    "help@nspcc.org.uk (opening hours:": ["NSPCC", "opening hours"],
    "NAPAC (support for adult survivors of childhood abuse): number": ["NAPAC", "phone number"],
    "and not the Police and Criminal Evidence Act:": ["PACE workers", "parent support workers"],
    "must not stand in the way of protecting a child (exact wording:": [
        "Working Together 2023's exact wording"],
    "The NSPCC runs a whistleblowing advice line (number:": ["whistleblowing", "phone number"],
}


def test_every_check_item_in_the_facts_file_is_listed_in_local_details():
    # The repository's record of the facts marked CHECK (the notes stay outside the repo).
    contexts = [_norm(item["fact"]) for item in check_items()]
    assert len(contexts) == len(CHECK_ITEMS), "a CHECK item was added to or removed from the facts file"
    for context in contexts:
        keys = [k for k in CHECK_ITEMS if _norm(k) in context]
        assert len(keys) == 1, context

    text = (guide_dir() / "03-before-the-day.md").read_text(encoding="utf-8")
    section = _norm(text.split("## Local details to confirm", 1)[1].split("\n## ", 1)[0])
    assert "exercises/local_details.yaml" in section
    for words in CHECK_ITEMS.values():
        for word in words:
            assert _norm(word) in section, word


# -- the paper evaluation form matches the cohort report's CSV ------------------------------
def test_paper_form_fields_are_the_cohort_report_csv_columns(guide, programme, workshop, tmp_path):
    from olivia_training.reports.evaluation import csv_columns, read_csv

    ids = [q.id for q in workshop.questions]
    form = evaluation_fields(workshop, programme)
    assert form["columns"] == csv_columns(ids)
    assert [r["column"] for r in form["rows"]] == csv_columns(ids)

    body = _page(guide, "06").body
    rendered_form = re.search(r'<section class="guide-form".*?</section>', body, re.S)
    assert rendered_form, "the paper form is on the evaluation page"
    form_text = _text(rendered_form.group(0))
    for q in workshop.questions:
        assert _norm(q.source) in form_text
    for nb in programme.notebooks:
        assert f"{nb.number} {nb.title}" in form_text
    assert "Session code" in form_text and "do not write your name" in form_text.lower()

    # The worked example in the guide is read by the report exactly as the form means it.
    example = re.search(r"<pre><code>(session,.*?)</code></pre>", body, re.S)
    assert example
    from html import unescape

    csv_path = tmp_path / "paper.csv"
    csv_path.write_text(unescape(example.group(1)) + "\n", encoding="utf-8")
    rows, problems = read_csv(csv_path, ids)
    assert problems == [] and len(rows) == 1
    assert rows[0].session == "ROCH-0312"
    assert rows[0].ratings == {q: (2, 4) for q in ids}
    assert rows[0].notebooks == ("00", "01", "02")
    assert rows[0].comments


# -- the participant edition never holds the guide ------------------------------------------
@pytest.fixture(scope="module")
def small_build(built_handouts) -> Path:
    return built_handouts  # the run's one build of the pack (tests/conftest.py)


def test_participant_output_has_no_guide_content(small_build):
    out = small_build
    assert (out / "facilitator" / "guide" / "index.html").is_file()
    assert not (out / "participant" / "guide").exists()
    titles = [outline((out / "facilitator" / "guide" / f"{s.stem}.html").read_text()).title
              for s in guide_sources()]
    for path in (out / "participant").rglob("*"):
        # PDFs are printed from these pages (tests/test_formats_pdf.py reads their text).
        if not path.is_file() or path.suffix == ".pdf":
            continue
        text = path.read_text(encoding="utf-8")
        assert "guide/" not in text, path
        assert GUIDE_SENTENCE not in _text(text), path
        assert not [t for t in titles if t in text], path
    with zipfile.ZipFile(out / "olivia-participant-handouts.zip") as archive:
        assert not [n for n in archive.namelist() if "guide" in n]
        for name in archive.namelist():
            assert GUIDE_SENTENCE.encode() not in archive.read(name), name
    trainer = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="facilitator/guide/index.html"' in trainer


@pytest.mark.browser
def test_paper_form_fits_one_a4_page_when_printed(site, browser, artifacts):
    """The guide says the paper form fills one A4 page: 180 mm by 265 mm inside the margins."""
    mm = 96 / 25.4  # CSS pixels per millimetre
    context = browser.new_context(viewport={"width": round(180 * mm), "height": round(265 * mm)})
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
    page.goto((site / "facilitator" / "guide" / "06-evaluation.html").as_uri())
    page.emulate_media(media="print")
    height = page.evaluate("document.querySelector('.guide-form').getBoundingClientRect().height")
    screenshot(page.locator(".guide-form"), artifacts / "guide-paper-evaluation-form-print.png")
    context.close()
    assert 0 < height <= 265 * mm


# -- the Changes page ---------------------------------------------------------------------------
def test_the_changes_page_is_linked_and_names_every_new_field_entry_and_source():
    overview = (guide_dir() / "01-overview.md").read_text(encoding="utf-8")
    assert "[Changes in this version](10-changes.md)" in overview
    changes = _norm((guide_dir() / "10-changes.md").read_text(encoding="utf-8"))
    assert "no field was renamed" in changes and "still passes `olivia-training check`" in changes
    for field_name in ("`facilitator_once:`", "`chronology:`", "`condition`", "`share_with`"):
        assert field_name in changes, field_name
    new_ids = re.findall(r"`([a-z0-9-]+)`", changes.split("## If you adapted the content files", 1)[1])
    chronology, trauma, local = load("chronology"), load("trauma"), load("local_details")
    sources = {s.id for s in load("sources").sources}
    known = ({e.id for e in chronology.entries} | {s.id for s in trauma.scenarios}
             | {d.id for _, d in local.details()} | sources)
    named = [i for i in new_ids if i in known]
    assert {"i-disclosure-withdrawn", "adult-mental-health", "sunrise-pace", "soa-2003",
            "info-sharing-2024", "dpa-2018", "gmc-children", "caldicott", "kcsie"} <= set(named)
