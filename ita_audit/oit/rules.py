"""The rules the OIT engine runs on every criteria item; each check of an item result carries
one of these ids. Their outcome is a verdict, not a finding severity."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

CHECKS = check_table(
    CheckRule("presence", ("fail", "review"),
              "a document is listed under the item (absent: fail; a bare heading: review)"),
    CheckRule("exception:<id>", ("pass",),
              "a title states the item's exception (no procurement, no complaints), which "
              "counts as evidence"),
    CheckRule("period:<rule>", ("fail", "review"),
              "the titles show the period the item's rule requires, on the audit's year basis"),
    CheckRule("elements", ("review",),
              "the required elements (1)…(n) are in the document; a title cannot prove them"),
)
