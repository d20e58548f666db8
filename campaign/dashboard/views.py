from flask import render_template

from campaign.dashboard import bp


@bp.get("/")
def index():
    return render_template("dashboard/index.html")
