"""URLs of the domain areas: assessments, inventories, roadmap and reports."""

urlpatterns: list = []
