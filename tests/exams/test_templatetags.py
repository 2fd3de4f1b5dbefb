"""The exam screen's hand-built fragments: same markup a template would give, safely escaped."""

from types import SimpleNamespace

from exams.selectors import SlotState
from exams.templatetags.exam import choice_inputs, navigator_cells


def _item(type_="single", selected=(), keys=("11", "12", "13")):
    choices = [{"key": k, "html": f"<p>Option <em>{k}</em></p>", "correct": False} for k in keys]
    return SimpleNamespace(
        type=type_,
        selected=list(selected),
        choices=choices,
        shown_choices=lambda: [{"key": c["key"], "html": c["html"]} for c in choices],
    )


def test_choice_inputs_are_radios_for_a_single_response_with_the_answer_checked():
    html = choice_inputs(_item(selected=["12"]))
    assert html.count('type="radio" name="choice"') == 3
    assert 'value="12" checked>' in html
    assert html.count(" checked") == 1
    assert [html.index(f">{letter}</span>") for letter in "ABC"] == sorted(
        html.index(f">{letter}</span>") for letter in "ABC"
    )


def test_choice_inputs_are_checkboxes_for_a_multiple_response():
    html = choice_inputs(_item(type_="multiple", selected=["11", "13"]))
    assert html.count('type="checkbox"') == 3
    assert 'value="11" checked>' in html and 'value="13" checked>' in html
    assert 'value="12">' in html


def test_choice_inputs_keep_the_sanitised_option_html_and_escape_keys():
    html = choice_inputs(_item(keys=('1"><script>', "2")))
    assert "<p>Option <em>2</em></p>" in html
    assert 'value="1&quot;&gt;&lt;script&gt;"' in html
    assert '"><script>' not in html.split("<p>Option")[0]


def test_navigator_cells_say_state_only_where_there_is_one():
    states = [SlotState(1, True, False), SlotState(2, False, True), SlotState(3, False, False)]
    html = navigator_cells("/exams/attempt/7/q/", states, 3)
    assert '<a id="nav-1" href="/exams/attempt/7/q/1/" class="nav-cell is-answered"' in html
    assert 'aria-label="1 answered"' in html and 'aria-label="2 flagged"' in html
    assert 'class="nav-cell is-current" aria-current="page">3</a>' in html
    assert html.count("<li>") == 3


def test_navigator_cells_out_of_band_are_bare_links_marked_for_swapping():
    html = navigator_cells("/q/", [SlotState(4, True, True)], 1, oob=True)
    assert html.startswith('<a id="nav-4"') and "<li>" not in html
    assert 'hx-swap-oob="true"' in html
