"""The Qt-free domain model: keys, catalogue, Behörde, Anbindung and its lifecycle."""
