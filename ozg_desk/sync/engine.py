"""One sync round: push the outbox in batches, then pull the feed page by page, then any new
catalogue or areas release. The transport is passed in (real HTTP, or a fake in tests).

Each server answer is applied in local transactions together with what it acknowledges
(outbox rows) or the cursor it advances (a page in slices of whole `seq`s, see `APPLY_ITEMS`),
so a crash at any moment loses nothing and repeats nothing: unacknowledged operations are sent
again (the server recognises their keys) and an unrecorded slice is fetched again.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from functools import partial

from sqlalchemy import Connection

from ozg_desk.importers.areas import parse_areas_release, write_areas
from ozg_desk.importers.catalogue import (
    BadRelease,
    ParsedCatalogue,
    parse_release,
    write_catalogue,
)
from ozg_desk.importers.template_release import BadTemplateRelease, files_of_release
from ozg_desk.protocol import PROTOCOL
from ozg_desk.protocol.paths import CHANGES, PUSH, RELEASES, url
from ozg_desk.store import meta
from ozg_desk.store.changes import Changes, RecordRef
from ozg_desk.store.database import Store
from ozg_desk.store.land_templates import note_release_problem, write_land_templates
from ozg_desk.store.queries import meta_value
from ozg_desk.sync import recovery
from ozg_desk.sync.apply import check_page, finish_recovery, slices, write_page
from ozg_desk.sync.errors import BadServerResponse, HistoryLost, ServerFailed
from ozg_desk.sync.outbox import pending_operations, raise_seen, record_results, set_aside
from ozg_desk.sync.transport import Transport

RELEASE_KINDS = ("catalogue", "areas", "templates")
PAGE = 2000  # few round trips on a slow link; the server pages at seq boundaries
# Items written per transaction: an edit waits for the write lock at most about that long
# (tens of milliseconds, decision 0006); a fetched page is written in such slices.
APPLY_ITEMS = 125  # 250 came to 200 ms on a shared 2-core machine: margin for the 200 ms bound
ROUND_SECONDS = 120.0


@dataclass
class SyncReport:
    """What a round did."""

    pushed: int = 0
    conflicts: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    pulled: int = 0
    changes: Changes = field(default_factory=Changes)
    finished_at: str = ""
    recovered: bool = False  # the server had lost history; this PC read its feed anew
    resent: int = 0  # operations sent again because the server had lost them

    def as_json(self) -> dict[str, object]:
        return {
            "pushed": self.pushed,
            "conflicts": self.conflicts,
            "rejected": [{"op_id": op, "reason": reason} for op, reason in self.rejected],
            "pulled": self.pulled,
            "catalogue_updated": self.changes.catalogue,
            "recovered": self.recovered,
            "resent": self.resent,
            "finished_at": self.finished_at,
        }


class SyncEngine:
    """Runs rounds for one store against one server.

    `turn` is held around every write transaction of the round: in the GUI it waits for the
    database worker and keeps it while the round writes, so the round's writes queue in turn
    with the edits instead of racing them for SQLite's lock (decision 0006).
    """

    def __init__(
        self,
        store: Store,
        transport: Transport,
        device_id: str,
        *,
        round_seconds: float = ROUND_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        turn: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        self.store, self.transport, self.device_id = store, transport, device_id
        self.round_seconds, self.clock, self.turn = round_seconds, clock, turn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.turn(), self.store.write() as connection:
            yield connection

    def run(self) -> SyncReport:
        deadline = self.clock() + self.round_seconds
        report = SyncReport()
        for attempt in (1, 2):
            try:
                releases = self._exchange(report, deadline)
                break
            except HistoryLost as lost:
                if attempt == 2:
                    raise
                with self._write() as connection:
                    recovery.begin(connection, lost.epoch, lost.epoch_start)
                report.recovered = True
        self._releases(report, releases, deadline)
        report.finished_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._write() as connection:
            meta.put(connection, meta.SYNC_LAST_SUCCESS, report.finished_at)
        return report

    def _exchange(self, report: SyncReport, deadline: float) -> dict[str, int]:
        """Push, pull; during a recovery only after the feed has been read anew (what it
        finds missing on the server goes first)."""
        with self.store.read() as connection:
            recovering = meta_value(connection, meta.SYNC_RECOVERING) == "1"
        if not recovering:
            self.push(report, deadline)
        releases = self._pull(report, deadline)
        if recovering or report.resent:
            self.push(report, deadline)
        return releases

    def push(self, report: SyncReport, deadline: float) -> None:
        """Send the outbox in batches until it is empty."""
        while True:
            with self.store.read() as connection:
                operations = pending_operations(connection)
                position = _position(connection)
            if not operations:
                return
            body = {"protocol": PROTOCOL, "device_id": self.device_id, "ops": operations}
            try:
                reply = self.transport.request(
                    "POST", url(PUSH), deadline=deadline, body={**body, **position}
                )
            except ServerFailed as refused:
                named = _refused_operations(refused, operations)
                if not named:
                    raise
                with self._write() as connection:
                    report.rejected += set_aside(connection, named)
                continue  # the others go again, without the ones the server cannot take
            with self._write() as connection:
                applied, conflicts, rejected = record_results(
                    connection, operations, reply.data.get("results")
                )
                _adopt_epoch(connection, reply.data)
            report.pushed += applied
            report.conflicts += conflicts
            report.rejected += rejected
            refs = tuple(RecordRef(op["entity"], op["entity_id"]) for op in operations)
            report.changes = report.changes.merged(Changes(synced=refs))

    def _pull(self, report: SyncReport, deadline: float) -> dict[str, int]:
        releases: dict[str, int] = {}
        while True:
            with self.store.read() as connection:
                cursor = int(meta_value(connection, meta.SYNC_CURSOR) or 0)
                position = _position(connection)
                recovering = meta_value(connection, meta.SYNC_RECOVERING) == "1"
            params = {"since": cursor, "limit": PAGE, **position}
            reply = self.transport.request("GET", url(CHANGES), deadline=deadline, params=params)
            data = reply.data
            items, next_cursor = data.get("changes"), data.get("cursor")
            if (
                not isinstance(items, list)
                or not isinstance(next_cursor, int)
                or next_cursor < cursor
            ):
                raise BadServerResponse("Der Server hat eine ungültige Änderungsliste geschickt.")
            # Checked whole before the first write; then written slice by slice, each with the
            # cursor it completes, so an edit never waits behind the whole page.
            runs = [
                (len(run), check_page(run), run_cursor)
                for run, run_cursor in slices(items, cursor, next_cursor, APPLY_ITEMS)
            ]
            page_done = not data.get("has_more") or next_cursor == cursor
            applied, done = cursor, False
            for number, (count, page, run_cursor) in enumerate(runs):
                with self._write() as connection:
                    if int(meta.get(connection, meta.SYNC_CURSOR) or 0) != applied:
                        break  # reset meanwhile (a change was discarded): read again from there
                    touched = write_page(connection, page, recovering=recovering)
                    meta.put(connection, meta.SYNC_CURSOR, str(run_cursor))
                    _adopt_epoch(connection, data)
                    raise_seen(connection, run_cursor)
                    done = page_done and number == len(runs) - 1
                    if recovering and done:
                        report.resent += finish_recovery(connection)
                applied = run_cursor
                report.pulled += count
                report.changes = report.changes.merged(Changes(synced=tuple(touched)))
            if applied != next_cursor:
                continue
            announced = data.get("releases")
            if isinstance(announced, dict):
                releases = {
                    kind: version for kind, version in announced.items() if isinstance(version, int)
                }
            if done:
                return releases

    def _releases(self, report: SyncReport, announced: dict[str, int], deadline: float) -> None:
        for kind in RELEASE_KINDS:
            with self.store.read() as connection:
                have = int(meta_value(connection, meta.SYNC_RELEASE_PREFIX + kind) or 0)
            if announced.get(kind, 0) <= have:
                continue
            reply = self.transport.request(
                "GET", url(RELEASES, kind=kind), deadline=deadline, params={"after": have}
            )
            release = reply.data.get("release")
            if not isinstance(release, dict) or not isinstance(release.get("version"), int):
                continue
            content, stand = release.get("content"), release.get("stand")
            write: Callable[[Connection], Changes]
            try:  # checked completely before the write transaction starts
                if kind == "catalogue":
                    catalogue = parse_release(content)
                    stand = stand if isinstance(stand, str) else None
                    write = partial(_land_catalogue, parsed=catalogue, stand=stand)
                elif kind == "templates":
                    write = partial(write_land_templates, files=files_of_release(content))
                else:
                    areas = parse_areas_release(content)
                    write = partial(write_areas, parsed=areas)
            except BadTemplateRelease as error:
                # Templates this version cannot take must not stop the sync of the records:
                # noted, the stored ones stay, and the next round asks again.
                with self._write() as connection:
                    note_release_problem(connection, str(error))
                continue
            except BadRelease as error:
                raise BadServerResponse(str(error)) from error
            with self._write() as connection:
                changes = write(connection)
                meta.put(connection, meta.SYNC_RELEASE_PREFIX + kind, str(release["version"]))
            report.changes = report.changes.merged(changes)


def _land_catalogue(connection: Connection, parsed: ParsedCatalogue, stand: str | None) -> Changes:
    """The Land's catalogue replaces the one in the store (shipped, or from a file)."""
    changes = write_catalogue(connection, parsed, stand)
    meta.put(connection, meta.CATALOGUE_SOURCE, meta.CATALOGUE_LAND)
    return changes


def _position(connection: sqlite3.Connection) -> dict[str, object]:
    """This PC's position in the server's history, sent with every request (see protocol)."""
    epoch = meta_value(connection, meta.SYNC_EPOCH)
    seen = int(meta_value(connection, meta.SYNC_SEEN) or 0)
    return {"seen": seen, **({"epoch": epoch} if epoch else {})}


def _adopt_epoch(connection: Connection, data: dict[str, object]) -> None:
    """Remember the epoch of the first answer that names one (a PC that never had one)."""
    epoch, start = data.get("epoch"), data.get("epoch_start")
    if isinstance(epoch, str) and meta.get(connection, meta.SYNC_EPOCH) is None:
        meta.put(connection, meta.SYNC_EPOCH, epoch)
        if isinstance(start, int):
            meta.put(connection, meta.SYNC_EPOCH_START, str(start))


def _refused_operations(
    refused: ServerFailed, sent: list[dict[str, object]]
) -> list[tuple[str, str]]:
    """The operations a 422 answer names as invalid, if it names only ones that were sent."""
    named = refused.details.get("rejected") if refused.status == 422 else None
    if not isinstance(named, list) or not named:
        return []
    ids = {op["op_id"] for op in sent}
    found = [
        (item["op_id"], str(item.get("reason") or "ohne Begründung")[:1000])
        for item in named
        if isinstance(item, dict) and item.get("op_id") in ids
    ]
    return found if len(found) == len(named) else []
