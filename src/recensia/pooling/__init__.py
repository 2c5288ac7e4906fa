"""Collectivités together: declarations of use of a solution (« nous l'utilisons »,
« je suis référent »), pooling offers of a lead collectivité, requests to join or follow
a project and partner invitations, all needing the other side's consent.

It sits above ``projects`` and ``solutions``: every record here links a collectivité to
a solution or to another collectivité's project.
"""
