"""Domain logic, one module per topic, named like its content file in exercises/.

Pure functions and dataclasses: no ipywidgets, IPython, Jinja or HTML here (the views and
templates do the showing). Import-linter keeps this package below views and above content.
"""
