"""The fact, reported information, opinion or assumption sort: coaching on a participant's sort.

Pure logic. The key is the content's `facilitator_key`; the live widget shows what it says
about a statement only after the participant has sorted it and asked for feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from olivia_training.content.models.recording_drills import SORT_CATEGORIES, Sort

# Which kinds to praise first, and which differences to coach first: Finding 4 asks that
# decisions "are not based on assumptions".
ORDER = ("assumption", "opinion_with_basis", "reported_information", "observed_fact")
PRAISE = {
    "assumption": "You spotted the {what} in {which}.",
    "opinion_with_basis": "You recognised professional opinion with its basis in {which}.",
    "reported_information": "You kept what people told professionals apart from fact in {which}.",
    "observed_fact": "You picked out what professionals saw or measured themselves in {which}.",
}


@dataclass(frozen=True)
class SortFeedback:
    same: list[str] = field(default_factory=list)
    different: list[str] = field(default_factory=list)
    unsorted: list[str] = field(default_factory=list)
    feedback: list[str] = field(default_factory=list)


def _which(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"statement {numbers[0]}"
    return "statements " + ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"


def check_sort(sort: Sort, answers: dict[str, str | None]) -> SortFeedback:
    """Coach a sort: what went well first, then one statement to look at again. No score."""
    number = {s.id: i for i, s in enumerate(sort.statements, 1)}
    same, different, unsorted = [], [], []
    for s in sort.statements:
        chosen = answers.get(s.id) or ""
        if chosen not in SORT_CATEGORIES:
            unsorted.append(s.id)
        elif chosen == s.facilitator_key:
            same.append(s.id)
        else:
            different.append(s.id)
    if len(unsorted) == len(sort.statements):
        return SortFeedback(unsorted=unsorted, feedback=[
            "Choose a kind for each statement, then check your sort."])

    by_id = {s.id: s for s in sort.statements}
    feedback: list[str] = []
    for category in ORDER:
        numbers = [number[i] for i in same if by_id[i].facilitator_key == category]
        if numbers:
            what = "assumption" if len(numbers) == 1 else "assumptions"
            feedback.append(PRAISE[category].format(which=_which(numbers), what=what))
        if len(feedback) == 2:
            break
    if not feedback:
        feedback.append("You have made a start: every choice you make is a chance to test a "
                        "statement before a decision rests on it.")

    if different:
        first = min(different, key=lambda i: (ORDER.index(by_id[i].facilitator_key), number[i]))
        s = by_id[first]
        chosen = SORT_CATEGORIES[answers[first]]
        feedback.append(
            f'Next: look again at statement {number[first]}, "{s.text.strip()}" You chose '
            f"{chosen.lower()}; the facilitators' key says {SORT_CATEGORIES[s.facilitator_key].lower()}. "
            f"{s.facilitator_why}"
        )
        others = sorted(number[i] for i in different if i != first)
        if others:
            feedback.append(f"After that, look again at {_which(others)}.")
    elif not unsorted:
        feedback.append("Your sort matches the facilitators' key. Now ask: which of these "
                        "statements could a decision about Olivia rest on, and what is missing?")
    if unsorted:
        feedback.append(f"You have not sorted {_which(sorted(number[i] for i in unsorted))} yet.")
    return SortFeedback(same=same, different=different, unsorted=unsorted, feedback=feedback)
