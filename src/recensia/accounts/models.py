"""Users and their memberships of collectivités.

Roles: a visitor is anonymous; a *member* belongs to a collectivité through an
active membership; a *référent* is a member who also validates the memberships of
their collectivité; a *national moderator* validates submissions and curates
lists; an *administrator* is a Django superuser.
"""

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q


class EmailUserManager(UserManager):
    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_user(email=email.lower(), password=password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("username", email.lower())
        return super().create_superuser(email=email.lower(), password=password, **extra_fields)


class User(AbstractUser):
    """Signs in with the e-mail address; ``username`` mirrors it."""

    email = models.EmailField("adresse électronique", unique=True)
    is_moderator = models.BooleanField(
        "modérateur national", default=False,
        help_text="Valide les projets soumis et gère les listes de référence.",
    )
    email_verified_at = models.DateTimeField(
        "adresse confirmée le", null=True, blank=True,
        help_text="Date à laquelle la personne a suivi le lien envoyé à son adresse (ou s'est "
                  "connectée avec ProConnect, qui garantit l'adresse).",
    )
    proconnect_sub = models.CharField(
        "identifiant ProConnect", max_length=255, blank=True, default="",
        help_text="Identifiant stable de la personne chez ProConnect (« sub »).",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = EmailUserManager()

    class Meta:
        verbose_name = "utilisateur"
        verbose_name_plural = "utilisateurs"
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(fields=["proconnect_sub"], condition=~Q(proconnect_sub=""),
                                    name="user_unique_proconnect_sub"),
        ]

    def __str__(self) -> str:
        full = self.get_full_name()
        return full or self.email

    @property
    def is_national_moderator(self) -> bool:
        return self.is_active and (self.is_moderator or self.is_superuser)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2].lower()


class MembershipRole(models.TextChoices):
    MEMBER = "member", "Membre"
    REFERENT = "referent", "Référent"


class MembershipStatus(models.TextChoices):
    PENDING = "pending", "En attente de validation"
    ACTIVE = "active", "Validée"
    REFUSED = "refused", "Refusée"
    ENDED = "ended", "Terminée"


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="memberships",
                             verbose_name="utilisateur")
    organization = models.ForeignKey(
        "territories.Organization", on_delete=models.PROTECT, related_name="memberships",
        verbose_name="collectivité",
    )
    role = models.CharField("rôle", max_length=16, choices=MembershipRole.choices,
                            default=MembershipRole.MEMBER)
    status = models.CharField("statut", max_length=16, choices=MembershipStatus.choices,
                              default=MembershipStatus.PENDING)
    job_title = models.CharField("fonction", max_length=200, blank=True, default="")
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="décidée par")
    refusal_reason = models.TextField("motif du refus", blank=True, default="")
    invitation = models.ForeignKey("Invitation", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name="invitation suivie")

    class Meta:
        verbose_name = "appartenance à une collectivité"
        verbose_name_plural = "appartenances aux collectivités"
        ordering = ["-requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"],
                condition=Q(status__in=["pending", "active"]),
                name="membership_one_open_per_user_and_organization",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.organization} ({self.get_status_display()})"


class Invitation(models.Model):
    """A référent invites a colleague by e-mail. Following the link (signed in with that
    address) makes the colleague a member at once: the référent vouched for them.

    Only a hash of the link's key is stored. Never deleted; cancelled or used, it stays."""

    organization = models.ForeignKey("territories.Organization", on_delete=models.PROTECT,
                                     related_name="invitations", verbose_name="collectivité")
    email = models.EmailField("adresse invitée")
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="invitations_sent",
                                   verbose_name="invitée par")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("valable jusqu'au")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    accepted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name="acceptée par")
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"


class ApiToken(models.Model):
    """A key for a collectivité's own tools to write its projects through the API.

    Only a hash is stored; the key is shown once, at creation. Revoked, never deleted.
    """

    organization = models.ForeignKey("territories.Organization", on_delete=models.PROTECT,
                                     related_name="api_tokens", verbose_name="collectivité")
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="api_tokens",
                                   verbose_name="créé par")
    name = models.CharField("nom de l'outil", max_length=120)
    prefix = models.CharField("début de la clé", max_length=12, unique=True)
    key_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "jeton d'API"
        verbose_name_plural = "jetons d'API"
        ordering = ["-created_at", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
