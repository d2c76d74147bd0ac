"""Settings: one typed object read from the environment (prefix ``BOEKSTUK_``).

In: environment variables (and an optional ``.env`` file). Out: :class:`Settings`.
Raises :class:`ConfigError` with one clear sentence when a setting is unusable, so
start-up stops before anything half-works.

The defaults need no server: a SQLite database and an embedded broker (kombu's
SQLAlchemy transport on a second SQLite file), both under ``./var``.

The JWT secret: ``BOEKSTUK_JWT_SECRET``. In development (``BOEKSTUK_ENV=development``, the
default that ``make up`` runs with) a missing secret is generated once and kept in
``$DATA_DIR/jwt-secret`` (mode 0600), so every API process and restart shares it. Outside
development the API refuses to start without a secret, or with a short or well-known one.
"""

from __future__ import annotations

import functools
import os
import secrets
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pydantic_settings.exceptions import SettingsError


class ConfigError(RuntimeError):
    """A setting is missing or unusable; the message is one sentence for a person."""


class Settings(BaseSettings):
    """Everything configurable about Boekstuk, read once at start-up."""

    model_config = SettingsConfigDict(env_prefix="BOEKSTUK_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("var")
    database_url: str = ""
    broker_url: str = ""
    storage_dir: Path | None = None
    queue_prefix: str = "boekstuk"

    max_upload_bytes: int = Field(default=50 * 1024 * 1024, gt=0)
    max_files_per_upload: int = Field(default=100, gt=0)
    max_pages: int = Field(default=200, gt=0)
    max_image_pixels: int = Field(default=100_000_000, gt=0)

    # bench/ocr.py decided: Tesseract reads invoice scans best; of the fallbacks RapidOCR is
    # more accurate than EasyOCR at a quarter of the CPU time, with accents. The next engine
    # is tried (and loaded) only when a page still reads badly; one that is not installed
    # says so and is passed over.
    ocr_engines: Annotated[list[str], NoDecode] = ["tesseract", "rapidocr", "easyocr"]
    # image uploads (receipt photos, phone shots): RapidOCR reads the 60 SROIE thermal-paper
    # receipts far better than Tesseract (bench/extract_accuracy.py, README Measurements) for
    # ~0.5 s more CPU a page; PDFs and their scans keep ``ocr_engines``. Empty: the same order.
    ocr_photo_engines: Annotated[list[str], NoDecode] = ["rapidocr", "tesseract", "easyocr"]
    ocr_languages: str = "nld+eng+deu+fra"
    ocr_dpi: int = Field(default=300, ge=72, le=600)
    ocr_timeout_seconds: float = Field(default=120.0, gt=0)
    ocr_min_confidence: float = Field(default=0.55, ge=0, le=1)

    task_lease_seconds: int = Field(default=120, ge=3)
    task_max_attempts: int = Field(default=3, gt=0)
    task_max_retries: int = Field(default=5, ge=0)
    sweep_interval_seconds: float = Field(default=30.0, gt=0)
    stale_queued_seconds: int = Field(default=600, gt=0)
    broker_visibility_timeout: int = Field(default=3600, gt=0)

    # name likeness (0-100): at/above match = the same customer; at/above review = new + review
    party_match_threshold: float = Field(default=90.0, ge=0, le=100)
    party_review_threshold: float = Field(default=75.0, ge=0, le=100)
    # payment matching: auto-match from this evidence weight, leading the runner-up by the margin
    reconcile_auto_threshold: float = Field(default=0.6, gt=0)
    reconcile_auto_margin: float = Field(default=0.15, ge=0)

    jwt_secret: str = ""
    jwt_expiry_seconds: int = Field(default=3600, ge=60, le=30 * 24 * 3600)
    open_registration: bool = False
    login_rate_per_second: float = Field(default=0.2, ge=0)
    login_burst: float = Field(default=10.0, ge=1)

    api_key_cache_seconds: float = Field(default=30.0, ge=0)
    upload_rate_per_second: float = Field(default=50.0, ge=0)
    upload_burst: float = Field(default=1000.0, ge=1)

    log_level: str = "INFO"
    log_format: Literal["text", "json"] = "text"
    require_services: bool = False

    # the web UI's session cookie is Secure (HTTPS only); its key derives from the JWT secret
    web_secure_cookie: bool = False

    @field_validator("ocr_engines", "ocr_photo_engines", mode="before")
    @classmethod
    def _split_engines(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"log level must be DEBUG, INFO, WARNING or ERROR, not {value!r}")
        return level

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        data_dir = self.data_dir.resolve()
        self.data_dir = data_dir
        if not self.database_url:
            self.database_url = f"sqlite:///{data_dir / 'boekstuk.sqlite3'}"
        if not self.broker_url:
            self.broker_url = f"sqla+sqlite:///{data_dir / 'broker.sqlite3'}"
        if self.storage_dir is None:
            self.storage_dir = data_dir / "files"
        self.storage_dir = self.storage_dir.resolve()
        if not self.database_url.startswith(("sqlite", "postgresql")):
            raise ValueError(
                "BOEKSTUK_DATABASE_URL must be a sqlite:/// or postgresql+psycopg:// URL, "
                f"not {self.database_url.split(':', 1)[0]!r}"
            )
        if not self.broker_url.startswith(
            ("sqla+", "redis://", "rediss://", "amqp://", "memory://")
        ):
            raise ValueError(
                "BOEKSTUK_BROKER_URL must be a redis://, amqp:// or sqla+sqlite:/// URL, "
                f"not {self.broker_url.split(':', 1)[0]!r}"
            )
        if not self.ocr_engines:
            raise ValueError("BOEKSTUK_OCR_ENGINES must name at least one OCR engine")
        if self.party_review_threshold > self.party_match_threshold:
            raise ValueError(
                "BOEKSTUK_PARTY_REVIEW_THRESHOLD must not be above BOEKSTUK_PARTY_MATCH_THRESHOLD"
            )
        return self

    def jwt_signing_key(self) -> str:
        """The secret that signs login tokens; raises :class:`ConfigError` when unusable."""
        if self.jwt_secret:
            if self.env != "development" and weak_secret(self.jwt_secret):
                raise ConfigError(
                    "Bad setting BOEKSTUK_JWT_SECRET: use a random secret of at least "
                    f"{MIN_SECRET_LENGTH} characters (e.g. `openssl rand -hex 32`)."
                )
            return self.jwt_secret
        if self.env != "development":
            raise ConfigError(
                f"Missing setting BOEKSTUK_JWT_SECRET: required when BOEKSTUK_ENV={self.env} "
                "(e.g. `openssl rand -hex 32`)."
            )
        return _persisted_secret(self.data_dir / "jwt-secret")

    @property
    def is_embedded(self) -> bool:
        """True when database and broker are the server-less defaults."""
        return self.database_url.startswith("sqlite") and self.broker_url.startswith("sqla+")

    @property
    def files_dir(self) -> Path:
        """Where uploaded originals are kept (never served directly)."""
        assert self.storage_dir is not None
        return self.storage_dir

    def ensure_dirs(self) -> None:
        """Create the data and storage folders (and the SQLite folders) if missing."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.files_dir.mkdir(parents=True, exist_ok=True)
        for url in (self.database_url, self.broker_url):
            if "sqlite:///" in url:
                Path(url.split("sqlite:///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)


MIN_SECRET_LENGTH = 32
_KNOWN_DEFAULTS = frozenset(
    {"secret", "changeme", "change-me", "change_me", "changethis", "jwt-secret", "boekstuk"}
)


def weak_secret(secret: str) -> bool:
    """True for a secret that is short or a well-known placeholder.

    >>> weak_secret("changeme"), weak_secret("3f" * 32)
    (True, False)
    """
    return len(secret) < MIN_SECRET_LENGTH or secret.strip().lower() in _KNOWN_DEFAULTS


def _persisted_secret(path: Path) -> str:
    """The secret kept in ``path``, created (random, mode 0600) by the first process."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f".{path.name}-{os.getpid()}-{secrets.token_hex(4)}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)  # atomic: the first process's secret wins, whole
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    secret = path.read_text().strip()
    if not secret:
        raise ConfigError(
            f"The JWT secret file {path} is empty; delete it or set BOEKSTUK_JWT_SECRET."
        )
    return secret


def load_settings() -> Settings:
    """Read and check the settings, turning a validation error into one clear sentence."""
    try:
        return Settings()
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "settings"
        name = f"BOEKSTUK_{where.upper()}" if where != "settings" else "a setting"
        message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
        raise ConfigError(f"Bad setting {name}: {message}.") from exc
    except SettingsError as exc:
        raise ConfigError(f"Bad setting: {exc}.") from exc


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings (cached; call ``get_settings.cache_clear()`` in tests)."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    return load_settings()
