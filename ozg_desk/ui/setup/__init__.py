"""The first-start setup: a wizard for the Behörde, its Gemeinden and the catalogue."""

from ozg_desk.ui.setup.wizard import SetupWizard

__all__ = ["SetupWizard"]
