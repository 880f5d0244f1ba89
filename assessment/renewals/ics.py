"""The renewal calendar as an iCalendar (RFC 5545) feed, for calendar apps to subscribe
to (docs/renewals.md): one all-day event per renewal date and per last day to cancel, with
stable UIDs so an app updates events in place when a date moves; a reminder a week before
each last day to cancel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Alarm, Calendar, Event

from assessment.renewals.calendar import CANCEL, Entry
from assessment.renewals.display import money, utilisation

PRODID = "-//Stackscope//Renewal calendar//EN"
#: The reminder before a last day to cancel.
ALARM_BEFORE = dt.timedelta(days=7)


def uid(entry: Entry, host: str) -> str:
    kind = "last-day-to-cancel" if entry.kind == CANCEL else "renewal"
    return f"tool-{entry.contract.tool_id}-{kind}@{host}"


def summary(entry: Entry) -> str:
    if entry.kind == CANCEL:
        return _("Last day to cancel: %(tool)s") % {"tool": entry.contract.name}
    return _("Renewal: %(tool)s") % {"tool": entry.contract.name}


def description(entry: Entry) -> str:
    contract = entry.contract
    lines = []
    if contract.annual_cost is not None:
        cost = money(contract.annual_cost, contract.currency)
        lines.append(_("Annual cost: %(cost)s") % {"cost": cost})
    if contract.notice_period_days is not None:
        days = contract.notice_period_days
        notice = ngettext("Notice period: %(days)s day", "Notice period: %(days)s days", days)
        lines.append(notice % {"days": days})
    renews = date_format(contract.renewal_date, "DATE_FORMAT")
    lines.append(_("Renewal date: %(date)s") % {"date": renews})
    if contract.auto_renewal is not None:
        lines.append(
            _("Renews automatically")
            if contract.auto_renewal
            else _("Does not renew automatically")
        )
    lines.append(_("Utilisation: %(value)s") % {"value": utilisation(contract)})
    if contract.owner:
        lines.append(_("Owner: %(owner)s") % {"owner": contract.owner})
    return "\n".join(lines)


def build(
    entries: Iterable[Entry],
    *,
    host: str,
    name: str,
    tool_url: Callable[[int], str],
    now: dt.datetime | None = None,
) -> bytes:
    """The feed's bytes (CRLF lines, UTF-8)."""
    stamp = now or timezone.now()
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    for entry in entries:
        event = Event()
        event.add("uid", uid(entry, host))
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.date)
        event.add("dtend", entry.date + dt.timedelta(days=1))
        event.add("summary", summary(entry))
        event.add("description", description(entry))
        event.add("url", tool_url(entry.contract.tool_id))
        event.add("transp", "TRANSPARENT")
        event.add("categories", [_("Renewals")])
        if entry.kind == CANCEL:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", summary(entry))
            alarm.add("trigger", -ALARM_BEFORE)
            event.add_component(alarm)
        cal.add_component(event)
    return cal.to_ical()
