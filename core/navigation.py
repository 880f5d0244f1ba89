"""The main navigation: one list, filtered by what the member may see."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.permissions import can


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str
    icon: str = ""


NAVIGATION: list[NavItem] = [
    NavItem(_("Dashboard"), "dashboard", "organisation.view"),
    NavItem(_("My work"), "my_work", "assignment.view"),
    NavItem(_("Assessments"), "assessment_list", "assessment.view"),
    NavItem(_("Touchpoints"), "touchpoint_list", "touchpoint.view"),
    NavItem(_("Stack"), "tool_list", "tool.view"),
    NavItem(_("Integrations"), "integration_list", "integration.view"),
    NavItem(_("Roadmap"), "roadmap", "roadmap.view"),
    NavItem(_("Reports"), "report_list", "report.view"),
    NavItem(_("Members"), "members", "member.view"),
]


def navigation_for(request) -> list[dict]:
    items = []
    path = request.path
    for item in NAVIGATION:
        if not can(request.membership, item.permission):
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            # An area not built yet: listed, but not a link.
            items.append({"label": item.label, "url": None, "active": False})
            continue
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
