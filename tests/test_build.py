"""The handout build: two editions, nothing facilitator-only in the participant one,
offline-ready HTML with a sound outline, indexes, zip and cache."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from handout_checks import external_urls, facilitator_texts, outline, skipped_levels
from helpers import page_text

from olivia_training.content import load, registry
from olivia_training.handouts.build import Report, build
from olivia_training.paths import notebooks_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTEBOOKS = sorted(notebooks_dir().glob(os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")))


def facilitator_values() -> list[str]:
    """Every prose `facilitator_` text in the content, for the leak check. (A key listing ids
    such as "domestic-abuse" shares them with the open content, so prose only.)"""
    return [text for stem in registry() for text in facilitator_texts(load(stem))
            if len(text.split()) >= 4]


def participant_pages(out: Path) -> list[Path]:
    return sorted((out / "participant").glob("*.html"))


def all_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts)


def test_both_editions_exist_for_every_notebook(built_handouts):
    assert NOTEBOOKS, "the pack has notebooks"
    for nb in NOTEBOOKS:
        for edition in ("participant", "facilitator"):
            assert (built_handouts / edition / f"{nb.stem}.html").is_file(), (edition, nb.stem)


def test_participant_edition_has_no_facilitator_content_field(built_handouts):
    values = facilitator_values()
    assert values, "the content has facilitator fields to check"
    pages = {p.name: page_text(p.read_text(encoding="utf-8"))
             for p in participant_pages(built_handouts)}
    for value in values:
        for name, text in pages.items():
            assert value not in text, f"facilitator text leaked into participant/{name}: {value[:60]}"


def test_facilitator_edition_shows_facilitator_notes(built_handouts):
    for nb in NOTEBOOKS:
        page = (built_handouts / "facilitator" / f"{nb.stem}.html").read_text(encoding="utf-8")
        assert "Facilitator notes" in page, nb.stem


def test_no_scripts_widget_state_or_code_in_any_handout(built_handouts):
    for page_path in all_pages(built_handouts):
        page = page_path.read_text(encoding="utf-8")
        assert "<script" not in page, page_path
        assert "widget-state" not in page and "widget-view" not in page, page_path
        assert 'class="input_area"' not in page and 'class="highlight' not in page, page_path
        assert "import olivia_training" not in page, page_path
        assert "Loading widget" not in page, page_path


def test_in_a_build_an_exercise_gives_its_worksheets_and_never_makes_its_widget(workspace,
                                                                               monkeypatch):
    """OLIVIA_BUILD=1, as a build's kernel has it: both editions' worksheets, and no live
    widget (the handout would drop it: WidgetsToWorksheets). Outside a build, the widget."""
    from olivia_training.printable import BUILD_ENV, FACILITATOR_MIME
    from olivia_training.views import aces, cse, recording_drills, reflection

    widget_view = "application/vnd.jupyter.widget-view+json"
    makers = (aces.spot_the_aces, cse.myths_quiz, recording_drills.sort,
              lambda: reflection.question("q-cse"))
    monkeypatch.setenv(BUILD_ENV, "1")
    for make in makers:
        view = make()
        bundle = view._repr_mimebundle_()
        assert "olivia-worksheet" in bundle["text/html"] and FACILITATOR_MIME in bundle, view
        assert widget_view not in bundle and "widget" not in vars(view), view
    monkeypatch.delenv(BUILD_ENV)
    for make in makers:
        assert widget_view in make()._repr_mimebundle_()


def test_no_external_urls(built_handouts):
    for page_path in all_pages(built_handouts):
        assert external_urls(page_path.read_text(encoding="utf-8")) == [], page_path


def test_document_outline_title_lang_and_alt_text(built_handouts):
    for page_path in all_pages(built_handouts):
        parsed = outline(page_path.read_text(encoding="utf-8"))
        assert parsed.lang == "en", page_path
        assert parsed.title.strip(), page_path
        assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1, (page_path, parsed.headings)
        assert skipped_levels(parsed.headings) == [], (page_path, parsed.headings)
        for img in parsed.imgs:
            alt = (img.get("alt") or "").strip()
            assert alt and "No description" not in alt, page_path


def test_handouts_are_lean(built_handouts):
    sizes = [p.stat().st_size for p in (built_handouts / "participant").glob("[0-9]*.html")]
    sizes += [p.stat().st_size for p in (built_handouts / "facilitator").glob("[0-9]*.html")]
    assert statistics.median(sizes) <= 200_000


def test_indexes_zip_and_participant_folder_safe_to_share(built_handouts):
    out = built_handouts
    p_index = (out / "participant" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', p_index)
    assert hrefs and all("facilitator" not in h and not h.startswith("..") for h in hrefs)
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in p_index

    f_index = (out / "facilitator" / "index.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f'href="{nb.stem}.html"' in f_index
        assert f'href="../participant/{nb.stem}.html"' in f_index

    trainer = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="participant/index.html"' in trainer and 'href="facilitator/index.html"' in trainer
    assert "not for participants" in trainer
    from olivia_training import __version__
    assert __version__ in trainer and "built" in trainer.lower()

    bundle = (out / "participant" / "all-in-one.html").read_text(encoding="utf-8")
    for nb in NOTEBOOKS:
        assert f'id="{nb.stem}"' in bundle

    with zipfile.ZipFile(out / "olivia-participant-handouts.zip") as archive:
        names = archive.namelist()
    assert names and all(n.startswith("participant/") for n in names)
    assert sorted(names) == sorted(f"participant/{p.name}" for p in (out / "participant").iterdir())

    files = [p.name for p in (out / "participant").rglob("*")]
    assert not [n for n in files if n.startswith(".") or "cache" in n or "facilitator" in n]


# -- the fixture notebooks: built once per run (leak, plain and a failing one) --------------------
FIXTURE_NOTEBOOKS = ("notebooks/leak.ipynb", "notebooks/plain.ipynb", "broken/failing.ipynb")


@dataclass
class FixtureBuild:
    root: Path
    report: Report

    @property
    def out(self) -> Path:
        return self.root / "out"

    @property
    def content(self) -> Path:
        return self.root / "exercises"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"


def _fixture_content(root: Path) -> None:
    """The pack's content with a sentinel in a facilitator_ field that a participant cell shows."""
    shutil.copytree(Path(__file__).resolve().parents[1] / "exercises", root)
    path = root / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"facilitator_ground_rules_note: >-\n(  .*\n)+",
                  "facilitator_ground_rules_note: SENTINEL-CONTENT-7f3a\n", text)
    path.write_text(text, encoding="utf-8")


@pytest.fixture(scope="module")
def fixture_build(tmp_path_factory) -> FixtureBuild:
    """One build of the fixture notebooks for the whole run, from the sentinel content, with
    someone's real answer in the workspace the build is started from. With one job, so the
    notebooks run in this process (the pack's real build, `built_handouts`, is the one that
    uses workers): two workers' start cost 3 s of CPU for three short notebooks."""
    import pickle

    from helpers import once_per_run

    from olivia_training.responses import ResponseStore

    def make(root: Path) -> None:
        _fixture_content(root / "exercises")
        (root / "notebooks").mkdir(parents=True)
        for name in FIXTURE_NOTEBOOKS:
            shutil.copy(FIXTURES / name, root / "notebooks")
        ResponseStore().save("someones-answer", "PRIVATE-ANSWER-9c1")
        report = build(root / "out", jobs=1, use_cache=True, content=root / "exercises",
                       notebooks=sorted((root / "notebooks").glob("*.ipynb")), show_progress=False)
        (root / "report.pickle").write_bytes(pickle.dumps(report))

    root = once_per_run(tmp_path_factory, "fixture-build", make)
    return FixtureBuild(root, pickle.loads((root / "report.pickle").read_bytes()))


def test_a_new_out_folder_is_a_cold_build_and_a_failing_notebook_does_not_stop_the_others(
        fixture_build):
    statuses = {o.stem: o.status for o in fixture_build.report.outcomes}
    assert statuses == {"failing": "failed", "leak": "executed", "plain": "executed"}
    out = fixture_build.out
    assert (out / "participant" / "plain.html").is_file()
    assert (out / "participant" / "leak.html").is_file()
    assert not (out / "participant" / "failing.html").exists()
    assert "failing" in (out / "index.html").read_text(encoding="utf-8")


def test_sentinels_never_reach_the_participant_edition(fixture_build):
    out = fixture_build.out
    participant = [p for p in out.joinpath("participant").rglob("*") if p.is_file()]
    for path in participant:
        assert b"SENTINEL" not in path.read_bytes(), path
    with zipfile.ZipFile(out / "olivia-participant-handouts.zip") as archive:
        for name in archive.namelist():
            assert b"SENTINEL" not in archive.read(name), name
    page = (out / "participant" / "leak.html").read_text(encoding="utf-8")
    assert "An ordinary participant paragraph." in page
    assert "A participant question" in page  # the exercise's worksheet is there


def test_builds_execute_in_a_fresh_empty_workspace(fixture_build):
    out = fixture_build.out
    for edition in ("participant", "facilitator"):
        page = (out / edition / "leak.html").read_text(encoding="utf-8")
        assert "ANSWERS IN THIS BUILD: {}" in page
        assert "PRIVATE-ANSWER" not in page


def test_start_here_shows_the_briefing_in_page_order(built_handouts):
    page = page_text((built_handouts / "participant" / "00_start_here.html").read_text(encoding="utf-8"))
    positions = [page.index(f"Page {n}<") for n in range(1, 8)]
    assert positions == sorted(positions)
    assert "What does this mean for me?" in page and "Finding 1" in page
    assert "Content note" in page and "0808 800 5000" in page


def test_facilitator_edition_shows_the_sentinels(fixture_build):
    out = fixture_build.out
    page = (out / "facilitator" / "leak.html").read_text(encoding="utf-8")
    for where in ("MARKDOWN", "OUTPUT", "CONTENT", "NOTE"):
        assert f"SENTINEL-{where}-7f3a" in page, where
    # The raw widget's state is stripped from both editions; its place is explained.
    assert "SENTINEL-WIDGET" not in page
    assert "open the notebook in JupyterLab" in page


def test_rebuild_uses_cache_and_reexecutes_only_what_changed(tmp_path, fixture_build, monkeypatch):
    """From a copy of the fixture build (its cache included): nothing is executed again
    unless it changed, or the cache is turned off. With one job, the notebooks run in the
    build's own process, one after another, and no worker is started."""
    import concurrent.futures

    def no_workers(*args, **kwargs):
        raise AssertionError("one job needs no worker process")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_workers)
    out, nbs = tmp_path / "out", tmp_path / "nbs"
    shutil.copytree(fixture_build.out, out)
    nbs.mkdir()
    for stem in ("leak", "plain"):
        shutil.copy(fixture_build.notebooks / f"{stem}.ipynb", nbs)

    def rebuild(**options):
        return build(out, jobs=1, content=fixture_build.content,
                     notebooks=sorted(nbs.glob("*.ipynb")), show_progress=False, **options)

    assert {o.stem: o.status for o in rebuild().outcomes} == {"leak": "cached", "plain": "cached"}
    plain = nbs / "plain.ipynb"
    plain.write_text(plain.read_text().replace("hello from", "hello again from"))
    assert {o.stem: o.status for o in rebuild().outcomes} == {"leak": "cached", "plain": "executed"}
    assert "hello again from" in (out / "participant" / "plain.html").read_text()
    assert {o.status for o in rebuild(use_cache=False).outcomes} == {"executed"}


def test_the_build_command_names_a_failing_notebook_and_exits_1(tmp_path, fixture_build, capsys):
    """The command itself, in-process, on a copy of the fixture build: the failing notebook
    (never cached) runs again; the others come from the cache. (That the command prints PDFs
    and makes the slide decks unless told not to is tests/test_formats_pdf.py's hidden-browser
    build and tests/test_formats_slides.py.)"""
    from olivia_training.cli import main

    out = tmp_path / "out"
    shutil.copytree(fixture_build.out, out)
    code = main(["build", "--quiet", "--no-pdf", "--no-slides", "--out", str(out),
                 "--notebooks", str(fixture_build.notebooks), "--content", str(fixture_build.content)])
    stderr = capsys.readouterr().err
    assert code == 1
    assert "FAILED failing: cell 2" in stderr
    assert "RuntimeError: deliberate failure for the test" in stderr
    assert "leak" not in stderr and "plain" not in stderr
    assert (out / "participant" / "plain.html").is_file()
    assert not (out / "participant" / "failing.html").exists()
    assert "failing" in (out / "index.html").read_text()
    assert not list((out / "facilitator").glob("*.pptx"))  # --no-slides (decks are made by default)
