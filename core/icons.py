"""Icons: the vendored Bootstrap Icons subset (static/vendor/bootstrap-icons), inlined.

Inline SVG needs no icon font, no request and no emoji font on the machine (an emoji showed
as an empty box where none was installed), and takes the text colour (``currentColor``).
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

ICON_DIR = Path(settings.BASE_DIR) / "static" / "vendor" / "bootstrap-icons"


@cache
def _paths(name: str) -> str:
    """The drawing inside the icon's <svg> element (its paths), read once per process."""
    source = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8")
    return source[source.index(">") + 1 : source.rindex("</svg>")].strip()


def icon(name: str, label: str = "", css_class: str = "") -> SafeString:
    """An inline icon; decorative (hidden from assistive technology) unless ``label`` names
    it. An unknown name raises FileNotFoundError: a typo fails the page's test."""
    classes = f"bi bi-{name} {css_class}".strip()
    if label:
        opening = format_html(
            '<svg class="{}" viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" '
            'role="img" aria-label="{}" focusable="false">',
            classes,
            label,
        )
    else:
        opening = format_html(
            '<svg class="{}" viewBox="0 0 16 16" width="1em" height="1em" fill="currentColor" '
            'aria-hidden="true" focusable="false">',
            classes,
        )
    return mark_safe(f"{opening}{_paths(name)}</svg>")  # our own vendored files
