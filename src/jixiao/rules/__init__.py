"""Rules layer: rule profiles, the scoring engine and checks (imports core only)."""
