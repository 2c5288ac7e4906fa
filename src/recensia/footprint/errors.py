"""The single error type of the engine: a field name and a message in French."""

from __future__ import annotations


class FootprintError(ValueError):
    """Invalid input. ``field`` names the offending input (dotted path, e.g.
    ``profiles[0].requests_per_month``); ``message`` is plain French for the user."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"FootprintError(field={self.field!r}, message={self.message!r})"
