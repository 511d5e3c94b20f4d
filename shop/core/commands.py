"""The management command of a kind of run (``shop.core.runs.RunKind``): one run in this
process with its progress printed, or with ``--async`` queued for the workers."""

from __future__ import annotations

from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser

from .runs import RunKind, TaskQueueUnavailable


class RunCommand(BaseCommand):
    """Subclasses set ``kind``, add their own options in ``add_run_arguments``, refuse bad
    ones in ``check_options`` and do the run in ``run``, which returns the closing line."""

    kind: ClassVar[RunKind]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "kind" in cls.__dict__:  # the help is the description's, never a second copy
            cls.help = cls.kind.command_help

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--async",
            action="store_true",
            dest="run_async",
            help="Queue it for the Celery workers instead of running it here.",
        )
        self.add_run_arguments(parser)

    def add_run_arguments(self, parser: CommandParser) -> None:
        """The command's own options."""

    def check_options(self, *args: Any, **options: Any) -> None:
        """Raise ``CommandError`` for options that make no sense (before anything starts);
        gets every option, ``run_async`` too."""

    def run(self, *args: Any, **options: Any) -> str:
        """One run in this process, reporting to ``self.progress``; returns the closing line.
        Gets the command's own options."""
        raise NotImplementedError

    def progress(self, message: str) -> None:
        """The progress reporter the services take: one indented line, shown at once."""
        self.stdout.write(f"  {message}")
        self.stdout.flush()

    def success(self, message: str) -> None:
        self.stdout.write(self.style.SUCCESS(message))

    def handle(self, *args: Any, run_async: bool, **options: Any) -> None:
        self.check_options(run_async=run_async, **options)
        if run_async:
            try:
                self.kind.enqueue()
            except TaskQueueUnavailable as error:
                raise CommandError(
                    f"{error.message} To run it in this process instead: "
                    f"manage.py {self.kind.command} (without --async)."
                ) from error
            self.success(str(self.kind.queued))
            return
        self.success(self.run(**options))
