"""Three-way merge of two edits of one project (pure: plain dicts in, plain dicts out).

When a save meets a newer version, each side's changes are measured against the version
both started from (``base``): a field changed by one side only takes that side's value; a
field both changed to different values is a conflict, which a person settles. Nothing is
taken back silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Conflict:
    key: str
    base: Any
    mine: Any
    theirs: Any


@dataclass
class MergeResult:
    merged: dict[str, Any]
    conflicts: list[Conflict] = field(default_factory=list)
    mine_only: list[str] = field(default_factory=list)
    theirs_only: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.conflicts


def merge(base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any],
          keys: Iterable[str] | None = None) -> MergeResult:
    """Merges ``mine`` and ``theirs``, two edits of ``base``. In the merged result a
    conflicting field keeps ``mine`` (what the person saving typed) until they choose."""
    names = list(keys) if keys is not None else list(dict.fromkeys([*base, *mine, *theirs]))
    result = MergeResult(merged=dict(theirs))
    for key in names:
        old, new, other = base.get(key), mine.get(key), theirs.get(key)
        if new == other:
            result.merged[key] = other
        elif new == old:
            result.merged[key] = other
            result.theirs_only.append(key)
        elif other == old:
            result.merged[key] = new
            result.mine_only.append(key)
        else:
            result.merged[key] = new
            result.conflicts.append(Conflict(key, old, new, other))
    return result


def settle(result: MergeResult, keep_theirs: Iterable[str]) -> dict[str, Any]:
    """The merged values once the person chose, for each conflict, whose value to keep
    (their own unless the key is in ``keep_theirs``)."""
    chosen = dict(result.merged)
    wanted = set(keep_theirs)
    for conflict in result.conflicts:
        chosen[conflict.key] = conflict.theirs if conflict.key in wanted else conflict.mine
    return chosen
