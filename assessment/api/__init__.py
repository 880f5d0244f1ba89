"""The domain's REST API (docs/api.md): thin viewsets over the same services, selectors,
forms, FilterSets and permission layer as the pages. `routes.register(router)` adds them
to /api/v1/ (findings, roadmap items and report exports register there too, later)."""
