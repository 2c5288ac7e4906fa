from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "recensia.accounts"
    verbose_name = "Comptes"
