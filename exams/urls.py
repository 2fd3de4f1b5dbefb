from django.urls import path

from exams import views

urlpatterns = [
    path("start/<int:blueprint_id>/", views.exam_start, name="exam_start"),
    path("attempt/<int:attempt_id>/", views.attempt_resume, name="attempt_resume"),
    path("attempt/<int:attempt_id>/q/<int:slot>/", views.attempt_question, name="attempt_question"),
    path(
        "attempt/<int:attempt_id>/q/<int:slot>/answer/", views.attempt_answer, name="attempt_answer"
    ),
    path("attempt/<int:attempt_id>/q/<int:slot>/flag/", views.attempt_flag, name="attempt_flag"),
    path("attempt/<int:attempt_id>/review/", views.attempt_review, name="attempt_review"),
    path("attempt/<int:attempt_id>/end/", views.attempt_end, name="attempt_end"),
    path("attempt/<int:attempt_id>/time-up/", views.attempt_time_up, name="attempt_time_up"),
    path("attempt/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
    path("attempt/<int:attempt_id>/result.csv", views.attempt_csv, name="attempt_csv"),
    path("attempt/<int:attempt_id>/answers/", views.attempt_answers, name="attempt_answers"),
    path(
        "attempt/<int:attempt_id>/answers/<int:slot>/",
        views.attempt_answer_detail,
        name="attempt_answer_detail",
    ),
]
