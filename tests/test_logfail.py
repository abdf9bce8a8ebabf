"""The log guard itself: it sees our warnings, ignores others, and honours `expected_log`."""

from __future__ import annotations

import logging

import pytest

from tests.helpers.logfail import LogFailHandler, unexpected


def test_a_warning_of_ours_is_caught(fail_on_unexpected_log: LogFailHandler) -> None:
    logging.getLogger("ozg_desk.ui.app").warning("Platte voll")
    logging.getLogger("urllib3.connectionpool").warning("not ours")
    logging.getLogger("ozg_server.services.push").info("only information")
    assert unexpected(fail_on_unexpected_log, []) == ["WARNING ozg_desk.ui.app: Platte voll"]
    fail_on_unexpected_log.records.clear()  # caught; this test must not fail for it


@pytest.mark.expected_log("ozg_server.services.epochs", "neue Epoche")
def test_an_expected_warning_is_allowed(fail_on_unexpected_log: LogFailHandler) -> None:
    logging.getLogger("ozg_server.services.epochs").warning("Verlauf verloren, neue Epoche")
    assert len(fail_on_unexpected_log.records) == 1


def test_a_mark_allows_only_what_it_names() -> None:
    handler = LogFailHandler()
    for name in ("ozg_desk.sync", "ozg_desk.sync.engine", "ozg_desk.syncx"):
        handler.handle(logging.LogRecord(name, logging.ERROR, __file__, 1, "kaputt", None, None))
    mark = pytest.mark.expected_log("ozg_desk.sync").mark
    assert unexpected(handler, [mark]) == ["ERROR ozg_desk.syncx: kaputt"]
