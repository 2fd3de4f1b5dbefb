"""manage.py import_questions PATH…: load bank YAML files, all or nothing."""

from django.core.management.base import BaseCommand, CommandError

from questions.importing import BankFileError
from questions.services import import_bank


class Command(BaseCommand):
    help = (
        "Import questions from YAML files or folders. Idempotent by question id; "
        "if any question is invalid, nothing is written."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="YAML files or folders of them")
        parser.add_argument(
            "--dry-run", action="store_true", help="Validate and report, write nothing."
        )

    def handle(self, *args, paths, dry_run, **options):
        try:
            summary = import_bank(paths, dry_run=dry_run)
        except BankFileError as exc:
            for problem in exc.errors:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(exc.errors)} problem(s) found; nothing was imported."
            ) from None
        prefix = "Dry run (nothing written): " if dry_run else "Imported: "
        self.stdout.write(self.style.SUCCESS(prefix + str(summary)))
