from django import template

from recensia.procurement.grid import METHOD_FOOTPRINT
from recensia.procurement.scoring import fr_number, fr_sig

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def euros(value) -> str:
    return "—" if value is None else f"{fr_number(float(value), 2)} €"


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
    """Positions (percent of the largest upper bound) to draw each range on a common axis."""
    ranges = {k: v for k, v in (footprints or {}).items() if v}
    top = max((v[2] for v in ranges.values()), default=0)
    if top <= 0:
        return {}
    return {k: {"left": round(lo / top * 100, 1),
                "width": max(round((hi - lo) / top * 100, 1), 0.5),
                "mid": round(mid / top * 100, 1)}
            for k, (lo, mid, hi) in ranges.items()}
