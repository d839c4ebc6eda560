from django import forms

from cases.models import Case
from teaching.models import Assignment, Cohort


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name"]
        labels = {"name": "Name of the cohort (for example, Year 3 neurology, spring)"}


class AssignmentForm(forms.ModelForm):
    cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.published().order_by("title"),
        widget=forms.CheckboxSelectMultiple,
        label="Cases",
        error_messages={"required": "Choose at least one case."},
    )
    due = forms.DateTimeField(
        label="Due (date and time, UTC)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"],
        error_messages={"required": "Give a due date.", "invalid": "Give the due date as YYYY-MM-DD HH:MM."},
    )

    class Meta:
        model = Assignment
        fields = ["title", "cases", "due", "mode"]
        widgets = {"mode": forms.RadioSelect}


class JoinForm(forms.Form):
    code = forms.CharField(max_length=20, label="Join code", error_messages={"required": "Enter the join code."})

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        cohort = Cohort.objects.filter(code=code).first()
        if cohort is None:
            raise forms.ValidationError("No cohort has that code: check it with your instructor.")
        self.cohort = cohort
        return code
