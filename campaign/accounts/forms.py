from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from campaign.accounts.services import MIN_PASSWORD_LENGTH
from campaign.common.forms import enum_choices, single_line
from campaign.models import UserRole


class LoginForm(FlaskForm):
    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter your e-mail address."), single_line],
        render_kw={"autocomplete": "username", "autofocus": True},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired("Enter your password.")],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()


class NewPasswordForm(FlaskForm):
    """A new password, typed twice: for a password change and a reset link."""

    new_password = PasswordField(
        "New password",
        validators=[
            DataRequired("Enter a new password."),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=f"Use at least {MIN_PASSWORD_LENGTH} characters.",
            ),
        ],
        description=f"At least {MIN_PASSWORD_LENGTH} characters. A few unrelated words work well.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm_password = PasswordField(
        "New password again",
        validators=[
            DataRequired("Enter the new password again."),
            EqualTo("new_password", "The two new passwords are not the same."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class PasswordForm(NewPasswordForm):
    """Changing your own password: the current one first."""

    current_password = PasswordField(
        "Current password",
        validators=[DataRequired("Enter your current password.")],
        render_kw={"autocomplete": "current-password"},
    )


ROLE_CHOICES = enum_choices(UserRole)


class UserEditForm(FlaskForm):
    """An admin changes an account's role, clearance and whether it may sign in."""

    role = SelectField("Role", choices=ROLE_CHOICES)
    clearance = BooleanField("Cleared to read restricted evidence")
    active = BooleanField("Active (may sign in)")


class UserCreateForm(FlaskForm):
    """No password: creating an account shows a reset link to hand to its holder."""

    email = EmailField(
        "E-mail address",
        validators=[DataRequired("Enter an e-mail address."), Length(max=254), single_line],
        render_kw={"autocomplete": "off"},
    )
    name = StringField("Name", validators=[Length(max=200), single_line])
    role = SelectField("Role", choices=ROLE_CHOICES, default=UserRole.VIEWER.value)
    clearance = BooleanField("Cleared to read restricted evidence")


class ResetPasswordForm(NewPasswordForm):
    """Choosing a password through an admin-issued reset link."""
