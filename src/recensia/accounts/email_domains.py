"""Mailbox providers for the general public.

An address at one of these domains says nothing of the employer: the person deciding on a
membership request is told so (« messagerie personnelle ») and checks by other means.
"""

PERSONAL_MAILBOX_DOMAINS = frozenset({
    # International providers
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr",
    "live.com", "live.fr", "msn.com", "yahoo.com", "yahoo.fr", "ymail.com", "icloud.com",
    "me.com", "mac.com", "aol.com", "aol.fr", "gmx.fr", "gmx.com", "gmx.net", "mail.com",
    "protonmail.com", "proton.me", "pm.me", "tutanota.com", "yandex.com", "zoho.com",
    # French Internet providers and webmail
    "orange.fr", "wanadoo.fr", "free.fr", "aliceadsl.fr", "laposte.net", "sfr.fr", "neuf.fr",
    "cegetel.net", "club-internet.fr", "bbox.fr", "numericable.fr", "noos.fr", "red.fr",
    "libertysurf.fr", "voila.fr", "nordnet.fr", "dartybox.com",
})


def domain_of(email: str) -> str:
    return (email or "").rpartition("@")[2].strip().lower()


def is_personal_mailbox(email: str) -> bool:
    return domain_of(email) in PERSONAL_MAILBOX_DOMAINS
