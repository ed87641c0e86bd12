"""The rules the OIT engine runs on every criteria item; each check of an item result carries
one of these ids. Their outcome is a verdict, not a finding severity."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

CHECKS = check_table(
    CheckRule("presence", ("fail", "review"),
              "a document is listed under the item (absent: fail; a bare heading: review)"),
    CheckRule("kind", ("pass", "fail", "review"),
              "a listed document is of the kind the item asks for (document-kinds-<year>.yaml): "
              "no title says: review; every document clearly of another item's kind: fail"),
    CheckRule("requirement", ("review",),
              "the item's criteria give nothing checkable (no period, elements, exception or "
              "kind): review, never a pass on presence alone"),
    CheckRule("parts", ("pass", "fail", "review"),
              "a merged item (2568 O1 structure and powers) has every part shown by a title or "
              "the text; a missing part fails, unless a document names no part (review)"),
    CheckRule("data_file", ("pass", "fail", "review"),
              "an item published as PDF and Excel (2568 O12/O13) lists a spreadsheet, CSV or "
              "open-data link; its absence gets the criteria file's verdict (review)"),
    CheckRule("exception:<id>", ("pass",),
              "a title states the item's exception (no procurement, no complaints), which "
              "counts as evidence"),
    CheckRule("period:<rule>", ("fail", "review"),
              "the titles of the documents of the item's kind show the period its rule "
              "requires, on the basis inherited from the plan reported on, else the audit's"),
    CheckRule("elements", ("pass", "review"),
              "the required elements (1)…(n) are in the documents: from titles alone always "
              "review; in the text read from the evidence archive, each one worded on a line"),
    CheckRule("link", ("pass", "fail"),
              "with an evidence archive: some link of the item works; all broken, refused or "
              "too large: fail"),
    CheckRule("content_period", ("pass", "fail", "review"),
              "with an evidence archive: the period the documents state in their title block "
              "fits the item's rule; it decides instead of the titles"),
    CheckRule("announcement", ("pass", "fail", "review"),
              "with an evidence archive, for an item whose evidence is an announcement: its "
              "date, signer and topics pass the policy-document checks"),
)
