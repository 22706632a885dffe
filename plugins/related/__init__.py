"""Placeholder: filled in by the related work."""


def register():
    pass
