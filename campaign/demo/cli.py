def register(app):
    """demo-data command."""
