"""The four roles a member can hold in an organisation."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Role(models.TextChoices):
    OWNER = "owner", pgettext_lazy("role", "Owner")
    EDITOR = "editor", _("Editor")
    REVIEWER = "reviewer", _("Reviewer")
    VIEWER = "viewer", _("Viewer")

    @property
    def description(self) -> str:
        return str(ROLE_DESCRIPTIONS[self])


ROLE_DESCRIPTIONS = {
    Role.OWNER: _("Manages members and settings, and can do everything an editor can."),
    Role.EDITOR: _("Marketing lead: runs assessments, keeps the inventories, curates the roadmap."),
    Role.REVIEWER: _(
        "IT engineer: keeps and reviews integrations, answers the architecture step, "
        "reads everything else."
    ),
    Role.VIEWER: _("Reads everything and prints reports."),
}
