import math

from django import template

from recensia.procurement.grid import METHOD_FOOTPRINT
from recensia.procurement.scoring import fr_number, fr_sig

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def euros(value) -> str:
    return "—" if value is None else f"{fr_number(float(value), 2)}\u00a0€"


@register.filter
def range_text(value) -> str:
    """(low, central, high) → « 120 à 340 (valeur centrale 210) », two significant digits."""
    if not value:
        return "—"
    lo, mid, hi = value
    return f"{fr_sig(lo)} à {fr_sig(hi)} (valeur centrale {fr_sig(mid)})"


@register.filter
def footprint_points(line_scores, lines) -> float:
    return sum(line_scores[line.key].points for line in lines if line.method == METHOD_FOOTPRINT)


@register.filter
def range_bars(footprints) -> dict:
    """Positions (percent, logarithmic axis from a tenth below the lowest bound to the
    highest bound) to draw each range on a common axis; as plain strings for CSS."""
    ranges = {k: v for k, v in (footprints or {}).items() if v and v[2] > 0}
    if not ranges:
        return {}
    low = math.log10(max(min(max(v[0], 1e-9) for v in ranges.values()), 1e-9)) - 0.1
    high = math.log10(max(v[2] for v in ranges.values())) + 0.05
    span = (high - low) or 1.0

    def pos(x: float) -> float:
        return max(0.0, min(100.0, (math.log10(max(x, 1e-9)) - low) / span * 100))

    return {k: {"left": f"{pos(lo):.1f}", "width": f"{max(pos(hi) - pos(lo), 0.6):.1f}",
                "mid": f"{pos(mid):.1f}"}
            for k, (lo, mid, hi) in ranges.items()}


@register.filter
def problems(checks) -> list:
    """Checks that are not passed (to correct or to verify)."""
    return [c for c in checks if c.status != "ok"]
