"""Settings: sane defaults under the data folder, and bad values stop start-up clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from boekstuk.config import ConfigError, Settings, load_settings


def test_defaults_need_no_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOEKSTUK_DATA_DIR", str(tmp_path))
    settings = load_settings()
    assert settings.database_url == f"sqlite:///{tmp_path / 'boekstuk.sqlite3'}"
    assert settings.broker_url == f"sqla+sqlite:///{tmp_path / 'broker.sqlite3'}"
    assert settings.files_dir == tmp_path / "files"
    assert settings.is_embedded
    assert settings.ocr_languages == "nld+eng+deu+fra"


def test_engine_list_from_a_comma_separated_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOEKSTUK_OCR_ENGINES", "tesseract, easyocr")
    assert load_settings().ocr_engines == ["tesseract", "easyocr"]
    assert load_settings().ocr_photo_engines == ["rapidocr", "tesseract", "easyocr"]
    monkeypatch.setenv("BOEKSTUK_OCR_PHOTO_ENGINES", "")  # images read like everything else
    assert load_settings().ocr_photo_engines == []


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("BOEKSTUK_DATABASE_URL", "mysql://x", "BOEKSTUK_DATABASE_URL"),
        ("BOEKSTUK_BROKER_URL", "kafka://x", "BOEKSTUK_BROKER_URL"),
        ("BOEKSTUK_MAX_UPLOAD_BYTES", "-5", "BOEKSTUK_MAX_UPLOAD_BYTES"),
        ("BOEKSTUK_LOG_LEVEL", "LOUD", "BOEKSTUK_LOG_LEVEL"),
        ("BOEKSTUK_OCR_DPI", "lots", "BOEKSTUK_OCR_DPI"),
    ],
)
def test_a_bad_setting_is_one_clear_sentence(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, says: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as caught:
        load_settings()
    message = str(caught.value)
    assert says in message
    assert message.endswith(".") and "\n" not in message


def test_settings_can_be_built_in_code(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    assert not settings.is_embedded
