"""What a signed-in session holds besides Django's own keys: written by the services
(switching organisation), read by the middleware."""

SESSION_KEY = "current_organisation_id"
