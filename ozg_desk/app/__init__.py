"""What the desktop core stands on: errors, paths, logs, resources, reference data, session,
undo and the demo."""
