"""Custom frameworks: upload page and `load_framework` command refuse bad files whole."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessment.models import FrameworkVersion
from tests.questionnaire.factories import LEVELS, framework_text

pytestmark = pytest.mark.django_db

GOOD = framework_text()

MALFORMED = {
    "not_yaml": ("version: 1\nkey: [unclosed\n", "invalid YAML"),
    "empty": ("", "is empty"),
    "not_a_mapping": ("- just\n- a list\n", "mapping"),
    "bad_version": (GOOD.replace("version: 1", "version: zero"), "version must be a whole number"),
    "bad_key": (GOOD.replace("key: test-framework", "key: Bad Key!"), "key"),
    "unknown_field": (GOOD.replace("title: Test framework", "title: T\ncolour: blue"), "colour"),
    "missing_steps": ("version: 1\nkey: x\ntitle: X\n", "steps"),
    "unknown_type": (
        GOOD.replace("type: yes_partly_no, text: Yes partly no", "type: stars, text: S"),
        "stars",
    ),
    "maturity_levels": (
        GOOD.replace(
            "levels: " + LEVELS,
            "levels: [One, Two]",
        ),
        "5 levels",
    ),
    "duplicate_question": (GOOD.replace("key: q_ypn", "key: q_maturity"), "duplicate question key"),
    "unknown_condition_ref": (
        GOOD.replace(
            "- {key: q_ypn, type: yes_partly_no, text: Yes partly no}",
            "- {key: q_ypn, type: yes_partly_no, text: Y, show_if: {question: ghost, equals: yes}}",
        ),
        "ghost",
    ),
    "steps_out_of_order": (
        GOOD.replace("key: gaps", "key: tmp")
        .replace("key: stack", "key: gaps")
        .replace("key: tmp", "key: stack"),
        "in order",
    ),
    "choice_without_choices": (
        GOOD.replace(
            "choices: [{key: a, label: A, score: 100}, {key: b, label: B, score: 0}]", "choices: []"
        ),
        "choice",
    ),
}


def test_the_malformed_files_really_differ_from_the_good_one():
    assert all(text != GOOD for text, _ in MALFORMED.values())
    assert len(MALFORMED) >= 10


@pytest.mark.parametrize("name", MALFORMED)
def test_upload_refuses_malformed_file_with_its_messages(client, signed_in, name):
    text, expected = MALFORMED[name]
    signed_in("owner")
    upload = SimpleUploadedFile(f"{name}.yaml", text.encode(), content_type="text/yaml")
    response = client.post(reverse("framework_upload"), {"file": upload})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Nothing was loaded" in body or "empty" in body.lower()
    assert expected.lower() in body.lower(), body[body.find("alert") :][:1500]
    assert not FrameworkVersion.objects.exclude(organisation__isnull=True).exists()


@pytest.mark.parametrize("name", MALFORMED)
def test_command_refuses_malformed_file_with_its_messages(tmp_path, name):
    text, expected = MALFORMED[name]
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    before = FrameworkVersion.objects.count()
    with pytest.raises(CommandError) as error:
        call_command("load_framework", str(path))
    assert expected.lower() in str(error.value).lower()
    assert "nothing was loaded" in str(error.value)
    assert FrameworkVersion.objects.count() == before


def test_upload_and_list_with_changes(client, signed_in):
    membership = signed_in("owner")
    upload = SimpleUploadedFile("mine.yaml", GOOD.encode())
    response = client.post(reverse("framework_upload"), {"file": upload})
    assert response.status_code == 302
    version = FrameworkVersion.objects.get(organisation=membership.organisation)
    assert version.changes == []
    newer = framework_text(version=2).replace("text: Long", "text: Longer")
    response = client.post(
        reverse("framework_upload"), {"file": SimpleUploadedFile("m.yaml", newer.encode())}
    )
    assert response.status_code == 302
    latest = FrameworkVersion.objects.get(organisation=membership.organisation, version=2)
    assert any("q_long" in change for change in latest.changes)
    listing = client.get(reverse("framework_list")).content.decode()
    assert "q_long" in listing and "v2" in listing
    # Same version again: refused with a message, nothing stored.
    response = client.post(
        reverse("framework_upload"), {"file": SimpleUploadedFile("m.yaml", newer.encode())}
    )
    assert response.status_code == 422 and "not newer" in response.content.decode()
    assert FrameworkVersion.objects.filter(organisation=membership.organisation).count() == 2


def test_non_utf8_upload_is_refused(client, signed_in):
    signed_in("owner")
    upload = SimpleUploadedFile("x.yaml", "títle: é".encode("latin-1"))
    response = client.post(reverse("framework_upload"), {"file": upload})
    assert response.status_code == 422 and "UTF-8" in response.content.decode()


def test_command_loads_for_an_organisation(tmp_path, organisation):
    path = tmp_path / "ok.yaml"
    path.write_text(GOOD, encoding="utf-8")
    call_command("load_framework", str(path), "--organisation", organisation.slug)
    assert FrameworkVersion.objects.filter(organisation=organisation).count() == 1
    with pytest.raises(CommandError, match="not newer"):
        call_command("load_framework", str(path), "--organisation", organisation.slug)
    with pytest.raises(CommandError, match="No organisation"):
        call_command("load_framework", str(path), "--organisation", "nope")
