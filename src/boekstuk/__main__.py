"""``python -m boekstuk`` runs the CLI."""

from boekstuk.cli import main

main()
