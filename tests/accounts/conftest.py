import pytest


@pytest.fixture(autouse=True)
def _mail_sent_at_commit(monkeypatch):
    """E-mails leave after the transaction commits; a test's transaction never commits, so
    here the callbacks run at once (what the outbox then holds is what a commit sends)."""
    from django.db import transaction

    monkeypatch.setattr("recensia.core.mail.transaction.on_commit",
                        lambda func, using=None, robust=False: func())
    yield
    assert transaction.on_commit is not None
