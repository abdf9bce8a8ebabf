"""Fail a test during which OZG-Desk or its server logs a WARNING or ERROR it did not expect.

A warning in the log is how the program admits that something went wrong without telling the
user; a test that passes while one is written hides a defect. A test that provokes one on
purpose says so with `@pytest.mark.expected_log("logger.name", "part of the message")`.
(The model is qutebrowser's tests/helpers/logfail.py.)
"""

from __future__ import annotations

import logging

import pytest

OURS = ("ozg_desk", "ozg_server")


class LogFailHandler(logging.Handler):
    """Collects the records of our own loggers from WARNING up."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.name.split(".", 1)[0] in OURS:
            self.records.append(record)


def expected(record: logging.LogRecord, marks: list[pytest.Mark]) -> bool:
    """Whether a mark `expected_log(logger, text="")` covers the record."""
    for mark in marks:
        logger, text = (*mark.args, "")[:2]
        named = record.name == logger or record.name.startswith(logger + ".")
        if named and text in record.getMessage():
            return True
    return False


def unexpected(handler: LogFailHandler, marks: list[pytest.Mark]) -> list[str]:
    return [
        f"{record.levelname} {record.name}: {record.getMessage()}"
        for record in handler.records
        if not expected(record, marks)
    ]
