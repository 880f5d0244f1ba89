"""Load test: locust against gunicorn, PostgreSQL and the task worker (see run.py)."""
