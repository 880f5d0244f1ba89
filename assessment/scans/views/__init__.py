"""Discovery's pages: the Discovered list (with the scan form), a scan's progress, and the
member's decisions on each discovered tool (add, link, ignore), and SSO app list imports."""

from assessment.scans.views.discovered import (
    DiscoveredToolActionView,
    DiscoveredToolBulkView,
    DiscoveredToolLinkView,
    DiscoveredToolListView,
)
from assessment.scans.views.scans import SiteScanCreateView, SiteScanDetailView
from assessment.scans.views.sso import SsoImportView

__all__ = [
    "DiscoveredToolActionView",
    "DiscoveredToolBulkView",
    "DiscoveredToolLinkView",
    "DiscoveredToolListView",
    "SiteScanCreateView",
    "SiteScanDetailView",
    "SsoImportView",
]
