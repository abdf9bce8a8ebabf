"""The writes of the setup and the Behörde dialog; they run on the database worker."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ozg_desk.store import meta
from ozg_desk.store.changes import Changes

if TYPE_CHECKING:
    from ozg_desk.store.repository import Repository

Operation = Callable[["Repository"], Changes]


def store_author(repository: Repository, author: str) -> None:
    """Remember the author in the database and record it with every following change."""
    with repository.store.write() as connection:
        meta.put(connection, meta.AUTHOR, author)
    repository.author = author


def save_behoerde(
    fields: Mapping[str, object],
    gemeinden: Sequence[Mapping[str, object]],
    author: str | None,
) -> Operation:
    """One operation for `Desk.write`: author first (so the history names them), then the
    Behörde, then exactly these Gemeinden; the two record changes merge into one undo step."""

    def run(repository: Repository) -> Changes:
        if author is not None and author != repository.author:
            store_author(repository, author)
        changes = repository.save_behoerde(fields)
        return changes.merged(repository.set_gemeinden(gemeinden))

    return run
