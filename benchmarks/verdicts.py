"""The table the benchmarks print: measure, result, target and PASS/FAIL."""

from __future__ import annotations


def print_verdicts(rows: list[tuple[str, str, str, bool | None]], *, value_width: int = 22,
                   target_width: int = 10) -> None:
    """``rows``: (label, result, target, verdict); a verdict of None prints none."""
    width = max(len(row[0]) for row in rows)
    print(f"{'Mesure':<{width}}  {'Résultat':>{value_width}}  {'Cible':>{target_width}}  "
          "Verdict")
    print("-" * (width + value_width + target_width + 14))
    for label, value, target, ok in rows:
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        print(f"{label:<{width}}  {value:>{value_width}}  {target:>{target_width}}  {verdict}")
