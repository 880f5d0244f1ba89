"""HTML → PDF with WeasyPrint, always through the static-only fetcher."""

from dataclasses import dataclass

from weasyprint import HTML

from assessment.report import svg_text
from assessment.report.fetcher import StaticOnlyURLFetcher, static_base_url

# Every PDF the app makes comes through here: chart text is drawn a run at a time.
svg_text.install()


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    pages: int
    refused_urls: tuple[str, ...]


def html_to_pdf(html: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> RenderedPDF:
    """A tagged PDF (structure tree, /MarkInfo) whose /Lang is the html element's `lang`:
    screen readers read it in order and in the right language."""
    fetcher = fetcher or StaticOnlyURLFetcher()
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).render()
    return RenderedPDF(
        content=document.write_pdf(pdf_tags=True),
        pages=len(document.pages),
        refused_urls=tuple(fetcher.refused),
    )
