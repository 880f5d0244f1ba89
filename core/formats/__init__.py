"""Date, time and number formats per language (``FORMAT_MODULE_PATH``), over Django's own.

One format per language, everywhere on the pages: Django's English mixes US short dates
(``m/d/Y``) with the ISO dates some pages printed, its Arabic has no date-and-time format
(so it fell back to the English "Dec. 4, 2025, 4:30 a.m." beside day-first short dates),
and neither Arabic nor Persian groups thousands ("1160300 EUR"). Only what differs from
Django's locale files is set here; the rest falls through to them (docs/translations.md).
Spreadsheet exports and the API keep ISO 8601: they are read by programs.
"""
