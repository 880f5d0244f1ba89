"""Bytes to text: the encodings a CSV arrives in, and telling text from binary data."""

from __future__ import annotations

import codecs

from assessment.inventory_core.base import Message, gettext_noop
from assessment.inventory_core.readers.sheet import FileRefused


def decode(data: bytes) -> tuple[str, Message | None]:
    """The text of a CSV and a warning when it was not UTF-8 (read as Windows-1252)."""
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[3:].decode("utf-8"), None
        except UnicodeDecodeError as error:
            raise FileRefused(
                gettext_noop(
                    "The file says it is UTF-8 but is not (at byte %(position)s). In your "
                    "spreadsheet use “Save as → CSV UTF-8”, or upload the .xlsx file itself."
                ),
                {"position": error.start + 3},
            ) from error
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as error:
            raise FileRefused(
                gettext_noop("The file says it is UTF-16 but is not; save it as CSV UTF-8.")
            ) from error
    sample = data[:4096]
    if b"\x00" in sample:
        # UTF-16 without a byte-order mark: every other byte of plain text is zero.
        odd, even = sample[1::2], sample[0::2]
        for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
            if zeros and zeros.count(0) > 0.9 * len(zeros):
                try:
                    return data.decode(encoding), None
                except UnicodeDecodeError:
                    break
        raise refused_binary()
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    if "\ufffd" in text:  # bytes cp1252 leaves undefined (0x81, 0x8d, …): Latin-1
        text = data.decode("latin-1")
    warning = Message(
        gettext_noop(
            "The file is not UTF-8, so it was read as Windows-1252 (Western European). Check "
            "accented letters and symbols such as € in the preview; if they look wrong, use "
            "“Save as → CSV UTF-8” in your spreadsheet."
        )
    )
    return text, warning


def refused_binary() -> FileRefused:
    return FileRefused(
        gettext_noop(
            "The file holds binary data, not text: it is not a CSV file. Upload a CSV "
            "(UTF-8) or an Excel .xlsx file."
        )
    )


def looks_binary(text: str) -> bool:
    sample = text[:8192]
    if "\x00" in sample:
        return True
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n\f")
    return controls > max(2, len(sample) // 100)


def is_text(data: bytes) -> bool:
    try:
        text, _warning = decode(data)
    except FileRefused:
        return False
    return not looks_binary(text)
