"""The PDF renderer pauses Python's cyclic garbage collector while WeasyPrint works (see
`campaign.packs.pdf._CollectorPause`): process-wide, so it must always come back on, and only
when the last of the renders running at the same time is done."""

from __future__ import annotations

import gc
import weakref

import pytest

from campaign.packs.pdf import _CollectorPause


@pytest.fixture
def pause():
    assert gc.isenabled()
    yield _CollectorPause()
    gc.enable()


def test_the_collector_is_off_while_a_render_runs_and_on_again_after(pause):
    with pause():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_the_collector_comes_back_when_the_last_of_two_renders_ends(pause):
    first, second = pause(), pause()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second render is still running
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_the_collector_comes_back_after_a_render_fails(pause):
    with pytest.raises(ValueError), pause():
        raise ValueError("layout failed")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off(pause):
    gc.disable()
    with pause():
        pass
    assert not gc.isenabled()


def test_the_renders_own_cycles_are_collected_on_the_way_out(pause):
    class Node:
        me: object

    gc.collect()  # so that nothing here reaches the automatic threshold by itself
    with pause():
        node = Node()
        node.me = node  # a cycle: reference counting alone never frees it
        cycle = weakref.ref(node)
        del node
        assert cycle() is not None
    assert cycle() is None
