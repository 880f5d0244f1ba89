"""Folding and highlighting (assessment.search.highlight): pure functions, no database."""

from assessment.search.highlight import fold, highlight, matches


def test_fold_ignores_case_accents_and_invisible_marks():
    assert fold("Crédit Agricole") == fold("CREDIT agricole") == "credit agricole"
    assert fold("Straße") == "strasse"
    assert fold("می\u200cشناسد") == fold("میشناسد")  # Persian zero-width non-joiner
    assert fold("مُحَمَّد") == fold("محمد")  # Arabic short vowels


def test_matches_a_folded_needle():
    assert matches("Salesforce Sales Cloud", fold("SALES"))
    assert matches("Réviser le CRM", fold("reviser"))
    assert not matches("Mailchimp", fold("sales"))
    assert not matches("", fold("x")) and not matches(None, fold("x"))


def test_highlight_marks_every_occurrence_and_keeps_the_original_text():
    pieces = highlight("Salesforce Sales Cloud", fold("sales"))
    assert pieces == (("Sales", True), ("force ", False), ("Sales", True), (" Cloud", False))
    assert "".join(text for text, _marked in pieces) == "Salesforce Sales Cloud"


def test_highlight_maps_folded_positions_back_to_the_original():
    assert highlight("Crédit Mutuel", fold("credit")) == (("Crédit", True), (" Mutuel", False))
    assert highlight("Große Straße", fold("strasse")) == (("Große ", False), ("Straße", True))
    decomposed = "Cre\u0301dit"  # é written as e + combining acute
    assert highlight(decomposed, fold("cred")) == (("Cre\u0301d", True), ("it", False))


def test_highlight_without_a_match_or_needle():
    assert highlight("Mailchimp", fold("sales")) == (("Mailchimp", False),)
    assert highlight("Mailchimp", "") == (("Mailchimp", False),)
    assert highlight("", "x") == ()
    assert highlight(None, "x") == ()


def test_highlight_keeps_markup_as_text():
    """The pieces are plain text: the template escapes each one."""
    pieces = highlight("<b>Bold</b> tool", fold("bold"))
    assert pieces == (("<b>", False), ("Bold", True), ("</b> tool", False))
