"""An organisation's own entries of the known-tools catalogue (docs/discovery.md, "Own
products and aliases"): products the vendored catalogue lacks (an in-house CRM, a local
agency's tool), or another name the organisation uses for a known product (``same_as``).
The tool form's typeahead, ``GET /api/v1/catalogue/`` and the imports offer them with the
catalogue's entries, first."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from assessment.models.taxonomy import ToolSubcategory
from core.models import OrganisationScopedModel


class OwnProduct(OrganisationScopedModel):
    name = models.CharField(_("name"), max_length=200)
    #: Other names, one per line (trimmed, without repeats: the form cleans them).
    aliases = models.TextField(
        _("other names"), blank=True, help_text=_("One per line: what people also call it.")
    )
    #: A catalogue slug: "another name for this known product" — its website, description
    #: and categories then come from that entry unless given here.
    same_as = models.CharField(_("same as known product"), max_length=200, blank=True)
    vendor = models.CharField(_("vendor"), max_length=200, blank=True)
    website = models.URLField(_("website"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    subcategory = models.ForeignKey(
        ToolSubcategory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="own_products",
        verbose_name=_("subcategory"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )

    class Meta:
        verbose_name = _("own product")
        verbose_name_plural = _("own products")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "organisation", name="unique_own_product_name_ci"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("ownproduct_edit", kwargs={"pk": self.pk})

    @property
    def alias_list(self) -> list[str]:
        """The other names, one per line, trimmed."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]
