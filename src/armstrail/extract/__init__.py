"""Extraction: events, attribution and stance, and where a claim is born (claims.py)."""
