"""Every handout in headless Chromium: offline, error-free and accessible (axe-core).

Each page is checked once per medium, with the rules that medium needs: on screen every
WCAG 2.0/2.1 A and AA rule; in print (trainers print these) only color-contrast, the one rule
the print stylesheet can change. Both media are checked on one load of the page, in one tab
per shard that goes from page to page with axe already in it (helpers.OfflineTab).
color-contrast is most of axe's time, and grows with the page, so the pages are dealt into
SHARDS tests of about equal weight, which the xdist workers share.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import OfflineTab, open_offline, run_axe

pytestmark = pytest.mark.browser
SHARDS = 8
MEDIA = {"screen": None, "print": ["color-contrast"]}  # medium -> the rules it needs (None: all)


@dataclass(frozen=True)
class Check:
    page: str  # relative to the build
    weight: int = 0  # bytes of HTML: axe's time grows with the page

    def __str__(self) -> str:
        return self.page


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts)


def plan(out: Path) -> list[Check]:
    return [Check(p.relative_to(out).as_posix(), p.stat().st_size) for p in _pages(out)]


def deal(checks: list[Check], shards: int = SHARDS) -> list[list[Check]]:
    """Heaviest first, each to the lightest shard so far: shards of about equal work."""
    dealt: list[list[Check]] = [[] for _ in range(shards)]
    for check in sorted(checks, key=lambda c: (-c.weight, str(c))):
        min(dealt, key=lambda s: sum(c.weight for c in s)).append(check)
    return dealt


def check(tab: OfflineTab, out: Path, item: Check) -> dict:
    """What is wrong with one page, per medium ({} when nothing is). The page is loaded once:
    the screen pass first, then the print pass on the same document."""
    visit = tab.open((out / item.page).as_uri())
    found = {}
    for medium, rules in MEDIA.items():
        tab.page.emulate_media(media=medium)
        violations = run_axe(tab.page, rules)
        if violations:
            found[f"axe ({medium})"] = violations
    found |= {"outside requests": visit.outside_requests,
              "console errors": visit.console_errors, "page errors": visit.page_errors}
    return {k: v for k, v in found.items() if v}


def test_every_page_is_dealt_once(built_handouts):
    checks = plan(built_handouts)
    assert len(checks) >= 10
    assert {c.page for c in checks} == {p.relative_to(built_handouts).as_posix()
                                        for p in _pages(built_handouts)}
    dealt = deal(checks)
    assert sorted(map(str, sum(dealt, []))) == sorted(map(str, checks))  # each exactly once
    assert all(dealt), "every shard has work"


@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_handout_is_offline_and_accessible(built_handouts, browser, shard):
    problems = {}
    with OfflineTab(browser) as tab:
        for item in deal(plan(built_handouts))[shard]:
            found = check(tab, built_handouts, item)
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
    good_path = tmp_path / "good.html"
    good_path.write_text('<!DOCTYPE html><html lang="en"><head><title>y</title></head>'
                         "<body><main><h1>y</h1><p>Fine.</p></main></body></html>")
    with OfflineTab(browser) as tab:
        bad = check(tab, tmp_path, Check("bad.html"))
        good = check(tab, tmp_path, Check("good.html"))  # nothing carried over from the last page
    assert bad["outside requests"] == ["https://cdn.example.invalid/x.js"]
    assert "image-alt" in {v["id"] for v in bad["axe (screen)"]}
    assert "color-contrast" not in {v["id"] for v in bad["axe (screen)"]}
    assert [v["id"] for v in bad["axe (print)"]] == ["color-contrast"]
    assert good == {}


def test_the_fast_colour_parser_is_on_and_changes_no_result(built_handouts, browser, tmp_path):
    """tests/axe_fast_colour.js takes over from axe's own colour parser, and color-contrast
    then finds exactly what stock axe finds, node by node, colours and ratios included: on
    the biggest facilitator page and on a page with contrast failures."""
    bad = tmp_path / "pale.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   '<h1>x</h1><p style="color: #bbb">Pale.</p><p style="color: rgba(0, 0, 0, .3)">'
                   'See-through.</p><p style="color: #777; background: #eee">Grey on grey.</p>'
                   "</main></body></html>")
    biggest = max((built_handouts / "facilitator").glob("*.html"), key=lambda p: p.stat().st_size)

    def contrast(fast: bool) -> dict:
        found = {}
        with OfflineTab(browser, fast_colour=fast) as tab:
            for path in (biggest, bad):
                tab.open(path.as_uri())
                found["state"] = tab.page.evaluate("() => window.oliviaFastColour")
                found[path.name] = tab.page.evaluate("""() => axe.run(document, {
                    runOnly: {type: 'rule', values: ['color-contrast']}}).then(r =>
                    ['violations', 'incomplete', 'passes'].map(kind => r[kind].flatMap(rule =>
                      rule.nodes.map(n => [kind, n.target.join(' '),
                        JSON.stringify(n.any.map(c => c.data))]))))""")
        return found

    fast, stock = contrast(True), contrast(False)
    assert fast.pop("state") == "fast" and stock.pop("state") is None
    assert fast == stock
    failing = {target for kind, target, _ in sum(fast[bad.name], []) if kind == "violations"}
    assert len(failing) == 3, failing
    assert len(sum(fast[biggest.name], [])) > 100  # a real page: many text nodes compared


def test_screenshots_for_people_to_look_at(built_handouts, browser, artifacts):
    for edition in ("participant", "facilitator"):
        context, page, _ = open_offline(browser, (built_handouts / edition / "00_start_here.html").as_uri())
        target = artifacts / f"handout-{edition}-00_start_here.png"
        page.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 10_000
