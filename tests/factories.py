import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from recensia.accounts.models import Membership, MembershipRole, MembershipStatus, User
from recensia.projects.models import Domain, Project, Technique, WorkflowState
from recensia.territories.models import Organization, OrganizationKind


class OrganizationFactory(DjangoModelFactory):
    class Meta:
        model = Organization

    kind = OrganizationKind.COMMUNE
    name = factory.Faker("city", locale="fr_FR")
    # Codes outside the official ranges, so factories never clash with reference data.
    insee_code = factory.Sequence(lambda n: f"99{n % 1000:03d}")
    siren = factory.Sequence(lambda n: f"{100000000 + n:09d}")
    population = 900

    class Params:
        epci = factory.Trait(kind=OrganizationKind.EPCI, insee_code="", epci_type="CC",
                             siren=factory.Sequence(lambda n: f"{110000000 + n:09d}"),
                             population=25000)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"agent{n}@mairie.example.fr")
    username = factory.LazyAttribute(lambda o: o.email)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    password = factory.django.Password("mot-de-passe-solide-42")
    email_verified_at = factory.LazyFunction(timezone.now)

    class Params:
        moderator = factory.Trait(is_moderator=True)
        admin = factory.Trait(is_superuser=True, is_staff=True)
        unverified = factory.Trait(email_verified_at=None)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = MembershipRole.MEMBER
    status = MembershipStatus.ACTIVE

    class Params:
        referent = factory.Trait(role=MembershipRole.REFERENT)
        pending = factory.Trait(status=MembershipStatus.PENDING)


class DomainFactory(DjangoModelFactory):
    class Meta:
        model = Domain
        django_get_or_create = ("slug",)

    name = "Eau et assainissement"
    slug = "eau-et-assainissement"


class TechniqueFactory(DjangoModelFactory):
    class Meta:
        model = Technique
        django_get_or_create = ("slug",)

    name = "Optimisation"
    slug = "optimisation"


def make_project(*, owner=None, author=None, state=WorkflowState.DRAFT, title=None,
                 **fields) -> Project:
    """A project created through the service, so that it has its first revision."""
    from recensia.projects import services

    owner = owner or OrganizationFactory()
    data = services.ProjectData(
        fields={"title": title or "Détection des fuites d'eau",
                "short_description": "Repérer plus tôt les fuites du réseau d'eau potable.",
                **fields},
        owner=owner, domains=[DomainFactory()], techniques=[TechniqueFactory()],
        sources=[{"url": "https://www.example.fr/article", "title": "Article"}],
    )
    return services.create_project(author=author, data=data, state=state,
                                   check_permissions=False)
