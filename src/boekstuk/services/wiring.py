"""Turns Settings into the frozen configs that engines, pipeline and runner receive.

The one place that reads Settings on behalf of the inner layers (engines never do).
"""

from __future__ import annotations

from boekstuk.config import Settings
from boekstuk.domain.parties import Thresholds
from boekstuk.engines.protocols import OcrConfig
from boekstuk.engines.registry import get_ocr_engine
from boekstuk.pipeline.parties import PartiesConfig
from boekstuk.pipeline.runner import RunnerConfig
from boekstuk.pipeline.text import TextConfig
from boekstuk.reconcile.models import MatchConfig
from boekstuk.services.storage import FileStorage


def text_config(settings: Settings) -> TextConfig:
    """The text stage's config: engines in order (created lazily by the registry), limits."""
    return TextConfig(
        engines=tuple(get_ocr_engine(name) for name in settings.ocr_engines),
        photo_engines=tuple(get_ocr_engine(name) for name in settings.ocr_photo_engines),
        ocr=OcrConfig(
            languages=settings.ocr_languages, timeout_seconds=settings.ocr_timeout_seconds
        ),
        dpi=settings.ocr_dpi,
        max_pages=settings.max_pages,
        max_image_pixels=settings.max_image_pixels,
        min_confidence=settings.ocr_min_confidence,
    )


def storage(settings: Settings) -> FileStorage:
    """The file storage."""
    return FileStorage(settings.files_dir)


def runner_config(settings: Settings) -> RunnerConfig:
    """The runner's config."""
    return RunnerConfig(
        storage=storage(settings),
        text=text_config(settings),
        lease_seconds=settings.task_lease_seconds,
        max_attempts=settings.task_max_attempts,
        parties=parties_config(settings),
        matching=MatchConfig(
            auto_threshold=settings.reconcile_auto_threshold,
            auto_margin=settings.reconcile_auto_margin,
        ),
    )


def parties_config(settings: Settings) -> PartiesConfig:
    """The parties stage's thresholds."""
    return PartiesConfig(
        Thresholds(match=settings.party_match_threshold, review=settings.party_review_threshold)
    )
