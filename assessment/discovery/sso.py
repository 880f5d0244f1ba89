"""SSO app lists (issue 18): the CSV exports of Okta, Microsoft Entra and Google Workspace
read into `SsoApp` rows. Plain Python: no ORM, no Django (docs/sso-imports.md).

The format is told by the header row (titles compared folded: case, accents, spaces and
punctuation ignored). The bytes may be UTF-8 with or without a byte-order mark, UTF-16
(Entra's portal writes it) or Windows-1252; the separator a comma, a semicolon or a tab.
Everything is all-or-nothing: `SsoFileRefused` for the whole file, `SsoRowsRefused` with
one message per bad row. Messages are English templates marked with ``gettext_noop`` and
their parameters; the Django side translates them (``Message.render``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from assessment.discovery.catalogue import fold
from assessment.inventory_core.base import Message, gettext_noop
from assessment.inventory_core.readers.delimited import detect_separator
from assessment.inventory_core.readers.encodings import decode, looks_binary
from assessment.inventory_core.readers.sheet import FileRefused

OKTA, ENTRA, GOOGLE = "okta", "entra", "google"

#: The most apps one file may list (a large tenant has a few thousand).
MAX_ROWS = 20_000


@dataclass(frozen=True, slots=True)
class SsoApp:
    """One app of the list. ``row`` is its line in the file (the header is row 1)."""

    name: str
    sign_ins: int | None
    users: int | None
    last_used: date | None
    row: int


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int
    msg: Message


@dataclass(frozen=True, slots=True)
class SsoList:
    source: str
    apps: tuple[SsoApp, ...]
    columns: tuple[str, ...]


class SsoFileRefused(ValueError):
    """The file cannot be read at all; ``msg`` says why (translatable)."""

    def __init__(self, template: str | Message, params: dict | None = None) -> None:
        self.msg = template if isinstance(template, Message) else Message(template, params or {})
        super().__init__(str(self.msg))


class SsoRowsRefused(ValueError):
    """Some rows are wrong: nothing is imported; ``problems`` has one message per problem."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"row {p.row}: {p.msg}" for p in self.problems))


def key(title: str) -> str:
    """A column title as compared: folded, letters and digits only ("Sign-ins" → signins)."""
    return re.sub(r"[\W_]+", "", fold(title or ""))


# --- the formats ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Format:
    source: str
    label: str
    #: Titles of the app's name, best first (the first one present is used).
    names: tuple[str, ...]
    #: Titles only this console writes: one of them (and a name) tells the format.
    markers: tuple[str, ...]


FORMATS: tuple[Format, ...] = (
    Format(
        ENTRA,
        "Microsoft Entra",
        names=("displayname", "name", "applicationname", "application", "appdisplayname"),
        markers=(
            "applicationid",
            "appid",
            "objectid",
            "homepageurl",
            "serviceprincipalid",
            "appownerorganizationid",
            "applicationtype",
        ),
    ),
    Format(
        GOOGLE,
        "Google Workspace",
        names=("appname", "applicationname", "application", "name"),
        markers=(
            "clientid",
            "oauthclientid",
            "requestedservices",
            "verificationstatus",
            "numberofusers",
            "lastaccessed",
            "lastaccesstime",
            "appaccess",
        ),
    ),
    Format(
        OKTA,
        "Okta",
        names=("label", "applabel", "application", "applicationname", "appname", "app", "name"),
        markers=(
            "signonmode",
            "appinstance",
            "appinstanceid",
            "status",
            "signons",
            "totalsignons",
            "successfulsignons",
            "uniqueusers",
            "label",
            "applabel",
        ),
    ),
)
BY_SOURCE = {f.source: f for f in FORMATS}

#: Utilisation columns, the same in every format (the first one present is used).
SIGN_INS = (
    "signins",
    "totalsignins",
    "successfulsignins",
    "signincount",
    "signons",
    "totalsignons",
    "successfulsignons",
    "signoncount",
    "logins",
    "logincount",
    "totallogins",
)
USERS = (
    "users",
    "uniqueusers",
    "numberofusers",
    "usercount",
    "activeusers",
    "assignedusers",
    "totalusers",
)
LAST_USED = (
    "lastused",
    "lastaccessed",
    "lastaccesstime",
    "lastsignin",
    "lastsignindatetime",
    "lastsuccessfulsignin",
    "lastsignon",
    "lastlogin",
    "lastactivity",
)


def _first(keys: Sequence[str], wanted: Iterable[str]) -> int | None:
    for title in wanted:
        if title in keys:
            return keys.index(title)
    return None


def detect(headers: Sequence[str]) -> Format | None:
    """The console that wrote these column titles, or None."""
    keys = [key(h) for h in headers]
    for fmt in FORMATS:
        if _first(keys, fmt.names) is not None and any(m in keys for m in fmt.markers):
            return fmt
    return None


def expected_columns(fmt: Format | None = None) -> str:
    formats = [fmt] if fmt else FORMATS
    return "; ".join(f"{f.label}: {EXPECTED[f.source]}" for f in formats)


#: What the messages quote as the columns each format needs (English titles, as exported).
EXPECTED = {
    OKTA: "“Application” (or “Label”, “App name”) with “Status”, “Sign on mode” or “Sign-ons”",
    ENTRA: "“Name” (or “displayName”) with “Application ID” (or “appId”, “Object ID”, "
    "“Homepage URL”)",
    GOOGLE: "“App name” (or “Application Name”) with “Client ID”, “Users” (“Number of "
    "users”) or “Last accessed”",
}


# --- values -----------------------------------------------------------------------------------

_GROUPED = re.compile(r"^\d{1,3}([.,' \u00a0\u202f]\d{3})+$")


def parse_count(text: str) -> int | None:
    """A count: "1234", "1,234", "1.234", "1 234"; blank → None. ValueError otherwise."""
    text = (text or "").strip()
    if text in ("", "-", "—", "n/a", "N/A"):
        return None
    if text.isdigit():
        return int(text)
    if _GROUPED.match(text):
        return int(re.sub(r"\D", "", text))
    if re.fullmatch(r"\d+\.0+", text):  # 12.0 from a spreadsheet
        return int(text.split(".")[0])
    raise ValueError(text)


_DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%d %b %Y", "%d %B %Y", "%Y/%m/%d")


def parse_day(text: str) -> date | None:
    """A day: ISO (with a time or not), 11/28/2026 (month first, as the US consoles write,
    unless the first number is over 12), 28.11.2026, "Nov 28, 2026, 10:15:00 AM"."""
    text = (text or "").strip()
    if text in ("", "-", "—", "Never", "never", "n/a", "N/A"):
        return None
    match = re.match(r"^(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        return date(*(int(g) for g in match.groups()))
    match = re.match(r"^(\d{1,2})([/.])(\d{1,2})\2(\d{4})\b", text)
    if match:
        first, sep, second, year = match.groups()
        a, b, y = int(first), int(second), int(year)
        day_first = sep == "." or a > 12
        return date(y, b, a) if day_first else date(y, a, b)
    head = re.split(r",\s*\d{1,2}:\d{2}|\s+\d{1,2}:\d{2}", text)[0].strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(head, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


# --- reading ----------------------------------------------------------------------------------


def _text(data: bytes) -> str:
    try:
        text, _warning = decode(data)
    except FileRefused as refused:
        raise SsoFileRefused(refused.msg) from refused
    if looks_binary(text):
        raise SsoFileRefused(gettext_noop("The file is not a CSV file (it holds binary data)."))
    return text


def _records(text: str) -> list[list[str]]:
    separator, skip = detect_separator(text)
    if skip:
        text = text.split("\n", 1)[1] if "\n" in text else ""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        return [record for record in reader]
    except csv.Error as error:
        raise SsoFileRefused(
            gettext_noop("The file could not be read as CSV (line %(line)s): %(error)s"),
            {"line": reader.line_num, "error": str(error)},
        ) from error


def _label(source: str) -> str:
    return BY_SOURCE[source].label if source in BY_SOURCE else source


def parse(data: bytes, source: str | None = None) -> SsoList:
    """Read an app list. ``source`` (okta, entra, google) is what the member said it is: a
    file of another console is refused, naming what it looks like."""
    records = _records(_text(data))
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    if not records:
        raise SsoFileRefused(gettext_noop("The file is empty."))
    headers = [h.strip() for h in records[0]]
    fmt = detect(headers)
    found = ", ".join(f"“{h}”" for h in headers if h) or "—"
    if fmt is None:
        wanted = BY_SOURCE.get(source or "")
        raise SsoFileRefused(
            gettext_noop(
                "This is not an app list this import reads. Columns found: %(found)s. "
                "Expected: %(expected)s."
            ),
            {"found": found, "expected": expected_columns(wanted)},
        )
    if source and fmt.source != source:
        raise SsoFileRefused(
            gettext_noop(
                "This file looks like a %(found)s export, not %(expected)s: choose "
                "“%(found)s” as the source, or upload the %(expected)s file."
            ),
            {"found": fmt.label, "expected": _label(source)},
        )
    keys = [key(h) for h in headers]
    name_at = _first(keys, fmt.names)
    sign_ins_at = _first(keys, SIGN_INS)
    users_at = _first(keys, USERS)
    last_at = _first(keys, LAST_USED)
    apps: list[SsoApp] = []
    problems: list[RowProblem] = []
    rows = records[1:]
    if len(rows) > MAX_ROWS:
        raise SsoFileRefused(
            gettext_noop("The file lists %(count)s rows; at most %(max)s are read."),
            {"count": len(rows), "max": MAX_ROWS},
        )
    for number, record in enumerate(rows, start=2):
        if not any(c.strip() for c in record):
            continue

        def cell(at: int | None, record=record) -> str:
            return record[at].strip() if at is not None and at < len(record) else ""

        name = " ".join(cell(name_at).split())
        if not name:
            problems.append(
                RowProblem(
                    number,
                    Message(
                        gettext_noop("The app's name (“%(column)s”) is empty."),
                        {"column": headers[name_at]},
                    ),
                )
            )
            continue
        if len(name) > 200:
            problems.append(
                RowProblem(number, Message(gettext_noop("The app's name is over 200 characters.")))
            )
            continue
        values: dict[str, object] = {}
        for field, at in (("sign_ins", sign_ins_at), ("users", users_at)):
            try:
                values[field] = parse_count(cell(at))
            except ValueError:
                problems.append(
                    RowProblem(
                        number,
                        Message(
                            gettext_noop(
                                "%(name)s: “%(value)s” in “%(column)s” is not a whole number."
                            ),
                            {"name": name, "value": cell(at), "column": headers[at]},
                        ),
                    )
                )
        try:
            values["last_used"] = parse_day(cell(last_at))
        except ValueError:
            problems.append(
                RowProblem(
                    number,
                    Message(
                        gettext_noop("%(name)s: “%(value)s” in “%(column)s” is not a date."),
                        {"name": name, "value": cell(last_at), "column": headers[last_at]},
                    ),
                )
            )
        if len(values) == 3:
            apps.append(SsoApp(name=name, row=number, **values))  # type: ignore[arg-type]
    if problems:
        raise SsoRowsRefused(problems)
    if not apps:
        raise SsoFileRefused(gettext_noop("The file lists no apps (only its column titles)."))
    return SsoList(fmt.source, tuple(apps), tuple(headers))
