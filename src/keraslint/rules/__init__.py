"""Rules: small functions over facts, grouped by family, registered in :mod:`.registry`."""
