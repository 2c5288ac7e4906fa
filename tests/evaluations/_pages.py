"""Reading pages as a person does: visible text only, and the figures in it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from recensia.figures import significant_digits

SKIPPED_TAGS = {"script", "style", "code", "head"}
# Product names that are not measurements.
NAMES = ("RTX 4090", "Spec 2314")
_GROUPS = re.compile(r"(\d)[ \u00a0\u202f](\d{3})(?!\d)")
_NUMBER = re.compile(r"^[+−-]?\d+(,\d+)?$")
_EDGE = "()[]«»“”\"'.,;:!?%×+"


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.parts)  # a figure never spans two elements


def figures(html: str) -> list[str]:
    """Every number a reader sees, except years, versions and legal identifiers (numbers
    joined to letters, dots, slashes or hyphens: « 2024/1689 », « L312-1-3 », « 0.11.3 »)."""
    text = visible_text(html)
    for name in NAMES:
        text = text.replace(name, "")
    previous = None
    while previous != text:
        previous, text = text, _GROUPS.sub(r"\1\2", text)
    out = []
    for word in text.split():
        token = word.strip(_EDGE)
        if not _NUMBER.match(token):
            continue
        if re.fullmatch(r"(19|20)\d\d", token):
            continue  # a year
        out.append(token)
    return out


def too_precise(html: str, limit: int = 3) -> list[str]:
    return [f for f in figures(html) if significant_digits(f) > limit]
