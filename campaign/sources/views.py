"""Placeholder until the sources area is built."""

from flask import render_template_string

from campaign.sources import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>sources</h1>{% endblock %}"
    )
