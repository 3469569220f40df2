"""The switches the pack starts Chromium with (olivia_training/handouts/browser_flags.py):
the hidden omnibox pages are off, and Playwright's own disabled features stay disabled,
checked on the command lines of the browser the tests run (Linux's /proc)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from olivia_training.handouts.browser_flags import (
    DISABLE_FEATURES,
    FLAGS,
    HIDDEN_UI_FEATURES,
    args_with,
    launch_args,
    playwright_disabled_features,
)


def _bundle(folder: Path, text: str, name: str = "coreBundle.js") -> Path:
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_the_list_is_read_from_either_layout_of_the_driver_without_its_comments(tmp_path):
    body = """var disabledFeatures, enabledFeatures;
    disabledFeatures = [
      // See https://example.org "NotAFeature" in a comment [with brackets]
      "FirstFeature",
      'SecondFeature'
    ].filter(Boolean);"""
    assert playwright_disabled_features(_bundle(tmp_path / "new", body)) == ["FirstFeature", "SecondFeature"]
    older = _bundle(tmp_path / "old", "const " + body, name="server/chromium/chromiumSwitches.js")
    assert playwright_disabled_features(older) == ["FirstFeature", "SecondFeature"]
    assert playwright_disabled_features(_bundle(tmp_path / "none", "const features = [];")) == []
    assert playwright_disabled_features(tmp_path / "missing") == []


def test_without_playwrights_list_the_switch_is_left_alone():
    """Giving Chromium a --disable-features of our own would drop Playwright's."""
    assert args_with([]) == FLAGS
    both = args_with(["PaintHolding", "WebUIOmniboxPopup"])
    assert both[:-1] == FLAGS
    assert both[-1] == DISABLE_FEATURES + ",".join(["PaintHolding", *HIDDEN_UI_FEATURES])


def test_the_installed_playwrights_list_is_read():
    """Otherwise the pack's browsers would start the hidden pages again, unnoticed."""
    theirs = playwright_disabled_features()
    assert theirs, "Playwright's disabled features could not be read from its driver"
    assert launch_args()[-1] == DISABLE_FEATURES + ",".join([*theirs, *HIDDEN_UI_FEATURES])


def _descendants(pid: int) -> list[list[str]]:
    """The command lines of every process below `pid`."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], list(children.get(pid, []))
    while todo:
        child = todo.pop()
        try:
            argv = (Path("/proc") / str(child) / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        # Chromium rewrites the command line of the processes it forks into one string; a
        # process that has exited and not yet been waited for has none.
        if " ".join(argv).split():
            found.append(" ".join(argv).split())
        todo.extend(children.get(child, []))
    return found


def _features(argv: list[str]) -> list[list[str]]:
    return [a.removeprefix(DISABLE_FEATURES).split(",") for a in argv if a.startswith(DISABLE_FEATURES)]


@pytest.mark.browser
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads command lines from /proc")
def test_the_browser_keeps_playwrights_features_off_and_starts_no_hidden_pages(browser):
    page = browser.new_page()
    page.goto("data:text/html,<title>t</title><p>A page, so that a renderer runs.</p>")
    try:
        processes = [argv for argv in _descendants(os.getpid()) if "chromium" in argv[0]]
    finally:
        page.close()
    browsers = [argv for argv in processes if not any(a.startswith("--type=") for a in argv)]
    renderers = [argv for argv in processes if "--type=renderer" in argv]
    assert browsers and renderers, processes
    for argv in browsers:
        given = _features(argv)
        assert len(given) == 2, "Playwright's switch, then the pack's"
        playwrights, ours = given
        assert set(playwrights) <= set(ours) and set(HIDDEN_UI_FEATURES) <= set(ours)
    for argv in renderers:
        assert "--top-chrome-webui" not in argv, "an omnibox page started"
        (effective,) = _features(argv)
        assert set(HIDDEN_UI_FEATURES) | set(playwright_disabled_features()) <= set(effective)
