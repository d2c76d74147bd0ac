"""Database layer: SQLAlchemy 2 typed models, engine/session setup, repositories."""
