"""The pack's one vocabulary of provenance labels, for code and templates alike.

Every item about Olivia says where it comes from, in the same words wherever it is shown
(worksheets, handouts, figures, diagrams): the briefing, written for the training, a training
assumption, or a detail to confirm locally. Keeping the words in one place means a wording
fix reaches every page. Templates see these as Jinja globals (olivia_training/html.py).
This module imports nothing, so any layer may use it.
"""

BRIEFING_LABEL = "From the briefing"
ILLUSTRATIVE_LABEL = "Illustrative: written for this training, not a finding of the review"
TRAINING_ASSUMPTION_LABEL = "Training assumption: the briefing does not say this about Olivia"
CONFIRM_LABEL = "Confirm locally"

LABELS = {
    "BRIEFING_LABEL": BRIEFING_LABEL,
    "ILLUSTRATIVE_LABEL": ILLUSTRATIVE_LABEL,
    "TRAINING_ASSUMPTION_LABEL": TRAINING_ASSUMPTION_LABEL,
    "CONFIRM_LABEL": CONFIRM_LABEL,
}
