// A faster colour parser for axe-core's color-contrast rule, for the test suite only.
//
// axe parses every computed colour with colorjs.io (Color.parseString), and on our handouts
// that is about a third of the accessibility pass. Chromium gives computed colours as
// "rgb(r, g, b)" or "rgba(r, g, b, a)"; for exactly those this sets the same channels the
// stock parser sets (each channel / 255, alpha as given), and leaves every other form to it.
// It checks itself against the stock parser before it takes over, and stays out if any
// result differs: window.oliviaFastColour says which happened. It also keeps every colour it
// parsed, and window.oliviaFastColourDisagrees() parses each of them again with the stock
// parser and lists those that come out differently: every page the test suite checks is
// asked, so the parser is checked on every colour of every page (tests/test_handouts_browser.py,
// which also shows whole pages give the same results with and without it).
(() => {
  const Color = window.axe && axe.commons && axe.commons.color && axe.commons.color.Color;
  if (!Color || typeof Color.prototype.parseString !== "function") {
    window.oliviaFastColour = "absent: axe has no Color.parseString";
    return;
  }
  const stock = Color.prototype.parseString;
  const LEGACY = /^rgba?\((\d+(?:\.\d+)?), (\d+(?:\.\d+)?), (\d+(?:\.\d+)?)(?:, (\d*\.?\d+))?\)$/;
  const parsed = new Set();
  function fast(text) {
    const m = LEGACY.exec(text);
    if (!m) return stock.call(this, text);
    parsed.add(text);
    this.r = m[1] / 255;
    this.g = m[2] / 255;
    this.b = m[3] / 255;
    this.alpha = m[4] === undefined ? 1 : +m[4];
    return this;
  }
  const samples = ["rgb(0, 0, 0)", "rgb(255, 255, 255)", "rgba(0, 0, 0, 0)", "rgb(26, 82, 118)",
    "rgba(12, 34, 56, 0.5)", "rgba(255, 255, 255, 0.87)", "rgb(12.5, 100, 3)", "rgba(1, 2, 3, 0.05)"];
  const keys = ["r", "g", "b", "red", "green", "blue", "alpha"];
  const differs = (text) => {
    const a = stock.call(new Color(), text);
    const b = fast.call(new Color(), text);
    return keys.filter((k) => a[k] !== b[k]);
  };
  for (const sample of samples) {
    const differ = differs(sample);
    if (differ.length) {
      window.oliviaFastColour = `stock: ${sample} differs in ${differ.join(", ")}`;
      return;
    }
  }
  parsed.clear();
  Color.prototype.parseString = fast;
  window.oliviaFastColour = "fast";
  window.oliviaFastColourParsed = () => [...parsed];
  window.oliviaFastColourDisagrees = () => [...parsed]
    .map((text) => [text, differs(text)]).filter(([, differ]) => differ.length)
    .map(([text, differ]) => `${text} differs in ${differ.join(", ")}`);
})();
