"""One-time links sent by e-mail."""

from django.contrib.auth.tokens import PasswordResetTokenGenerator


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A link that confirms the address once: it stops working when the address changes or
    has been confirmed. Valid ``PASSWORD_RESET_TIMEOUT`` seconds (3 days by default)."""

    key_salt = "recensia.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified_at}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()
