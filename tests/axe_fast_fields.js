// Faster private fields for axe-core's Color class, for the test suite only.
//
// axe-core's bundle is compiled by Babel for old browsers, so its Color class keeps its six
// private fields (#r, #g, #b, #red, #green, #blue) in WeakMaps, and the mark that lets its
// private method be called in a WeakSet. Every colour axe makes is seven insertions into weak
// tables, every channel it reads a lookup in one, and weak tables make garbage collection
// slower. color-contrast makes several colours for each element it checks: on the
// facilitator's notebook 06 page, DevTools' profiler put Babel's field helpers at 0.63 s and
// garbage collection at 0.23 s of axe's 2.8 s.
//
// helpers.axe_source() gives those seven tables, and only those, an OliviaField instead: the
// value is a property of the object under a symbol of the field's own, which V8 handles as
// it does any other property. Babel's helpers still make every check they make for a private
// field (a field is not set up twice on one object; the private method runs only on a
// Color), and nothing outside the class can name the symbol. window.oliviaFastFields says
// whether the swap was made; tests/test_handouts_browser.py shows that color-contrast finds
// the same nodes, colours and ratios with it as stock axe does.
class OliviaField {
  constructor() {
    this.key = Symbol("axe Color private field");
  }

  has(object) {  // own properties only, as a WeakMap holds the object itself
    return Object.hasOwn(object, this.key);
  }

  get(object) {
    return object[this.key];
  }

  set(object, value) {
    object[this.key] = value;
    return this;
  }

  add(object) {  // the WeakSet's one method Babel uses (a private method's mark)
    object[this.key] = true;
    return this;
  }
}
