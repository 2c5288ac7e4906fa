"""Refuses, before any view runs, the requests that carry control characters (NUL…) in
their address or in a JSON body of the API. Forms check their own fields (``BaseForm``),
imports their cells: all with ``core.text``."""

from __future__ import annotations

import json

from recensia.core.errors import error_response, wants_json
from recensia.core.text import (
    CONTROL_CHARACTERS,
    control_character,
    control_character_message,
    strings_with_control_characters,
)


class RejectControlCharactersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self._problem(request)
        if problem is not None:
            name, where, code = problem
            message = f"{where} {control_character_message(code)}"
            message = message[:1].upper() + message[1:]
            # The API answers 422 for every invalid parameter or body (see its OpenAPI).
            return error_response(request, 422 if wants_json(request) else 400, message,
                                  errors={name: [message]}, title="Demande refusée")
        return self.get_response(request)

    @staticmethod
    def _problem(request) -> tuple[str, str, str] | None:
        """(field name, where in French, U+XXXX) of the first control character."""
        for key, values in request.GET.lists():
            for text in (key, *values):
                if found := control_character(text):
                    name = CONTROL_CHARACTERS.sub("", key).strip()[:40] or "?"
                    return name, f"le paramètre « {name} » de l'adresse", found
        if wants_json(request) and request.content_type == "application/json" \
                and request.method in ("POST", "PUT", "PATCH"):
            try:
                payload = json.loads(request.body or b"null")
            except ValueError:
                return None  # the API answers 422 for a body that is not JSON
            for path, found in strings_with_control_characters(payload):
                return path, f"le champ « {path} »", found
        return None
