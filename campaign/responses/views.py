"""Placeholder until the responses area is built."""

from flask import render_template_string

from campaign.responses import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>responses</h1>{% endblock %}"
    )
