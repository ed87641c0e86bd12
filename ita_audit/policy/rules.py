"""Every check of the policy-document audit, by the id its findings carry: the severities it
can report and its rule in one line. A failed aspect is an error, an aspect under review a
warning (an info where nothing can be judged)."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

ERROR, WARNING, INFO = "error", "warning", "info"

CHECKS = check_table(
    CheckRule("announcement.issuer", (WARNING,), "an issuer line ('ประกาศ…') heads the document"),
    CheckRule("announcement.title", (WARNING,), "a subject line ('เรื่อง …') heads the document"),
    CheckRule("date.<rule>", (ERROR, WARNING), "the announcement date fits the item's period rule in "
              "that year's criteria (no date found: review)"),
    CheckRule("signer.present", (ERROR,), "a signer is named (in parentheses after the date)"),
    CheckRule("signer.position", (WARNING,), "the signer's position is given"),
    CheckRule("signer.head_of_agency", (WARNING,), "the signer is the head of the issuing agency, "
              "not a deputy and not on someone's behalf"),
    CheckRule("topics.<topic>", (ERROR, WARNING), "each topic the item requires is found by a core "
              "phrase (a related phrase only: review)"),
    CheckRule("topics.required", (INFO,), "the topic list names the topics the item requires"),
    CheckRule("topics.item_map", (WARNING,), "the topic list's item is the criteria's item of that "
              "name"),
    CheckRule("consistency.reference_dates", (INFO,), "no date cited in the text is later than "
              "the announcement's"),
    CheckRule("consistency.reference_after_announcement", (ERROR,), "no day cited in the body "
              "is later than the announcement date"),
    CheckRule("consistency.period_after_announcement", (WARNING,), "no period cited starts after "
              "the announcement date (a plan may)"),
    CheckRule("consistency.announcement_date", (ERROR,), "the announcement's own date agrees with "
              "the dates it cites (else the year they point to)"),
    CheckRule("consistency.real_date", (WARNING,), "every day-month-year date in the text exists"),
)
