"""A URL fetcher for WeasyPrint that may read the app's own static files and nothing else.

User text is escaped by the templates, but escaping is not the security boundary: this
fetcher is. Any URL that is not a file inside an allowed static directory (or an inline
`data:` URI) is refused before anything is opened — no network, no other file.
"""

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from weasyprint.urls import URLFetcher, URLFetcherResponse


class RefusedURL(ValueError):
    """The report tried to load something outside the static files."""


def allowed_roots() -> list[Path]:
    roots = [Path(d).resolve() for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT).resolve())
    return roots


def static_base_url() -> str:
    """Relative URLs in the report (fonts, CSS) resolve inside the project's static dir."""
    return Path(settings.STATICFILES_DIRS[0]).resolve().as_uri() + "/"


# Types WeasyPrint needs to know (a stylesheet is only applied when served as text/css).
_TYPES = {".css": "text/css", ".ttf": "font/ttf", ".otf": "font/otf", ".woff2": "font/woff2",
          ".woff": "font/woff", ".svg": "image/svg+xml", ".png": "image/png"}  # fmt: skip


def _content_type(path: Path) -> dict[str, str]:
    kind = _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0]
    return {"Content-Type": kind} if kind else {}


class StaticOnlyURLFetcher(URLFetcher):
    """Serve `file:` URLs under the static roots and `data:` URIs; refuse everything else.

    `attempts` records every URL asked for and `refused` those turned away, so tests can
    prove that user content never reaches the network or the file system.
    """

    def __init__(self, roots: list[Path] | None = None, **kwargs):
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=False, **kwargs)
        self.roots = roots if roots is not None else allowed_roots()
        self.attempts: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        self.attempts.append(url)
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(unquote(parts.path)).resolve()
            if path.is_file() and any(path.is_relative_to(root) for root in self.roots):
                return URLFetcherResponse(
                    path.as_uri(), body=path.read_bytes(), headers=_content_type(path)
                )
        self.refused.append(url)
        raise RefusedURL(f"The report may only load the app's static files, not {url!r}.")
