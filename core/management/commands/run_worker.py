"""`manage.py run_worker`: django-tasks-db's `db_worker` with a heartbeat, sweeps of jobs
whose worker died, and reconnection with back-off after a database outage (core/worker.py,
docs/tasks.md). Same options as `db_worker`, plus the intervals."""

import os
import socket

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from core.worker import ResilientWorker


class Command(db_worker.Command):
    help = "Run the background task worker (heartbeat, sweeps, reconnects after outages)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Readable (host, process) and unique: containers restart with the same host name
        # and pid 1, and a new worker must not pass for the one that died.
        parser.set_defaults(
            worker_id=f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(6)}"
        )
        parser.add_argument(
            "--heartbeat-interval",
            type=db_worker.valid_interval,
            default=5,
            help="Seconds between worker heartbeats (default: %(default)r)",
        )
        parser.add_argument(
            "--sweep-interval",
            type=db_worker.valid_interval,
            default=30,
            help="Seconds between sweeps for jobs whose worker died (default: %(default)r)",
        )
        parser.add_argument(
            "--max-backoff",
            type=db_worker.valid_interval,
            default=30,
            help="Longest wait between reconnection attempts, in seconds (default: %(default)r)",
        )

    def handle(self, *, verbosity, queue_name, exclude_queues, reload, batch, **options):
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=batch,
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            heartbeat_interval=options["heartbeat_interval"],
            sweep_interval=options["sweep_interval"],
            max_backoff=options["max_backoff"],
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
