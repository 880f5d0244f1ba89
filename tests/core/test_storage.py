"""Files without a machine's disk (issue 13, item 3): the database storage, the choice of
storage by environment, and the storage health check."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage

from core.env import file_storage_settings
from core.health import check_storage
from core.models import StoredFile
from core.storage import DatabaseStorage

ROOT = Path(__file__).resolve().parents[2]
S3_ENV = {
    "FILE_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "stackscope-files",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.com",
    "AWS_S3_REGION_NAME": "eu-west-1",
    "AWS_ACCESS_KEY_ID": "AKIAEXAMPLE",
    "AWS_SECRET_ACCESS_KEY": "secret-example",
}


# --- the database storage --------------------------------------------------------------------


@pytest.mark.django_db
def test_the_default_storage_is_the_database():
    assert isinstance(default_storage, DatabaseStorage)


@pytest.mark.django_db
def test_save_open_size_list_and_delete():
    storage = DatabaseStorage()
    name = storage.save("reports/2026/12/board.pdf", ContentFile(b"%PDF-1.7 x"))
    assert name == "reports/2026/12/board.pdf"
    assert storage.exists(name) and storage.size(name) == 10
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF-1.7 x"
    # A taken name is never overwritten: the second file gets another name.
    other = storage.save(name, ContentFile(b"second"))
    assert other != name and other.startswith("reports/2026/12/board_")
    assert storage.open(name).read() == b"%PDF-1.7 x"
    storage.save("reports/2025/old.pdf", ContentFile(b"old"))
    assert storage.listdir("reports") == (["2025", "2026"], [])
    assert storage.listdir("reports/2026/12/") == ([], sorted(["board.pdf", other.split("/")[-1]]))
    assert storage.get_modified_time(name) == StoredFile.objects.get(name=name).created_at
    storage.delete(name)
    assert not storage.exists(name)
    storage.delete(name)  # deleting a missing file is no error, as in Django's storages


@pytest.mark.django_db
def test_text_content_and_missing_files():
    storage = DatabaseStorage()
    name = storage.save("notes/a.txt", ContentFile("héllo"))
    assert storage.open(name, "rb").read() == "héllo".encode()
    assert storage.open(name, "r").read() == "héllo"
    with pytest.raises(FileNotFoundError):
        storage.open("notes/missing.txt")
    with pytest.raises(FileNotFoundError):
        storage.size("notes/missing.txt")
    with pytest.raises(ValueError):
        storage.open(name, "wb")


@pytest.mark.django_db
def test_stored_files_have_no_public_url():
    storage = DatabaseStorage()
    name = storage.save("reports/x.pdf", ContentFile(b"%PDF"))
    with pytest.raises(NotImplementedError):
        storage.url(name)


@pytest.mark.django_db
def test_a_name_taken_meanwhile_gets_another_name(monkeypatch):
    """Two servers saving the same name at once: the second's insert hits the unique
    constraint, and it retries under a free name instead of failing or overwriting."""
    storage = DatabaseStorage()
    StoredFile.objects.create(name="reports/race.pdf", content=b"first", size=5)
    # get_available_name already ran (the name looked free): _save meets the constraint.
    name = storage._save("reports/race.pdf", ContentFile(b"second"))
    assert name != "reports/race.pdf"
    assert storage.open("reports/race.pdf").read() == b"first"
    assert storage.open(name).read() == b"second"


# --- choosing the storage --------------------------------------------------------------------


def test_file_storage_defaults_to_the_database(monkeypatch):
    monkeypatch.delenv("FILE_STORAGE", raising=False)
    assert file_storage_settings() == {"BACKEND": "core.storage.DatabaseStorage"}
    monkeypatch.setenv("FILE_STORAGE", "filesystem")
    assert file_storage_settings() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_s3_storage_is_configured_from_the_environment(monkeypatch):
    for name, value in S3_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_S3_CUSTOM_DOMAIN", raising=False)
    assert file_storage_settings() == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "stackscope-files",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "endpoint_url": "https://s3.example.com",
            "region_name": "eu-west-1",
            "access_key": "AKIAEXAMPLE",
            "secret_key": "secret-example",
        },
    }


def test_s3_without_a_bucket_or_an_unknown_storage_is_refused(monkeypatch):
    monkeypatch.setenv("FILE_STORAGE", "s3")
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        file_storage_settings()
    monkeypatch.setenv("FILE_STORAGE", "ftp")
    with pytest.raises(ImproperlyConfigured, match="FILE_STORAGE"):
        file_storage_settings()


def test_settings_load_the_s3_storage_from_the_environment():
    """The real settings module in a fresh process: Django builds an S3Storage with the
    environment's bucket, endpoint and privacy options (no S3 is contacted)."""
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__module__, type(s).__name__, s.bucket_name, s.endpoint_url,"
        " s.region_name, s.default_acl, s.querystring_auth, s.file_overwrite)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(S3_ENV, DEBUG="1")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "storages.backends.s3 S3Storage stackscope-files https://s3.example.com eu-west-1 "
        "private True False"
    )


# --- the health check ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_storage_check_writes_reads_and_removes_a_probe():
    assert check_storage() == (True, "ok")
    assert not StoredFile.objects.exists()  # the probe is gone


def test_the_storage_check_on_a_filesystem(tmp_path):
    assert check_storage(FileSystemStorage(location=tmp_path)) == (True, "ok")
    assert list(tmp_path.rglob("*.txt")) == []


def test_a_failing_storage_is_reported_without_details(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")  # refused to root too, unlike a read-only directory
    ok, detail = check_storage(FileSystemStorage(location=blocker))
    assert (ok, detail) == (False, "NotADirectoryError")  # the class only, never the path


@pytest.mark.django_db
def test_a_storage_that_returns_other_content_is_not_healthy(monkeypatch):
    storage = DatabaseStorage()
    monkeypatch.setattr(
        DatabaseStorage, "_open", lambda self, name, mode="rb": ContentFile(b"other", name)
    )
    assert check_storage(storage) == (
        False,
        "storage returned other content than was written",
    )
    assert not StoredFile.objects.exists()
