"""The teaching cases in the admin: a case with its steps and teaching points, a step with its
options (what each points to picked by autocomplete from the knowledge base), and learners'
attempts, read-only."""

from django.contrib import admin

from cases.models import Attempt, Case, Option, Step, TeachingPoint


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["number", "kind", "prompt"]
    ordering = ["number"]
    show_change_link = True


class TeachingPointInline(admin.StackedInline):
    model = TeachingPoint
    extra = 0
    autocomplete_fields = ["passages"]


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "difficulty", "published", "reviewed"]
    list_filter = ["published", "difficulty"]
    search_fields = ["slug", "title", "stem"]
    autocomplete_fields = ["conditions"]
    inlines = [StepInline, TeachingPointInline]


class OptionInline(admin.StackedInline):
    model = Option
    extra = 0
    fields = [
        "label",
        "correct",
        "accepted",
        "level",
        "structure",
        "condition",
        "investigation",
        "feedback",
        "passages",
    ]
    autocomplete_fields = ["structure", "condition", "investigation", "passages"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("structure", "condition", "investigation")


@admin.register(Step)
class StepAdmin(admin.ModelAdmin):
    list_display = ["case", "number", "kind", "prompt"]
    list_filter = ["kind"]
    list_select_related = ["case"]
    search_fields = ["case__slug", "case__title", "prompt"]
    inlines = [OptionInline]


@admin.register(Attempt)
class AttemptAdmin(admin.ModelAdmin):
    """Learners' attempts, read-only: they are records, not content."""

    list_display = ["case", "learner", "started", "finished", "score"]
    list_filter = ["finished"]
    list_select_related = ["case", "learner"]
    search_fields = ["case__slug", "learner__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
