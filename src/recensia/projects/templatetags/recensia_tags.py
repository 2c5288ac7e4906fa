from django import template

register = template.Library()


@register.filter
def field(form, name: str):
    """The bound field ``name`` of a form (names built in the template, e.g. per line)."""
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
def thousands(value) -> str:
    """12345 → « 12 345 » (narrow no-break space), cheaper than humanize's intcomma."""
    try:
        return f"{int(value):,}".replace(",", "\u202f")
    except (TypeError, ValueError):
        return str(value)


@register.simple_tag
def facet_fieldsets(results, facet_labels):
    """The facet checkboxes of the results page. Built in Python: with a dozen facets of a
    dozen values each, this is several times cheaper than the equivalent template loop."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    parts = []
    hint = ('<p class="fr-text--xs fr-mb-0">Seules les valeurs les plus fréquentes sont '
            'affichées : précisez la recherche pour voir les autres.</p>')
    for name, label in facet_labels.items():
        values = results.facets.get(name)
        if not values:
            continue
        parts.append(f'<fieldset class="fr-fieldset fr-mb-1w" aria-labelledby="facette-{name}">'
                     f'<legend class="fr-fieldset__legend fr-text--md fr-mb-1w" '
                     f'id="facette-{name}">{escape(label)}</legend>')
        for i, fv in enumerate(values, start=1):
            checked = " checked" if fv.selected else ""
            parts.append(
                f'<div class="fr-fieldset__element fr-mb-0"><div class="fr-checkbox-group '
                f'fr-checkbox-group--sm"><input type="checkbox" id="f-{name}-{i}" name="{name}" '
                f'value="{escape(fv.value)}"{checked}><label class="fr-label" for="f-{name}-{i}">'
                f'{escape(fv.label)} ({thousands(fv.count)})</label></div></div>')
        if results.hidden_values.get(name):
            parts.append(hint)
        parts.append("</fieldset>")
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped above


@register.simple_tag
def field_row(label, value):
    """A « label / value » pair of a project page, or nothing when the value is empty."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    if value in (None, ""):
        return ""
    text = escape(str(value)).replace("\n", "<br>")
    return mark_safe(  # noqa: S308 - label and value are escaped
        f'<dt class="fr-text--bold fr-mb-0">{escape(label)}</dt><dd class="fr-mb-2w">{text}</dd>')


_BADGE_CLASS = {"deployed": "fr-badge--success", "stopped": "fr-badge--error",
                "pilot": "fr-badge--info"}


def _badges(project) -> str:
    from django.utils.html import escape

    if project.kind == "governance" and project.status == "deployed":
        label = "Adoptée ou en vigueur"
    else:
        label = project.get_status_display()
    css = _BADGE_CLASS.get(project.status, "fr-badge--new")
    html = f'<li><p class="fr-badge fr-badge--sm {css}">{escape(label)}</p></li>'
    if project.state != "published":
        html += ('<li><p class="fr-badge fr-badge--sm fr-badge--warning">'
                 f'{escape(project.get_state_display())}</p></li>')
    return html


@register.simple_tag
def status_badges(project):
    """The « avancement » badge of a project (and its publication state if not public)."""
    from django.utils.safestring import mark_safe

    return mark_safe(_badges(project))  # noqa: S308 - labels are escaped


@register.simple_tag
def project_card(project):
    """A DSFR card for a project (lists, home, similar projects). Built in Python because
    pages show up to twenty of them."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe
    from django.utils.text import Truncator

    governance = ('<li><p class="fr-badge fr-badge--sm fr-badge--purple-glycine">Gouvernance'
                  '</p></li>' if project.kind == "governance" else "")
    since = f" · depuis {project.start_year}" if project.start_year else ""
    return mark_safe(  # noqa: S308 - every value is escaped
        '<div class="fr-card fr-enlarge-link"><div class="fr-card__body">'
        '<div class="fr-card__content">'
        f'<h3 class="fr-card__title"><a href="{escape(project.get_absolute_url())}">'
        f'{escape(project.title)}</a></h3>'
        f'<p class="fr-card__desc">{escape(Truncator(project.short_description).chars(220))}'
        '</p><div class="fr-card__start"><ul class="fr-badges-group">'
        f'{_badges(project)}{governance}</ul></div>'
        '<div class="fr-card__end"><p class="fr-card__detail fr-icon-map-pin-2-line">'
        f'{escape(project.owner.display_name)}{since}</p></div></div></div></div>')


@register.simple_tag
def change_status(project, user):
    """The pending (or last decided) change of a published project, for its collectivité's
    members and moderators (None for anyone else)."""
    from recensia.projects import selectors
    return selectors.change_status_for(project, user)


@register.simple_tag
def open_report(project):
    """The error report waiting for an answer on this project, if any."""
    from recensia.projects import selectors
    return selectors.open_report(project)


@register.simple_tag
def report_answer_days() -> int:
    """The public deadline of an answer to an error report, in days."""
    from recensia.projects.services import REPORT_ANSWER_DAYS
    return REPORT_ANSWER_DAYS


@register.filter
def person_name(user) -> str:
    """A person on a public page: their name, never their e-mail address."""
    full = user.get_full_name() if user is not None else ""
    return full or "un membre de la collectivité"
