"""manage.py export_questions DIR: write the bank back to YAML in the import format."""

from django.core.management.base import BaseCommand

from questions.services import export_bank


class Command(BaseCommand):
    help = "Export every question to YAML files (one per guide and domain) under DIR."

    def add_arguments(self, parser):
        parser.add_argument("directory", help="folder to write into (created if missing)")

    def handle(self, *args, directory, **options):
        written = export_bank(directory)
        for path in written:
            self.stdout.write(str(path))
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(written)} file(s)."))
