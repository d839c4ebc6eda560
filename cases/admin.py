"""The knowledge base in the admin, for instructors: every model can be read and edited here
without touching the content files.

Relations are edited where an instructor looks for them: a source with its passages, a structure
with its roots, actions and skin areas, a condition with its investigations. Related objects are
picked with autocomplete widgets (the shipped base has dozens of structures, findings and
passages), so every admin that is a target of one has search_fields. Changelists select their
foreign keys up front so that their query count does not grow with the rows. No custom scripts
or styles: the site's Content-Security-Policy allows only the admin's own static files.
"""

from django.contrib import admin
from django.db import models

from cases.anatomy import bump_content_version
from cases.models import (
    Attempt,
    Case,
    Condition,
    ConditionInvestigation,
    ContentVersion,
    Finding,
    Investigation,
    MuscleAction,
    Option,
    Passage,
    ReflexRoot,
    SensoryArea,
    Source,
    Step,
    Structure,
    StructureRoot,
    TeachingPoint,
)


class KnowledgeAdmin(admin.ModelAdmin):
    """An admin whose every write moves the content version, so that the localizer (cached per
    version in every app server) rebuilds its anatomy from the edited knowledge base."""

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_content_version()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        bump_content_version()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        bump_content_version()


class PassageInline(admin.TabularInline):
    model = Passage
    fields = ["order", "slug", "text", "note", "note_reference"]
    ordering = ["order"]
    extra = 0


@admin.register(Source)
class SourceAdmin(KnowledgeAdmin):
    list_display = ["slug", "title", "publisher", "last_reviewed"]
    list_filter = ["publisher"]
    search_fields = ["slug", "title", "publisher"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [PassageInline]


@admin.register(Passage)
class PassageAdmin(KnowledgeAdmin):
    list_display = ["slug", "source", "order"]
    list_filter = ["source"]
    list_select_related = ["source"]
    search_fields = ["slug", "text", "note"]
    autocomplete_fields = ["source"]


class ReflexRootInline(admin.TabularInline):
    model = ReflexRoot
    autocomplete_fields = ["root"]
    extra = 0

    def get_queryset(self, request):
        # Each row's title is its __str__, which names both ends.
        return super().get_queryset(request).select_related("reflex", "root")


@admin.register(Finding)
class FindingAdmin(KnowledgeAdmin):
    list_display = ["slug", "label", "kind", "region", "order"]
    list_filter = ["kind", "region"]
    search_fields = ["slug", "label"]
    autocomplete_fields = ["reflex_nerve", "reflex_muscles", "artery"]
    inlines = [ReflexRootInline]


class StructureRootInline(admin.TabularInline):
    model = StructureRoot
    fk_name = "structure"
    autocomplete_fields = ["root"]
    extra = 0
    verbose_name = "root"
    verbose_name_plural = "roots"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("structure", "root")


class MuscleActionInline(admin.TabularInline):
    model = MuscleAction
    autocomplete_fields = ["movement"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("muscle", "movement")


class SensoryAreaInline(admin.TabularInline):
    model = SensoryArea
    autocomplete_fields = ["area"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("structure", "area")


@admin.register(Structure)
class StructureAdmin(KnowledgeAdmin):
    list_display = ["slug", "name", "kind", "level", "plexus", "parent", "order"]
    list_filter = ["kind", "level"]
    list_select_related = ["plexus", "parent"]
    # synonyms is a JSON list: icontains matches its JSON text, on SQLite and PostgreSQL alike.
    search_fields = ["slug", "name", "synonyms"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "synonyms", "kind", "level", "order", "summary", "note"]}),
        ("Place in the anatomy", {"fields": ["plexus", "parent", "continues_as"]}),
        ("Supply", {"fields": ["nerves", "tendon_muscles", "supplies"]}),
        ("Findings and sources", {"fields": ["signs", "passages"]}),
    ]
    autocomplete_fields = [
        "plexus",
        "parent",
        "continues_as",
        "nerves",
        "tendon_muscles",
        "supplies",
        "signs",
        "passages",
    ]
    inlines = [StructureRootInline, MuscleActionInline, SensoryAreaInline]


@admin.register(Investigation)
class InvestigationAdmin(KnowledgeAdmin):
    list_display = ["slug", "name", "order"]
    search_fields = ["slug", "name"]


class ConditionInvestigationInline(admin.TabularInline):
    model = ConditionInvestigation
    fields = ["order", "investigation", "note"]
    ordering = ["order"]
    autocomplete_fields = ["investigation"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("condition", "investigation")


@admin.register(Condition)
class ConditionAdmin(KnowledgeAdmin):
    list_display = ["slug", "name", "level", "onset", "pain", "sensory", "order"]
    list_filter = ["level", "onset", "pain", "sensory"]
    search_fields = ["slug", "name", "synonyms"]
    fieldsets = [
        (None, {"fields": ["slug", "name", "synonyms", "level", "order"]}),
        ("Presentation", {"fields": ["onset", "pain", "sensory", "summary", "distinguishing"]}),
        ("Relations", {"fields": ["sites", "lookalikes", "clues", "passages"]}),
    ]
    autocomplete_fields = ["sites", "lookalikes", "clues", "passages"]
    inlines = [ConditionInvestigationInline]


# The link tables are edited through the inlines above; listed on their own too, so that
# questions such as "what does the L5 root supply?" have a page.


@admin.register(ReflexRoot)
class ReflexRootAdmin(KnowledgeAdmin):
    list_display = ["reflex", "root", "main"]
    list_filter = ["main"]
    list_select_related = ["reflex", "root"]
    search_fields = ["reflex__slug", "reflex__label", "root__slug", "root__name"]
    autocomplete_fields = ["reflex", "root"]


@admin.register(StructureRoot)
class StructureRootAdmin(KnowledgeAdmin):
    list_display = ["structure", "root", "main"]
    list_filter = ["main", "structure__kind"]
    list_select_related = ["structure", "root"]
    search_fields = ["structure__slug", "structure__name", "root__slug", "root__name"]
    autocomplete_fields = ["structure", "root"]


@admin.register(MuscleAction)
class MuscleActionAdmin(KnowledgeAdmin):
    list_display = ["muscle", "movement", "prime"]
    list_filter = ["prime"]
    list_select_related = ["muscle", "movement"]
    search_fields = ["muscle__slug", "muscle__name", "movement__slug", "movement__label"]
    autocomplete_fields = ["muscle", "movement"]


@admin.register(SensoryArea)
class SensoryAreaAdmin(KnowledgeAdmin):
    list_display = ["structure", "area", "autonomous"]
    list_filter = ["autonomous", "structure__kind"]
    list_select_related = ["structure", "area"]
    search_fields = ["structure__slug", "structure__name", "area__slug", "area__label"]
    autocomplete_fields = ["structure", "area"]


@admin.register(ConditionInvestigation)
class ConditionInvestigationAdmin(KnowledgeAdmin):
    list_display = ["condition", "investigation", "order"]
    list_select_related = ["condition", "investigation"]
    search_fields = ["condition__slug", "condition__name", "investigation__slug", "investigation__name"]
    autocomplete_fields = ["condition", "investigation"]


@admin.register(ContentVersion)
class ContentVersionAdmin(admin.ModelAdmin):
    """Shown so that an instructor can see which version the caches are on; only load_content
    moves it, so nobody adds, edits or deletes it here."""

    list_display = ["number"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- Teaching cases ------------------------------------------------------------------------------


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
    fields = ["label", "correct", "level", "structure", "condition", "investigation", "feedback", "passages"]
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
