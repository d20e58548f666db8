"""`check-claims` as a team's own check on whole bundles: 0 on the seed campaign, 1 on a
bundle whose claim does not hold, naming it with the recomputed value and honest wording."""

from __future__ import annotations

from tests.conftest import SEED_BUNDLE


def test_the_seed_campaign_passes(seeded, runner):
    result = runner.invoke(args=["check-claims"])
    assert result.exit_code == 0, result.output
    assert ": 0 inconsistent," in result.output.splitlines()[-1]
    # Every derived figure of the press release is checked against its computed value.
    for key in (
        "offences-rise-2021-22-to-2022-23",
        "offences-rise-2017-18-to-2022-23",
        "platform-snapchat-share",
        "platform-meta-owned-share",
        "platform-facebook-instagram-share",
    ):
        line = next(line for line in result.output.splitlines() if f"  {key} " in line)
        assert line.startswith("consistent"), line


def test_a_bundle_with_a_wrong_claim_fails(runner, tmp_path):
    text = SEED_BUNDLE.read_text(encoding="utf-8")
    assert text.count('claim: "a 25% increase"') == 1
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text(text.replace('claim: "a 25% increase"', 'claim: "a 30% increase"'), "utf-8")
    imported = runner.invoke(args=["import-bundle", str(wrong)])
    assert imported.exit_code == 0, imported.output

    result = runner.invoke(args=["check-claims"])
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("inconsistent")]
    assert "offences-rise-2021-22-to-2022-23" in line and "“a 30% increase”" in line
    assert "24.67%" in line and "24.7% does not round to 30%" in line
    assert "Honest wording: a 25% increase" in line
