def register(app):
    """Bundle commands (import-bundle, export-bundle, bundle-schema)."""
