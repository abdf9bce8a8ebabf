"""The writes of the setup and the Behörde dialog; they run on the database worker."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from ozg_desk.store.changes import Changes

if TYPE_CHECKING:
    from ozg_desk.store.repository import Repository

Operation = Callable[["Repository"], Changes]


def save_behoerde(
    fields: Mapping[str, object],
    gemeinden: Sequence[Mapping[str, object]],
    author: str | None,
    kontakte: Mapping[str, Mapping[str, object]] | None = None,
) -> Operation:
    """One operation for `Desk.write`: author, Behörde, exactly these Gemeinden and the
    Ansprechpartner in one transaction and one undo step."""

    def run(repository: Repository) -> Changes:
        changes: Changes = repository.save_profile(fields, gemeinden, author, kontakte)
        return changes

    return run
