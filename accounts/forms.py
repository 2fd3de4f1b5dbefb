"""Sign-up and sign-in forms."""

from django import forms
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordResetForm,
    SetPasswordForm,
    UserCreationForm,
)

from accounts import throttle
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

    def clean(self):
        """Refuse before the password is checked while the account or address is throttled."""
        username = self.cleaned_data.get("username")
        if username:
            refusal = throttle.sign_in_refusal(username, throttle.client_address(self.request))
            if refusal:
                raise forms.ValidationError(refusal, code="throttled")
        return super().clean()


class ThrottledPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most one mail per address every few minutes and a few
    per client an hour; the page that follows is the same whether a mail went out or not."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        if throttle.reset_mail_allowed(email, throttle.client_address(request)):
            super().save(*args, request=request, **kwargs)


class ResetSetPasswordForm(SetPasswordForm):
    """Setting a new password through a reset link also lifts the account's sign-in lock."""

    def save(self, commit=True):
        user = super().save(commit=commit)
        throttle.clear_account(user.get_username())
        return user
