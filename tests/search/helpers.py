"""Shared set-up of the search tests."""

from assessment.search import selectors


def run(membership, text: str, limit: int = selectors.PAGE_LIMIT):
    return selectors.search(membership, selectors.parse_query(text), limit=limit)


def group(results, kind: str):
    return next((g for g in results.groups if g.kind == kind), None)


def labels(found) -> list[str]:
    """The hits' labels as plain text."""
    return ["".join(text for text, _marked in hit.label) for hit in found.hits] if found else []


def marked(hit) -> list[str]:
    return [text for text, is_marked in hit.label if is_marked]
