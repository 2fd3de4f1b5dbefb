"""Small YAML bank files for import tests."""

import textwrap


def question_yaml(
    qid: str = "t-one",
    task: str = "1.1",
    stem: str = "A team needs a pipeline. Which option is best?",
    extra: str = "",
    correct_index: int = 0,
) -> str:
    """One valid single-response question as YAML list item text."""
    choices = "\n".join(
        textwrap.indent(
            f"- text: Option {i}\n  correct: {'true' if i == correct_index else 'false'}\n"
            f"  rationale: Because of reason {i}.",
            "    ",
        )
        for i in range(4)
    )
    return (
        f"  - id: {qid}\n"
        f'    task: "{task}"\n'
        f"    type: single\n"
        f"    difficulty: 2\n"
        f"    services: [CodePipeline, cloudwatch]\n"
        f"    stem: |\n      {stem}\n"
        f"    choices:\n{choices}\n"
        f"    explanation: The first option meets the constraint.\n"
        f"    references:\n"
        f"      - title: CodePipeline concepts\n"
        f"        url: https://docs.aws.amazon.com/codepipeline/latest/userguide/concepts.html\n"
        f"{extra}"
    )


def bank_file(*questions: str, guide: str = "DOP-C02") -> str:
    return f"guide: {guide}\nquestions:\n" + "".join(questions)
