"""Thin ipywidgets front-ends over the pure logic, each with a printable worksheet."""
