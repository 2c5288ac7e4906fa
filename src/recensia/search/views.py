from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from recensia.accounts import permissions
from recensia.accounts.permissions import PermissionDenied
from recensia.core.forms import error_summary
from recensia.search import services
from recensia.search.forms import SynonymForm
from recensia.search.models import SynonymGroup


@login_required
def synonyms(request):
    if not permissions.can_manage_reference_lists(request.user):
        raise PermissionDenied("Cette page est réservée à l'équipe de modération.")
    form = SynonymForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_synonym_group(user=request.user, terms=form.cleaned_data["terms"])
        except ValidationError as exc:
            for err in exc.message_dict.get("terms", exc.messages):
                form.add_error("terms", err)
        else:
            messages.success(request, "Les synonymes sont enregistrés : la recherche en tient "
                                      "compte dès maintenant.")
            return redirect("search:synonyms")
    return render(request, "search/synonyms.html", {
        "groups": SynonymGroup.objects.order_by("id"), "form": form,
        "errors": error_summary(form), "title": "Synonymes de la recherche"})
