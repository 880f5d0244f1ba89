"""Abstract bases every domain model builds on: timestamps and organisation scoping."""

from django.db import models
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

_CHOICE_LABELS: dict = {}  # field → {value: label}: a field's choices are fixed


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        """``get_<field>_display()`` from a map built once per field: Django rebuilds the
        choices (``make_hashable``) on every call, which weighed on pages of 50 – 60 rows
        showing several labels each. Same result; unhashable values take Django's path."""
        labels = _CHOICE_LABELS.get(field)
        if labels is None:
            labels = _CHOICE_LABELS[field] = dict(field.flatchoices)
        value = getattr(self, field.attname)
        try:
            label = labels.get(value, value)
        except TypeError:
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


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
