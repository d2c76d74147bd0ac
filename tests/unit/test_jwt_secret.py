"""The JWT secret: generated and kept in development, required and strong elsewhere."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from boekstuk.config import ConfigError, Settings

STRONG = "7c1f" * 16


def test_development_generates_one_secret_and_keeps_it(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).jwt_signing_key()
    again = Settings(data_dir=tmp_path).jwt_signing_key()
    assert first == again and len(first) == 64
    kept = tmp_path / "jwt-secret"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path, jwt_secret=STRONG).jwt_signing_key() == STRONG


@pytest.mark.parametrize("env", ["production", "test"])
def test_outside_development_a_missing_secret_stops_start_up(tmp_path: Path, env: str) -> None:
    settings = Settings(data_dir=tmp_path, env=env)
    with pytest.raises(ConfigError, match="BOEKSTUK_JWT_SECRET"):
        settings.jwt_signing_key()
    assert not (tmp_path / "jwt-secret").exists()


@pytest.mark.parametrize("secret", ["changeme", "secret", "short-but-not-a-default"])
def test_outside_development_a_weak_secret_stops_start_up(tmp_path: Path, secret: str) -> None:
    with pytest.raises(ConfigError, match="BOEKSTUK_JWT_SECRET"):
        Settings(data_dir=tmp_path, env="production", jwt_secret=secret).jwt_signing_key()
    strong = Settings(data_dir=tmp_path, env="production", jwt_secret=STRONG)
    assert strong.jwt_signing_key() == STRONG


def test_the_api_refuses_to_start_without_a_secret_in_production(tmp_path: Path) -> None:
    from boekstuk.api.app import create_app

    with pytest.raises(ConfigError):
        create_app(Settings(data_dir=tmp_path, env="production"))
