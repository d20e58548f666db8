"""The UK police forces list and matching the names written in returns files."""

from __future__ import annotations

from collections import Counter

import pytest

from campaign.returns import forces


def test_every_force_an_foi_goes_to():
    listed = forces.forces()
    assert len(listed) == 46
    assert Counter(f.nation for f in listed) == {
        "England": 39,
        "Wales": 4,
        "Northern Ireland": 1,
        "Scotland": 1,
        "Great Britain": 1,
    }
    names = forces.names()
    assert len(set(names)) == 46
    for name in (
        "Avon and Somerset Constabulary",
        "Metropolitan Police Service",
        "City of London Police",
        "Dyfed-Powys Police",
        "Devon and Cornwall Police",
        "Hampshire and Isle of Wight Constabulary",
        "Police Service of Northern Ireland",
        "Police Scotland",
        "British Transport Police",
    ):
        assert name in names
    assert all(f.nation in forces.NATIONS for f in listed)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Avon & Somerset", "Avon and Somerset Constabulary"),
        ("AVON AND SOMERSET POLICE", "Avon and Somerset Constabulary"),
        ("Met", "Metropolitan Police Service"),
        ("MPS", "Metropolitan Police Service"),
        ("Metropolitan Police", "Metropolitan Police Service"),
        ("PSNI", "Police Service of Northern Ireland"),
        ("Dyfed Powys", "Dyfed-Powys Police"),
        ("  dyfed-powys  police ", "Dyfed-Powys Police"),
        ("Wiltshire Constabulary", "Wiltshire Police"),
        ("Hampshire Constabulary", "Hampshire and Isle of Wight Constabulary"),
        ("Heddlu Gwent", "Gwent Police"),
        ("BTP", "British Transport Police"),
        ("Police Scotland", "Police Scotland"),
        ("City of London", "City of London Police"),
    ],
)
def test_match_ignores_case_punctuation_and_the_words_police_and_constabulary(written, canonical):
    assert forces.match(written) == canonical


@pytest.mark.parametrize("written", ["", "Police", "Gotham City", "Avon and Somrset"])
def test_no_match(written):
    assert forces.match(written) is None


def test_suggestions_for_misspelt_forces():
    assert forces.suggest("Avon and Somrset") == ["Avon and Somerset Constabulary"]
    assert forces.suggest("Northumbia")[0] == "Northumbria Police"
    assert forces.suggest("Gotham City") == []
