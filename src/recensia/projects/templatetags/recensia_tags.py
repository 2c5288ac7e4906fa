from django import template

register = template.Library()


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form, name: str):
    return form[name]


@register.filter
def as_display(value) -> str:
    """Readable rendering of a snapshot value in the history."""
    if value is None or value == "" or value == []:
        return "(vide)"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                parts.append(" · ".join(str(v) for v in item.values() if v not in (None, "")))
            elif isinstance(item, list):
                parts.append(" ".join(str(v) for v in item))
            else:
                parts.append(str(item))
        return "\n".join(parts)
    if isinstance(value, dict):
        return " · ".join(str(v) for v in value.values() if v)
    return str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key)
