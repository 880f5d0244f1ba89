"""Abstract bases every domain model builds on: timestamps and organisation scoping."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class OrganisationQuerySet(models.QuerySet):
    def for_organisation(self, organisation):
        """The only sanctioned way to read tenant data: scoped to one organisation."""
        return self.filter(organisation=organisation)


class OrganisationScopedModel(TimeStampedModel):
    """A row that belongs to exactly one organisation (tenant)."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        abstract = True
