"""Template filters for showing bank content."""

from django import template

from questions.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str):
    """Render author Markdown safely: {{ question.stem|markdown }}."""
    return render_markdown(text)


NUMBER_WORDS = {1: "ONE", 2: "TWO", 3: "THREE", 4: "FOUR", 5: "FIVE", 6: "SIX"}


@register.filter
def choose_word(number: int) -> str:
    """How many to choose, written as the exam does: 2 → TWO."""
    return NUMBER_WORDS.get(number, str(number))
