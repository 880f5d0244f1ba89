"""The global search of the navigation bar: tools, integrations, touchpoints, the
framework's questions and roadmap items of the current organisation (docs/architecture.md,
"Search")."""
