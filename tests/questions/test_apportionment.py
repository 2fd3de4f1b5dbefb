"""Largest-remainder apportionment of exam questions over domain weights."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from questions.apportionment import apportion

DOP = {1: 22, 2: 17, 3: 15, 4: 15, 5: 14, 6: 17}


def test_full_mock_split_matches_the_exam_guide():
    assert apportion(75, DOP) == {1: 17, 2: 13, 3: 11, 4: 11, 5: 10, 6: 13}


def test_scored_set_and_drill_lengths():
    assert sum(apportion(65, DOP).values()) == 65
    assert apportion(20, DOP) == {1: 5, 2: 3, 3: 3, 4: 3, 5: 3, 6: 3}


def test_ties_go_to_the_larger_weight_then_the_lower_number():
    assert apportion(1, {1: 50, 2: 50}) == {1: 1, 2: 0}
    assert apportion(1, {1: 40, 2: 60}) == {1: 0, 2: 1}
    assert apportion(2, {1: 1, 2: 1, 3: 1}) == {1: 1, 2: 1, 3: 0}


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        apportion(-1, DOP)
    with pytest.raises(ValueError):
        apportion(5, {1: 0, 2: 100})
    with pytest.raises(ValueError):
        apportion(5, {})
    assert apportion(0, {}) == {}


weights = st.dictionaries(st.integers(1, 12), st.integers(1, 100), min_size=1, max_size=12)


@given(total=st.integers(0, 500), weights=weights)
def test_shares_sum_to_total_and_stay_within_floor_and_ceiling(total, weights):
    shares = apportion(total, weights)
    assert sum(shares.values()) == total
    weight_sum = sum(weights.values())
    for number, share in shares.items():
        quota = Fraction(total * weights[number], weight_sum)
        assert quota - 1 < share < quota + 1


@given(total=st.integers(0, 500), weights=weights)
def test_apportionment_is_deterministic_and_order_independent(total, weights):
    reversed_weights = dict(reversed(list(weights.items())))
    assert apportion(total, weights) == apportion(total, reversed_weights)
