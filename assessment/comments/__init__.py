"""Conversations where the work lives (issue 15): threads of comments on a question of an
assessment, a tool, an integration, a touchpoint or a roadmap item (docs/history.md)."""
