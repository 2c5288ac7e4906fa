"""Checks on text typed or imported by users, shared by forms, the API and imports.

Control characters (NUL and the other invisible codes of C0 and C1, except tabulation
and line ends) have no place in a register of public projects: PostgreSQL refuses NUL
outright and the others break exports and screen readers. They are refused with a French
message, never stored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` written as U+XXXX, or None."""
    match = CONTROL_CHARACTERS.search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def control_character_message(code: str) -> str:
    return (f"contient un caractère de contrôle invisible ({code}), par exemple copié "
            "depuis un autre logiciel : retirez-le puis recommencez.")


@deconstructible
class NoControlCharacters:
    """Validator of forms and model fields."""

    code = "control_character"

    def __call__(self, value: Any) -> None:
        if isinstance(value, str) and (found := control_character(value)):
            raise ValidationError("Ce champ " + control_character_message(found),
                                  code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NoControlCharacters)


validate_no_control_characters = NoControlCharacters()


def strings_with_control_characters(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(path, U+XXXX) for every string of a JSON-like value (keys included) that holds a
    control character; the path names the field (« sources.0.title »)."""
    if isinstance(value, str):
        if found := control_character(value):
            yield path, found
    elif isinstance(value, dict):
        for key, item in value.items():
            child = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and (found := control_character(key)):
                yield child, found
            yield from strings_with_control_characters(item, child)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_with_control_characters(item, f"{path}.{index}" if path
                                                       else str(index))


# Every search box: longer queries are cut (words beyond the limit, letters beyond the
# longest real word). A thousand words or a 4,000-letter word would otherwise cost seconds
# of regular expressions or query planning.
SEARCH_MAX_CHARS = 200
SEARCH_MAX_WORDS = 12
SEARCH_MAX_WORD = 40


def clip_search(text: str) -> str:
    words = (text or "")[:SEARCH_MAX_CHARS * 4].split()[:SEARCH_MAX_WORDS]
    return " ".join(word[:SEARCH_MAX_WORD] for word in words)[:SEARCH_MAX_CHARS]


# Web addresses (sources, project pages, code): http or https only, never ftp://,
# file://, javascript: or a scheme-relative //host.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message="Adresse web invalide : elle doit commencer par http:// ou https:// (par "
            "exemple https://www.ville.fr/projet).")
