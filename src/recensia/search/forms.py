from django import forms

from recensia.core.forms import BaseForm


class SynonymForm(BaseForm):
    terms = forms.CharField(
        label="Termes équivalents", max_length=1000,
        help_text="Au moins deux termes séparés par des virgules, par exemple : cantine, "
                  "restauration scolaire. Une recherche sur l'un trouve aussi les autres. "
                  "Pour un terme général qui doit trouver des termes plus précis, mais pas "
                  "l'inverse, écrivez-le avant « > » : déchets > encombrants, biodéchets.")
