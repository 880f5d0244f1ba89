"""HTML → PDF with WeasyPrint, always through the static-only fetcher."""

from dataclasses import dataclass

from weasyprint import HTML

from assessment.report.fetcher import StaticOnlyURLFetcher, static_base_url


@dataclass(frozen=True)
class RenderedPDF:
    content: bytes
    pages: int
    refused_urls: tuple[str, ...]


def html_to_pdf(html: str, *, fetcher: StaticOnlyURLFetcher | None = None) -> RenderedPDF:
    fetcher = fetcher or StaticOnlyURLFetcher()
    document = HTML(string=html, base_url=static_base_url(), url_fetcher=fetcher).render()
    return RenderedPDF(
        content=document.write_pdf(),
        pages=len(document.pages),
        refused_urls=tuple(fetcher.refused),
    )
