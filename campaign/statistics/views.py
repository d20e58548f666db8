"""Placeholder until the statistics area is built."""

from flask import render_template_string

from campaign.statistics import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>statistics</h1>{% endblock %}"
    )
