"""Undo and redo as a history of `Changes`; taking one back is another write through the
repository (see `Repository.undo`), so undone edits sync like any other edit."""

from __future__ import annotations

from dataclasses import dataclass, field

from ozg_desk.store.changes import Changes

MAX_STEPS = 200


@dataclass(frozen=True)
class Step:
    """One undoable user action."""

    label: str
    changes: Changes


@dataclass
class UndoHistory:
    """Two stacks; a new action clears the redo stack."""

    undo_steps: list[Step] = field(default_factory=list)
    redo_steps: list[Step] = field(default_factory=list)

    def record(self, label: str, changes: Changes) -> None:
        if not changes:
            return
        self.undo_steps.append(Step(label, changes))
        del self.undo_steps[:-MAX_STEPS]
        self.redo_steps.clear()

    def next_undo(self) -> Step | None:
        return self.undo_steps[-1] if self.undo_steps else None

    def next_redo(self) -> Step | None:
        return self.redo_steps[-1] if self.redo_steps else None

    def undone(self, step: Step, result: Changes) -> None:
        """`step` was taken back by the write `result` (which redo takes back in turn)."""
        self.undo_steps.remove(step)
        self.redo_steps.append(Step(step.label, result))

    def redone(self, step: Step, result: Changes) -> None:
        self.redo_steps.remove(step)
        self.undo_steps.append(Step(step.label, result))
