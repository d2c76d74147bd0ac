"""The ``field_correction`` table: a person's correction of one extracted field.

Kept apart from :mod:`boekstuk.db.models` (same declarative base) because only the web UI's
corrections use it; migration ``0005`` creates it. Every correction stays (an audit trail):
the latest per field wins when the extraction is rebuilt.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from boekstuk.db.models import Base, utcnow


class FieldCorrection(Base):
    """Who set which field of which document to what, and when."""

    __tablename__ = "field_correction"
    __table_args__ = (Index("ix_field_correction_document_created", "document_id", "created_at"),)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    workspace_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workspace.id", ondelete="CASCADE"))
    document_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(40))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str] = mapped_column(Text)
    user_id: Mapped[uuid.UUID | None]
    corrected_by: Mapped[str] = mapped_column(String(320))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
