"""The ``boekstuk`` command (CONTRACT §2): up, serve, worker, migrate, workspace, apikey,
user, extract, process.

Settings come from ``BOEKSTUK_*`` variables; a bad one stops the command with one sentence
and exit code 2. Logs go to stderr, results to stdout.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import click

from boekstuk.cli_users import user
from boekstuk.config import ConfigError, Settings, get_settings
from boekstuk.logging import configure_logging


def _settings() -> Settings:
    """The settings, with logging set up; a bad setting ends the command with exit code 2."""
    try:
        settings = get_settings()
    except ConfigError as exc:
        click.echo(f"boekstuk: {exc}", err=True)
        sys.exit(2)
    configure_logging(settings.log_level, settings.log_format)
    return settings


def _api_settings() -> Settings:
    """The settings, plus the checks only the API needs (a usable JWT secret)."""
    settings = _settings()
    try:
        settings.ensure_dirs()
        settings.jwt_signing_key()
    except ConfigError as exc:
        click.echo(f"boekstuk: {exc}", err=True)
        sys.exit(2)
    return settings


@click.group()
@click.version_option(package_name="boekstuk")
def main() -> None:
    """Boekstuk: invoices, receipts and bank statements into bookkeeping."""


main.add_command(user)


@main.command()
def migrate() -> None:
    """Create or upgrade the database schema."""
    from boekstuk.db.migrate import upgrade

    settings = _settings()
    settings.ensure_dirs()
    upgrade(settings.database_url)
    click.echo("database is up to date", err=True)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="API processes")
def serve(host: str, port: int, workers: int) -> None:
    """Run the HTTP API."""
    import uvicorn

    settings = _api_settings()
    uvicorn.run(
        "boekstuk.api.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=settings.log_level.lower(),
        access_log=False,
    )


@main.command()
@click.option(
    "--concurrency", "-c", default=None, type=int, help="parallel tasks (default: number of CPUs)"
)
@click.option(
    "--queues",
    "-Q",
    default="light,ocr",
    show_default=True,
    help="which queues to consume: light, ocr or both",
)
@click.option(
    "--pool",
    default="prefork",
    show_default=True,
    type=click.Choice(["prefork", "solo", "threads"]),
)
def worker(concurrency: int | None, queues: str, pool: str) -> None:
    """Run a Celery worker that processes documents."""
    settings = _settings()
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    from boekstuk.worker.app import app, queue_name

    names = ",".join(queue_name(settings, q.strip()) for q in queues.split(",") if q.strip())
    argv = [
        "worker",
        "--loglevel",
        settings.log_level,
        "-Q",
        names,
        "--pool",
        pool,
        "--without-gossip",
        "--without-mingle",
        "-n",
        f"boekstuk-{uuid.uuid4().hex[:8]}@%h",
    ]
    if concurrency:
        argv += ["--concurrency", str(concurrency)]
    app.worker_main(argv)


FIRST_ADMIN = "admin@boekstuk.local"


def _die_with_parent() -> None:
    """In the worker child: get SIGTERM when ``boekstuk up`` dies, even by SIGKILL (Linux)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def up(host: str, port: int) -> None:
    """Migrate, make a first workspace, key and admin login, and run the API plus a worker."""
    import secrets

    from boekstuk.db.migrate import upgrade
    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import NotFoundError
    from boekstuk.services.users import create_user
    from boekstuk.services.workspaces import create_api_key, create_workspace, get_workspace

    settings = _api_settings()
    upgrade(settings.database_url)
    with session_scope(settings.database_url) as session:
        try:
            get_workspace(session, "default")
            key = password = None
        except NotFoundError:
            workspace = create_workspace(session, "default")
            key = create_api_key(session, workspace.id, "first key")
            password = secrets.token_urlsafe(12)
            create_user(session, workspace.id, FIRST_ADMIN, password, "admin")
    worker_proc = subprocess.Popen(
        [sys.executable, "-m", "boekstuk", "worker"], preexec_fn=_die_with_parent
    )
    # uvicorn re-raises the SIGTERM it stopped on once it is done; as an exception it lets
    # the ``finally`` below stop the worker instead of leaving it orphaned
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    click.echo(f"\nBoekstuk runs on http://{host}:{port}  (API docs: /docs)")
    if key:
        click.echo(f"Your first API key (shown once, keep it): {key}")
        click.echo(f"Your first login (shown once): {FIRST_ADMIN} / {password}")
    else:
        click.echo(
            "Workspace 'default' exists; make a new key with: "
            "boekstuk apikey create --workspace default"
        )
    click.echo(
        f"Try: curl -H 'Authorization: Bearer <key>' -F files=@invoice.pdf "
        f"http://{host}:{port}/upload\n"
    )
    try:
        import uvicorn

        uvicorn.run(
            "boekstuk.api.app:create_app",
            factory=True,
            host=host,
            port=port,
            log_level=settings.log_level.lower(),
            access_log=False,
        )
    finally:
        worker_proc.send_signal(signal.SIGTERM)
        try:
            worker_proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker_proc.kill()


@main.group()
def workspace() -> None:
    """Manage workspaces (one per administration)."""


@workspace.command("create")
@click.argument("name")
@click.option("--legal-name", default=None, help="our company's legal name")
@click.option("--vat", default=None, help="our VAT number, e.g. NL000099998B57")
@click.option("--iban", "ibans", multiple=True, help="our IBAN (repeatable)")
def workspace_create(
    name: str, legal_name: str | None, vat: str | None, ibans: tuple[str, ...]
) -> None:
    """Create a workspace with its own company profile."""
    from stdnum.exceptions import ValidationError

    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.services.workspaces import create_workspace

    settings = _settings()
    try:
        with session_scope(settings.database_url) as session:
            created = create_workspace(session, name, legal_name, vat, ibans)
            click.echo(str(created.id))
    except ValidationError as exc:
        raise click.ClickException(f"invalid VAT number or IBAN: {exc}") from exc
    except BoekstukError as exc:
        raise click.ClickException(exc.message) from exc


@main.group()
def apikey() -> None:
    """Manage API keys."""


@apikey.command("create")
@click.option("--workspace", "workspace_name", required=True)
@click.option("--name", default="default", show_default=True)
def apikey_create(workspace_name: str, name: str) -> None:
    """Create an API key and print it (only the key, on stdout; it is shown once)."""
    from boekstuk.db.session import session_scope
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.services.workspaces import create_api_key, get_workspace

    settings = _settings()
    try:
        with session_scope(settings.database_url) as session:
            key = create_api_key(session, get_workspace(session, workspace_name).id, name)
    except BoekstukError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(key)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the result as one JSON object")
def extract(file: Path, as_json: bool) -> None:
    """Read one file (text, type, fields, validation) without any database or broker."""
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.pipeline.analyse import analyse
    from boekstuk.pipeline.intake import SNIFF_BYTES, detect_content_type
    from boekstuk.services.wiring import text_config

    settings = _settings()
    result: dict[str, Any]
    code = 0
    try:
        data = file.read_bytes()
        content_type = detect_content_type(data[:SNIFF_BYTES])
        result = analyse(data, content_type, text_config(settings)).extraction
    except OSError as exc:
        result, code = {"error": {"code": "file_missing", "message": str(exc)}}, 2
    except BoekstukError as exc:
        result, code = {"error": {"code": exc.code.value, "message": exc.message}}, 2
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False))
    elif "error" in result:
        click.echo(f"{file}: {result['error']['code']}: {result['error']['message']}")
    else:
        click.echo(f"{file}: {result['document_type']}, {len(result['pages'])} page(s)")
        for page in result["pages"]:
            click.echo(
                f"  page {page['number']}: {page['text_source']} "
                f"{page['ocr_engine'] or ''} {page['ocr_confidence'] or ''}".rstrip()
            )
    sys.exit(code)


@main.command()
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--workspace", "workspace_name", default="default", show_default=True)
def process(files: tuple[Path, ...], workspace_name: str) -> None:
    """Run the full pipeline on files, synchronously, into the configured database."""
    from boekstuk.db.migrate import upgrade
    from boekstuk.db.session import session_factory
    from boekstuk.domain.errors import BoekstukError
    from boekstuk.pipeline.runner import process_document
    from boekstuk.services import audit
    from boekstuk.services.documents import record_upload
    from boekstuk.services.wiring import runner_config
    from boekstuk.services.workspaces import get_workspace

    settings = _settings()
    settings.ensure_dirs()
    upgrade(settings.database_url)
    config = runner_config(settings)
    failed = False
    with session_factory(settings.database_url)() as session:
        try:
            ws = get_workspace(session, workspace_name)
        except BoekstukError as exc:
            raise click.ClickException(exc.message) from exc
        for path in files:
            upload = config.storage.spool(settings.max_upload_bytes)
            try:
                with path.open("rb") as handle:
                    while chunk := handle.read(1 << 20):
                        upload.write(chunk)
            except BoekstukError as exc:
                upload.discard()
                click.echo(
                    json.dumps(
                        {
                            "filename": path.name,
                            "status": "rejected",
                            "error": {"code": exc.code.value, "message": exc.message},
                        }
                    )
                )
                failed = True
                continue
            submitted = record_upload(session, config.storage, ws.id, path.name, upload)
            audit.record(
                session,
                ws.id,
                "cli",
                "upload",
                "document",
                submitted.document.id,
                {
                    "filename": submitted.document.filename,
                    "duplicate_of": str(submitted.duplicate_of) if submitted.duplicate_of else None,
                },
            )
            session.commit()
            if submitted.needs_enqueue:
                process_document(session, submitted.document.id, f"cli-{uuid.uuid4()}", config)
            document = submitted.document
            session.refresh(document)
            failed |= document.status == "failed"
            click.echo(
                json.dumps(
                    {
                        "id": str(document.id),
                        "filename": document.filename,
                        "status": document.status,
                        "document_type": document.document_type,
                        "duplicate_of": str(submitted.duplicate_of)
                        if submitted.duplicate_of
                        else None,
                        "error": {"code": document.error_code, "message": document.error_message}
                        if document.error_code
                        else None,
                    },
                    ensure_ascii=False,
                )
            )
    sys.exit(1 if failed else 0)
