"""Placeholder: filled in by the search_index work."""


def register():
    pass
