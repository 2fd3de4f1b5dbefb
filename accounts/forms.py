"""Sign-up and sign-in forms."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm

from accounts.models import User


class SignUpForm(UserCreationForm):
    """Create a candidate account; the email must be unique so a reset reaches one person."""

    email = forms.EmailField(
        required=True,
        help_text="Used only to send you a password reset link.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists. Sign in, or reset your password.",
                code="duplicate_email",
            )
        return email


class ExamSettingsForm(forms.ModelForm):
    """Settings that change how the candidate's future mock exams run."""

    class Meta:
        model = User
        fields = ("esl_extra_time",)


class SignInForm(AuthenticationForm):
    """Django's sign-in form with the username's length checked on the server: Django only sets
    the browser's maxlength, and a longer name reached the throttling's 255-character column."""

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if len(username) > User._meta.get_field("username").max_length:
            raise forms.ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )
        return username
