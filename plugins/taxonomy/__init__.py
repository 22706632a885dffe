"""Tagging: one bilingual taxonomy of tag concepts."""
