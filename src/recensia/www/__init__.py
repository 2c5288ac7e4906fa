"""Pages that combine several apps: home, « Mon compte », a collectivité's page, a project's
page and the moderation queue. The top of the stack below ``config``: it may import any app,
and no app imports it."""
