from django import forms


class DeleteAccountForm(forms.Form):
    """Deleting an account: what to do with the answers, and the password to confirm it is them."""

    EVERYTHING, KEEP = "everything", "keep-answers"
    keep = forms.ChoiceField(
        label="What happens to your answers",
        widget=forms.RadioSelect,
        choices=[
            (EVERYTHING, "Delete them with everything else."),
            (
                KEEP,
                "Keep them, with no link to you, in the figures of how learners answer each step "
                "(your review queue and your account are deleted all the same).",
            ),
        ],
        error_messages={"required": "Choose what happens to your answers."},
    )
    password = forms.CharField(
        label="Your password, to confirm",
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm."},
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password
