"""Celery: the app (:mod:`.app`), thin tasks (:mod:`.tasks`) and the sweeper (:mod:`.sweeper`)."""
