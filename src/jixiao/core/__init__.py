"""Pure core: the form model, Decimal money, findings and scorecard value types (stdlib only)."""
