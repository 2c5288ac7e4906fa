"""Forms of declarations of use, referents, pooling offers and requests (DSFR)."""

from __future__ import annotations

from django import forms

from recensia.core.forms import BaseForm
from recensia.pooling.models import Shared
from recensia.projects.models import PartnerRole, Project
from recensia.territories.models import Organization

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganizationChoiceMixin:
    """A « Pour quelle collectivité ? » choice among the user's, hidden when there is one."""

    def set_organizations(self, organizations: list[Organization]) -> None:
        field = self.fields["organization"]
        field.queryset = Organization.objects.filter(pk__in=[o.pk for o in organizations])
        field.label_from_instance = lambda org: org.display_name
        if len(organizations) == 1:
            field.initial = organizations[0].pk
            field.widget = forms.HiddenInput()


class UseForm(OrganizationChoiceMixin, BaseForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label="Votre collectivité", empty_label=None)
    use_case = forms.CharField(label="Pour quoi faire ?", max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3}),
                               help_text="En quelques mots : l'usage, le service concerné.")
    since = forms.DateField(label="Utilisée depuis", required=False, widget=DATE_WIDGET,
                            help_text="Date approximative de mise en service.")
    satisfaction = forms.TypedChoiceField(
        label="Votre satisfaction", required=False, coerce=int, empty_value=None,
        choices=[("", "Je ne sais pas encore"), (5, "5 — très satisfaits"), (4, "4"),
                 (3, "3"), (2, "2"), (1, "1 — pas du tout satisfaits")])
    would_recommend = forms.TypedChoiceField(
        label="La recommanderiez-vous à une collectivité comme la vôtre ?", required=False,
        coerce=lambda v: v == "yes", empty_value=None,
        choices=[("", "Je ne sais pas"), ("yes", "Oui"), ("no", "Non")])
    project = forms.ModelChoiceField(queryset=Project.objects.none(), required=False,
                                     label="Projet lié",
                                     help_text="La fiche de votre projet sur RecensIA, si "
                                               "elle existe.",
                                     empty_label="Aucun")

    def __init__(self, *args, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organizations(organizations)
        self.fields["project"].queryset = Project.objects.filter(
            owner__in=organizations).order_by("title", "id")


class ReferentForm(OrganizationChoiceMixin, BaseForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label="Votre collectivité", empty_label=None)
    role = forms.CharField(label="Votre fonction", max_length=200,
                           help_text="Par exemple : secrétaire de mairie, DSI, chef de projet.")
    contact_email = forms.EmailField(
        label="Adresse pour être contacté",
        help_text="Visible des agents des collectivités connectés, pas du public. Une adresse "
                  "de service est préférable.")
    phone = forms.CharField(label="Téléphone", max_length=30, required=False)

    def __init__(self, *args, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organizations(organizations)


class OfferForm(BaseForm):
    shared = forms.MultipleChoiceField(
        label="Ce que vous partagez", choices=Shared.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une chose que vous partagez."})
    shared_detail = forms.CharField(label="Précisions sur ce qui est partagé", required=False,
                                    max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    cost_sharing = forms.CharField(
        label="Répartition des coûts", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple : « au prorata de la population », « gratuit pour les communes "
                  "de l'intercommunalité », « chaque commune paie son abonnement ».")
    open_until = forms.DateField(label="Ouvert jusqu'au", widget=DATE_WIDGET)
    contact_name = forms.CharField(label="Personne à contacter", max_length=200)
    contact_email = forms.EmailField(label="Adresse de contact")


class JoinForm(OrganizationChoiceMixin, BaseForm):
    organization = forms.ModelChoiceField(queryset=Organization.objects.none(),
                                          label="Votre collectivité", empty_label=None)
    role = forms.ChoiceField(
        label="Votre demande", widget=forms.RadioSelect, initial=PartnerRole.PARTNER,
        choices=[(PartnerRole.PARTNER, "Rejoindre le projet (devenir partenaire)"),
                 (PartnerRole.FOLLOWER, "Suivre le projet (être tenu informé, l'utiliser "
                                        "aussi)")])
    message = forms.CharField(label="Message à la collectivité cheffe de file", required=False,
                              max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_organizations(organizations)


class DecisionForm(BaseForm):
    decision = forms.ChoiceField(label="Votre réponse", widget=forms.RadioSelect,
                                 choices=[("accept", "Accepter"), ("refuse", "Refuser")])
    reason = forms.CharField(label="Motif du refus", required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text="Obligatoire pour un refus ; transmis à l'autre "
                                       "collectivité.")
