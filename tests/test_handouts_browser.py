"""Every handout in headless Chromium: offline, error-free and accessible (axe-core).

Each page is checked once per medium, with the rules that medium needs: on screen every
WCAG 2.0/2.1 A and AA rule; in print (trainers print these) only color-contrast, the one rule
the print stylesheet can change. Both media are checked on one load of the page, in one tab
per worker that goes from page to page with axe already in it (the `offline_tab` fixture,
helpers.OfflineTab), and the fast colour parser axe runs with here is asked whether axe's own
parser reads each colour it read the same way.
color-contrast is most of axe's time, and grows with the page's elements, so the pages are
dealt into SHARDS tests of about equal weight, which the xdist workers share.

The all-in-one file repeats every participant handout's main part, each in an <article>
(handouts/site.py, for_bundle), under the same stylesheet: every rule runs on the whole
page, but color-contrast, whose verdict on an element depends only on its markup, its
ancestors and the stylesheet, looks at what differs from the handouts' own pages, where those
parts are checked in both media: the bundle's own parts and the headings, which move one
level down. test_the_bundle_repeats_each_handout_under_the_same_styles holds that premise.
The bundle's check took 12 of the pass's 52 s of one core; now it takes 2.3 s.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import helpers
import pytest
from helpers import OfflineTab, run_axe

from olivia_training.paths import notebooks_dir

pytestmark = pytest.mark.browser
SHARDS = 8
MEDIA = {"screen": None, "print": ["color-contrast"]}  # medium -> the rules it needs (None: all)
BUNDLE = "participant/all-in-one.html"
HEADINGS = [f"article.olivia-handout h{n}" for n in range(1, 7)]
# Where color-contrast looks in the bundle: all but the repeated handouts, and their headings.
BUNDLE_CONTRAST = {"include": ["body", *HEADINGS], "exclude": ["article.olivia-handout"]}
BUNDLE_SHARE = 4  # measured: the bundle's checks now cost about a quarter of a page its size


@dataclass(frozen=True)
class Check:
    page: str  # relative to the build
    weight: int = 0  # the page's elements: axe's time grows with them (not with its bytes,
    #                  which are mostly pictures)

    def __str__(self) -> str:
        return self.page


def _pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if ".cache" not in p.parts)


def plan(out: Path) -> list[Check]:
    checks = []
    for path in _pages(out):
        page = path.relative_to(out).as_posix()
        elements = path.read_text(encoding="utf-8").count("<")
        # The bundle's color-contrast pass leaves out the repeated handouts (see above).
        checks.append(Check(page, elements // BUNDLE_SHARE if page == BUNDLE else elements))
    return checks


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
        if item.page == BUNDLE:
            violations = [] if rules == ["color-contrast"] else run_axe(tab.page, rules,
                                                                      skip=("color-contrast",))
            violations += run_axe(tab.page, ["color-contrast"], context=BUNDLE_CONTRAST)
        else:
            violations = run_axe(tab.page, rules)
        if violations:
            found[f"axe ({medium})"] = violations
    # Every colour the fast parser read on this page, read again by axe's own (helpers.axe_source).
    found["fast colour parser"] = tab.page.evaluate(
        "() => window.oliviaFastColourDisagrees ? window.oliviaFastColourDisagrees() : []")
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
def test_every_handout_is_offline_and_accessible(built_handouts, offline_tab, shard):
    problems = {}
    for item in deal(plan(built_handouts))[shard]:
        found = check(offline_tab, built_handouts, item)
        if found:
            problems[str(item)] = found
    assert problems == {}, json.dumps(problems, indent=1)[:4000]


def test_the_bundle_repeats_each_handout_under_the_same_styles(built_handouts):
    """The premise of the bundle's narrower color-contrast pass: each <article> is its
    handout's main part as for_bundle makes it (headings one level down, ids prefixed), every
    handout is there, the stylesheet is the same, and no style rule reaches the repeated parts
    through the article, their place in <main> or a heading's level (except the article's own
    page break)."""
    from olivia_training.handouts.site import for_bundle, main_of

    bundle = (built_handouts / BUNDLE).read_text(encoding="utf-8")
    articles = re.findall(r'<article class="olivia-handout" id="([^"]+)">\n(.*?)\n</article>',
                          bundle, re.S)
    pattern = os.environ.get("OLIVIA_TEST_NOTEBOOKS", "*.ipynb")
    assert [stem for stem, _ in articles] == sorted(p.stem for p in notebooks_dir().glob(pattern))
    style = re.compile(r"<style>(.*?)</style>", re.S)
    css = style.search(bundle).group(1)
    for stem, body in articles:
        page = (built_handouts / "participant" / f"{stem}.html").read_text(encoding="utf-8")
        assert body == for_bundle(main_of(page), stem), stem
        assert style.search(page).group(1) == css, stem
    reaching = re.findall(r"([^{}]*(?:article|olivia-handout)[^{}]*)\{([^}]*)\}", css)
    assert [(sel.strip(), rule.strip()) for sel, rule in reaching] == [
        (".olivia-handout + .olivia-handout", "break-before: page;")]
    assert not re.search(r"(?<![\w-])h[1-6]\b[^,{]*[+~]", css), "a rule reaches past a heading"
    # Nor can a rule tell a part inside an article from one straight inside <main>.
    assert not [sel for sel in re.findall(r"([^{}]+)\{", css)
                if re.search(r"(?<![\w-])main\b|#content|:has\(", sel)]


def test_the_bundle_contrast_pass_sees_its_own_parts_and_the_headings(offline_tab, tmp_path):
    """BUNDLE_CONTRAST: pale text outside the articles and a pale heading inside one are
    caught; pale text inside an article is left to the handout's own page."""
    path = tmp_path / "bundle.html"
    path.write_text('<!DOCTYPE html><html lang="en"><head><title>b</title>'
                    "<style>.pale { color: #ccc; }</style></head><body><main><h1>b</h1>"
                    '<p class="pale" id="own">The bundle\'s own words.</p>'
                    '<article class="olivia-handout"><h2 class="pale" id="heading">A handout</h2>'
                    '<p class="pale" id="repeated">Its words.</p></article></main></body></html>')
    offline_tab.open(path.as_uri())
    found = run_axe(offline_tab.page, ["color-contrast"], context=BUNDLE_CONTRAST)
    everything = run_axe(offline_tab.page, ["color-contrast"])
    assert [sorted(sum(v["nodes"], [])) for v in found] == [["#heading", "#own"]]
    assert sorted(sum(everything[0]["nodes"], [])) == ["#heading", "#own", "#repeated"]


def test_an_outside_request_and_poor_contrast_would_be_caught(offline_tab, tmp_path):
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
    bad = check(offline_tab, tmp_path, Check("bad.html"))
    good = check(offline_tab, tmp_path, Check("good.html"))  # nothing carried over from the last page
    assert bad["outside requests"] == ["https://cdn.example.invalid/x.js"]
    assert "image-alt" in {v["id"] for v in bad["axe (screen)"]}
    assert "color-contrast" not in {v["id"] for v in bad["axe (screen)"]}
    assert [v["id"] for v in bad["axe (print)"]] == ["color-contrast"]
    assert good == {}


def test_the_fast_colour_parts_are_on_and_change_no_result(built_handouts, browser, offline_tab,
                                                          tmp_path):
    """tests/axe_fast_colour.js takes over from axe's own colour parser, axe's Color class
    keeps its private fields as plain properties (tests/axe_fast_fields.js), and color-contrast
    then finds exactly what stock axe finds, node by node, colours and ratios included: on a
    real page (the facilitator's start page: its boxes, labels, links and tables) and on a page
    with contrast failures. (That the two parsers agree on every colour of every page is asked
    of each page in `check`; the biggest page took 7 s of CPU here, twice over, for no more.)"""
    bad = tmp_path / "pale.html"
    bad.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                   '<h1>x</h1><p style="color: #bbb">Pale.</p><p style="color: rgba(0, 0, 0, .3)">'
                   'See-through.</p><p style="color: #777; background: #eee">Grey on grey.</p>'
                   "</main></body></html>")
    real = built_handouts / "facilitator" / "00_start_here.html"

    def contrast(fast: bool) -> dict:
        """The worker's tab has the fast parser; a tab of its own has axe's alone."""
        found = {}
        with contextlib.nullcontext(offline_tab) if fast else OfflineTab(browser, fast_colour=False) as tab:
            for path in (real, bad):
                tab.open(path.as_uri())
                found["state"] = tab.page.evaluate("() => [window.oliviaFastColour, window.oliviaFastFields]")
                found[path.name] = tab.page.evaluate("""() => axe.run(document, {
                    runOnly: {type: 'rule', values: ['color-contrast']}}).then(r =>
                    ['violations', 'incomplete', 'passes'].map(kind => r[kind].flatMap(rule =>
                      rule.nodes.map(n => [kind, n.target.join(' '),
                        JSON.stringify(n.any.map(c => c.data))]))))""")
                if fast:
                    found[f"{path.name} colours"] = tab.page.evaluate("() => window.oliviaFastColourParsed()")
        return found

    fast, stock = contrast(True), contrast(False)
    assert fast.pop("state") == ["fast", "fast"] and stock.pop("state") == [None, None]
    colours = fast.pop(f"{real.name} colours"), fast.pop(f"{bad.name} colours")
    assert fast == stock
    failing = {target for kind, target, _ in sum(fast[bad.name], []) if kind == "violations"}
    assert len(failing) == 3, failing
    assert len(sum(fast[real.name], [])) > 100  # a real page: many text nodes compared
    assert all(len(c) >= 3 for c in colours), colours  # the fast parser did the parsing


def test_the_fast_fields_change_only_the_color_class_and_stand_aside_when_it_is_not_found():
    """`fast_fields` swaps the seven weak tables of axe 4.12.1's Color class (the class with
    toHexString), and nothing else in the bundle; an axe that declares the class otherwise is
    left as it is, and says so."""
    stock = helpers.axe_source(fast_colour=False)
    fast, state = helpers.fast_fields(stock)
    assert state == "fast"
    first, last = fast.index("new OliviaField"), fast.rindex("new OliviaField")
    assert fast.count("new OliviaField") == 7 and last - first < 200
    assert '{key:"toHexString"' in fast[last:last + 3000]
    assert stock.count("new WeakMap") - fast.count("new WeakMap") == 6
    assert stock.count("new WeakSet") - fast.count("new WeakSet") == 1

    def tables(text: str) -> str:
        return re.sub(r"new (?:WeakMap|WeakSet|OliviaField)", "new TABLE", text)

    assert tables(fast) == tables(stock)  # the constructors are all that changed
    renamed = stock.replace('{key:"toHexString"', '{key:"asHex"')
    assert helpers.fast_fields(renamed) == (renamed, "absent: 0 Color classes found")


def test_a_colour_the_two_parsers_read_differently_would_be_caught(offline_tab, tmp_path):
    """`check` reports a colour the fast parser reads otherwise than axe's own. Chromium never
    computes one (it clamps channels to 0 to 255, which axe's parser does and the fast one
    does not), so the page asks axe's Color to read an out-of-range one itself."""
    page = tmp_path / "odd.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><main>'
                    "<h1>x</h1><p>Fine.</p><script>new axe.commons.color.Color()"
                    '.parseString("rgb(300, 0, 0)")</script></main></body></html>')
    found = check(offline_tab, tmp_path, Check("odd.html"))
    assert found == {"fast colour parser": ["rgb(300, 0, 0) differs in r"]}


def test_screenshots_for_people_to_look_at(built_handouts, offline_tab, artifacts):
    """The first screen of each edition (a whole-page picture cost ten times as much to
    take; the page itself is beside it in the build)."""
    for edition in ("participant", "facilitator"):
        offline_tab.open((built_handouts / edition / "00_start_here.html").as_uri())
        target = artifacts / f"handout-{edition}-00_start_here.png"
        helpers.screenshot(offline_tab.page, target)
        assert target.stat().st_size > 10_000
