from core.notifications.services import notify


def tell(membership, key="event:1", kind="report_ready", url="/", **params):
    """One notification for the member (created now, or None if already told)."""
    created = notify(
        organisation=membership.organisation,
        recipients=[membership.user],
        kind=kind,
        key=key,
        params=params or {"assessment": "Q3 review"},
        url=url,
    )
    return created[0] if created else None
