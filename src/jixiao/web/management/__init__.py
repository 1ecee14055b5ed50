"""Management commands of the web system (`python -m django …` with its settings)."""
