"""Words moved out of the Python into the content files stay optional there.

Partnerships keep adapted copies of `exercises/`. A copy made before a field existed must
still validate and show the pack's own words, so every such field defaults to exactly what
the pack's own file says. The test deletes the fields from a copy of the pack's content and
checks that the models come out the same for participants.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from olivia_training.content import check_all, load
from olivia_training.paths import content_dir

# file stem -> paths of the fields added when the words moved out of the Python
ADDED = {
    "recording_drills": [("checklist",)],
    "cse": [("local_route",)],
    "escalation_scenarios": [("reflection",)],
    "workshop": [("findings", 0, "quote_following_list")],
    "aces": [("spot", "generic_added_reason"), ("strip_caption",)],
    "chronology": [("captions",)],
}


@pytest.fixture(scope="module")
def old_copy(tmp_path_factory):
    """The pack's content as an adapted copy from before the fields existed."""
    folder = tmp_path_factory.mktemp("old-content")
    shutil.copytree(content_dir(), folder, dirs_exist_ok=True)
    for stem, paths in ADDED.items():
        path = folder / f"{stem}.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for *parents, name in paths:
            node = data
            for key in parents:
                node = node[key]
            assert name in node, f"{stem}.yaml no longer has {name}: update ADDED"
            del node[name]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_an_adapted_copy_without_the_new_fields_still_validates(old_copy):
    count, problems = check_all(old_copy)
    assert count > 0 and problems == []


@pytest.mark.parametrize("stem", sorted(set(ADDED) - {"workshop"}))
def test_the_new_fields_default_to_the_pack_s_own_words(old_copy, stem):
    """What participants see is the same. Facilitator notes have no default: code ships to
    participants on a hub, so facilitator words live only in the content files."""
    assert load(stem, old_copy).for_edition(False) == load(stem).for_edition(False)


def test_a_finding_ending_in_a_colon_still_quotes_its_list(old_copy):
    """`quote_following_list` unset: the list is quoted when the sentence runs on into it."""
    old, new = load("workshop", old_copy), load("workshop")
    assert [f.continues_in_list for f in old.findings] == [f.continues_in_list for f in new.findings]
    assert [f.number for f in new.findings if f.continues_in_list] == [1]


def test_an_edited_field_reaches_what_participants_see(tmp_path):
    """The moved words are really read from the content: change one, see it shown."""
    from olivia_training.views import cse

    shutil.copytree(content_dir(), tmp_path, dirs_exist_ok=True)
    path = tmp_path / "cse.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["local_route"]["prompt"] = "Who is your DSL in Oldham?"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    view = cse.local_route_notes(content=tmp_path)
    assert "Who is your DSL in Oldham?" in view.html()
    assert view.exercise_id == "05-local-route"
