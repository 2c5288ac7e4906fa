"""Project forms: what the user types, parsed into ``services.ProjectData``."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError

from recensia.core.forms import BaseForm, formfield_callback
from recensia.projects.models import (
    Domain,
    Indicator,
    PartnerRole,
    Project,
    Source,
    Technique,
)
from recensia.projects.services import ProjectData
from recensia.territories.models import Organization
from recensia.territories.selectors import get_organization_by_code

PROJECT_FIELDS = [
    "kind", "title", "short_description", "description", "keywords", "domains", "techniques",
    "status", "status_detail", "status_reason", "start_year", "start_date", "end_date",
    "purpose", "decision_role", "alternatives_considered", "results_summary",
    "solution_name", "procurement", "investment_eur", "yearly_cost_eur", "funding",
    "hosting_provider", "hosting_country", "secnumcloud", "open_source", "source_code_url",
    "data_sources", "personal_data", "personal_data_details", "dpia_done", "fria_done",
    "human_oversight", "contest_procedure", "risks", "lessons_learned", "team",
    "contact_email", "web_page", "next_review_date",
]

HELP = {
    "kind": "Un système d'IA est un outil qui fonctionne ; une démarche de gouvernance est une "
            "charte, une stratégie, une convention citoyenne ou un programme de financement.",
    "title": "Un titre parlant, par exemple « Détection des fuites sur le réseau d'eau ».",
    "description": "Le contexte, le fonctionnement, les personnes concernées.",
    "status_detail": "Par exemple « expérimentation sur 3 quartiers jusqu'en juin ».",
    "purpose": "Le besoin de départ : quel problème le projet doit-il résoudre ?",
    "decision_role": "L'IA prépare-t-elle le travail d'un agent, ou produit-elle seule une "
                     "décision qui s'impose à un usager ?",
    "alternatives_considered": "Ce qui a été envisagé à la place, y compris une solution sans "
                               "IA (réorganisation, logiciel classique…).",
    "results_summary": "Les résultats observés, en précisant qui les a mesurés.",
    "procurement": "Par exemple marché public, convention, groupement de commandes, "
                   "développement interne.",
    "secnumcloud": "SecNumCloud est la qualification de sécurité des hébergeurs délivrée par "
                   "l'ANSSI.",
    "dpia_done": "L'AIPD (analyse d'impact relative à la protection des données) est exigée "
                 "par le RGPD pour les traitements à risque.",
    "fria_done": "Exigée par le règlement européen sur l'IA pour certains systèmes à haut "
                 "risque.",
    "human_oversight": "Qui vérifie les résultats de l'IA, et comment ?",
    "contest_procedure": "Comment un habitant peut-il demander des explications ou contester ?",
    "next_review_date": "Date à laquelle vous prévoyez de relire et mettre à jour cette fiche.",
    "start_year": "Année de lancement, même approximative.",
}

WIDGET_TEXTAREA_SMALL = forms.Textarea(attrs={"rows": 3})
CODE_SPLIT = re.compile(r"[,;\s]+")


class ProjectForm(forms.ModelForm, BaseForm):
    owner = forms.ModelChoiceField(
        label="Collectivité porteuse", queryset=Organization.objects.none(),
        empty_label="Choisissez la collectivité",
        help_text="La collectivité qui pilote le projet (vous devez en être membre validé).",
    )
    partner_codes = forms.CharField(
        label="Collectivités partenaires", required=False,
        help_text="Codes INSEE (communes, 5 caractères) ou SIREN (9 chiffres) séparés par des "
                  "virgules, par exemple « 38455, 243800604 ». Retrouvez un code sur la page "
                  "Collectivités.",
    )
    follower_codes = forms.CharField(
        label="Collectivités qui suivent le projet ou l'utilisent aussi", required=False,
        help_text="Mêmes codes que ci-dessus : ces collectivités rejoignent le projet derrière "
                  "la collectivité porteuse (mutualisation).",
    )
    vendor_name = forms.CharField(label="Fournisseur", required=False, max_length=200,
                                  help_text="Nom de l'entreprise ou de l'organisme.")
    vendor_siren = forms.RegexField(
        label="SIREN du fournisseur", required=False, regex=r"^\d{9}$",
        error_messages={"invalid": "Le SIREN compte exactement 9 chiffres."},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Project
        fields = PROJECT_FIELDS
        formfield_callback = formfield_callback
        widgets = {
            "short_description": forms.Textarea(attrs={"rows": 3, "maxlength": 400}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "status_reason": WIDGET_TEXTAREA_SMALL,
            "purpose": WIDGET_TEXTAREA_SMALL,
            "alternatives_considered": WIDGET_TEXTAREA_SMALL,
            "results_summary": WIDGET_TEXTAREA_SMALL,
            "funding": WIDGET_TEXTAREA_SMALL,
            "data_sources": WIDGET_TEXTAREA_SMALL,
            "personal_data_details": WIDGET_TEXTAREA_SMALL,
            "human_oversight": WIDGET_TEXTAREA_SMALL,
            "contest_procedure": WIDGET_TEXTAREA_SMALL,
            "risks": WIDGET_TEXTAREA_SMALL,
            "lessons_learned": WIDGET_TEXTAREA_SMALL,
            "domains": forms.CheckboxSelectMultiple,
            "techniques": forms.CheckboxSelectMultiple,
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "next_review_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, owner_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owner_choices
        instance = self.instance
        if instance.pk:
            self.fields["owner"].initial = instance.owner_id
            self.fields["version"].initial = instance.version
            partners = instance.partnerships.select_related("organization")
            self.fields["partner_codes"].initial = ", ".join(
                p.organization.url_code for p in partners if p.role == PartnerRole.PARTNER)
            self.fields["follower_codes"].initial = ", ".join(
                p.organization.url_code for p in partners if p.role == PartnerRole.FOLLOWER)
            if instance.vendor_id:
                self.fields["vendor_name"].initial = instance.vendor.name
                self.fields["vendor_siren"].initial = instance.vendor.siren
        elif owner_choices.count() == 1:
            self.fields["owner"].initial = owner_choices.first().pk
        self.fields["domains"].queryset = Domain.objects.filter(is_active=True)
        self.fields["techniques"].queryset = Technique.objects.filter(is_active=True)
        self.fields["domains"].required = False
        self.fields["techniques"].required = False
        for name, text in HELP.items():
            self.fields[name].help_text = text

    def _codes(self, name: str) -> list[Organization]:
        orgs, unknown = [], []
        for code in CODE_SPLIT.split(self.cleaned_data.get(name) or ""):
            if not code:
                continue
            org = get_organization_by_code(code)
            if org is None:
                unknown.append(code)
            else:
                orgs.append(org)
        if unknown:
            raise ValidationError(
                "Code(s) inconnu(s) : " + ", ".join(unknown) + ". Indiquez un code INSEE de "
                "commune (5 caractères) ou un SIREN (9 chiffres)."
            )
        return orgs

    def clean_partner_codes(self):
        return self._codes("partner_codes")

    def clean_follower_codes(self):
        return self._codes("follower_codes")

    def to_data(self, indicators: list[dict], sources: list[dict]) -> ProjectData:
        cd = self.cleaned_data
        fields = {name: cd.get(name) for name in PROJECT_FIELDS
                  if name not in ("domains", "techniques")}
        for name, value in fields.items():
            if value is None and not Project._meta.get_field(name).null:
                fields[name] = Project._meta.get_field(name).get_default()
        partners = [(org, PartnerRole.PARTNER) for org in cd.get("partner_codes") or []]
        partners += [(org, PartnerRole.FOLLOWER) for org in cd.get("follower_codes") or []]
        return ProjectData(
            fields=fields, owner=cd["owner"], vendor_name=cd.get("vendor_name") or "",
            vendor_siren=cd.get("vendor_siren") or "", domains=list(cd.get("domains") or []),
            techniques=list(cd.get("techniques") or []), partners=partners,
            indicators=indicators, sources=sources,
        )

    def _post_clean(self):
        # Model validation happens in the service (single place for the rules).
        pass


class IndicatorForm(forms.ModelForm, BaseForm):
    class Meta:
        model = Indicator
        formfield_callback = formfield_callback
        fields = ["label", "value_before", "value_after", "unit", "measured_by", "measured_on",
                  "source_url", "note"]

    def _post_clean(self):
        pass


class SourceForm(forms.ModelForm, BaseForm):
    class Meta:
        model = Source
        formfield_callback = formfield_callback
        fields = ["url", "title"]

    def _post_clean(self):
        pass


def _rows(formset) -> list[dict]:
    rows = []
    for form in formset.forms:
        if not form.has_changed() or form.cleaned_data.get("DELETE"):
            continue
        rows.append({k: v for k, v in form.cleaned_data.items()
                     if k not in ("DELETE", "id", "project")})
    return rows


class _FrenchDeleteFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Retirer cette ligne"


IndicatorFormSet = forms.inlineformset_factory(
    Project, Indicator, form=IndicatorForm, formset=_FrenchDeleteFormSet, extra=1,
    can_delete=True)
SourceFormSet = forms.inlineformset_factory(
    Project, Source, form=SourceForm, formset=_FrenchDeleteFormSet, extra=2, can_delete=True)


def formset_rows(formset) -> list[dict]:
    return _rows(formset)


class RejectForm(BaseForm):
    reason = forms.CharField(label="Motif du refus", widget=forms.Textarea(attrs={"rows": 4}),
                             help_text="Ce message est envoyé à la collectivité : dites ce qu'il "
                                       "faut corriger.")


class TaxonomyForm(BaseForm):
    name = forms.CharField(label="Libellé", max_length=120)
    description = forms.CharField(label="Explication en langage courant", required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    is_active = forms.BooleanField(label="Proposé dans les formulaires", required=False,
                                   initial=True)
