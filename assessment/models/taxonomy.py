"""Editable reference data per organisation: tool categories, subcategories, data objects.

Seeded from assessment/data/taxonomy.yaml when an organisation is created; owners and
editors may add and rename entries. `key` is stable (used in exports and imports);
`name` is what people see; `aliases` are the words spreadsheets use for the entry.
"""

from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from assessment.inventory_core.taxonomy_labels import CONTEXT as TAXONOMY_CONTEXT
from core.models import OrganisationScopedModel


class TaxonomyEntry(OrganisationScopedModel):
    key = models.SlugField(_("key"), max_length=80, allow_unicode=True)
    name = models.CharField(_("name"), max_length=120)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the reader's language while it is a default one
        (``inventory_core/taxonomy_labels.py``); a name the organisation chose, as typed."""
        return pgettext(TAXONOMY_CONTEXT, self.name) if self.name else ""

    def get_absolute_url(self) -> str:
        return reverse(f"{self._meta.model_name}_detail", kwargs={"pk": self.pk})


class ToolCategory(TaxonomyEntry):
    """A top-level group of the martech landscape (e.g. "Data")."""

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("tool category")
        verbose_name_plural = _("tool categories")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_category_key"),
            models.UniqueConstraint(Lower("name"), "organisation", name="unique_category_name_ci"),
        ]


class ToolSubcategory(TaxonomyEntry):
    """A subcategory inside a group (e.g. "CDP" in "Data")."""

    category = models.ForeignKey(
        ToolCategory,
        on_delete=models.PROTECT,
        related_name="subcategories",
        verbose_name=_("category"),
    )

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("tool subcategory")
        verbose_name_plural = _("tool subcategories")
        ordering = ["category__position", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_subcategory_key"),
            models.UniqueConstraint(
                Lower("name"), "organisation", name="unique_subcategory_name_ci"
            ),
        ]


class DataObject(TaxonomyEntry):
    """A kind of data an integration carries (contacts, orders, consent, …)."""

    class Meta(TaxonomyEntry.Meta):
        verbose_name = _("data object")
        verbose_name_plural = _("data objects")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="unique_dataobject_key"),
            models.UniqueConstraint(
                Lower("name"), "organisation", name="unique_dataobject_name_ci"
            ),
        ]
