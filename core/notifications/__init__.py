"""Notifications (issue 16): the in-app centre and e-mail, immediately or in a daily digest.

``services.notify`` is the one way any part of the app tells people about an event; it
stores one row per person and event (never twice) and hands e-mail to a background task."""
