"""Format checks of company numbers (no Django model here)."""

from django.core.exceptions import ValidationError

# La Poste's SIREN: its establishments' numbers break the Luhn rule, so INSEE gave
# the whole group a SIREN whose digits sum to a multiple of 5 instead.
LA_POSTE_SIREN = "356000000"


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def siren_is_valid(value: str) -> bool:
    """9 digits whose Luhn check digit is right (the INSEE rule for SIREN numbers)."""
    code = value.replace(" ", "")
    if len(code) != 9 or not code.isdigit():
        return False
    return code == LA_POSTE_SIREN or luhn_ok(code)


def validate_siren(value: str) -> None:
    if not value:
        return
    code = value.replace(" ", "")
    if len(code) != 9 or not code.isdigit():
        raise ValidationError(f"« {value} » n'est pas un SIREN : il faut 9 chiffres.",
                              code="siren_format")
    if not siren_is_valid(code):
        raise ValidationError(
            f"« {value} » n'est pas un SIREN valide : le dernier chiffre (chiffre de contrôle) "
            "ne correspond pas aux huit autres. Vérifiez-le sur l'annuaire des entreprises.",
            code="siren_checksum")
