"""Where domain apps plug their API endpoints into the one router (see `core.api.urls`)."""

#: Dotted paths of `register(router)` functions; apps append theirs in `AppConfig.ready`.
ROUTE_REGISTRARS: list[str] = []
