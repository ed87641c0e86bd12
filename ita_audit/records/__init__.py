"""Audit records: provenance, manifests, the rendered HTML, the index and the cross-agency
view."""
