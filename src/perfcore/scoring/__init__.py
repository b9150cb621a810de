"""Pluggable, explainable scoring (work in progress: see the modules)."""
