"""Shared test helpers: factories, role-based access matrices, browser helpers."""
