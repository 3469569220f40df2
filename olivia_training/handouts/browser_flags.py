"""The command-line switches the pack starts a Chromium-family browser with.

The pack starts a browser to print PDFs: at each build, and each time a practitioner makes
their CPD record with `olivia-training cpd`, often on a council laptop. So the browser should
start lean. Headless Chromium (156 on Debian 12) still loads its omnibox pop-up pages
(`chrome://omnibox-popup.top-chrome/`) for an address bar no one sees: a renderer of their
own in every browser, which cost about 1.1 s of CPU to start and kept working as pages
navigated (0.7 to 1.1 s more over forty seconds of pages). `HIDDEN_UI_FEATURES` switches
them off; pages print and render as before.

Chromium keeps only the last `--disable-features` it is given, and Playwright gives one of
its own (it turns off requests Chromium makes at start-up, HTTPS upgrades and more). So ours
repeats Playwright's list, read from the installed driver; if that list cannot be read (a
Playwright whose layout differs), the pack leaves the switch alone and the pop-up pages load.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# No sync, no component updates, no background requests: printing a file needs no network.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
)
# Both are needed: with only the first, the AI-mode pop-up page still loads.
HIDDEN_UI_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup")
DISABLE_FEATURES = "--disable-features="
# Playwright's list in its driver (chromiumSwitches.ts, bundled into coreBundle.js since 1.5x).
_DRIVER_FILES = (Path("server", "chromium", "chromiumSwitches.js"), Path("coreBundle.js"))
_LIST = re.compile(r"\bdisabledFeatures\s*=\s*\[(.*?)\]", re.S)
_NAME = re.compile(r"""["']([A-Za-z0-9_]+)["']""")


def playwright_disabled_features(driver_lib: Path | None = None) -> list[str]:
    """The features the installed Playwright turns off when it starts Chromium, in its order;
    [] when its driver holds no list this can read (a plain array of quoted names)."""
    if driver_lib is None:
        try:
            import playwright
        except ImportError:
            return []
        driver_lib = Path(playwright.__file__).parent / "driver" / "package" / "lib"
    for name in _DRIVER_FILES:
        try:
            text = (driver_lib / name).read_text(encoding="utf-8")
        except OSError:
            continue
        start = text.find("disabledFeatures")  # a plain find first: the bundle is 3.6 MB
        if start < 0:
            continue
        # Comments out first: one holding a "]" would end the list early, or a quoted word
        # would count as a feature.
        found = _LIST.search(re.sub(r"//[^\n]*", "", text[start:start + 20_000]))
        if found:
            return _NAME.findall(found.group(1))
    return []


@functools.cache
def launch_args() -> tuple[str, ...]:
    """The switches to start a browser with: `args_with(playwright_disabled_features())`."""
    return args_with(playwright_disabled_features())


def args_with(playwright_features: list[str]) -> tuple[str, ...]:
    """FLAGS, and Playwright's disabled features with `HIDDEN_UI_FEATURES` added; FLAGS alone
    when Playwright's list is unknown (see the module's docstring)."""
    if not playwright_features:
        return FLAGS
    features = ",".join(dict.fromkeys([*playwright_features, *HIDDEN_UI_FEATURES]))
    return (*FLAGS, DISABLE_FEATURES + features)
