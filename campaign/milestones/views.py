"""Placeholder until the milestones area is built."""

from flask import render_template_string

from campaign.milestones import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>milestones</h1>{% endblock %}"
    )
