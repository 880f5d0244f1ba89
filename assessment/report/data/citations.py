"""The articles the report quotes, cited as a reader expects: title, publication, date.

The method comes from these articles (shared/seeds/ holds them as received, translated);
the report cites the originals, so a reader can find them. Titles stay in the language they
were published in; the punctuation around them is translated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.dates import printed_date


@dataclass(frozen=True)
class Article:
    title: str  # as published
    publication: str
    published: dt.date


ARTICLES = {
    # Carlos Hidalgo (Digital Exhaust) at the MarTech conference.
    "journey_orchestration": Article(
        title="How to build a customer journey orchestration strategy",
        publication="MarTech",
        published=dt.date(2023, 5, 24),
    ),
    # Mike Hughes; forbes.com/sites/mikehughes1/2023/02/24/end-to-end-success-…
    "measure_journeys": Article(
        title="End-To-End Success: How To Effectively Build, Manage And Measure Customer Journeys",
        publication="Forbes",
        published=dt.date(2023, 2, 24),
    ),
}


def cite(key: str) -> str:
    """ "“How to build …”, MarTech, 24 May 2023" in the active language."""
    article = ARTICLES[key]
    return _("“%(title)s”, %(publication)s, %(date)s") % {
        "title": article.title,
        "publication": article.publication,
        "date": printed_date(article.published.isoformat()),
    }
