"""Every handout in headless Chromium: offline, error-free and accessible (axe-core)."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import open_offline, run_axe

pytestmark = pytest.mark.browser


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts)


def test_every_handout_is_offline_and_accessible(built_handouts, browser):
    pages = _pages(built_handouts)
    assert len(pages) >= 5
    problems = {}
    for path in pages:
        context, page, visit = open_offline(browser, path.as_uri())
        try:
            page.emulate_media(media="screen")
            violations = run_axe(page)
            # The print stylesheet is checked too: trainers print these.
            page.emulate_media(media="print")
            print_violations = [v for v in run_axe(page) if v["id"] == "color-contrast"]
        finally:
            context.close()
        found = {
            "outside requests": visit.outside_requests,
            "console errors": visit.console_errors,
            "page errors": visit.page_errors,
            "axe": violations,
            "axe (print)": print_violations,
        }
        found = {k: v for k, v in found.items() if v}
        if found:
            problems[str(path.relative_to(built_handouts))] = found
    assert problems == {}


def test_an_outside_request_would_be_caught(browser, tmp_path):
    """The offline check can fail: a page that loads a CDN script is reported."""
    page_path = tmp_path / "bad.html"
    page_path.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title>'
                         '<script src="https://cdn.example.invalid/x.js"></script></head>'
                         "<body><main><h1>x</h1><img src='a.png'></main></body></html>")
    context, page, visit = open_offline(browser, page_path.as_uri())
    violations = run_axe(page)
    context.close()
    assert visit.outside_requests == ["https://cdn.example.invalid/x.js"]
    assert "image-alt" in {v["id"] for v in violations}


def test_screenshots_for_people_to_look_at(built_handouts, browser, artifacts):
    for edition in ("participant", "facilitator"):
        context, page, _ = open_offline(browser, (built_handouts / edition / "00_start_here.html").as_uri())
        target = artifacts / f"handout-{edition}-00_start_here.png"
        page.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 10_000
