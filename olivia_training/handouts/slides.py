"""The facilitator's slide deck: PowerPoint, made with python-pptx from the same content as
the handouts, so the slides never contradict them.

One deck per session plan in programme.yaml (`olivia-workshop-slides.pptx` for the first,
`olivia-workshop-slides-<session>.pptx` for the others): a title slide; the content note and
support; the ground rules; the briefing's background and findings, quoted and labelled; a
slide for each block of the session with its timing, then each exercise's instructions
(taken from the notebook) and each notebook's key points; the four questions; evaluation
and close.

Participants see the screen, so a slide's face holds only participant text. Facilitator
notes (cells tagged `facilitator`, `facilitator_` fields) and timings go in the speaker notes.

The deck follows PowerPoint's accessibility checker: every slide has a unique, non-empty
title in its title placeholder; shapes are added in reading order (title, body, picture,
caption); every picture has alt text written from the data that drew it; every run of text
has its size set explicitly, never under 18 pt; the pack's own colours pass WCAG AA on white.
`--slides-template FILE.pptx` uses a partnership's own master and layouts (logo, colours and
fonts); the pack then sets sizes but leaves colours to the template's theme.

`plan_deck` is pure (content in, slide specs out); `render_deck` turns specs into .pptx bytes.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from olivia_training.handouts.guide.clock import clock as _clock
from olivia_training.handouts.guide.clock import duration as _duration
from olivia_training.handouts.guide.clock import minutes as _minutes
from olivia_training.handouts.notebook_text import (
    Para,
    Run,
    exercise_text,
    key_points,
    markdown_paras,
    plain,
    read_cells,
)
from olivia_training.labels import BRIEFING_LABEL, CONFIRM_LABEL

DECK_STEM = "olivia-workshop-slides"
MIN_PT = 18
TITLE_PT = 32
BODY_PT = 22
CAPTION_PT = 18
# The pack's colours (pack.css), all at least 7:1 on white.
INK = "1A1A1A"
BRIEFING_BLUE = "1D4F91"
CONFIRM_BROWN = "5A4A00"
LANG = "en-GB"
EMU_PER_INCH = 914400


class TemplateError(ValueError):
    """The --slides-template file cannot be used; the message names it and says why."""


@dataclass
class Picture:
    png: bytes
    alt: str
    caption: str
    aspect: float  # width / height


@dataclass
class SlideSpec:
    title: str
    paras: list[Para] = field(default_factory=list)
    notes: str = ""
    kind: str = "content"  # "title", "content" or "picture"
    subtitle: str = ""
    picture: Picture | None = None


@dataclass(frozen=True)
class Deck:
    session_id: str
    filename: str
    title: str


# -- what goes on the slides (pure) ------------------------------------------------------------
def decks(content=None) -> list[Deck]:
    """One deck per session plan, the first plan's under the plain name."""
    from olivia_training.content import load

    programme = load("programme", content)
    return [Deck(s.id, f"{DECK_STEM}.pptx" if i == 0 else f"{DECK_STEM}-{s.id}.pptx",
                 f"Slides: {s.title}") for i, s in enumerate(programme.sessions)]


def _text(text: str, *, bold: bool = False, level: int = 0, bullet: str = "", role: str = "") -> Para:
    return Para([Run(" ".join(text.split()), bold=bold)], level, bullet, role)



def _quote_paras(texts: list[str], label: str) -> list[Para]:
    paras = [_text(label, bold=True, role="label")]
    paras += [_text(f'"{t}"', role="quote") for t in texts]
    return paras


def _finding_quote(finding, briefing) -> list[str]:
    """The finding's words, and the bullet list that follows them on its page of the briefing."""
    from olivia_training.content.checks import normalise

    page = next((p for p in briefing.pages if p.number == finding.page), None)
    texts = [" ".join(finding.source.split())]
    if page is None:
        return texts
    blocks = page.blocks
    for i, block in enumerate(blocks):
        if block.kind == "paragraph" and normalise(block.text) == normalise(finding.source):
            for after in blocks[i + 1:]:
                if after.kind != "bullets":
                    break
                texts.extend(" ".join(item.split()) for item in after.items)
            break
    return texts


def _support_paras(support) -> list[Para]:
    paras = []
    for s in support.services:
        text = f"{s.name}, for {s.who_for}"
        if s.phone and not s.confirm_locally:
            text += f": {s.phone}"
        para = _text(text, level=1, bullet="•")
        if s.confirm_locally:
            para.runs.append(Run(f" ({CONFIRM_LABEL.lower()})", bold=True))
        paras.append(para)
    return paras


def _notes(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def plan_deck(session_id: str, *, content=None, notebooks: dict[str, Path] | None = None,
              drawn: dict[str, Picture] | None = None) -> list[SlideSpec]:
    """The slides for one session plan, in order, as specs. `notebooks` maps a notebook's id
    to its file; a notebook not in it gets slides without instructions or key points.
    `drawn` keeps pictures already drawn, so several decks draw each once."""
    from olivia_training.content import load

    workshop = load("workshop", content)
    briefing = load("briefing", content)
    programme = load("programme", content)
    words = load("slides", content)
    support = load("support", content)
    reflection = load("reflection", content)
    session = programme.session(session_id)
    notebooks = notebooks or {}
    cells = {nb_id: read_cells(path) for nb_id, path in notebooks.items() if Path(path).is_file()}
    end = _clock(_minutes(session.start) + session.total_minutes)

    specs = [SlideSpec(
        workshop.title, kind="title",
        subtitle=f"{workshop.subtitle}\n{session.title}, {session.start} to {end}\n{words.title_note}",
        notes=_notes(f"Session: {session.title}, {session.start} to {end} "
                     f"({_duration(session.total_minutes)}).", session.summary,
                     f"You need: {session.needs}"))]

    note = words.content_note
    specs.append(SlideSpec(note.title, [_text(p) for p in note.points]
                           + [_text("Support", bold=True, role="label")] + _support_paras(support),
                           notes=note.facilitator_notes))
    specs.append(SlideSpec("Ground rules", [_text(r, level=1, bullet="•") for r in workshop.ground_rules],
                           notes=workshop.facilitator_ground_rules_note))

    bg = words.background
    quoted = [b.plain() for p in sorted(briefing.pages, key=lambda p: p.number)
              if p.number in bg.pages for b in p.blocks]
    pages = ", ".join(str(n) for n in bg.pages)
    specs.append(SlideSpec(bg.title, _quote_paras(quoted, f"{BRIEFING_LABEL}, page {pages}")
                           + ([_text(bg.note)] if bg.note else []), notes=bg.facilitator_notes))

    for finding in workshop.findings:
        where = [f"{nb.number} ({nb.title})" for nb in programme.notebooks if finding.id in nb.covers]
        specs.append(SlideSpec(
            f"Finding {finding.number}",
            _quote_paras(_finding_quote(finding, briefing), f"{BRIEFING_LABEL}, page {finding.page}")
            + [_text("In short, in the pack's words: " + finding.summary)],
            notes=_notes("Where the workshop works on this finding: notebooks " + "; ".join(where) + ".")))

    closing_specs = _closing(words, workshop, reflection, support)
    blocks = list(session.blocks)
    last_notebook_block = {b.notebook: i for i, b in enumerate(blocks) if b.notebook}
    first_notebook_block = {}
    for i, b in enumerate(blocks):
        first_notebook_block.setdefault(b.notebook, i)
    clock = _minutes(session.start)
    for i, block in enumerate(blocks):
        start, stop = _clock(clock), _clock(clock + block.minutes)
        clock += block.minutes
        timing = f"{start} to {stop}, {_duration(block.minutes)}"
        if i == len(blocks) - 1 and not block.notebook:
            # The close: the four questions, the evaluation and the close, with its timing.
            closing_specs[-1].notes = _notes(f"Block {i + 1} of {len(blocks)}: {block.title}, {timing}.",
                                             closing_specs[-1].notes)
            specs.extend(closing_specs)
            closing_specs = []
            continue
        specs.extend(_block_slides(block, i, len(blocks), timing, stop, programme, cells, words))
        if block.notebook and first_notebook_block.get(block.notebook) == i:
            for picture in words.pictures:
                if picture.notebook == block.notebook:
                    specs.append(_picture_slide(picture, content, {} if drawn is None else drawn))
        if block.notebook and last_notebook_block.get(block.notebook) == i and block.notebook in cells:
            points = key_points(cells[block.notebook])
            if points:
                nb = programme.notebook(block.notebook)
                specs.append(SlideSpec(f"Key points: {nb.title}", markdown_paras(points),
                                       notes=f"From the end of notebook {nb.number}."))
    specs.extend(closing_specs)
    return _unique_titles(specs)


def _closing(words, workshop, reflection, support) -> list[SlideSpec]:
    q = words.questions
    pages = ", ".join(sorted({str(item.page) for item in workshop.questions}))
    label = _text(f"{BRIEFING_LABEL}, page {pages}", bold=True, role="label")
    quoted = [_text(p) for p in q.points] + [label]
    quoted += [_text(f'"{" ".join(item.source.split())}"', level=1, bullet="•", role="quote")
               for item in workshop.questions]
    coaching = [f"{item.short}: {reflection.for_question(item.id).facilitator_note}"
                for item in workshop.questions if reflection.for_question(item.id)]
    ev, close = words.evaluation, words.close
    return [
        SlideSpec(q.title, quoted, notes=_notes(q.facilitator_notes, *coaching)),
        SlideSpec(ev.title, [_text(p, level=1, bullet="•") for p in ev.points], notes=ev.facilitator_notes),
        SlideSpec(close.title, [_text(p, level=1, bullet="•") for p in close.points]
                  + [_text("Support", bold=True, role="label")] + _support_paras(support),
                  notes=close.facilitator_notes),
    ]


def _block_slides(block, index, count, timing, stop, programme, cells, words) -> list[SlideSpec]:
    where = f"Block {index + 1} of {count}: {timing}."
    if block.kind == "break":
        return [SlideSpec(f"{block.title}: back at {stop}", [_text(timing, bold=True)], notes=where)]
    nb = programme.notebook(block.notebook) if block.notebook else None
    exercises = [programme.exercise(e)[1] for e in block.exercises]
    paras = [_text(timing, bold=True)]
    if block.format:
        paras.append(_text(f"Format: {block.format}"))
    if nb:
        paras.append(_text(f"Notebook {nb.number}: {nb.title}"))
    if exercises:
        paras.append(_text("Exercises", bold=True, role="label"))
        paras += [_text(ex.title, level=1, bullet="•") for ex in exercises]
    specs = [SlideSpec(block.title, paras, notes=_notes(where, block.note))]
    for n, ex in enumerate(exercises, 1):
        found = exercise_text(cells[nb.id], ex.marker or ex.id) if nb and nb.id in cells else None
        body = [_text(f"Format: {ex.format}. Notebook {nb.number}.", role="label")] if nb else []
        steps = markdown_paras(found.instructions) if found and found.instructions else []
        body += steps or [_text(words.steps_in_the_notebook)]
        notes = _notes(f"{where} Exercise {n} of {len(exercises)} in this block "
                       f"(about {ex.minutes} minutes in the full programme).",
                       plain(found.facilitator) if found and found.facilitator else "")
        specs.append(SlideSpec(ex.title, body, notes=notes))
    return specs


def _picture_slide(picture, content, drawn: dict[str, Picture]) -> SlideSpec:
    if picture.id not in drawn:
        png, alt, aspect = (timeline_picture if picture.id == "timeline" else route_picture)(content)
        drawn[picture.id] = Picture(png, alt, picture.caption, aspect)
    found = drawn[picture.id]
    return SlideSpec(picture.title, kind="picture", notes=f"Alt text: {found.alt}",
                     picture=Picture(found.png, found.alt, picture.caption, found.aspect))


def _unique_titles(specs: list[SlideSpec]) -> list[SlideSpec]:
    seen: dict[str, int] = {}
    for spec in specs:
        title = " ".join(spec.title.split())
        seen[title] = seen.get(title, 0) + 1
        spec.title = title if seen[title] == 1 else f"{title} ({seen[title]})"
    return specs



# -- the pictures ---------------------------------------------------------------------------
def _png(fig, dpi: int = 200) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def timeline_picture(content=None) -> tuple[bytes, str, float]:
    """The chronology's timeline, as in notebook 01, with alt text from the same rows."""
    from olivia_training.domain.chronology import draw_timeline, load_chronology, timeline_alt

    df = load_chronology(content)
    fig = draw_timeline(df)
    # The slide's shape, not the notebook's: drawn at the size it is shown, its labels stay
    # at their own 10.5 pt instead of shrinking to fit a tall figure into a wide slide.
    width, height = 12.0, 5.1
    fig.set_size_inches(width, height)
    return _png(fig), timeline_alt(df), width / height


def route_picture(content=None) -> tuple[bytes, str, float]:
    """The referral route of local_details.yaml, left to right, as in notebook 05."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from olivia_training.content import load
    from olivia_training.diagrams import CONFIRM_FILL, INK, FlowBox, describe
    from olivia_training.figures import PALETTE

    local = load("local_details", content)
    boxes = [FlowBox(s.label, "", s.confirm_locally) for s in local.referral_route.steps]
    n = len(boxes)
    width, height = 3.2 * n, 3.6
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.axis("off")
    for i, box in enumerate(boxes):
        x = i * 3.2 + 0.1
        ax.add_patch(FancyBboxPatch((x, 0.3), 2.5, 3.0, boxstyle="round,pad=0,rounding_size=0.15",
                                    facecolor="#eef4fb", edgecolor=PALETTE[0], linewidth=2.5))
        ax.text(x + 1.25, 3.05, textwrap.fill(box.label, 17), ha="center", va="top", fontsize=15,
                fontweight="bold", color=INK, linespacing=1.25)
        if box.confirm:
            ax.text(x + 1.25, 0.6, CONFIRM_LABEL, ha="center", va="center", fontsize=13,
                    fontweight="bold", color="white",
                    bbox={"boxstyle": "round,pad=0.35", "facecolor": CONFIRM_FILL, "edgecolor": "none"})
        if i < n - 1:
            ax.add_patch(FancyArrowPatch((x + 2.6, 1.8), (x + 3.2, 1.8), arrowstyle="-|>",
                                         mutation_scale=22, linewidth=2.5, color=INK))
    return _png(fig), describe(boxes), width / height


# -- PowerPoint ----------------------------------------------------------------------------------
def _open(template: Path | None):
    from pptx import Presentation

    if template is None:
        prs = Presentation()
        _widen(prs)
        return prs, True
    try:
        prs = Presentation(str(template))
    except Exception as exc:  # python-pptx raises several kinds for a file that is not a deck
        raise TemplateError(f"{template}: not a PowerPoint .pptx file ({type(exc).__name__})") from None
    # A template may hold example slides; the deck keeps its masters and layouts only.
    slide_ids = prs.slides._sldIdLst
    for slide_id in list(slide_ids):
        prs.part.drop_rel(slide_id.rId)
        slide_ids.remove(slide_id)
    return prs, False


def check_template(template: Path) -> None:
    """Raise TemplateError, naming the file, unless the deck can be made with `template`."""
    if not Path(template).is_file():
        raise TemplateError(f"{template}: no such file")
    prs, _ = _open(Path(template))
    _layouts(prs, template)


def _widen(prs) -> None:
    """python-pptx's own template is 4:3; make it 16:9 by widening every master and layout."""
    factor = 16 / 9 / (prs.slide_width / prs.slide_height)
    prs.slide_width = int(prs.slide_width * factor)
    # Read every position before changing any: a layout's placeholder inherits its position
    # from the master's, so reading it after widening the master would widen it twice.
    # All four are set: setting only some would leave the others at zero.
    boxes = []
    for master in prs.slide_masters:
        for shapes in [master.shapes] + [layout.shapes for layout in master.slide_layouts]:
            for shape in shapes:
                box = (shape.left, shape.top, shape.width, shape.height)
                if None not in box:
                    boxes.append((shape, box))
    for shape, (left, top, width, height) in boxes:
        shape.left, shape.top = int(left * factor), top
        shape.width, shape.height = int(width * factor), height


def _layouts(prs, template: Path | None) -> dict[str, object]:
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    def kinds(layout) -> set:
        return {ph.placeholder_format.type for ph in layout.placeholders}

    layouts = list(prs.slide_layouts)
    body_types = {P.BODY, P.OBJECT}
    content = next((lay for lay in layouts if P.TITLE in kinds(lay) and kinds(lay) & body_types), None)
    if content is None:
        raise TemplateError(f"{template}: has no layout with a title and a content placeholder")
    title = next((lay for lay in layouts if P.CENTER_TITLE in kinds(lay) and P.SUBTITLE in kinds(lay)),
                 content)
    title_only = next((lay for lay in layouts if P.TITLE in kinds(lay)
                       and not kinds(lay) & (body_types | {P.PICTURE, P.CHART, P.TABLE})), content)
    return {"title": title, "content": content, "picture": title_only}


def _body_box(layout) -> tuple[int, int, int, int]:
    from pptx.enum.shapes import PP_PLACEHOLDER as P

    for ph in layout.placeholders:
        if ph.placeholder_format.type in (P.BODY, P.OBJECT):
            return ph.left, ph.top, ph.width, ph.height
    raise TemplateError("a content layout without a body placeholder")


def _style_run(run, pt: int, *, bold: bool, italic: bool, colour: str | None) -> None:
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    run.font.size = Pt(pt)
    run.font.bold = bold
    run.font.italic = italic
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour)
    run._r.get_or_add_rPr().set("lang", LANG)


def _bullet(paragraph, para: Para) -> None:
    """No bullet, a "•" or an automatic number, with a hanging indent to match."""
    from pptx.oxml.ns import qn
    from pptx.util import Inches

    ppr = paragraph._p.get_or_add_pPr()
    for child in list(ppr):
        if child.tag in {qn("a:buNone"), qn("a:buChar"), qn("a:buAutoNum"), qn("a:buFont")}:
            ppr.remove(child)
    depth = max(0, para.level - 1)
    if not para.bullet:
        ppr.set("marL", "0")
        ppr.set("indent", "0")
        ppr.append(ppr.makeelement(qn("a:buNone"), {}))
        return
    ppr.set("marL", str(int(Inches(0.4 + 0.4 * depth))))
    ppr.set("indent", str(int(-Inches(0.35))))
    if para.bullet == "•":
        ppr.append(ppr.makeelement(qn("a:buFont"), {"typeface": "Arial"}))
        ppr.append(ppr.makeelement(qn("a:buChar"), {"char": "•"}))
    else:
        start = para.bullet.rstrip(".") or "1"
        ppr.append(ppr.makeelement(qn("a:buAutoNum"), {"type": "arabicPeriod", "startAt": start}))


def _fill(text_frame, paras: list[Para], pt: int, palette: bool) -> None:
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    text_frame.word_wrap = True
    # Never shrink-on-overflow: PowerPoint would take the text below 18 pt.
    text_frame.auto_size = MSO_AUTO_SIZE.NONE
    for i, para in enumerate(paras):
        paragraph = text_frame.paragraphs[0] if i == 0 else text_frame.add_paragraph()
        paragraph.level = min(max(0, para.level - 1), 4)
        paragraph.space_before = Pt(6 if i else 0)
        _bullet(paragraph, para)
        colour = None
        if palette:
            colour = {"label": BRIEFING_BLUE, "confirm": CONFIRM_BROWN}.get(para.role, INK)
        for run_spec in para.runs:
            run = paragraph.add_run()
            run.text = run_spec.text
            _style_run(run, pt, bold=run_spec.bold or para.role == "label",
                       italic=run_spec.italic or para.role == "quote", colour=colour)


def _set_title(shape, text: str, pt: int, palette: bool) -> None:
    shape.text_frame.word_wrap = True
    paragraph = shape.text_frame.paragraphs[0]
    run = paragraph.add_run()
    run.text = text
    _style_run(run, pt, bold=True, italic=False, colour=INK if palette else None)


def _title_first(slide) -> None:
    """Reading order is the order of the shape tree: the title goes first whatever the
    layout's order (after the tree's own two property elements)."""
    title = slide.shapes.title._element
    tree = title.getparent()
    tree.remove(title)
    tree.insert(2, title)


def _remove(shape) -> None:
    element = shape._element
    element.getparent().remove(element)


def _capacity(box: tuple[int, int, int, int], pt: int) -> tuple[int, float]:
    """(characters per line, lines) that fit in a text box at `pt`.

    English prose in Arial averages 0.444 em a character (measured on these slides with
    Liberation Sans, Arial's metric twin); the themes' Calibri is narrower. 0.46 em, less
    two characters lost to word wrap, errs on the side of a slide a few words short."""
    _, _, width, height = box
    width_pt = (width / EMU_PER_INCH - 0.2) * 72
    height_pt = (height / EMU_PER_INCH - 0.1) * 72
    return max(20, int(width_pt / (0.46 * pt)) - 2), height_pt / (1.2 * pt)


def paginate(paras: list[Para], chars: int, lines: float) -> list[list[Para]]:
    """Paragraphs in pages that fit, never splitting a paragraph; a label stays with what
    follows it. Each paragraph after the first has 6 pt before it (a quarter line)."""

    def need(para: Para) -> float:
        indent = 4 * max(0, para.level)  # 0.4 in a level, at 22 pt
        return math.ceil(max(1, len(para.text)) / max(10, chars - indent)) + 0.25

    pages: list[list[Para]] = [[]]
    used = 0.0
    for para in paras:
        if pages[-1] and used + need(para) > lines:
            carry = [pages[-1].pop()] if pages[-1][-1].role == "label" and len(pages[-1]) > 1 else []
            pages.append(carry)
            used = sum(need(p) for p in carry)
        pages[-1].append(para)
        used += need(para)
    return pages


def render_deck(specs: list[SlideSpec], *, template: Path | None = None, title: str = "") -> bytes:
    from pptx.util import Emu, Inches

    prs, palette = _open(template)
    layouts = _layouts(prs, template)
    box = _body_box(layouts["content"])
    chars, lines = _capacity(box, BODY_PT)
    expanded: list[SlideSpec] = []
    for spec in specs:
        pages = paginate(spec.paras, chars, lines) if spec.kind == "content" else [spec.paras]
        for n, page in enumerate(pages):
            name = spec.title if n == 0 else f"{spec.title} (continued{'' if n == 1 else f', {n}'})"
            expanded.append(SlideSpec(name, page, spec.notes, spec.kind, spec.subtitle, spec.picture))

    for spec in expanded:
        slide = prs.slides.add_slide(layouts[spec.kind])
        if slide.shapes.title is None:
            raise TemplateError(f"{template}: a layout it uses has no title placeholder")
        _set_title(slide.shapes.title, spec.title, 36 if spec.kind == "title" else TITLE_PT, palette)
        others = [ph for ph in slide.placeholders if ph.placeholder_format.idx != 0]
        if spec.kind == "title":
            sub = others[0] if others else None
            if sub is not None:
                _fill(sub.text_frame, [_text(line) for line in spec.subtitle.splitlines()], MIN_PT, palette)
                others = others[1:]
        elif spec.kind == "content" and others:
            _fill(others[0].text_frame, spec.paras, BODY_PT, palette)
            others = others[1:]
        for ph in others:  # empty placeholders read as "Click to add text"
            _remove(ph)
        if spec.picture is not None:
            left, top, width, _ = box
            caption_h = Inches(0.6)
            avail_w, avail_h = width, prs.slide_height - top - caption_h - Inches(0.25)
            pic_w = min(avail_w, int(avail_h * spec.picture.aspect))
            pic_h = int(pic_w / spec.picture.aspect)
            pic = slide.shapes.add_picture(io.BytesIO(spec.picture.png), Emu(left + (width - pic_w) // 2),
                                           Emu(top), Emu(pic_w), Emu(pic_h))
            # python-pptx sets the image's file name as its description; the alt text replaces it.
            pic._element.nvPicPr.cNvPr.set("descr", spec.picture.alt)
            pic.name = "Picture: " + spec.title
            caption = slide.shapes.add_textbox(Emu(left), Emu(top + pic_h + Inches(0.05)), Emu(width),
                                               Emu(caption_h))
            caption.name = "Caption"
            _fill(caption.text_frame, [_text(spec.picture.caption)], CAPTION_PT, palette)
        _title_first(slide)
        if spec.notes:
            slide.notes_slide.notes_text_frame.text = spec.notes
    prs.core_properties.title = title
    prs.core_properties.author = "olivia-training"
    prs.core_properties.language = LANG
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def make_decks(*, content=None, notebooks: dict[str, Path] | None = None,
                template: Path | None = None) -> dict[str, bytes]:
    """filename -> .pptx bytes for every deck. Raises TemplateError for an unusable template."""
    from olivia_training.content import load

    workshop = load("workshop", content)
    out, drawn = {}, {}
    for deck in decks(content):
        specs = plan_deck(deck.session_id, content=content, notebooks=notebooks, drawn=drawn)
        session = load("programme", content).session(deck.session_id)
        out[deck.filename] = render_deck(specs, template=template,
                                         title=f"{workshop.title}: {session.title}")
    return out
