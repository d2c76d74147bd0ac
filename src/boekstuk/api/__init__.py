"""The HTTP API (FastAPI): app factory, dependencies, schemas, one routes module per resource."""
