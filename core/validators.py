"""Validators shared by forms, the API (through the same forms) and models."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Control characters (Cc: NUL, tab, CR, LF, DEL, the C1 range) and the Unicode line and
# paragraph separators. Format characters (Cf) stay allowed: Persian and Arabic names need
# the zero-width non-joiner, and bidirectional marks are legitimate in names.
REFUSED_CATEGORIES = frozenset({"Cc", "Zl", "Zp"})


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(char) in REFUSED_CATEGORIES for char in value)


@deconstructible
class SingleLineValidator:
    """Refuse line breaks, tabs and other control characters in a one-line text.

    Names end up in e-mail subjects and headers, CSV exports, PDFs and logs, where a line
    break splits a header or a row: an organisation name with CR/LF made every invitation
    e-mail fail. Refuse it where people type it, with a message they can act on.
    """

    message = _("Line breaks, tabs and other control characters are not allowed here.")
    code = "control_characters"

    def __call__(self, value) -> None:
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, SingleLineValidator)

    def __hash__(self) -> int:
        return hash(self.code)


validate_single_line = SingleLineValidator()


def validate_language(value: str) -> None:
    """One of the languages the app is translated into (``settings.LANGUAGES``), read when
    called so that adding a language needs no migration."""
    from django.conf import settings

    if value not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(
            _("“%(value)s” is not one of the available languages."),
            code="invalid_language",
            params={"value": value},
        )
