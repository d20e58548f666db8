"""Campaign: a policy-advocacy campaign tracker."""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module
from typing import Any

from flask import Flask

from campaign.entities.catalogue import ENTITY_MODULES
from campaign.settings import PROJECT_ROOT, Settings


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. No side effects: it neither migrates the database nor starts jobs."""
    app = Flask(
        __name__,
        template_folder=str(PROJECT_ROOT / "templates"),
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_mapping(Settings.from_env().as_flask_config())
    if config:
        app.config.from_mapping(config)

    from campaign import accounts, cli, db, errors, extensions, reminders, rendering, security
    from campaign.accounts import bp as accounts_bp
    from campaign.api import bp as api_bp
    from campaign.audit import bp as audit_bp
    from campaign.audit import recording as audit_recording
    from campaign.bundles import bp as bundles_bp
    from campaign.calendar import bp as calendar_bp
    from campaign.claims import bp as claims_bp
    from campaign.claims import upkeep as claims_upkeep
    from campaign.common import govuk
    from campaign.dashboard import bp as dashboard_bp
    from campaign.deliveries import bp as deliveries_bp
    from campaign.health import bp as health_bp
    from campaign.inbox import bp as inbox_bp
    from campaign.monitoring.views import bp as monitoring_bp
    from campaign.notifications import bell
    from campaign.notifications import bp as notifications_bp
    from campaign.packs import bp as packs_bp
    from campaign.packs import generation as pack_generation
    from campaign.returns import bp as returns_bp
    from campaign.revisions import recording as revision_recording
    from campaign.search.pages import bp as search_bp

    for module in (
        extensions,
        db,
        rendering,
        govuk,  # GOV.UK Frontend's macros and the form widgets (docs/frontend.md)
        errors,
        accounts,  # before the areas' own hooks: a refused request runs none of them
        security,
        cli,
        bell,
        reminders,
        pack_generation,
        audit_recording,
        revision_recording,
        claims_upkeep,
    ):
        module.init_app(app)
    # Each registered kind of record's area (campaign/<area>/, its `bp`), in catalogue order.
    areas = [import_module(module.rpartition(".")[0]) for module in ENTITY_MODULES]
    for blueprint in (
        dashboard_bp,
        *(area.bp for area in areas),
        claims_bp,
        inbox_bp,
        api_bp,
        bundles_bp,
        calendar_bp,
        notifications_bp,
        deliveries_bp,
        audit_bp,
        packs_bp,
        returns_bp,
        search_bp,
        monitoring_bp,
        health_bp,
        accounts_bp,
    ):
        app.register_blueprint(blueprint)
    return app
