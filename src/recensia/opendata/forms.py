from django import forms

from recensia.core.forms import BaseForm
from recensia.opendata.tabular import MAX_FILE_SIZE


class UploadForm(BaseForm):
    file = forms.FileField(
        label="Fichier à importer",
        help_text="Tableau CSV (.csv) ou Excel (.xlsx), 10 Mo au plus, avec les colonnes de "
                  "l'export (une ligne par projet).")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError("Envoyez un fichier CSV (.csv) ou Excel (.xlsx).")
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError("Le fichier dépasse 10 Mo : découpez-le en plusieurs "
                                        "fichiers.")
        return upload
