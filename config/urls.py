"""URL map: the home page and accounts at the root, the admin under /admin/."""

from django.contrib import admin
from django.urls import include, path

from config import health
from exams.views import dashboard

admin.site.site_header = "DOP-C02 Mock Exam — administration"
admin.site.site_title = "DOP-C02 Mock Exam admin"
admin.site.index_title = "Question bank and accounts"

urlpatterns = [
    path("", dashboard.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("livez", health.livez, name="livez"),
    path("accounts/", include("accounts.urls")),
    path("exams/", include("exams.urls")),
    path("admin/", admin.site.urls),
]
