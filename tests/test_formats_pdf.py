"""PDF editions, read back: with pypdf, A4, titled, tagged (a structure tree), with an outline
and embedded fonts; with PDFium (pypdfium2), the text of their page; nothing for facilitators
only in a participant PDF; the 7 minute briefing on one page; the browser found the one way the
pack finds it; and a build without a browser still succeeds and says, in one line, that the
PDFs were skipped."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import stat
import zipfile
from pathlib import Path

import pypdfium2
import pytest
from handout_checks import facilitator_texts, outline
from pypdf import PdfReader

from olivia_training.cli import main
from olivia_training.content import load, registry
from olivia_training.handouts import pdf as pdf_module
from olivia_training.handouts.build import pdf_jobs
from olivia_training.handouts.notebook_text import plain, read_cells
from olivia_training.handouts.pdf import PdfJob, find_browser, print_pdfs
from olivia_training.handouts.team_pages import BRIEFING_STEM, PLAN_STEM, write_team_pages
from olivia_training.paths import content_dir, notebooks_dir

A4 = (595.28, 841.89)
NOTEBOOKS = sorted(notebooks_dir().glob(os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(source: Path | bytes, pages: slice = slice(None)) -> str:
    """The text of a PDF (or of some of its pages), spaces squeezed, as PDFium reads it: the
    PDF engine of Chrome and Edge, so the text a reader finds or copies there. pypdf reads the
    same text, but Chromium writes every glyph with its own operator, which pypdf parses in
    Python: the 119-page all-in-one file took it 9.5 s of CPU, and PDFium 0.4 s."""
    document = pypdfium2.PdfDocument(source)
    texts = []
    try:
        for index in range(len(document))[pages]:
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_bounded())
            textpage.close()
            page.close()
    finally:
        document.close()
    # PDFium gives a hyphen at the end of a line as U+0002 (seen on these PDFs, where pypdf
    # reads "-"): "trauma-informed" broken after its hyphen would otherwise not be found.
    return _norm(" ".join(texts).replace("\x02", "-"))


def _titles(items) -> list[str]:
    found = []
    for item in items:
        found.extend(_titles(item) if isinstance(item, list) else [item.title])
    return found


def _fonts_embedded(reader: PdfReader) -> list[str]:
    """Names of fonts that are not embedded (Type 3 fonts carry their glyphs inline)."""
    missing = []
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":
                continue
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.append(str(font.get("/BaseFont")))
    return missing


def _html_title(html_path: Path) -> str:
    """The page's own <title> (an inline SVG has titles of its own)."""
    head = html_path.read_text(encoding="utf-8").split("</head>", 1)[0]
    return outline(head).title.strip()


def _h1(html_path: Path) -> str:
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html_path.read_text(encoding="utf-8"), re.S)
    return _norm(re.sub(r"<[^>]+>", "", match.group(1))).replace("&#39;", "'").replace("&amp;", "&")


@pytest.fixture(scope="module")
def pdfs(built_handouts) -> dict[Path, PdfReader]:
    jobs = pdf_jobs(built_handouts)
    missing = [j.pdf for j in jobs if not j.pdf.is_file()]
    assert not missing, f"no PDF for {missing[:3]}: is Chromium installed (see README)?"
    return {j.pdf: PdfReader(j.pdf) for j in jobs}


def test_every_page_people_send_has_a_pdf(built_handouts, pdfs):
    names = {p.relative_to(built_handouts).as_posix() for p in pdfs}
    for nb in NOTEBOOKS:
        assert {f"participant/{nb.stem}.pdf", f"facilitator/{nb.stem}.pdf"} <= names
    assert {"participant/all-in-one.pdf", f"participant/{BRIEFING_STEM}.pdf",
            f"participant/{PLAN_STEM}.pdf"} <= names
    with zipfile.ZipFile(built_handouts / "olivia-participant-handouts.zip") as archive:
        zipped = {n for n in archive.namelist() if n.endswith(".pdf")}
    assert zipped == {n for n in names if n.startswith("participant/")}


def test_each_pdf_is_a4_titled_tagged_outlined_and_embeds_its_fonts(pdfs):
    for path, reader in pdfs.items():
        html = path.with_suffix(".html")
        for page in reader.pages:
            width, height = float(page.mediabox.width), float(page.mediabox.height)
            assert abs(width - A4[0]) < 1.5 and abs(height - A4[1]) < 1.5, (path.name, width, height)
        assert reader.metadata.title == _html_title(html), path
        root = reader.trailer["/Root"]
        assert "/StructTreeRoot" in root, f"{path}: not tagged"
        assert bool(root["/MarkInfo"]["/Marked"]), path
        assert root.get("/Lang") == "en", path
        titles = _titles(reader.outline)
        assert titles and _norm(titles[0]).replace(" ", "") == _h1(html).replace(" ", ""), (path, titles[:2])
        assert _fonts_embedded(reader) == [], path


# The participant PDFs whose whole text is read. The all-in-one file holds every handout's own
# main part (site.for_bundle), printed with the same stylesheet, so it stands for the
# handouts' PDFs, whose first pages test_each_pdf_holds_the_text_of_its_page reads.
WHOLE_TEXT = ("all-in-one", BRIEFING_STEM, PLAN_STEM)


@pytest.fixture(scope="module")
def participant_texts(pdfs) -> dict[Path, str]:
    """The whole text of the participant PDFs in WHOLE_TEXT, extracted once."""
    return {p: pdf_text(p) for p in pdfs if p.parent.name == "participant" and p.stem in WHOLE_TEXT}


def test_each_pdf_holds_the_text_of_its_page_and_no_local_paths(pdfs):
    for path, reader in pdfs.items():
        text = pdf_text(path, slice(0, 1)).replace(" ", "")
        assert _h1(path.with_suffix(".html")).replace(" ", "") in text, path
        for page in reader.pages:  # a PDF travels alone: no link names a folder on this machine
            for annot in page.get("/Annots") or []:
                uri = (annot.get_object().get("/A") or {}).get("/URI", "")
                assert not str(uri).startswith("file:"), (path, uri)


def test_the_7_minute_briefing_is_one_page_and_the_action_plan_two(built_handouts, pdfs,
                                                                  participant_texts):
    briefing_pdf = built_handouts / "participant" / f"{BRIEFING_STEM}.pdf"
    assert len(pdfs[briefing_pdf].pages) == 1
    text = participant_texts[briefing_pdf]
    for n, section in enumerate(load("seven_minute_briefing").sections, 1):
        assert f"{n} {section.heading}" in text
    assert "This is not an RBSCP publication." in text
    plan = built_handouts / "participant" / f"{PLAN_STEM}.pdf"
    assert len(pdfs[plan].pages) == 2
    assert all(q.text.replace(" ", "") in participant_texts[plan].replace(" ", "")
               for q in load("seven_minute_briefing").action_plan.questions)


def test_no_participant_pdf_holds_facilitator_only_text(built_handouts, pdfs, participant_texts):
    secret = [t for stem in registry() for t in facilitator_texts(load(stem)) if len(t.split()) >= 4]
    for nb in NOTEBOOKS:
        for cell in read_cells(nb):
            if cell.facilitator and cell.kind == "markdown":
                secret += [s for s in re.split(r"(?<=[.!?])\s+", plain(cell.source)) if len(s.split()) >= 8]
    squash = [re.sub(r"\s+", "", s) for s in secret]
    assert len(participant_texts) == len(WHOLE_TEXT)
    bundle = participant_texts[built_handouts / "participant" / "all-in-one.pdf"].replace(" ", "")
    for nb in NOTEBOOKS:  # every handout is in the file read
        html = built_handouts / "participant" / f"{nb.stem}.html"
        assert _h1(html).replace(" ", "") in bundle, html
    for path, text in participant_texts.items():
        text = text.replace(" ", "")
        leaked = [s for s in squash if s in text]
        assert leaked == [], f"{path.name}: {leaked[0][:60]}"
        assert "Facilitatoredition" not in text, path
    # The check can fail: the facilitator PDFs do hold such text.
    facilitator = "".join(pdf_text(p).replace(" ", "") for p in pdfs
                          if p.parent.name == "facilitator" and p.stem.startswith(("05", "7-")))
    assert sum(s in facilitator for s in squash) >= 10


@pytest.fixture(scope="module")
def one_print_run(tmp_path_factory):
    """One `print_pdfs` run (a browser start costs about 2 s of CPU) for the two tests below:
    a page that cannot be printed, then the 7 minute briefing's two editions, made from
    content with a sentinel in a facilitator-only field, in one tab, one after another."""
    base = tmp_path_factory.mktemp("print-run")
    content = base / "exercises"
    shutil.copytree(content_dir(), content)
    path = content / "seven_minute_briefing.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("facilitator_talking_points: >-\n      Pick the one",
                                 "facilitator_talking_points: >-\n      SENTINEL-TALK-7f3a Pick the one"),
                    encoding="utf-8")
    write_team_pages(base, content=content, built="today", attribution="x")
    jobs = [PdfJob(base / "missing.html", base / "missing.pdf")]
    jobs += [PdfJob(base / e / f"{BRIEFING_STEM}.html", base / e / f"{BRIEFING_STEM}.pdf")
             for e in ("participant", "facilitator")]
    browser = find_browser()
    assert browser is not None, "the PDF tests need Chromium (see README)"
    return jobs, print_pdfs(jobs, browser, parallel=1)


def test_a_sentinel_reaches_the_facilitator_briefing_pdf_only(one_print_run):
    _, run = one_print_run
    participant, facilitator = (p.data for p in run.printed[1:])
    assert "SENTINEL" not in pdf_text(participant)
    assert "SENTINEL-TALK-7f3a" in pdf_text(facilitator)


def test_a_page_that_fails_to_print_is_reported_and_the_next_still_prints(one_print_run):
    """The tab goes from job to job: a failed job is reported in its place, in order, and the
    job after it gets a fresh tab and prints."""
    jobs, run = one_print_run
    assert [p.job for p in run.printed] == jobs
    assert run.printed[0].error and not run.printed[0].data
    assert not run.printed[1].error
    assert "7 minute briefing" in pdf_text(run.printed[1].data).lower()


def test_the_cpd_record_gets_a_pdf_beside_it(workspace, capsys):
    assert main(["cpd", "--workspace", str(workspace)]) == 0
    out = capsys.readouterr().out
    record = workspace / "cpd-record.pdf"
    assert f"PDF written to {record.resolve()}" in out
    reader = PdfReader(record)
    assert reader.metadata.title.startswith("CPD record")
    assert "/StructTreeRoot" in reader.trailer["/Root"] and _titles(reader.outline)
    assert "Continuing professional development (CPD) record" in pdf_text(record)
    if os.name == "posix":  # a private record stays private
        assert stat.S_IMODE(record.stat().st_mode) == 0o600


# -- finding the browser ------------------------------------------------------------------------
def _fake_browser(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("#!/bin/sh\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def test_olivia_chromium_is_the_only_place_looked_at_when_set(tmp_path, monkeypatch):
    named = _fake_browser(tmp_path / "named", "my-browser")
    _fake_browser(tmp_path / "path", "chromium")
    monkeypatch.setenv("PATH", str(tmp_path / "path"))
    monkeypatch.setenv("OLIVIA_CHROMIUM", str(named))
    assert find_browser() == named
    monkeypatch.setenv("OLIVIA_CHROMIUM", str(tmp_path / "nowhere"))
    assert find_browser() is None
    assert "OLIVIA_CHROMIUM is set to" in pdf_module.not_found_message()


def test_path_then_the_usual_places(tmp_path, monkeypatch):
    monkeypatch.delenv("OLIVIA_CHROMIUM", raising=False)
    on_path = _fake_browser(tmp_path / "bin", "google-chrome")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert find_browser() == on_path
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    usual = _fake_browser(tmp_path / "Program Files" / "Microsoft" / "Edge", "msedge.exe")
    monkeypatch.setattr(pdf_module, "_usual_places", lambda: [tmp_path / "nope", usual])
    assert find_browser() == usual
    monkeypatch.setattr(pdf_module, "_usual_places", lambda: [])
    assert find_browser() is None


# -- a build with the browser hidden ------------------------------------------------------------
@pytest.fixture(scope="module")
def hidden_browser_build(built_handouts, tmp_path_factory):
    """The built handouts copied with their cache and built again by the command, with no
    browser to be found and a partnership's slide template: nothing is executed again."""
    from pptx import Presentation

    base = tmp_path_factory.mktemp("hidden")
    out = base / "handouts"
    shutil.copytree(built_handouts, out)
    notebooks = base / "notebooks"
    notebooks.mkdir()
    for nb in NOTEBOOKS:
        shutil.copy(nb, notebooks)
    template = Presentation()
    for layout in template.slide_layouts:
        layout.name = f"Partnership {layout.name}"
    template.save(str(base / "partnership.pptx"))
    mp = pytest.MonkeyPatch()
    mp.setenv("OLIVIA_CHROMIUM", str(base / "no-such-browser"))
    mp.setenv("PATH", str(base / "empty-path"))
    stdout, stderr = io.StringIO(), io.StringIO()
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["build", "--out", str(out), "--notebooks", str(notebooks), "--quiet",
                         "--slides-template", str(base / "partnership.pptx")])
    finally:
        mp.undo()
    return out, code, stdout.getvalue(), stderr.getvalue()


def test_without_a_browser_the_html_is_built_and_one_line_says_how_to_get_pdfs(hidden_browser_build):
    out, code, stdout, stderr = hidden_browser_build
    assert code == 0, stderr
    lines = [line for line in stdout.splitlines() if "PDF" in line]
    assert len(lines) == 1, lines
    assert lines[0].startswith("PDFs skipped: OLIVIA_CHROMIUM is set to")
    assert "install Microsoft Edge, Google Chrome or Chromium" in lines[0]
    assert "cached" in stdout and "executed" not in stdout, "nothing is executed again"
    for nb in NOTEBOOKS:
        assert (out / "participant" / f"{nb.stem}.html").is_file()
    assert not list(out.glob("*/*.pdf")), "no PDF is left that would not match its page"
    with zipfile.ZipFile(out / "olivia-participant-handouts.zip") as archive:
        assert not [n for n in archive.namelist() if n.endswith(".pdf")]
    index = (out / "participant" / "index.html").read_text(encoding="utf-8")
    assert ".pdf" not in index
    assert "PDFs were not made" in (out / "index.html").read_text(encoding="utf-8")


def test_the_slides_template_reaches_the_built_decks(hidden_browser_build):
    from pptx import Presentation

    out, code, _, _ = hidden_browser_build
    assert code == 0
    for deck in sorted((out / "facilitator").glob("olivia-workshop-slides*.pptx")):
        layouts = {s.slide_layout.name for s in Presentation(str(deck)).slides}
        assert layouts and all(name.startswith("Partnership ") for name in layouts), (deck.name, layouts)
