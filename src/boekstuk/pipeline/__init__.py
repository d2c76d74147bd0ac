"""The processing flow, one module per stage, run in order by :mod:`.runner`:

intake (detect type) → text → classify → entities → validate → parties → store → reconcile.
"""
