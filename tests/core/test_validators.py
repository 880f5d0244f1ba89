"""The one-line validator for names (issue 11, item 6)."""

import pytest
from django.core.exceptions import ValidationError

from core.validators import validate_single_line

REFUSED = [
    "Acme\r\nBcc: everyone@x.example",
    "Acme\nRetail",
    "Acme\rRetail",
    "Tab\tseparated",
    "Nul\x00byte",
    "Delete\x7f",
    "C1\x85next line",
    "Line\u2028separator",
    "Paragraph\u2029separator",
]
ALLOWED = [
    "Acme Retail",
    'Smith & "Sons" <UK>',
    "O'Brien",
    "شرکت\u200cما",  # Persian with a zero-width non-joiner
    "\u200fمتجر",  # a right-to-left mark
    "Ünïcødé ✓",
]


@pytest.mark.parametrize("value", REFUSED)
def test_control_characters_are_refused_with_a_clear_message(value):
    with pytest.raises(ValidationError) as error:
        validate_single_line(value)
    assert error.value.code == "control_characters"
    assert "control characters" in error.value.messages[0]


@pytest.mark.parametrize("value", ALLOWED)
def test_ordinary_names_pass(value):
    validate_single_line(value)
