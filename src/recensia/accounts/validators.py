"""Password rules added to Django's validators (settings.AUTH_PASSWORD_VALIDATORS)."""

from django.core.exceptions import ValidationError


class NotBlankPasswordValidator:
    """Refuses a password made only of spaces (or other blank characters), whatever its
    length: ten spaces are not a secret."""

    def validate(self, password, user=None):
        if not password.strip():
            raise ValidationError(
                "Le mot de passe ne peut pas être composé uniquement d'espaces.",
                code="password_blank")

    def get_help_text(self):
        return "Votre mot de passe ne peut pas être composé uniquement d'espaces."
