"""What the pack makes from a participant's saved answers, and from a cohort's evaluations.

Pure logic, no widgets: the views and the CLI commands both call in here.

- `answers`: the exercise ids that reflection, confidence and evaluation widgets save
  under, and how their saved values are read back (tolerating anything odd in the store).
- `cpd`: the participant's CPD record, one self-contained printable HTML page.
- `evaluation`: the anonymous evaluation file a participant hands to the facilitator (JSON),
  and the paper form's CSV equivalent.
- `files`: writes those two files for a participant; notebook 07's buttons and the `cpd` and
  `evaluation-export` commands all go through it.
- `cohort`: the facilitator's report over many evaluation files.
- `charts`: small matplotlib charts, each with alt text and a text table beside it.
- `format`: how numbers are written, shared by `cohort` and `charts`.
- `hub_client`: on a workshop hub, what a participant's server sends to the facilitator's
  cohort view (completed notebooks; the evaluation, when they press the button).
"""
