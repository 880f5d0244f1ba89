# Django's Persian does not group thousands.
NUMBER_GROUPING = 3
