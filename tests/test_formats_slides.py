"""The facilitator's slide decks, read back with python-pptx: PowerPoint's accessibility rules
(a unique title on every slide, reading order, alt text, no text under 18 pt, every size set,
AA contrast), nothing for facilitators only on a slide's face, timings from programme.yaml,
and a partnership's own template."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from handout_checks import facilitator_texts
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Pt

from olivia_training.cli import main
from olivia_training.content import load, registry
from olivia_training.handouts.notebook_text import exercise_text, plain, read_cells
from olivia_training.handouts.slides import (
    DECK_STEM,
    MIN_PT,
    decks,
    plan_deck,
    render_deck,
)
from olivia_training.paths import notebooks_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u201c", '"').replace("\u201d", '"')).strip()


def face_text(slide) -> str:
    """Everything on a slide's face (not its notes)."""
    return _norm(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))


def notes_text(slide) -> str:
    return _norm(slide.notes_slide.notes_text_frame.text) if slide.has_notes_slide else ""


@pytest.fixture(scope="module")
def deck_files(built_handouts) -> list[Path]:
    names = [d.filename for d in decks()]
    files = [built_handouts / "facilitator" / name for name in names]
    assert files and all(f.is_file() for f in files), names
    return files


@pytest.fixture(scope="module")
def presentations(deck_files) -> dict[str, Presentation]:
    return {f.name: Presentation(str(f)) for f in deck_files}


def facilitator_only_texts() -> list[str]:
    """Prose a participant must never see: every facilitator_ field in the content, and every
    sentence of the notebooks' facilitator cells."""
    found = [t for stem in registry() for t in facilitator_texts(load(stem)) if len(t.split()) >= 4]
    for path in sorted(notebooks_dir().glob("*.ipynb")):
        for cell in read_cells(path):
            if cell.facilitator and cell.kind == "markdown":
                for sentence in re.split(r"(?<=[.!?])\s+", plain(cell.source)):
                    if len(sentence.split()) >= 8 and not sentence.startswith("Facilitator notes"):
                        found.append(_norm(sentence))
    return found


def test_the_main_deck_and_one_per_session_are_in_the_facilitator_edition_only(built_handouts, deck_files):
    sessions = load("programme").sessions
    assert deck_files[0].name == f"{DECK_STEM}.pptx" and len(deck_files) == len(sessions)
    assert not list((built_handouts / "participant").glob("*.pptx"))
    index = (built_handouts / "facilitator" / "index.html").read_text(encoding="utf-8")
    for f in deck_files:
        assert f'href="{f.name}"' in index


def test_every_slide_has_a_unique_title_first_in_reading_order(presentations):
    for name, prs in presentations.items():
        titles = []
        for n, slide in enumerate(prs.slides, 1):
            title = slide.shapes.title
            assert title is not None and title.text.strip(), (name, n)
            # Reading order is the order of the shapes: the title comes first.
            assert slide.shapes[0].shape_id == title.shape_id, (name, n)
            titles.append(title.text.strip())
        duplicates = {t for t in titles if titles.count(t) > 1}
        assert duplicates == set(), (name, duplicates)
        assert len(titles) >= 20, name


def test_every_picture_has_real_alt_text_and_comes_before_its_caption(presentations):
    pictures = 0
    for name, prs in presentations.items():
        for slide in prs.slides:
            shapes = list(slide.shapes)
            for i, shape in enumerate(shapes):
                if shape.shape_type == MSO_SHAPE_TYPE.PICTURE:
                    pictures += 1
                    alt = shape._element.nvPicPr.cNvPr.get("descr", "")
                    assert len(alt) > 40 and not re.search(r"\.(png|jpe?g)$", alt, re.I), (name, alt)
                    assert shapes[i + 1].name == "Caption", name
    timeline = next(s for s in presentations[f"{DECK_STEM}.pptx"].slides
                    if any(sh.shape_type == MSO_SHAPE_TYPE.PICTURE for sh in s.shapes))
    alt = next(sh for sh in timeline.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE)._element \
        .nvPicPr.cNvPr.get("descr")
    from olivia_training.domain.chronology import load_chronology, timeline_alt

    assert alt == timeline_alt(load_chronology())
    assert pictures >= 2 * len(presentations) - 1  # the timeline and the referral route


def _runs(prs):
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                for paragraph in shape.text_frame.paragraphs:
                    for run in paragraph.runs:
                        yield slide, run


def test_no_text_under_18_pt_and_every_size_set(presentations):
    for name, prs in presentations.items():
        for slide, run in _runs(prs):
            assert run.font.size is not None, (name, slide.shapes.title.text, run.text)
            assert run.font.size >= Pt(MIN_PT), (name, slide.shapes.title.text, run.text)


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_colours_pass_aa_contrast_on_the_white_slide(presentations):
    white = _luminance("FFFFFF")
    for name, prs in presentations.items():
        for slide, run in _runs(prs):
            colour = str(run.font.color.rgb)
            ratio = (white + 0.05) / (_luminance(colour) + 0.05)
            assert ratio >= 4.5, (name, slide.shapes.title.text, colour, ratio)
        for slide in prs.slides:  # every slide keeps the master's white background
            assert slide.follow_master_background


def test_no_facilitator_text_on_any_slide_face_and_notes_carry_it(presentations):
    secret = facilitator_only_texts()
    assert len(secret) > 50
    for name, prs in presentations.items():
        faces = [face_text(s) for s in prs.slides]
        for text in secret:
            for n, face in enumerate(faces, 1):
                assert text not in face, f"{name} slide {n}: {text[:60]}"
    prs = presentations[f"{DECK_STEM}.pptx"]
    notes = " ".join(notes_text(s) for s in prs.slides)
    found = [t for t in secret if t in notes]
    assert len(found) >= 20, "the speaker notes carry the facilitator notes"
    rules = next(s for s in prs.slides if s.shapes.title.text == "Ground rules")
    assert _norm(load("workshop").facilitator_ground_rules_note) in notes_text(rules)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def test_block_timings_come_from_the_programme(presentations):
    programme = load("programme")
    for deck in decks():
        slides = list(presentations[deck.filename].slides)
        session = programme.session(deck.session_id)
        hours, minutes = map(int, session.start.split(":"))
        clock, position = hours * 60 + minutes, 0
        for n, block in enumerate(session.blocks):
            timing = f"{_clock(clock)} to {_clock(clock + block.minutes)}"
            clock += block.minutes
            # Each block, in order: its own slide, with its timing on the face (the closing
            # block's timing is in the notes of the close slide, which has its own title).
            closing = n == len(session.blocks) - 1 and not block.notebook
            index = next(i for i in range(position, len(slides))
                         if timing in (notes_text(slides[i]) if closing else face_text(slides[i])))
            if not closing:
                assert slides[index].shapes.title.text.startswith(block.title), (deck.filename, block.title)
                assert f"{block.minutes} minutes" in face_text(slides[index]) or block.minutes >= 60
            position = index
        assert f"{session.start} to {_clock(clock)}" in face_text(slides[0])


def test_the_background_and_findings_are_labelled_quotes(presentations):
    prs = presentations[f"{DECK_STEM}.pptx"]
    slides = {s.shapes.title.text: face_text(s) for s in prs.slides}
    background = next(text for title, text in slides.items() if title.startswith("Background"))
    assert "From the briefing, page 2" in background
    for finding in load("workshop").findings:
        face = slides[f"Finding {finding.number}"]
        assert f"From the briefing, page {finding.page}" in face
        assert f'"{_norm(finding.source)}"' in face
    assert '"How to recognise CSE"' in slides["Finding 1"]  # the finding's own bullet list
    questions = next(t for title, t in slides.items() if title.startswith("What does this mean for me? The"))
    for question in load("workshop").questions:
        assert f'"{_norm(question.source)}"' in questions


def test_exercise_slides_carry_the_notebooks_instructions(presentations):
    programme = load("programme")
    prs = presentations[f"{DECK_STEM}.pptx"]
    faces = {s.shapes.title.text: face_text(s) for s in prs.slides}
    nb, ex = programme.exercise("cse-myths")
    expected = exercise_text(read_cells(notebooks_dir() / f"{nb.id}.ipynb"), ex.marker).instructions
    assert _norm(plain(expected)) in faces[ex.title]


# -- the rules hold for content with a sentinel, and for a notebook's facilitator cells ----------
@pytest.fixture(scope="module")
def sentinel_content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("slides-content") / "exercises"
    shutil.copytree(Path(__file__).resolve().parents[1] / "exercises", root)
    path = root / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"facilitator_ground_rules_note: >-\n(  .*\n)+",
                  "facilitator_ground_rules_note: SENTINEL-CONTENT-7f3a\n", text)
    path.write_text(text, encoding="utf-8")
    slides = root / "slides.yaml"
    slides.write_text(slides.read_text(encoding="utf-8").replace(
        "  facilitator_notes: >-\n    Read the content note aloud",
        "  facilitator_notes: >-\n    SENTINEL-SLIDES-7f3a Read the content note aloud"), encoding="utf-8")
    return root


def test_a_sentinel_in_a_facilitator_field_reaches_the_notes_never_the_face(sentinel_content):
    specs = plan_deck("briefing-only", content=sentinel_content, notebooks={})
    prs = Presentation(io.BytesIO(render_deck(specs)))
    faces = " ".join(face_text(s) for s in prs.slides)
    notes = " ".join(notes_text(s) for s in prs.slides)
    assert "SENTINEL" not in faces
    assert "SENTINEL-CONTENT-7f3a" in notes and "SENTINEL-SLIDES-7f3a" in notes


def test_a_notebooks_facilitator_cells_become_notes_not_instructions(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# A notebook"),
        nbformat.v4.new_markdown_cell("**Facilitator notes.** SENTINEL-BEFORE-7f3a",
                                      metadata={"tags": ["facilitator"]}),
        nbformat.v4.new_markdown_cell("## Exercise 1: Sort them\n\nWork in **pairs**.\n\n1. Read.\n2. Sort."),
        nbformat.v4.new_code_cell("ot.sort_them()"),
        nbformat.v4.new_markdown_cell("**Facilitator notes.** SENTINEL-AFTER-7f3a",
                                      metadata={"tags": ["facilitator"]}),
        nbformat.v4.new_markdown_cell("## Key points\n\n- One.\n- Two."),
    ]
    path = tmp_path / "x.ipynb"
    nbformat.write(nb, path)
    found = exercise_text(read_cells(path), "ot.sort_them()")
    assert "SENTINEL" not in found.instructions
    assert plain(found.instructions) == "Work in pairs.\n1. Read.\n2. Sort."
    assert "SENTINEL-AFTER-7f3a" in found.facilitator and "SENTINEL-BEFORE" not in found.facilitator
    leak = read_cells(FIXTURES / "notebooks" / "leak.ipynb")
    assert [c.source for c in leak if c.facilitator and c.kind == "markdown"] == \
        ["Facilitator only: SENTINEL-MARKDOWN-7f3a"]
    assert exercise_text(leak, "FreeText('fixture-q'").instructions == ""


# -- a partnership's own template ---------------------------------------------------------------
def _partnership_template(path: Path) -> Path:
    """A template with its own layout names and an example slide, like a partnership's."""
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = f"Partnership {layout.name}"
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "EXAMPLE-SLIDE-IN-TEMPLATE"
    prs.save(str(path))
    return path


def test_a_custom_template_supplies_the_layouts(tmp_path):
    """The first session's deck on a partnership's template (make_decks renders every deck
    with the one template; the build command's use of it is tests/test_formats_pdf.py's)."""
    template = _partnership_template(tmp_path / "partnership.pptx")
    first = decks()[0]
    assert first.filename == f"{DECK_STEM}.pptx"
    specs = plan_deck(first.session_id,
                      notebooks={p.stem: p for p in notebooks_dir().glob("0[05]_*.ipynb")})
    prs = Presentation(io.BytesIO(render_deck(specs, template=template)))
    layouts = {s.slide_layout.name for s in prs.slides}
    assert layouts and all(name.startswith("Partnership ") for name in layouts), layouts
    assert "EXAMPLE-SLIDE-IN-TEMPLATE" not in " ".join(face_text(s) for s in prs.slides)
    assert prs.slide_width == Presentation(str(template)).slide_width  # the template's own size
    for _, run in _runs(prs):
        assert run.font.size is not None and run.font.size >= Pt(MIN_PT)
        assert run.font.color.type is None  # colours are left to the template's theme


def test_the_build_command_uses_the_template_and_refuses_a_bad_one(tmp_path, capsys, built_handouts):
    bad = tmp_path / "not-a-deck.pptx"
    bad.write_text("hello", encoding="utf-8")
    assert main(["build", "--out", str(tmp_path / "x"), "--slides-template", str(bad), "--quiet"]) == 2
    assert capsys.readouterr().err.strip() == \
        f"--slides-template {bad}: not a PowerPoint .pptx file (PackageNotFoundError)"
    assert main(["build", "--out", str(tmp_path / "x"), "--slides-template", str(tmp_path / "no.pptx")]) == 2
    assert "no.pptx: no such file" in capsys.readouterr().err
    assert not (tmp_path / "x").exists(), "nothing is built or executed first"


def test_the_build_command_makes_decks_and_pdfs_unless_told_not_to(monkeypatch, capsys):
    """What the command asks the build for; --no-slides and --slides-template exclude each other."""
    from olivia_training.handouts import build as build_module

    asked = []

    class Stop(Exception):
        pass

    def record(out, **options):
        asked.append(options)
        raise Stop

    monkeypatch.setattr(build_module, "build", record)
    for argv in (["build"], ["build", "--no-slides", "--no-pdf"]):
        with pytest.raises(Stop):
            main(argv)
    assert [(a["slides"], a["pdf"]) for a in asked] == [(True, True), (False, False)]
    with pytest.raises(SystemExit) as refused:
        main(["build", "--no-slides", "--slides-template", "deck.pptx"])
    assert refused.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
