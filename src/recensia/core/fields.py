"""Model fields shared by the apps."""

from django.db import models

from recensia.core.text import validate_web_url


class WebURLField(models.URLField):
    """A web address: http:// or https:// only (Django's URLField also takes ftp://),
    with one French message."""

    default_validators = [validate_web_url]

    def formfield(self, **kwargs):
        # An address typed without « https:// » gets it (Django 6's default, said now).
        return super().formfield(**{"assume_scheme": "https", **kwargs})
