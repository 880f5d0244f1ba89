"""The laid-out report, as WeasyPrint's boxes: where each element landed, page by page.

Print rules ("keep a row with its source line", "the number hangs") are about positions;
these helpers let a test read them instead of eyeballing a PDF.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint import HTML

from assessment.report.fetcher import StaticOnlyURLFetcher, static_base_url

PT_PER_MM = 72 / 25.4


def laid_out(html: str):
    return HTML(
        string=html, base_url=static_base_url(), url_fetcher=StaticOnlyURLFetcher()
    ).render()


def page_of_stylesheet(body: str, *, lang: str = "en", dir: str = "ltr", head: str = "") -> str:
    """A document with the report's stylesheet around ``body`` (for rules tried in isolation)."""
    return (
        f'<!doctype html><html lang="{lang}" dir="{dir}"><head><meta charset="utf-8">'
        f'<link rel="stylesheet" href="report/print.css">{head}</head><body>{body}</body></html>'
    )


@dataclass(frozen=True)
class Placed:
    page: int  # 0-based
    box: object


def classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None:
        return set()
    return set((element.get("class") or "").split())


def placed(document, css_class: str) -> list[Placed]:
    """The outermost box of each element with ``css_class`` on each page, in document order
    (an element split over pages has one on each: ``elements_pages`` groups them)."""
    found = []
    for number, page in enumerate(document.pages):
        seen: set[int] = set()
        for box in page._page_box.descendants():  # outermost first
            element = getattr(box, "element", None)
            if css_class in classes(box) and id(element) not in seen:
                seen.add(id(element))
                found.append(Placed(number, box))
    return found


def elements_pages(document, css_class: str) -> dict[int, set[int]]:
    """id(element) → the pages on which boxes of that element landed."""
    pages: dict[int, set[int]] = {}
    for item in placed(document, css_class):
        pages.setdefault(id(item.box.element), set()).add(item.page)
    return pages


def text_lines(box) -> list[str]:
    """The text of each line box inside ``box``."""
    lines = []
    for child in box.descendants():
        if type(child).__name__ == "LineBox":
            lines.append("".join(t.text for t in child.descendants() if hasattr(t, "text")))
    return lines


def content_bottom(page) -> float:
    """The lowest point any text reaches on the page, out of the page's content height
    (0 = empty, 1 = full), margin boxes (header, footer) excluded."""
    root = page._page_box
    top = root.content_box_y()
    height = root.height
    lowest = top
    for child in root.descendants():
        if type(child).__name__ == "TextBox" and not _in_margin(child, root):
            lowest = max(lowest, child.position_y + child.height)
    return (lowest - top) / height


def _in_margin(box, root) -> bool:
    return box.position_y < root.content_box_y() or box.position_y > (
        root.content_box_y() + root.height
    )
