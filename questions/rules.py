"""The authoring rules every question obeys, in one place so the admin and the importer agree."""

import re
from urllib.parse import urlsplit

SINGLE = "single"
MULTIPLE = "multiple"

MIN_CHOICES = {SINGLE: 4, MULTIPLE: 5}
EXTERNAL_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,79}$")
EXTERNAL_ID_HELP = (
    "2–80 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit."
)


def choice_errors(question_type: str, choose: int | None, correct_flags: list[bool]) -> list[str]:
    """Why a set of choices is not valid for a question of this type, or [] if it is."""
    errors: list[str] = []
    count = len(correct_flags)
    correct = sum(1 for flag in correct_flags if flag)
    if question_type == SINGLE:
        if count < MIN_CHOICES[SINGLE]:
            errors.append(f"A single-response question needs at least 4 choices; it has {count}.")
        if correct != 1:
            errors.append(
                f"A single-response question needs exactly 1 correct choice; it has {correct}."
            )
        if choose not in (None, 1):
            errors.append(f"A single-response question chooses 1, not {choose}.")
    elif question_type == MULTIPLE:
        if count < MIN_CHOICES[MULTIPLE]:
            errors.append(f"A multiple-response question needs at least 5 choices; it has {count}.")
        if correct < 2:
            errors.append(
                f"A multiple-response question needs at least 2 correct choices; it has {correct}."
            )
        if choose is not None and choose != correct:
            errors.append(
                f"The number to choose ({choose}) must equal the number of correct choices "
                f"({correct})."
            )
        if correct >= count and count:
            errors.append("A multiple-response question needs at least one incorrect choice.")
    else:
        errors.append(f"Unknown question type {question_type!r}: use 'single' or 'multiple'.")
    return errors


# Characters no author means to type: C0 controls other than tab and newlines, DEL, C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The longest values the database keeps, by field (questions/models.py).
MAX_LENGTHS = {"service": 100, "task": 10, "reference title": 300, "reference url": 500}


def text_error(value: str, what: str, max_length: int | None = None) -> str | None:
    """Why a text cannot be stored as written (a control character, too long), or None."""
    found = CONTROL_CHARACTERS.search(value)
    if found:
        return (
            f"The {what} contains a control character (U+{ord(found.group()):04X}) at "
            f"position {found.start() + 1}; remove it."
        )
    if max_length is not None and len(value) > max_length:
        return f"The {what} is {len(value)} characters long; at most {max_length} fit."
    return None


def reference_url_error(url: str) -> str | None:
    """Why a reference URL is not acceptable, or None: only absolute https links are."""
    parts = urlsplit(url.strip())
    if parts.scheme != "https" or not parts.netloc:
        return f"References must be absolute https:// URLs; got {url!r}."
    return None


def domain_weight_error(weights: list[int]) -> str | None:
    """Why a guide's domain weights are not valid, or None: they must sum to exactly 100."""
    total = sum(weights)
    if weights and total != 100:
        return f"The domain weights must add up to 100; they add up to {total}."
    return None
