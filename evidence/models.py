"""Uploaded evidence documents (bukti fisik), their revisions and review."""
