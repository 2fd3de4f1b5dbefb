"""manage.py bank_report [--json]: the bank's coverage against a full mock's split."""

import json

from django.core.management.base import BaseCommand

from questions import lint
from questions.selectors import all_guide_coverage, published_lint_items


class Command(BaseCommand):
    help = "Print published questions per domain and task statement against one full mock."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Machine-readable output.")

    def handle(self, *args, **options):
        coverages = all_guide_coverage()
        reports = {c.code: lint.lint(published_lint_items(c.code)) for c in coverages}
        if options["json"]:
            rows = [{**c.as_dict(), "lint": _lint_dict(reports[c.code])} for c in coverages]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        for coverage in coverages:
            self._write_table(coverage)
            self.stdout.write("\n".join(reports[coverage.code].lines()) + "\n\n")

    def _write_table(self, coverage) -> None:
        out = self.stdout.write
        out(f"{coverage.code} — {coverage.name}")
        out(
            f"{'':<4}{'domain / task statement':<58}{'published':>10}{'quota':>7}"
            f"{'multi':>7}{'mocks':>7}"
        )
        for d in coverage.domains:
            out(
                f"{d.number:<4}{d.name[:56]:<58}{d.published:>10}{d.quota:>7}"
                f"{d.multiple:>7}{d.mocks:>7}"
            )
            for t in d.tasks:
                out(f"{'':<4}  {t.code:<5}{t.title[:49]:<51}{t.published:>10}{t.target:>7}")
        out(f"{'':<4}{'total':<58}{coverage.published:>10}{coverage.exam_questions:>7}")
        out(
            f"Distinct full {coverage.exam_questions}-question mocks the bank can fill: "
            f"{coverage.full_mocks}"
        )
        if coverage.drafts:
            out(f"Drafts not yet published: {coverage.drafts}")
        out("")


def _lint_dict(report: lint.LintReport) -> dict:
    return {
        "longest_option_score": round(report.longest_option_score, 4),
        "key_is_longest_single": round(report.key_is_longest_single, 4),
        "difficulty": {str(level): n for level, n in sorted(report.difficulty.items())},
        "long_keys": [qid for qid, _ in report.long_keys],
        "near_duplicates": [[a, b] for _, a, b in report.near_duplicates],
        "passed": report.passed,
    }
