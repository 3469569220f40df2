"""Every handout in headless Chromium: offline, error-free and accessible (axe-core).

Each page is checked once per medium, with the rules that medium needs: on screen every
WCAG 2.0/2.1 A and AA rule; in print (trainers print these) only color-contrast, the one rule
the print stylesheet can change. color-contrast is most of axe's time, and grows with the
page, so the (page, medium) checks are dealt into SHARDS tests of about equal weight, which
the xdist workers share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import open_offline, run_axe

pytestmark = pytest.mark.browser
SHARDS = 8
MEDIA = {"screen": None, "print": ["color-contrast"]}  # medium -> the rules it needs (None: all)


@dataclass(frozen=True)
class Check:
    page: str  # relative to the build
    medium: str = "screen"
    weight: int = 0  # bytes of HTML: axe's time grows with the page

    def __str__(self) -> str:
        return f"{self.page} ({self.medium})"


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts)


def plan(out: Path) -> list[Check]:
    return [Check(p.relative_to(out).as_posix(), medium, p.stat().st_size)
            for p in _pages(out) for medium in MEDIA]


def deal(checks: list[Check], shards: int = SHARDS) -> list[list[Check]]:
    """Heaviest first, each to the lightest shard so far: shards of about equal work."""
    dealt: list[list[Check]] = [[] for _ in range(shards)]
    for check in sorted(checks, key=lambda c: (-c.weight, str(c))):
        min(dealt, key=lambda s: sum(c.weight for c in s)).append(check)
    return dealt


def check(browser, out: Path, item: Check) -> dict:
    """What is wrong with one page in one medium ({} when nothing is)."""
    context, page, visit = open_offline(browser, (out / item.page).as_uri())
    try:
        page.emulate_media(media=item.medium)
        violations = run_axe(page, MEDIA[item.medium])
    finally:
        context.close()
    found = {"axe": violations, "outside requests": visit.outside_requests,
             "console errors": visit.console_errors, "page errors": visit.page_errors}
    return {k: v for k, v in found.items() if v}


def test_every_page_is_dealt_once_per_medium(built_handouts):
    checks = plan(built_handouts)
    assert len(checks) >= 10 and {c.medium for c in checks} == {"screen", "print"}
    assert {c.page for c in checks} == {p.relative_to(built_handouts).as_posix()
                                        for p in _pages(built_handouts)}
    dealt = deal(checks)
    assert sorted(map(str, sum(dealt, []))) == sorted(map(str, checks))  # each exactly once
    assert all(dealt), "every shard has work"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_handout_is_offline_and_accessible(built_handouts, browser, shard):
    problems = {}
    for item in deal(plan(built_handouts))[shard]:
        found = check(browser, built_handouts, item)
        if found:
            problems[str(item)] = found
    assert problems == {}, json.dumps(problems, indent=1)[:4000]


def test_an_outside_request_and_poor_contrast_would_be_caught(browser, tmp_path):
    """The checks can fail: a CDN script, an image without alt text, and text that is too
    pale in print only (the print pass sees what the screen pass cannot)."""
    page_path = tmp_path / "bad.html"
    page_path.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title>'
                         '<script src="https://cdn.example.invalid/x.js"></script>'
                         "<style>@media print { .pale { color: #ddd; } }</style></head>"
                         "<body><main><h1>x</h1><img src='a.png'>"
                         '<p class="pale">Call the helpline.</p></main></body></html>')
    screen = check(browser, tmp_path, Check("bad.html"))
    printed = check(browser, tmp_path, Check("bad.html", "print"))
    assert screen["outside requests"] == ["https://cdn.example.invalid/x.js"]
    assert "image-alt" in {v["id"] for v in screen["axe"]}
    assert "color-contrast" not in {v["id"] for v in screen["axe"]}
    assert [v["id"] for v in printed["axe"]] == ["color-contrast"]


def test_screenshots_for_people_to_look_at(built_handouts, browser, artifacts):
    for edition in ("participant", "facilitator"):
        context, page, _ = open_offline(browser, (built_handouts / edition / "00_start_here.html").as_uri())
        target = artifacts / f"handout-{edition}-00_start_here.png"
        page.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 10_000
