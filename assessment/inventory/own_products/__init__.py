"""An organisation's own catalogue entries (``OwnProduct``): the same pieces as every
inventory model — selectors, services, form, filterset, table — in one package
(docs/discovery.md, "Own products and aliases")."""
