"""Boekstuk: turns invoices, receipts and bank statements into bookkeeping.

The flow, one folder per step: ``api``/``cli`` (intake) → ``worker`` (queue) →
``pipeline`` (text → classify → entities → validate → parties → store → reconcile),
with swappable ``engines`` and the ``db`` layer underneath.
"""

__version__ = "0.1.0"
