"""The bank lint: cues that let a candidate score without knowing AWS, and near-duplicate stems.

Pure functions over parsed questions (anything with ``external_id``, ``stem``, ``type``,
``choose``, ``difficulty`` and ``choices`` of ``text``/``correct``), so the test suite, the
``bank_report`` command and an author at the shell (``python -m questions.lint``) share one rule.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass
from typing import NamedTuple

LONGEST_OPTION_LIMIT = 0.30  # share of the bank the longest-option pick may score
KEY_LENGTH_LIMIT = 1.25  # no key longer than this times the longest distractor
NEAR_DUPLICATE = 0.35  # Jaccard similarity of word 3-grams between two stems


class Option(NamedTuple):
    text: str
    correct: bool


class Item(NamedTuple):
    """A question as the lint sees it, e.g. built from the database by questions.selectors."""

    external_id: str
    stem: str
    type: str
    choose: int
    difficulty: int
    choices: tuple[Option, ...]


def longest_pick_hit(question) -> float:
    """Chance that picking the N longest options (ties broken at random) is exactly the key."""
    lengths = [len(choice.text) for choice in question.choices]
    key = frozenset(i for i, choice in enumerate(question.choices) if choice.correct)
    picks = [
        frozenset(subset)
        for subset in itertools.combinations(range(len(lengths)), len(key))
        if min(lengths[i] for i in subset)
        >= max((lengths[i] for i in range(len(lengths)) if i not in subset), default=0)
    ]
    return picks.count(key) / len(picks) if picks else 0.0


def longest_option_score(questions) -> float:
    """The score of a candidate who always picks the longest option(s), over ``questions``."""
    questions = list(questions)
    if not questions:
        return 0.0
    return sum(longest_pick_hit(q) for q in questions) / len(questions)


def key_length_ratio(question) -> float:
    """Length of the longest key over the longest distractor (above 1 means the key is longer)."""
    keys = [len(c.text) for c in question.choices if c.correct]
    distractors = [len(c.text) for c in question.choices if not c.correct]
    return max(keys) / max(distractors) if keys and distractors else 0.0


def long_keys(questions, limit: float = KEY_LENGTH_LIMIT) -> list[tuple[str, float]]:
    """Every question whose key is more than ``limit`` times as long as its longest distractor."""
    found = [(q.external_id, round(key_length_ratio(q), 2)) for q in questions]
    return sorted((item for item in found if item[1] > limit), key=lambda item: -item[1])


def shingles(text: str) -> set[tuple[str, ...]]:
    """Word 3-grams of a text, lower-cased: the unit of the near-duplicate check."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of two texts' word 3-grams."""
    first, second = shingles(a), shingles(b)
    union = first | second
    return len(first & second) / len(union) if union else 1.0


def near_duplicates(questions, limit: float = NEAR_DUPLICATE) -> list[tuple[float, str, str]]:
    """Pairs of questions whose stems are more alike than ``limit``, most alike first."""
    stems = {q.external_id: shingles(q.stem) for q in questions}
    close = []
    for a, b in itertools.combinations(stems, 2):
        union = stems[a] | stems[b]
        score = len(stems[a] & stems[b]) / len(union) if union else 1.0
        if score > limit:
            close.append((round(score, 2), a, b))
    return sorted(close, reverse=True)


@dataclass(frozen=True)
class LintReport:
    """What the lint found over a set of questions, and whether it passes."""

    questions: int
    longest_option_score: float
    key_is_longest_single: float
    long_keys: list[tuple[str, float]]
    near_duplicates: list[tuple[float, str, str]]
    difficulty: dict[int, int]

    @property
    def passed(self) -> bool:
        return (
            self.longest_option_score <= LONGEST_OPTION_LIMIT
            and not self.long_keys
            and not self.near_duplicates
        )

    def lines(self) -> list[str]:
        """The report as text, for the command line and the bank_report command."""
        mix = ", ".join(
            f"{level}: {count} ({count / max(self.questions, 1):.0%})"
            for level, count in sorted(self.difficulty.items())
        )
        out = [
            f"Questions: {self.questions}",
            f"Longest-option pick scores {self.longest_option_score:.1%} "
            f"(limit {LONGEST_OPTION_LIMIT:.0%}); on single-response questions the key is "
            f"the longest option {self.key_is_longest_single:.1%} of the time",
            f"Difficulty mix: {mix}",
        ]
        out += [
            f"Key {ratio}x the longest distractor (limit {KEY_LENGTH_LIMIT}x): {qid}"
            for qid, ratio in self.long_keys
        ]
        out += [
            f"Near-duplicate stems ({score}): {a} / {b}" for score, a, b in self.near_duplicates
        ]
        out.append("Lint passed." if self.passed else "Lint FAILED.")
        return out


def lint(questions) -> LintReport:
    """Run every check of the bank lint over ``questions`` (published ones, as the caller picks)."""
    questions = list(questions)
    singles = [q for q in questions if q.type == "single"]
    return LintReport(
        questions=len(questions),
        longest_option_score=longest_option_score(questions),
        key_is_longest_single=longest_option_score(singles),
        long_keys=long_keys(questions),
        near_duplicates=near_duplicates(questions),
        difficulty=dict(Counter(q.difficulty for q in questions)),
    )


def main(argv: list[str] | None = None) -> int:
    """Lint bank files without a database: python -m questions.lint [PATH…] (default: the bank)."""
    import sys

    from questions.importing import parse_files

    paths = argv if argv is not None else sys.argv[1:]
    result = parse_files(paths or ["questions/bank"])
    for problem in result.errors:
        print(problem)
    published = [q for q in result.questions if q.status == "published"]
    report = lint(published)
    print("\n".join(report.lines()))
    return 0 if report.passed and not result.errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
