"""A Django file storage in the database (`core.StoredFile`): the default storage.

Why: report PDFs must be readable by every app server behind a load balancer, and
`make demo` must need no service besides the database. Report PDFs are small (tens to
hundreds of KB, a few MB at most), which a `bytea`/BLOB column holds well. Nothing is ever
served from a public URL: downloads go through views that check the organisation and role,
so `url()` refuses. Object storage (S3-compatible, django-storages) is the choice for large
deployments: `FILE_STORAGE=s3` (core/env.py, `file_storage_settings`).
"""

from __future__ import annotations

import io

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils.deconstruct import deconstructible

#: How often `_save` picks another name when a concurrent save took the one it was given.
SAVE_ATTEMPTS = 5


def stored_files():
    # Imported late: storages may be built before the app registry is ready.
    from core.models.files import StoredFile

    return StoredFile.objects


@deconstructible(path="core.storage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Files as rows: write once (a taken name gets a suffix), read whole, delete."""

    def _open(self, name, mode="rb"):
        if any(flag in mode for flag in "wa+"):
            raise ValueError("DatabaseStorage opens files for reading only; save() writes them.")
        content = stored_files().filter(name=name).values_list("content", flat=True).first()
        if content is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        data = bytes(content)
        handle = io.BytesIO(data) if "b" in mode else io.StringIO(data.decode())
        return File(handle, name=name)

    def _save(self, name, content):
        if hasattr(content, "seek") and getattr(content, "seekable", lambda: True)():
            content.seek(0)
        chunks = [c.encode() if isinstance(c, str) else bytes(c) for c in content.chunks()]
        data = b"".join(chunks)
        for _attempt in range(SAVE_ATTEMPTS):
            try:
                with transaction.atomic():  # a savepoint: a taken name leaves the caller's
                    stored_files().create(name=name, content=data, size=len(data))  # tx usable
                return name
            except IntegrityError:  # another server saved this name in the meantime
                name = self.get_available_name(name)
        raise FileExistsError(f"Could not find a free name for {name!r}")

    def exists(self, name) -> bool:
        return stored_files().filter(name=name).exists()

    def delete(self, name) -> None:
        if name:
            stored_files().filter(name=name).delete()

    def size(self, name) -> int:
        size = stored_files().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return size

    def listdir(self, path):
        prefix = path.strip("/") + "/" if path.strip("/") else ""
        directories, files = set(), []
        names = stored_files().filter(name__startswith=prefix).values_list("name", flat=True)
        for name in names:
            rest = name[len(prefix) :]
            if "/" in rest:
                directories.add(rest.split("/", 1)[0])
            else:
                files.append(rest)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        created = stored_files().filter(name=name).values_list("created_at", flat=True).first()
        if created is None:
            raise FileNotFoundError(f"No stored file named {name!r}")
        return created

    get_modified_time = get_created_time  # written once, never changed
    get_accessed_time = get_created_time

    def url(self, name):
        raise NotImplementedError(
            "Stored files have no public URL: serve them through a view that checks access."
        )
