"""Change history (issue 15): who changed what, when and through what.

- ``context``: the attribution (person, API token, page/API/import/system) of the writes of
  the current request, task or command;
- ``registry``: which models are tracked (django-auditlog's signals record their
  ``save()`` and ``delete()``);
- ``recording``: entries for the set-based writes signals never see (``queryset.update``,
  ``bulk_update``, imports).
"""
