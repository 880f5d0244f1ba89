"""Discovery's Django side (issue 18): website scans and the tools they found — models'
services, selectors, the task, forms, filterset, views and urls. The pure side (catalogue,
safe fetching, detection) is `assessment.discovery`."""
