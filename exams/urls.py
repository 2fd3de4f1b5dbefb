from django.urls import path

from exams.views import review, taking

urlpatterns = [
    path("start/<int:blueprint_id>/", taking.exam_start, name="exam_start"),
    path("attempt/<int:attempt_id>/", taking.attempt_resume, name="attempt_resume"),
    path(
        "attempt/<int:attempt_id>/q/<int:slot>/", taking.attempt_question, name="attempt_question"
    ),
    path(
        "attempt/<int:attempt_id>/q/<int:slot>/answer/",
        taking.attempt_answer,
        name="attempt_answer",
    ),
    path("attempt/<int:attempt_id>/q/<int:slot>/flag/", taking.attempt_flag, name="attempt_flag"),
    path("attempt/<int:attempt_id>/review/", taking.attempt_review, name="attempt_review"),
    path("attempt/<int:attempt_id>/end/", taking.attempt_end, name="attempt_end"),
    path("attempt/<int:attempt_id>/time-up/", taking.attempt_time_up, name="attempt_time_up"),
    path("attempt/<int:attempt_id>/result/", review.attempt_result, name="attempt_result"),
    path("attempt/<int:attempt_id>/result.csv", review.attempt_csv, name="attempt_csv"),
    path("attempt/<int:attempt_id>/answers/", review.attempt_answers, name="attempt_answers"),
    path(
        "attempt/<int:attempt_id>/answers/<int:slot>/",
        review.attempt_answer_detail,
        name="attempt_answer_detail",
    ),
]
