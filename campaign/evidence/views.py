"""Placeholder until the evidence area is built."""

from flask import render_template_string

from campaign.evidence import bp


@bp.get("/")
def index():
    return render_template_string(
        "{% extends 'base.html' %}{% block content %}<h1>evidence</h1>{% endblock %}"
    )
