"""forked_map: the same results as a loop, whatever happens to the forked processes."""

from __future__ import annotations

import os
import signal

import pytest

from normalize.batch.local import forked_map

MAIN = os.getpid()


def square(number: int) -> int:
    return number * number


def dies_when_forked(number: int) -> int:
    if os.getpid() != MAIN:
        os.kill(os.getpid(), signal.SIGKILL)
    return square(number)


def fails_when_forked(number: int) -> int:
    if os.getpid() != MAIN:
        raise RuntimeError("only in a forked process")
    return square(number)


def fails_on_three(number: int) -> int:
    if number == 3:
        raise ValueError("three")
    return square(number)


@pytest.mark.parametrize("function", [square, dies_when_forked, fails_when_forked])
def test_results_come_in_order_even_when_a_forked_process_fails_or_dies(function):
    assert forked_map(function, [1, 2, 3, 4]) == [1, 4, 9, 16]


def test_an_error_is_raised_here_as_without_processes():
    with pytest.raises(ValueError, match="three"):
        forked_map(fails_on_three, [1, 2, 3])
