"""Schemathesis against our own OpenAPI schema: no 500s and no answers that break the schema.

Runs every operation with generated inputs (authenticated as a real workspace) in-process on
the embedded database and broker, in a temporary data folder.
"""

from __future__ import annotations

import contextlib
import importlib
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from boekstuk.api.app import create_app
from boekstuk.config import Settings
from boekstuk.db.migrate import upgrade
from boekstuk.db.session import session_scope
from boekstuk.services.workspaces import create_api_key, create_workspace

# Import now what schemathesis would import lazily while drawing a case deep inside
# Hypothesis's recursion: on CPython 3.11 before 3.11.8 compiling there can fail at random
# with "SystemError: AST constructor recursion depth mismatch" (CPython gh-106905).
with contextlib.suppress(ImportError):
    importlib.import_module("schemathesis.generation.body_overrides")


def _app_and_key() -> tuple[object, str]:
    config = Settings(
        data_dir=Path(tempfile.mkdtemp(prefix="bk-fuzz-")) / "var", upload_rate_per_second=0
    )
    config.ensure_dirs()
    upgrade(config.database_url)
    with session_scope(config.database_url) as session:
        workspace = create_workspace(session, "fuzz")
        key = create_api_key(session, workspace.id)
    return create_app(config), key


APP, KEY = _app_and_key()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_errors_and_keeps_its_schema(case: schemathesis.Case) -> None:
    # a schema-valid value may still be refused on meaning (a VAT number failing its
    # checksum is a 422), so "positive data acceptance" is not a check we hold ourselves to
    case.call_and_validate(
        headers={"Authorization": f"Bearer {KEY}"}, excluded_checks=[positive_data_acceptance]
    )
