"""Inventories that fill themselves (issue 18), the foundation: a known-tools catalogue,
its mapping to Stackscope's taxonomy, a safe fetcher and a website technology scan.

Plain modules, no ORM: ``catalogue`` (the vendored Wappalyzer-format data, typeahead),
``category_map`` (catalogue category → taxonomy subcategory), ``addresses`` and ``fetch``
(public addresses only, bounded), ``html_parts``, ``patterns`` and ``detect``
(fingerprints → detections), ``scan`` (pages → ``ScanResult``). See docs/discovery.md.
"""
