# Django's Arabic has no date-and-time formats and no grouping: day first everywhere, as
# its DATE_FORMAT and SHORT_DATE_FORMAT already are, and thousands grouped by three.
DATETIME_FORMAT = "j F، Y، H:i"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
TIME_FORMAT = "H:i"
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 6  # Saturday
