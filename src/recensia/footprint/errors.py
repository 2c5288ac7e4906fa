"""The single error type of the engine: where the input is wrong, and a message in French."""

from __future__ import annotations

# Where an input lies: ("profiles", 0, "requests_per_month") is the number of requests of
# the first usage profile; ("gains", "water_m3"), ("inhabitants",).
Path = tuple[str | int, ...]


class FootprintError(ValueError):
    """Invalid input. ``path`` locates the offending input, set where the error is raised
    (a form maps it back to its own field); ``field`` writes it as text
    (``profiles[0].requests_per_month``); ``message`` is plain French for the user."""

    def __init__(self, path: Path | str, message: str):
        super().__init__(message)
        self.path: Path = (path,) if isinstance(path, str) else tuple(path)
        self.message = message

    @property
    def field(self) -> str:
        text = ""
        for part in self.path:
            text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def __str__(self) -> str:
        return self.message

    def __repr__(self) -> str:
        return f"FootprintError(path={self.path!r}, message={self.message!r})"
