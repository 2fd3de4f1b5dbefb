"""Benchmark steps that run inside Django, against the database the server under test uses.

python benchmarks/django_side.py seed N OUT.json       candidates with sessions and attempts
python benchmarks/django_side.py assembly 1000,10000   time exam assembly for bank sizes
python benchmarks/django_side.py verify ACKED.json     every acknowledged answer is stored
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.cached_db import SessionStore  # noqa: E402
from django.db import transaction  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from accounts.models import User  # noqa: E402
from exams import services  # noqa: E402
from exams.models import Attempt, AttemptItem, Blueprint  # noqa: E402
from questions.models import (  # noqa: E402
    Choice,
    Domain,
    ExamGuide,
    Question,
    Reference,
    TaskStatement,
)

FULL_MOCK = "DOP-C02 full mock"


def seed(count: int, out: str) -> None:
    """N candidates, each signed in (a session) with a full mock started."""
    blueprint = Blueprint.objects.get(name=FULL_MOCK)
    users = User.objects.bulk_create(
        User(username=f"bench{os.getpid()}-{i}", email=f"bench{i}@example.com")
        for i in range(count)
    )
    candidates = []
    for number, user in enumerate(users):
        user.set_unusable_password()
        user.save(update_fields=["password"])
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        # A fixed seed per candidate: every run draws the same questions, so runs compare.
        attempt, _ = services.attempt_start(user=user, blueprint=blueprint, seed=number)
        items = {
            str(item.slot): {"keys": [c["key"] for c in item.choices], "choose": item.choose}
            for item in attempt.items.all()
        }
        candidates.append(
            {
                "session": session.session_key,
                "csrf": _get_new_csrf_string(),
                "attempt": attempt.pk,
                "items": items,
            }
        )
    Path(out).write_text(json.dumps(candidates))
    print(json.dumps({"candidates": len(candidates)}))


def _synthetic_bank(size: int) -> Blueprint:
    """A separate guide with `size` published questions, so the real bank is untouched."""
    code = f"BENCH-{size}"
    guide = ExamGuide.objects.filter(code=code).first()
    if guide is None:
        with transaction.atomic():
            guide = ExamGuide.objects.create(code=code, name=f"Synthetic {size}")
            weights = [22, 17, 15, 15, 14, 17]
            tasks = []
            for number, weight in enumerate(weights, start=1):
                domain = Domain.objects.create(
                    guide=guide, number=number, name=f"D{number}", weight=weight
                )
                tasks += [
                    TaskStatement.objects.create(
                        domain=domain, code=f"{number}.{t}", title=f"Task {number}.{t}"
                    )
                    for t in (1, 2, 3)
                ]
            batch = 5000
            for start in range(0, size, batch):
                questions = Question.objects.bulk_create(
                    Question(
                        external_id=f"bench-{size}-{n}",
                        task_statement=tasks[n % len(tasks)],
                        stem=f"Synthetic scenario {n}: a team needs **something**. What now?",
                        stem_html=f"<p>Synthetic scenario {n}: a team needs "
                        "<strong>something</strong>. What now?</p>",
                        explanation="Because the first option meets the constraint.",
                        explanation_html="<p>Because the first option meets the constraint.</p>",
                        status=Question.Status.PUBLISHED,
                    )
                    for n in range(start, min(size, start + batch))
                )
                Choice.objects.bulk_create(
                    Choice(
                        question=q,
                        text=f"Option {i} for `{q.external_id}`",
                        text_html=f"<p>Option {i} for <code>{q.external_id}</code></p>",
                        is_correct=i == 0,
                        rationale="Why.",
                        order=i,
                    )
                    for q in questions
                    for i in range(4)
                )
                Reference.objects.bulk_create(
                    Reference(question=q, title="Docs", url="https://docs.aws.amazon.com/")
                    for q in questions
                )
    blueprint, _ = Blueprint.objects.get_or_create(
        guide=guide,
        name="Synthetic full mock",
        defaults={"question_count": 75, "duration_minutes": 180, "status": "retired"},
    )
    return blueprint


def assembly(sizes: str) -> None:
    """Median and worst time to start a 75-question attempt from banks of each size."""
    results = []
    for size in (int(s) for s in sizes.split(",")):
        started = time.perf_counter()
        blueprint = _synthetic_bank(size)
        build = time.perf_counter() - started
        user = User.objects.create(username=f"assembler-{size}-{os.getpid()}")
        timings = []
        for _ in range(7):
            started = time.perf_counter()
            attempt, _ = services.attempt_start(user=user, blueprint=blueprint)
            timings.append((time.perf_counter() - started) * 1000)
            services.submit(attempt_id=attempt.pk, user=user)  # history grows: unseen first
        results.append(
            {
                "size": size,
                "median_ms": statistics.median(timings),
                "max_ms": max(timings),
                "build_s": build,
            }
        )
    print(json.dumps(results))


def verify(acked_path: str) -> None:
    """Compare the last acknowledged answer of every slot with what the database holds."""
    acked = json.loads(Path(acked_path).read_text())
    wanted = {
        (int(a), int(s)): sorted(keys) for a, slots in acked.items() for s, keys in slots.items()
    }
    stored = {
        (attempt_id, slot): sorted(selected)
        for attempt_id, slot, selected in AttemptItem.objects.filter(
            attempt_id__in={a for a, _ in wanted}
        ).values_list("attempt_id", "slot", "selected")
    }
    lost = [
        f"attempt {a} slot {s}: sent {keys}, stored {stored.get((a, s))}"
        for (a, s), keys in wanted.items()
        if stored.get((a, s)) != keys
    ]
    finished = (
        Attempt.objects.filter(pk__in={a for a, _ in wanted})
        .exclude(status=Attempt.Status.IN_PROGRESS)
        .count()
    )
    print(
        json.dumps(
            {
                "checked": len(wanted),
                "lost": len(lost),
                "examples": lost[:5],
                "finished_attempts": finished,
                "attempts": len({a for a, _ in wanted}),
            }
        )
    )


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"seed": lambda n, out: seed(int(n), out), "assembly": assembly, "verify": verify}[command](
        *args
    )
