"""The organisation's finding thresholds (one row each; defaults until saved)."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from assessment.models import FindingThresholds


def thresholds_row(organisation) -> FindingThresholds:
    row = FindingThresholds.objects.filter(organisation=organisation).first()
    return row or FindingThresholds(organisation=organisation)


@transaction.atomic
def save_thresholds(*, organisation, data: dict, user=None) -> FindingThresholds:
    row = thresholds_row(organisation)
    for name in FindingThresholds.ENGINE_FIELDS:
        if name in data and data[name] is not None:
            value = data[name]
            setattr(row, name, float(value) if isinstance(value, Decimal) else value)
    row.full_clean(exclude=["organisation"])
    row.save()
    return row
