"""Blueprints are authored in the admin; attempts can be inspected there, never edited."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from exams.models import Attempt, Blueprint, BlueprintWeight
from questions import rules


class BlueprintWeightFormSet(BaseInlineFormSet):
    """Own weights are optional; if given they cover the guide's domains and add up to 100."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]
        if not rows:
            return
        guide = self.instance.guide if self.instance.guide_id else None
        foreign = [row["domain"] for row in rows if guide and row["domain"].guide_id != guide.pk]
        if foreign:
            raise ValidationError("Every weighted domain must belong to the blueprint's guide.")
        problem = rules.domain_weight_error([row["weight"] for row in rows])
        if problem:
            raise ValidationError(problem)


class BlueprintWeightInline(admin.TabularInline):
    model = BlueprintWeight
    formset = BlueprintWeightFormSet
    extra = 0
    verbose_name_plural = "Domain weights (leave empty to use the guide's)"


@admin.register(Blueprint)
class BlueprintAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "guide",
        "question_count",
        "duration_minutes",
        "pass_mark",
        "status",
        "order",
    )
    list_editable = ("status", "order")
    list_filter = ("guide", "status")
    inlines = [BlueprintWeightInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    list_display = (
        "pk",
        "user",
        "title",
        "status",
        "started_at",
        "deadline",
        "scaled_score",
        "passed",
    )
    list_filter = ("status", "blueprint")
    search_fields = ("user__username", "user__email")
    list_select_related = ("user",)
    date_hierarchy = "started_at"
    readonly_fields = [field.name for field in Attempt._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
