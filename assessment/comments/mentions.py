"""@mentions: who a comment names.

The autocomplete inserts ``@`` + the local part of the member's e-mail address (``@ana``
for ana@example.com), or ``@`` + the whole address when another member of the
organisation shares that local part (``@ana@example.org``). Both are understood when
typed by hand; a handle that names nobody (or somebody who is not a member) stays plain
text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.selectors import member_users

#: ``@`` not preceded by a word character (so ``ana@example.com`` alone is no mention),
#: then a local part, optionally ``@domain``.
HANDLE_RE = re.compile(
    r"(?<![\w.+\-/@&])@([A-Za-z0-9][A-Za-z0-9._%+\-]*(?:@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)?)"
)


def local_part(email: str) -> str:
    return (email or "").rsplit("@", 1)[0].lower()


@dataclass(frozen=True)
class Member:
    user: object
    handle: str


class Directory:
    """The organisation's members and their handles (one query)."""

    def __init__(self, users):
        self.users = list(users)
        counts: dict[str, int] = {}
        for user in self.users:
            counts[local_part(user.email)] = counts.get(local_part(user.email), 0) + 1
        self.by_email = {user.email.lower(): user for user in self.users if user.email}
        self.by_local = {
            local_part(user.email): user
            for user in self.users
            if user.email and counts[local_part(user.email)] == 1
        }

    @classmethod
    def of(cls, organisation) -> Directory:
        return cls(member_users(organisation).order_by("email"))

    def handle_for(self, user) -> str:
        local = local_part(user.email)
        return local if self.by_local.get(local) == user else user.email.lower()

    def resolve(self, handle: str):
        handle = handle.rstrip(".").lower()
        if "@" in handle:
            return self.by_email.get(handle)
        return self.by_local.get(handle)

    def members(self) -> list[Member]:
        return [Member(user, self.handle_for(user)) for user in self.users]


def handles_in(text: str) -> list[str]:
    """Every ``@handle`` written in the text, in order (not yet resolved)."""
    return [m.group(1).rstrip(".") for m in HANDLE_RE.finditer(text or "")]


def mentioned_users(text: str, directory: Directory) -> list:
    """The members the text names, each once, in the order first named."""
    found, seen = [], set()
    for handle in handles_in(text):
        user = directory.resolve(handle)
        if user is not None and user.pk not in seen:
            seen.add(user.pk)
            found.append(user)
    return found


def handles_of(users) -> set[str]:
    """What may be highlighted for these mentioned users: their local part and address."""
    out: set[str] = set()
    for user in users:
        if user.email:
            out.add(user.email.lower())
            out.add(local_part(user.email))
    return out


def options(directory: Directory, query: str, limit: int = 8) -> list[Member]:
    """Members whose name or address starts with (or contains) what was typed."""
    query = (query or "").strip().lstrip("@").lower()
    starts, contains = [], []
    for member in directory.members():
        user = member.user
        # the address's domain is everyone's: only a query with "@" looks at it
        address = (user.email or "").lower()
        words = [
            address if "@" in query else local_part(address),
            (user.first_name or "").lower(),
            (user.last_name or "").lower(),
            user.display_name.lower(),
        ]
        if not query or any(w.startswith(query) for w in words):
            starts.append(member)
        elif any(query in w for w in words):
            contains.append(member)
    return (starts + contains)[:limit]
