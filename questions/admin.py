"""Authoring the bank in the Django admin, with the same rules as the YAML importer."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from questions import rules, services
from questions.models import (
    AwsService,
    Choice,
    Domain,
    ExamGuide,
    Question,
    Reference,
    TaskStatement,
)
from questions.selectors import all_guide_coverage


def _live_forms(formset: BaseInlineFormSet) -> list:
    """The inline forms that will be saved: filled in and not marked for deletion."""
    return [
        form
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
    ]


class ChoiceFormSet(BaseInlineFormSet):
    """Checks the choices against the question's type with the importer's rules."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        flags = [bool(form.cleaned_data.get("is_correct")) for form in _live_forms(self)]
        problems = rules.choice_errors(self.instance.type, self.instance.choose, flags)
        if problems:
            raise ValidationError(problems)


class ReferenceFormSet(BaseInlineFormSet):
    """At least one reference, so every review can send the candidate to the docs."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        if not _live_forms(self):
            raise ValidationError("Add at least one reference (title and https URL).")


class DomainFormSet(BaseInlineFormSet):
    """A guide's domain weights must add up to exactly 100 percent."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        weights = [form.cleaned_data["weight"] for form in _live_forms(self)]
        problem = rules.domain_weight_error(weights)
        if problem:
            raise ValidationError(problem)


class ChoiceInline(admin.StackedInline):
    model = Choice
    formset = ChoiceFormSet
    fields = ("order", "text", "is_correct", "rationale")
    extra = 0
    min_num = 4


class ReferenceInline(admin.TabularInline):
    model = Reference
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    formset = ReferenceFormSet
    fields = ("order", "title", "url")
    extra = 0
    min_num = 1


class DomainInline(admin.TabularInline):
    model = Domain
    formset = DomainFormSet
    fields = ("number", "name", "weight")
    extra = 0


class TaskStatementInline(admin.TabularInline):
    model = TaskStatement
    fields = ("code", "title")
    extra = 0


@admin.register(ExamGuide)
class ExamGuideAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "exam_questions", "exam_minutes")
    inlines = [DomainInline]


@admin.register(Domain)
class DomainAdmin(admin.ModelAdmin):
    list_display = ("__str__", "guide", "weight")
    list_filter = ("guide",)
    inlines = [TaskStatementInline]


@admin.register(AwsService)
class AwsServiceAdmin(admin.ModelAdmin):
    search_fields = ("name",)


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = (
        "external_id",
        "stem_start",
        "task_code",
        "type",
        "difficulty",
        "status",
        "updated_at",
    )
    list_display_links = ("external_id", "stem_start")
    list_filter = (
        ("task_statement__domain__guide", admin.RelatedOnlyFieldListFilter),
        ("task_statement__domain", admin.RelatedOnlyFieldListFilter),
        ("task_statement", admin.RelatedOnlyFieldListFilter),
        "type",
        "status",
        "difficulty",
    )
    list_select_related = ("task_statement__domain",)
    search_fields = ("stem", "external_id")
    autocomplete_fields = ("services",)
    readonly_fields = ("created_at", "updated_at", "preview_link")
    fieldsets = (
        (None, {"fields": ("external_id", "task_statement", "status", "preview_link")}),
        ("Question", {"fields": ("type", "choose", "difficulty", "stem")}),
        ("Teaching", {"fields": ("explanation", "services")}),
        ("History", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = [ChoiceInline, ReferenceInline]
    actions = ["publish", "retire", "return_to_draft"]
    change_list_template = "admin/questions/question/change_list.html"

    @admin.display(description="stem")
    def stem_start(self, question: Question) -> str:
        text = " ".join(question.stem.split())
        return text[:90] + ("…" if len(text) > 90 else "")

    @admin.display(description="task", ordering="task_statement__code")
    def task_code(self, question: Question) -> str:
        return question.task_statement.code

    @admin.display(description="preview")
    def preview_link(self, question: Question) -> str:
        if not question.pk:
            return "Save the question first."
        url = reverse("admin:questions_question_preview", args=[question.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview as a candidate</a>', url
        )

    def _set_status(self, request: HttpRequest, queryset, status: str, verb: str) -> None:
        changed = services.set_status(list(queryset.values_list("pk", flat=True)), status)
        self.message_user(request, f"{changed} question(s) {verb}.", messages.SUCCESS)

    @admin.action(description="Publish selected questions")
    def publish(self, request, queryset):
        self._set_status(request, queryset, Question.Status.PUBLISHED, "published")

    @admin.action(description="Retire selected questions")
    def retire(self, request, queryset):
        self._set_status(request, queryset, Question.Status.RETIRED, "retired")

    @admin.action(description="Return selected questions to draft")
    def return_to_draft(self, request, queryset):
        self._set_status(request, queryset, Question.Status.DRAFT, "returned to draft")

    def get_urls(self):
        extra = [
            path(
                "<int:pk>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="questions_question_preview",
            ),
            path(
                "coverage/",
                self.admin_site.admin_view(self.coverage_view),
                name="questions_question_coverage",
            ),
        ]
        return extra + super().get_urls()

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """The question exactly as a candidate will see it, then the key for the author."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        question = get_object_or_404(
            Question.objects.select_related("task_statement__domain").prefetch_related(
                "choices", "references", "services"
            ),
            pk=pk,
        )
        return TemplateResponse(request, "questions/preview.html", {"question": question})

    def coverage_view(self, request: HttpRequest) -> HttpResponse:
        """Published questions per domain and task statement against one full mock."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Question bank coverage",
            "coverages": all_guide_coverage(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/questions/coverage.html", context)
