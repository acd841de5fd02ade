"""Signed PDF evaluation reports: data model, rendering, signing, verification."""
