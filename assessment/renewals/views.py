"""The renewal calendar (docs/renewals.md): a list of renewals and notice deadlines, month
and quarter views, and each person's secret ICS feed. For every member who may see tools."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from assessment.renewals import calendar, selectors, services
from assessment.renewals.calendar import DEFAULT_HORIZON
from assessment.renewals.display import KIND_LABELS, money, utilisation
from assessment.renewals.forms import LIST, QUARTER, VIEWS, RenewalFilterForm
from assessment.renewals.ics import build as build_ics
from core.htmx import HtmxPartialMixin
from core.permissions import can
from core.views.mixins import PermissionRequiredMixin

PERMISSION = "tool.view"


def _today() -> dt.date:
    return timezone.localdate()


def _row(entry) -> dict:
    """What the list and the calendar cells show of one entry."""
    contract = entry.contract
    return {
        "entry": entry,
        "kind_label": KIND_LABELS[entry.kind],
        "url": reverse("tool_detail", kwargs={"pk": contract.tool_id}),
        "cost": money(contract.annual_cost, contract.currency),
        "utilisation": utilisation(contract),
        "abs_days": abs(entry.days_left),
    }


class RenewalsView(HtmxPartialMixin, PermissionRequiredMixin, TemplateView):
    permission_required = PERMISSION
    template_name = "assessment/renewals/renewals.html"
    htmx_partial = "renewals_body"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.request.organisation
        today = _today()
        form = RenewalFilterForm(self.request.GET or None, owners=selectors.owners(organisation))
        view = form.value("view", LIST)
        horizon = form.value("days", DEFAULT_HORIZON)
        owner, status = form.value("owner", ""), form.value("status", "")
        # the same filter as the API's
        contracts = selectors.contracts(organisation, owner=owner, status=status)
        year, month = calendar.parse_month(form.value("month", "")) or (today.year, today.month)

        filters = {"owner": owner, "status": status}
        shown = f"{year:04d}-{month:02d}" if form.value("month", "") else ""
        context.update(
            form=form,
            view_name=view,
            horizon=horizon,
            today=today,
            filters=filters,
            # Switching views keeps the month shown (the list keeps its horizon).
            view_links=[
                (key, label, self._url(view=key, days=horizon, month=shown, **filters))
                for key, label in VIEWS
            ],
            feed=selectors.active_feed(self.request.membership),
        )
        if context["feed"] is not None:
            context["feed_url"] = self.request.build_absolute_uri(
                reverse("renewals_feed", args=[context["feed"].token])
            )
        if view == LIST:
            period = calendar.upcoming(contracts, today, horizon)
            context.update(
                period=period,
                rows=[_row(entry) for entry in period.entries],
                totals=[(money(t.amount, t.currency), t.count) for t in period.totals],
            )
        else:
            context.update(self._calendar(view, contracts, today, year, month, filters))
        return context

    def _calendar(self, view, contracts, today, year, month, filters) -> dict:
        count = 3 if view == QUARTER else 1
        if view == QUARTER:
            year, month = calendar.quarter_start(year, month)
        months = calendar.months_span(year, month, count)
        start, end = calendar.span_dates(months)
        entries = calendar.entries_between(contracts, start, end, today)
        first = calendar.django_to_python_weekday(get_format("FIRST_DAY_OF_WEEK"))
        grids = [calendar.month_grid(y, m, today, entries, first_weekday=first) for y, m in months]
        weeks = [
            [[(day, [_row(e) for e in day.entries]) for day in week] for week in grid.weeks]
            for grid in grids
        ]
        renewing = [e for e in entries if e.kind == calendar.RENEWAL]

        def nav(delta):
            y, m = calendar.shift_month(year, month, delta)
            if not calendar.MIN_YEAR <= y <= calendar.MAX_YEAR:
                return None
            return self._url(view=view, month=f"{y:04d}-{m:02d}", **filters)

        return {
            "months": list(zip(grids, weeks, strict=True)),
            "range_start": start,
            "month_value": f"{year:04d}-{month:02d}",
            "range_end": end,
            "entry_count": len(entries),
            "totals": [(money(t.amount, t.currency), t.count) for t in calendar.totals(renewing)],
            "prev_url": nav(-count),
            "next_url": nav(count),
            "today_url": self._url(view=view, **filters),
            "weekday_names": _weekday_names(grids[0].weekdays),
        }

    def _url(self, **params) -> str:
        query = urlencode({k: v for k, v in params.items() if v not in ("", None)})
        return f"{reverse('renewals')}?{query}" if query else reverse("renewals")


def _weekday_names(weekdays) -> list[tuple[str, str]]:
    """(short, full) names of the weekdays in column order, in the active language."""
    from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR

    return [(str(WEEKDAYS_ABBR[d]), str(WEEKDAYS[d])) for d in weekdays]


class FeedCreateView(PermissionRequiredMixin, View):
    """Show me my feed address: made on demand (POST), the same one on later clicks."""

    permission_required = PERMISSION
    http_method_names = ["post"]

    def post(self, request):
        services.get_or_create_feed(membership=request.membership)
        return redirect(f"{reverse('renewals')}#subscribe")


class FeedRotateView(PermissionRequiredMixin, View):
    """Revoke my feed address and make a new one."""

    permission_required = PERMISSION
    http_method_names = ["post"]

    def post(self, request):
        services.rotate_feed(membership=request.membership)
        messages.success(
            request,
            _(
                "The old calendar address no longer works. Subscribe to the new one in your "
                "calendar app."
            ),
        )
        return redirect(f"{reverse('renewals')}#subscribe")


class FeedView(View):
    """`/renewals/feed/<token>.ics`: no sign-in (calendar apps cannot); the token is the key.
    Unknown, revoked, or of a person no longer in the organisation (or no longer allowed
    to see tools): 404, never a hint that it once existed."""

    http_method_names = ["get", "head"]

    def get(self, request, token: str):
        feed = selectors.feed_by_token(token)
        if feed is None or not can(feed.membership, PERMISSION):
            raise Http404
        organisation = feed.membership.organisation
        today = _today()
        contracts = selectors.contracts(organisation)
        start = today - dt.timedelta(days=30)  # recent days stay, so a missed one is seen
        entries = calendar.entries_between(contracts, start, dt.date.max, today)
        with translation.override(organisation.language):
            body = build_ics(
                entries,
                host=request.get_host(),
                name=_("Renewals · %(organisation)s") % {"organisation": organisation.name},
                tool_url=lambda pk: request.build_absolute_uri(
                    reverse("tool_detail", kwargs={"pk": pk})
                ),
            )
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="renewals.ics"'
        response["Cache-Control"] = "private, no-cache"
        response["X-Robots-Tag"] = "noindex"
        return response
