"""A watch's terms: parsing, what the sources are asked, what matches, highlighting."""

import pytest

from campaign.monitoring import terms
from campaign.monitoring.terms import TermsError


def test_words_in_an_alternative_are_all_required_on_whole_words():
    parsed = terms.parse("Meta encryption")
    assert parsed.matches("Meta will roll out encryption") == ["Meta", "encryption"]
    assert parsed.matches("Meta will roll out default settings") is None
    assert parsed.matches("metadata about encryption") is None  # "Meta" is a whole word


def test_a_quoted_phrase_matches_across_punctuation_and_case():
    parsed = terms.parse('"end-to-end encryption"')
    assert parsed.matches("End to end encryption of messages") == ["end-to-end encryption"]
    assert parsed.matches("encryption, end to end") is None


def test_an_exclusion_rules_an_item_out():
    parsed = terms.parse('Meta -fraud -"scam adverts"')
    assert parsed.matches("Meta and child safety") == ["Meta"]
    assert parsed.matches("Meta and fraud") is None
    assert parsed.matches("Meta and SCAM adverts") is None


def test_lines_and_commas_are_alternatives_and_commas_in_quotes_are_not():
    parsed = terms.parse('Ofcom, "codes, of practice"\nOnline Safety Act')
    assert len(parsed.alternatives) == 3
    assert parsed.matches("The Online Safety Act 2023") == ["Online", "Safety", "Act"]
    assert parsed.matches("Ofcom said") == ["Ofcom"]
    assert parsed.matches("codes of practice") == ["codes, of practice"]


def test_a_trailing_star_matches_word_starts():
    parsed = terms.parse("encrypt*")
    assert parsed.matches("encrypted services") == ["encrypt*"]
    assert parsed.matches("decrypt") is None


def test_search_strings_quote_phrases_and_drop_exclusions_and_stars():
    parsed = terms.parse(
        'Meta "end-to-end encryption" -fraud\nencrypt*\nMeta "end-to-end encryption"'
    )
    assert parsed.search_strings() == ['meta "end to end encryption"', "encrypt"]
    assert parsed.search_strings(quote_phrases=False) == ["meta end to end encryption", "encrypt"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Enter at least one word or phrase"),
        ("   \n ", "Enter at least one word or phrase"),
        ("-fraud", "only excludes"),
        ('"end to end', "Close the quotation marks"),
        ("en*crypt", r"a \* may only end a word"),
        ("x" * 2001, "2000 characters or fewer"),
        ("\n".join(f"word{n}" for n in range(21)), "at most 20 alternatives"),
    ],
)
def test_unusable_terms_say_why(text, message):
    with pytest.raises(TermsError, match=message):
        terms.parse(text)


def test_highlight_escapes_the_text_and_marks_the_terms():
    marked = terms.highlight(
        '<script>x</script> Meta says "end to end encryption"', ["Meta", "end-to-end encryption"]
    )
    assert "<script>" not in marked
    assert "&lt;script&gt;" in marked
    assert "<mark>Meta</mark>" in marked
    assert "<mark>end to end encryption</mark>" in marked


def test_highlight_of_a_term_with_markup_characters_is_escaped():
    marked = terms.highlight("A <b> tag", ["b"])
    assert marked == "A &lt;<mark>b</mark>&gt; tag"


def test_snippet_centres_on_the_first_match():
    text = "filler " * 100 + "Ofcom published its codes today. " + "more " * 100
    cut = terms.snippet(text, terms.parse("codes"), width=120)
    assert "codes" in cut
    assert cut.startswith("\u2026") and cut.endswith("\u2026")
    assert len(cut) <= 122
    assert terms.snippet("short text", None) == "short text"
