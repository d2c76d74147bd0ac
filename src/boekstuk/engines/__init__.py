"""Swappable adapters behind Protocols (see :mod:`boekstuk.engines.protocols`).

Engines get a frozen config, keep no state between calls and return frozen results. The
registry (:mod:`boekstuk.engines.registry`) picks them by the names in the settings.
"""
