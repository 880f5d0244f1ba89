"""How the renewal calendar shows money, utilisation and kinds of date: as the inventory
lists do (assessment/inventory/tables.py's ``money``; core's ``percent``)."""

from __future__ import annotations

from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext_lazy as _

from assessment.renewals.calendar import CANCEL, RENEWAL
from core.templatetags.stackscope import percent

KIND_LABELS = {RENEWAL: _("Renewal"), CANCEL: _("Last day to cancel")}


def money(amount, currency: str = "") -> str:
    """12345.6, "EUR" → "12,346 EUR" (in the active language's format); None → ""."""
    if amount is None:
        return ""
    return f"{intcomma(floatformat(amount, 0))} {currency or ''}".strip()


def utilisation(contract) -> str:
    """Active users / seats as a percentage, or "unknown"."""
    value = contract.utilisation
    return percent(value) if value is not None else str(_("unknown"))
