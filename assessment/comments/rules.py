"""Object rules for conversations: every member comments, resolves and reopens; a comment
is edited by its author only, and deleted by its author or an owner of the organisation
(moderation)."""

from core.models import Role
from core.permissions import register_object_rule


def _is_author(membership, comment) -> bool:
    author_id = getattr(comment, "author_id", None)
    return author_id is not None and author_id == membership.user_id


@register_object_rule("comment.change")
def author_edits(membership, comment) -> bool:
    return _is_author(membership, comment)


@register_object_rule("comment.delete")
def author_or_owner_deletes(membership, comment) -> bool:
    return membership.role == Role.OWNER or _is_author(membership, comment)
