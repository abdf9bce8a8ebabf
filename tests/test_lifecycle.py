"""The lifecycle: which status changes are offered and what each one requires."""

from __future__ import annotations

import pytest

from ozg_desk.domain.errors import TransitionError
from ozg_desk.domain.lifecycle import DEFAULT_WORKFLOW, MAIN_LINE, Status

WORKFLOW = DEFAULT_WORKFLOW


def test_forward_any_step_back_one_step() -> None:
    targets = WORKFLOW.allowed_targets(Status.SIGNED)
    assert Status.PAPERS in targets  # one step back
    assert Status.PLANNED not in targets  # not two
    assert all(step in targets for step in MAIN_LINE[MAIN_LINE.index(Status.SIGNED) + 1 :])


def test_online_can_only_go_offline_or_back_one_step() -> None:
    assert set(WORKFLOW.allowed_targets(Status.ONLINE)) == {Status.GO_LIVE_PLANNED, Status.OFFLINE}


def test_decisions_can_be_taken_back() -> None:
    assert Status.OPEN in WORKFLOW.allowed_targets(Status.NOT_RELEVANT)
    assert Status.OPEN in WORKFLOW.allowed_targets(Status.DEFERRED)


def test_online_requires_go_live_date_and_channel() -> None:
    with pytest.raises(TransitionError) as caught:
        WORKFLOW.check(Status.TEST, Status.ONLINE, {})
    assert set(caught.value.missing) == {"golive_datum", "empfangskanal"}
    WORKFLOW.check(
        Status.TEST, Status.ONLINE, {"golive_datum": "2026-01-01", "empfangskanal": "bebpo"}
    )


def test_not_relevant_requires_a_reason() -> None:
    with pytest.raises(TransitionError, match="fehlen Angaben"):
        WORKFLOW.check(Status.OPEN, Status.NOT_RELEVANT, {"status_begruendung": ""})


def test_disallowed_change_names_both_statuses() -> None:
    with pytest.raises(TransitionError, match="von „online“ auf „offen“"):
        WORKFLOW.check(Status.ONLINE, Status.OPEN, {})
