"""manage.py expire_attempts: finalise every attempt whose time ran out (run it from cron)."""

from django.core.management.base import BaseCommand, CommandError

from exams.services import expire_overdue


class Command(BaseCommand):
    help = (
        "Finish every in-progress attempt past its deadline, at its deadline, and store its "
        "score. Safe to run as often as you like."
    )

    def handle(self, *args, **options):
        expired, failed = expire_overdue()
        self.stdout.write(f"Expired {expired} attempt(s).")
        if failed:
            raise CommandError(f"{failed} attempt(s) could not be finalised; see the log.")
