"""What the register tells the apps above it, without knowing them."""

from django.dispatch import Signal

# Sent with ``project`` inside the transaction of every change of a project (content, state,
# evaluation tier). The search app follows it to keep its index current (``SearchConfig``).
project_changed = Signal()
