"""The solutions catalogue: vendors, solutions, moderators' labels and checks.

It sits below the register (``projects``): a project points to the solution it uses,
so the catalogue knows nothing of projects. What collectivités do with a solution
(declarations of use, referents) and with each other's projects (pooling) is in
``pooling``, above both.
"""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
