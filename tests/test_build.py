"""The handout build: two editions, nothing facilitator-only in the participant one,
offline-ready HTML with a sound outline, indexes, zip and cache."""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from handout_checks import external_urls, facilitator_texts, outline, skipped_levels, visible_text

from olivia_training.content import load, registry
from olivia_training.handouts.build import build
from olivia_training.paths import notebooks_dir

FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTEBOOKS = sorted(notebooks_dir().glob(os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


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
    pages = {p.name: _norm(visible_text(p.read_text(encoding="utf-8")))
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


@pytest.fixture(scope="module")
def fixture_content(tmp_path_factory) -> Path:
    """The pack's content with a sentinel in a facilitator_ field that a participant cell shows."""
    root = tmp_path_factory.mktemp("content") / "exercises"
    shutil.copytree(Path(__file__).resolve().parents[1] / "exercises", root)
    path = root / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"facilitator_ground_rules_note: >-\n(  .*\n)+",
                  "facilitator_ground_rules_note: SENTINEL-CONTENT-7f3a\n", text)
    path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def leak_build(tmp_path_factory, fixture_content):
    # Someone's real answer sits in the workspace the build is started from.
    from olivia_training.responses import ResponseStore

    ResponseStore().save("someones-answer", "PRIVATE-ANSWER-9c1")
    out = tmp_path_factory.mktemp("leak")
    report = build(out, jobs=2, use_cache=True, content=fixture_content,
                   notebooks=sorted((FIXTURES / "notebooks").glob("*.ipynb")), show_progress=False)
    assert not report.failed, report.failed
    return out, report


def test_sentinels_never_reach_the_participant_edition(leak_build):
    out, _ = leak_build
    participant = [p for p in out.joinpath("participant").rglob("*") if p.is_file()]
    for path in participant:
        assert b"SENTINEL" not in path.read_bytes(), path
    with zipfile.ZipFile(out / "olivia-participant-handouts.zip") as archive:
        for name in archive.namelist():
            assert b"SENTINEL" not in archive.read(name), name
    page = (out / "participant" / "leak.html").read_text(encoding="utf-8")
    assert "An ordinary participant paragraph." in page
    assert "A participant question" in page  # the exercise's worksheet is there


def test_builds_execute_in_a_fresh_empty_workspace(leak_build):
    out, _ = leak_build
    for edition in ("participant", "facilitator"):
        page = (out / edition / "leak.html").read_text(encoding="utf-8")
        assert "ANSWERS IN THIS BUILD: {}" in page
        assert "PRIVATE-ANSWER" not in page


def test_start_here_shows_the_briefing_in_page_order(built_handouts):
    page = visible_text((built_handouts / "participant" / "00_start_here.html").read_text(encoding="utf-8"))
    positions = [page.index(f"Page {n}<") for n in range(1, 8)]
    assert positions == sorted(positions)
    assert "What does this mean for me?" in page and "Finding 1" in page
    assert "Content note" in page and "0808 800 5000" in page


def test_facilitator_edition_shows_the_sentinels(leak_build):
    out, _ = leak_build
    page = (out / "facilitator" / "leak.html").read_text(encoding="utf-8")
    for where in ("MARKDOWN", "OUTPUT", "CONTENT", "NOTE"):
        assert f"SENTINEL-{where}-7f3a" in page, where
    # The raw widget's state is stripped from both editions; its place is explained.
    assert "SENTINEL-WIDGET" not in page
    assert "open the notebook in JupyterLab" in page


def test_rebuild_uses_cache_and_reexecutes_only_what_changed(tmp_path, fixture_content, leak_build):
    out, _ = leak_build
    again = build(out, jobs=2, content=fixture_content,
                  notebooks=sorted((FIXTURES / "notebooks").glob("*.ipynb")), show_progress=False)
    assert {o.status for o in again.outcomes} == {"cached"}

    nbs = tmp_path / "nbs"
    shutil.copytree(FIXTURES / "notebooks", nbs)
    first = build(tmp_path / "out", jobs=2, content=fixture_content,
                  notebooks=sorted(nbs.glob("*.ipynb")), show_progress=False)
    assert {o.status for o in first.outcomes} == {"executed"}  # a new --out is a cold build
    plain = nbs / "plain.ipynb"
    plain.write_text(plain.read_text().replace("hello from", "hello again from"))
    second = build(tmp_path / "out", jobs=2, content=fixture_content,
                   notebooks=sorted(nbs.glob("*.ipynb")), show_progress=False)
    assert {o.stem: o.status for o in second.outcomes} == {"leak": "cached", "plain": "executed"}
    assert "hello again from" in (tmp_path / "out" / "participant" / "plain.html").read_text()
    forced = build(tmp_path / "out", jobs=2, use_cache=False, content=fixture_content,
                   notebooks=sorted(nbs.glob("*.ipynb")), show_progress=False)
    assert {o.status for o in forced.outcomes} == {"executed"}


def test_a_failing_notebook_is_named_and_the_others_still_build(tmp_path, fixture_content):
    nbs = tmp_path / "nbs"
    nbs.mkdir()
    shutil.copy(FIXTURES / "broken" / "failing.ipynb", nbs)
    shutil.copy(FIXTURES / "notebooks" / "plain.ipynb", nbs)
    proc = subprocess.run(
        [sys.executable, "-m", "olivia_training.cli", "build", "--quiet", "--out",
         str(tmp_path / "out"), "--notebooks", str(nbs), "--content", str(fixture_content)],
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "FAILED failing: cell 2" in proc.stderr
    assert "RuntimeError: deliberate failure for the test" in proc.stderr
    assert (tmp_path / "out" / "participant" / "plain.html").is_file()
    assert not (tmp_path / "out" / "participant" / "failing.html").exists()
    assert "failing" in (tmp_path / "out" / "index.html").read_text()
