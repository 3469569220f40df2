"""Recording practice: review a record of a child's voice, and coach the writer.

Pure logic (no widgets): `review_record(text) -> Review`, with `Review.to_dict()` giving
the JSON of `olivia-training review-record --json`; `check_sort(...)` coaches the fact,
opinion and assumption sort.
"""

from olivia_training.domain.recording_drills.findings import (
    CRITERION_LABELS,
    AssumptionFinding,
    JargonFinding,
    LanguageFinding,
    Review,
)
from olivia_training.domain.recording_drills.review import review_record

__all__ = ["review_record", "Review", "LanguageFinding", "AssumptionFinding", "JargonFinding",
           "CRITERION_LABELS"]
