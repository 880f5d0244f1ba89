"""The PDF renderer reads only the app's static files, whatever user text contains."""

import io
import socket

import pytest
from django.utils.html import escape
from pypdf import PdfReader

from assessment.report.fetcher import StaticOnlyURLFetcher
from assessment.report.pdf import html_to_pdf

HOSTILE_TEXTS = [
    '<img src="http://127.0.0.1:9/leak.png">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">',
    "<style>@import url('http://127.0.0.1:9/i.css');</style>",
    '<div style="background: url(file:///etc/shadow)">x</div>',
    "url(http://127.0.0.1:9/a.png)",
    "@import 'file:///etc/hosts';",
    '<object data="file:///etc/passwd"></object>',
    '<iframe src="http://127.0.0.1:9/"></iframe>',
    "<svg><image href='file:///etc/passwd'/></svg>",
]


def page(body: str, *, trusted_css: str = "") -> str:
    return f"""<!doctype html><html><head><meta charset="utf-8">
    <style>@font-face {{ font-family: Noto; src: url(fonts/NotoSans-Regular.ttf); }}
    body {{ font-family: Noto; }} {trusted_css}</style></head><body>{body}</body></html>"""


@pytest.fixture
def no_network(monkeypatch):
    """Any socket connection during rendering fails the test loudly."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_escaped_user_text_fetches_nothing(text, no_network):
    fetcher = StaticOnlyURLFetcher()
    result = html_to_pdf(page(f"<p>{escape(text)}</p>"), fetcher=fetcher)
    assert all(url.endswith("fonts/NotoSans-Regular.ttf") for url in fetcher.attempts)
    assert fetcher.refused == []
    # The text is printed as text.
    assert "127.0.0.1" in text or "file:" in text
    extracted = PdfReader(io.BytesIO(result.content)).pages[0].extract_text()
    assert extracted.strip()


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_unescaped_markup_is_still_refused_by_the_fetcher(text, no_network):
    """Defence in depth: even if a template forgot to escape, nothing leaves the static dir."""
    fetcher = StaticOnlyURLFetcher()
    html_to_pdf(page(text), fetcher=fetcher)
    outside = [u for u in fetcher.attempts if not u.endswith("fonts/NotoSans-Regular.ttf")]
    assert outside == fetcher.refused


def test_bundled_fonts_cover_latin_and_arabic_script():
    fetcher = StaticOnlyURLFetcher()
    arabic = (
        "@font-face { font-family: NotoArabic; src: url(fonts/NotoSansArabic-Regular.ttf); }"
        "body { font-family: Noto, NotoArabic; }"
    )
    result = html_to_pdf(page("<p>Hello مرحبا سلام</p>", trusted_css=arabic), fetcher=fetcher)
    assert any(u.endswith("NotoSans-Regular.ttf") for u in fetcher.attempts)
    assert fetcher.refused == []
    assert result.pages == 1
    fonts = PdfReader(io.BytesIO(result.content)).pages[0]["/Resources"]["/Font"]
    names = {str(font.get_object()["/BaseFont"]) for font in fonts.values()}
    assert {name.split("+")[-1] for name in names} == {"Noto", "NotoArabic"}, names


def test_path_traversal_out_of_static_is_refused():
    fetcher = StaticOnlyURLFetcher()
    html_to_pdf(page('<img src="fonts/../../core/settings.py">'), fetcher=fetcher)
    assert len(fetcher.refused) == 1
    assert fetcher.refused[0].endswith("core/settings.py")
