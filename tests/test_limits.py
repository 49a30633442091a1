"""The per-file time limit in a thread that is not the main one (a Dask worker runs its tasks in
threads, where SIGALRM cannot reach): a runaway parse in Python code becomes a FileTimeout there too,
and a parse that ends in time is never interrupted afterwards."""

from __future__ import annotations

import threading
import time

import pytest

from extract.run.limits import FileTimeout, time_limit


def _in_thread(body) -> BaseException | str:
    out: list = []

    def run() -> None:
        try:
            body()
            out.append("finished")
        except BaseException as e:
            out.append(e)

    t = threading.Thread(target=run, daemon=True)  # a limit that fails must not hang pytest's exit
    t.start()
    t.join(30)
    assert not t.is_alive(), "the limit did not stop the thread"
    return out[0]


def test_a_runaway_parse_in_a_worker_thread_is_stopped_with_the_limit_named():
    def runaway() -> None:
        with time_limit(0.5, "report.pdf"):
            while True:  # pure Python, as the parser is
                sum(range(100))

    t = time.monotonic()
    outcome = _in_thread(runaway)
    assert isinstance(outcome, FileTimeout)
    assert str(outcome) == "parsing took longer than the 0.5 s limit (--file-timeout)"
    assert time.monotonic() - t < 10


@pytest.mark.parametrize("seconds", [0.2, None])
def test_a_parse_that_ends_in_time_is_never_interrupted_later(seconds):
    def quick_then_more_work() -> None:
        with time_limit(5 if seconds else None, "report.txt"):
            sum(range(1000))
        deadline = time.monotonic() + 1.0  # well past a 0.2 s timer, had it been left running
        while time.monotonic() < deadline:
            sum(range(100))

    assert _in_thread(quick_then_more_work) == "finished"


def test_the_limit_fired_as_the_body_ended_is_withdrawn():
    """The body ends just as the timer fires: the exception is either raised inside the limit (the file
    did reach it) or withdrawn, never delivered to the code that runs after it."""
    outcomes = []
    for _ in range(10):

        def edge() -> None:
            try:
                with time_limit(0.05, "report.txt"):
                    end = time.monotonic() + 0.05
                    while time.monotonic() < end:
                        pass
            except FileTimeout:
                pass  # raised inside: a named failure, as it should be
            deadline = time.monotonic() + 0.15
            while time.monotonic() < deadline:
                sum(range(100))

        outcomes.append(_in_thread(edge))
    assert outcomes == ["finished"] * 10
