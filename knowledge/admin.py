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

from knowledge.models import (
    Condition,
    ConditionInvestigation,
    ContentVersion,
    Finding,
    Investigation,
    MuscleAction,
    Passage,
    ReflexRoot,
    SensoryArea,
    Source,
    Structure,
    StructureRoot,
)
from knowledge.versioning import bump_content_version


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


class LinkAdmin(KnowledgeAdmin):
    """A link table listed on its own: its two `ends` are picked by autocomplete and read with
    the rows (one query per changelist page)."""

    ends = []

    def get_autocomplete_fields(self, request):
        return self.ends

    def get_list_select_related(self, request):
        return self.ends


# model: (its two ends, the columns after them, its filters, the fields searched)
LINK_TABLES = {
    ReflexRoot: (["reflex", "root"], ["main"], ["main"], ["reflex__slug", "reflex__label", "root__slug", "root__name"]),
    StructureRoot: (
        ["structure", "root"], ["main"], ["main", "structure__kind"],
        ["structure__slug", "structure__name", "root__slug", "root__name"],
    ),
    MuscleAction: (
        ["muscle", "movement"], ["prime"], ["prime"],
        ["muscle__slug", "muscle__name", "movement__slug", "movement__label"],
    ),
    SensoryArea: (
        ["structure", "area"], ["autonomous"], ["autonomous", "structure__kind"],
        ["structure__slug", "structure__name", "area__slug", "area__label"],
    ),
    ConditionInvestigation: (
        ["condition", "investigation"], ["order"], [],
        ["condition__slug", "condition__name", "investigation__slug", "investigation__name"],
    ),
}  # fmt: skip

for model, (ends, columns, filters, searched) in LINK_TABLES.items():
    admin.site.register(
        model, LinkAdmin, ends=ends, list_display=[*ends, *columns], list_filter=filters, search_fields=searched
    )


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
