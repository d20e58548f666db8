"""Placeholder until the asks area is built."""

from flask import render_template_string

from campaign.asks import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>asks</h1>{% endblock %}"
    )
