"""The Leistungen page: the list, its model and filter, and the bulk edit."""
