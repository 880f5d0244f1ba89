"""Numbers, money, dates and text as the report prints them."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from assessment.results_core import (
    display,
)


def iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.replace(microsecond=0).isoformat(sep=" ")
    return value.isoformat()


def money_text(amount: Decimal | None, currency: str | None) -> str:
    """Whole units with thousands separators: "12,345 EUR" ("" when unknown)."""
    if amount is None:
        return ""
    whole = Decimal(amount).quantize(Decimal(1), ROUND_HALF_UP)
    return f"{whole:,} {currency or ''}".strip()


def money(amount: Decimal | None, currency: str | None) -> dict[str, Any] | None:
    if amount is None:
        return None
    return {
        "amount": str(Decimal(amount)),
        "currency": currency or "",
        "text": money_text(amount, currency),
    }


def shown(value: float | None) -> int | None:
    return display(value)  # type: ignore[return-value]


def percent(ratio: float | None) -> int | None:
    return None if ratio is None else display(ratio * 100)  # type: ignore[return-value]


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    text = " ".join(str(text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def lead(text: str, limit: int) -> str:
    """The first line (paragraph) of a description, clipped."""
    first = next((line for line in str(text or "").splitlines() if line.strip()), "")
    return clip(first, limit)


def humanise(slug: str) -> str:
    return slug.replace("_", " ").strip().capitalize() if slug else ""
