"""Run Alembic migrations from code (``boekstuk migrate``, tests, ``boekstuk up``).

The migration scripts ship inside the package (``boekstuk/migrations``), so an installed
``boekstuk`` can migrate without the source tree.
"""

from __future__ import annotations

import logging
from pathlib import Path

from alembic import command
from alembic.config import Config

logger = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def alembic_config(url: str) -> Config:
    """An Alembic config pointing at our scripts and ``url``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision``."""
    logger.info("migrating database to %s", revision)
    command.upgrade(alembic_config(url), revision)
