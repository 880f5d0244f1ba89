"""The import session: a file's rows and the person's choices, kept server-side between
the preview's steps (in memory only for the API)."""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError
from django.utils import timezone

from assessment.inventory import services
from assessment.inventory.imports import storage
from assessment.inventory.imports.inventories import ADD, INVENTORIES
from assessment.inventory.imports.mappings import apply_remembered
from assessment.inventory.imports.messages import dump_messages
from assessment.inventory.imports.preview import Preview, build_preview
from assessment.inventory_core.columns import HeaderMapping, map_headers
from assessment.inventory_core.fields import InventorySpec

logger = logging.getLogger(__name__)


@dataclass
class ImportSession:
    token: str
    organisation_id: int
    user_id: int
    inventory: str
    filename: str
    headers: list[str]
    rows: list[list[Any]]
    day_first: bool = True
    #: Fill a tools import's blank fields of known products from the catalogue (issue 18).
    use_catalogue: bool = True
    #: Spreadsheet row number of each row (None: consecutive from 2, as in the API's rows).
    row_numbers: list[int] | None = None
    overrides: dict[str, str | None] = field(default_factory=dict)  # column index → field
    resolutions: dict[str, dict[str, str]] = field(default_factory=dict)
    created_at: str = ""
    #: Mappings remembered from the organisation's last import of a file with these headers
    #: that were applied to this one: {"columns": {header: field}, "values": {...}}.
    remembered: dict[str, dict] = field(default_factory=dict)
    #: False for the API's sessions: kept in memory only, never written to the database.
    stored: bool = True
    #: Reading problems (row errors) and warnings of the file, see dump_messages().
    read_errors: list[list[Any]] = field(default_factory=list)
    read_warnings: list[list[Any]] = field(default_factory=list)

    @property
    def spec(self) -> InventorySpec:
        return INVENTORIES[self.inventory]

    @classmethod
    def new(
        cls,
        *,
        organisation,
        user,
        inventory,
        filename,
        headers,
        rows,
        day_first,
        row_numbers=None,
        read_errors=(),
        read_warnings=(),
        stored=True,
        use_catalogue=True,
    ) -> ImportSession:
        """A session for a file just read (not yet saved); `stored=False` keeps it in memory."""
        return cls(
            token=str(uuid.uuid4()),
            organisation_id=organisation.pk,
            user_id=user.pk,
            inventory=inventory,
            filename=filename[:200],
            headers=headers,
            rows=rows,
            day_first=day_first,
            use_catalogue=bool(use_catalogue),
            row_numbers=row_numbers,
            created_at=timezone.now().isoformat(),
            read_errors=dump_messages(read_errors),
            read_warnings=dump_messages(read_warnings),
            stored=stored,
        )

    @classmethod
    def create(cls, *, organisation, **fields) -> ImportSession:
        """A preview kept server-side, with the organisation's remembered mappings for files
        of this shape applied; ImportStorageError when it cannot be written."""
        storage.cleanup_old_sessions()
        session = cls.new(organisation=organisation, **fields)
        apply_remembered(session, organisation)
        session.save()
        return session

    @classmethod
    def load(cls, token: str, *, organisation, user, inventory) -> ImportSession | None:
        """The preview, only for the organisation, person and inventory that started it."""
        text = storage.read(token, organisation=organisation, user=user, inventory=inventory)
        if text is None:
            return None
        try:
            session = cls(**json.loads(text))
        except (ValueError, TypeError):
            return None
        if (
            session.organisation_id != organisation.pk
            or session.user_id != user.pk
            or session.inventory != inventory
        ):
            return None
        return session

    def save(self) -> None:
        if not self.stored:
            return
        try:
            storage.write(
                self.token,
                organisation_id=self.organisation_id,
                user_id=self.user_id,
                inventory=self.inventory,
                text=json.dumps(self.__dict__, default=str),
            )
        except DatabaseError as error:
            raise storage.storage_error(error) from error

    def delete(self) -> None:
        if not self.stored:
            return
        try:
            storage.remove(self.token)
        except DatabaseError as error:  # removed by the daily clean-up instead
            logger.warning("Import preview could not be removed: %s", error)

    def header_mapping(self) -> HeaderMapping:
        overrides = {int(k): v for k, v in self.overrides.items()}
        return map_headers(self.headers, self.spec.fields, overrides)

    def additions(self) -> dict[str, list[dict]]:
        """Taxonomy entries the person chose to add, with the keys they will get."""
        out: dict[str, list[dict]] = {}
        for field_key, values in self.resolutions.items():
            for raw, choice in values.items():
                if not choice.startswith(ADD):
                    continue
                key = "new_" + services.slug_key(raw)
                entry = {"key": key, "name": raw.strip(), "raw": raw}
                if field_key == "subcategory":
                    entry["group"] = choice.partition(":")[2]
                out.setdefault(field_key, []).append(entry)
        return out

    def clean_resolutions(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        added = {
            (f, a["raw"]): a["key"] for f, entries in self.additions().items() for a in entries
        }
        for field_key, values in self.resolutions.items():
            for raw, choice in values.items():
                if not choice:
                    continue
                out.setdefault(field_key, {})[raw] = added.get((field_key, raw), choice)
        return out

    def preview(self, organisation) -> Preview:
        return build_preview(self, organisation)
