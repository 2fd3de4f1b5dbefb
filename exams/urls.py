"""Exam URLs. Ids and slots are bounded digit strings, so a number no database column can hold
(2^63 or more) is a 404 at the URL, before any query."""

from django.urls import path, register_converter

from exams.views import review, taking


class IdConverter:
    """A positive whole number of at most 18 digits: always below 2^63."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")

urlpatterns = [
    path("start/<id:blueprint_id>/", taking.exam_start, name="exam_start"),
    path("attempt/<id:attempt_id>/", taking.attempt_resume, name="attempt_resume"),
    path("attempt/<id:attempt_id>/q/<id:slot>/", taking.attempt_question, name="attempt_question"),
    path(
        "attempt/<id:attempt_id>/q/<id:slot>/answer/",
        taking.attempt_answer,
        name="attempt_answer",
    ),
    path("attempt/<id:attempt_id>/q/<id:slot>/flag/", taking.attempt_flag, name="attempt_flag"),
    path("attempt/<id:attempt_id>/review/", taking.attempt_review, name="attempt_review"),
    path("attempt/<id:attempt_id>/end/", taking.attempt_end, name="attempt_end"),
    path("attempt/<id:attempt_id>/time-up/", taking.attempt_time_up, name="attempt_time_up"),
    path("attempt/<id:attempt_id>/result/", review.attempt_result, name="attempt_result"),
    path("attempt/<id:attempt_id>/result.csv", review.attempt_csv, name="attempt_csv"),
    path("attempt/<id:attempt_id>/answers/", review.attempt_answers, name="attempt_answers"),
    path(
        "attempt/<id:attempt_id>/answers/<id:slot>/",
        review.attempt_answer_detail,
        name="attempt_answer_detail",
    ),
]
