"""The teaching cases in the admin, for instructors: a case with its steps and each step's options
inline (django-nested-admin), the whole-patient examination, passages by autocomplete, draft and
published states; its checks (cases.authoring) shown on the page and run on every save, a
preview as a student sees it, and export and import in the content format. Learners' attempts
are read-only."""

import nested_admin
from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from cases.authoring import ImportProblem, check_case, export_zip, import_files
from cases.casefiles import EXAMINATION_KEYS
from cases.models import Attempt, Case, Option, Step, TeachingPoint
from knowledge.graph import get_engine
from knowledge.localizer import FindingsError
from knowledge.versioning import bump_content_version


class OptionInline(nested_admin.NestedStackedInline):
    model = Option
    extra = 0
    fields = [
        "label",
        ("correct", "accepted"),
        "level",
        ("structure", "segment"),
        "condition",
        "investigation",
        "feedback",
        "passages",
        "reference",
    ]
    autocomplete_fields = ["structure", "condition", "investigation", "passages"]
    sortable_field_name = ""

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("structure", "condition", "investigation")


class StepInline(nested_admin.NestedStackedInline):
    model = Step
    extra = 0
    fields = [("number", "kind", "mode"), "prompt"]
    ordering = ["number"]
    inlines = [OptionInline]


class TeachingPointInline(nested_admin.NestedStackedInline):
    model = TeachingPoint
    extra = 0
    autocomplete_fields = ["passages"]


class CaseForm(forms.ModelForm):
    """The examination as JSON, checked as the content files are (docs/content-format.md)."""

    class Meta:
        model = Case
        fields = [
            "title", "slug", "published", "difficulty", "topics", "conditions", "contrast",
            "stem", "side", "examination", "author", "reviewed",
        ]  # fmt: skip
        widgets = {"examination": forms.Textarea(attrs={"rows": 16, "class": "vLargeTextField"})}
        help_texts = {
            "examination": "The whole patient, as in the content files: "
            + ", ".join(EXAMINATION_KEYS)
            + ". Power in MRC grades (or weak/normal in an infant)."
        }

    def clean_examination(self):
        examination = self.cleaned_data["examination"]
        if not isinstance(examination, dict):
            raise forms.ValidationError("The examination is a JSON object of findings.")
        unknown = set(examination) - set(EXAMINATION_KEYS)
        if unknown:
            raise forms.ValidationError(f"Unknown keys: {', '.join(sorted(unknown))}.")
        probe = Case(examination=examination)
        try:
            findings = probe.findings()
            get_engine().localize(findings)
        except (FindingsError, TypeError, ValueError, AttributeError) as error:
            raise forms.ValidationError(f"The examination is not valid: {error}") from None
        return examination


@admin.register(Case)
class CaseAdmin(nested_admin.NestedModelAdmin):
    form = CaseForm
    list_display = ["title", "slug", "difficulty", "published", "reviewed"]
    list_filter = ["published", "difficulty"]
    search_fields = ["slug", "title", "stem"]
    autocomplete_fields = ["conditions"]
    readonly_fields = ["checks"]
    fieldsets = [
        (None, {"fields": ["checks", "title", "slug", "published", "difficulty", "topics", "conditions", "contrast"]}),
        ("The patient", {"fields": ["stem", "side", "examination"]}),
        ("Review", {"fields": ["author", "reviewed"]}),
    ]
    inlines = [StepInline, TeachingPointInline]
    actions = ["export_selected"]
    change_form_template = "admin/cases/case/change_form.html"
    change_list_template = "admin/cases/case/change_list.html"

    @admin.display(description="Checks")
    def checks(self, case):
        if case.pk is None:
            return "Checked once the case is saved."
        report = check_case(case, get_engine())
        if not report.problems:
            return format_html('<p class="checks-ok">{}</p>', "Every check passes: students may see it.")
        problems = format_html_join("", "<li>{}</li>", ((problem,) for problem in report.problems))
        html = format_html('<ul class="checks-problems">{}</ul>', problems)
        for candidate in report.candidates:
            evidence = format_html_join(
                "", "<li>{} ({})</li>", ((finding, f"{weight:+.2f}") for finding, weight in candidate["evidence"])
            )
            html += format_html(
                "<p>Localizer: <strong>{}</strong>, score {}</p><ul>{}</ul>",
                candidate["name"],
                f"{candidate['score']:.2f}",
                evidence,
            )
        return html

    def save_related(self, request, form, formsets, change):
        """After the steps and options are saved: run the checks; a case that fails them is kept
        as a draft, whatever its published box said, and the author is told why."""
        super().save_related(request, form, formsets, change)
        case = form.instance
        report = check_case(case, get_engine())
        for problem in report.problems:
            messages.warning(request, problem)
        if report.problems and case.published:
            Case.objects.filter(pk=case.pk).update(published=False)
            case.published = False
            messages.error(request, "Not published: students see a case only once every check passes.")
        bump_content_version()  # the case list and the reference pages that list cases render afresh

    def get_urls(self):
        return [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview), name="cases_case_preview"),
            path("import/", self.admin_site.admin_view(self.import_view), name="cases_case_import"),
            *super().get_urls(),
        ]

    def preview(self, request, pk):
        """The case exactly as a student first sees it, draft or published."""
        from cases.views import play_context

        case = get_object_or_404(Case.objects.prefetch_related("conditions"), pk=pk)
        if not self.has_view_permission(request, case):
            return HttpResponse(status=403)
        steps = list(case.steps.for_play())
        context = play_context(request, case, steps, None) | {"preview": True}
        return render(request, "cases/case_play.html", context)

    @admin.action(description="Export the selected cases as content files (zip)")
    def export_selected(self, request, queryset):
        response = HttpResponse(export_zip(queryset.values_list("slug", flat=True)), content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="legweak-cases.zip"'
        return response

    def import_view(self, request):
        if not self.has_add_permission(request) or not self.has_change_permission(request):
            return HttpResponse(status=403)
        error, status = "", 200
        if request.method == "POST":
            files = {upload.name: upload.read() for upload in request.FILES.getlist("files")}
            try:
                slugs = import_files(files)
            except ImportProblem as problem:
                error, status = str(problem), 400
            else:
                messages.success(
                    request, f"Imported {len(slugs)} case{'s' if len(slugs) != 1 else ''}: {', '.join(slugs)}."
                )
                return redirect(reverse("admin:cases_case_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": "Import cases",
            "error": error,
            "opts": self.model._meta,
        }
        return render(request, "admin/cases/case/import.html", context, status=status)


@admin.register(Step)
class StepAdmin(nested_admin.NestedModelAdmin):
    list_display = ["case", "number", "kind", "prompt"]
    list_filter = ["kind"]
    list_select_related = ["case"]
    search_fields = ["case__slug", "case__title", "prompt"]
    inlines = [OptionInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        bump_content_version()


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
