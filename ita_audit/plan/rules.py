"""Every check of the integrity-plan audit, by the id its findings carry: the severities it
can report and its rule in one line (the layout notes of the parser included)."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

ERROR, WARNING, INFO = "error", "warning", "info"

CHECKS = check_table(
    CheckRule("weekday", (WARNING,), "a stated weekday is the weekday of the date"),
    CheckRule("date_after_report", (ERROR,), "no date, month or year in measures, narratives or "
              "issues is later than the report date"),
    CheckRule("date_before_plan", (WARNING,), "no narrative date before the plan's fiscal year "
              "began"),
    CheckRule("done_but_pending", (ERROR, WARNING), "a measure ticked done has no pending phrase in its "
              "narrative (error: still under way; warning: awaiting others)"),
    CheckRule("owner", (WARNING,), "every measure has a responsible unit"),
    CheckRule("period", (WARNING,), "every measure has a readable period"),
    CheckRule("period_in_plan_year", (WARNING,), "a measure's period lies in the plan's year"),
    CheckRule("status", (ERROR,), "exactly one status box is ticked"),
    CheckRule("overdue", (WARNING,), "a measure not done has not passed the end of its period"),
    CheckRule("narrative", (WARNING,), "a measure ticked done has a narrative"),
    CheckRule("indicator_below_target", (WARNING,), "an indicator scoring below 85 is addressed by "
              "measures"),
    CheckRule("indicator_score", (INFO, WARNING), "each indicator states a readable score"),
    CheckRule("indicator_measures", (ERROR, WARNING), "each indicator has measures"),
    CheckRule("indicator_missing", (ERROR,), "indicators 1 to the last of the plan year each "
              "have a heading"),
    CheckRule("indicator_issues", (INFO,), "each indicator lists the issues the assessment raised"),
    CheckRule("numbering", (INFO,), "measures are numbered 1, 2, 3… within an indicator"),
    CheckRule("oit_coverage", (INFO,), "the OIT items the plan cites exist in its year's criteria"),
    CheckRule("report_date", (ERROR,), "the report states its date"),
    CheckRule("report_in_plan_year", (WARNING,), "the report date lies in the plan's fiscal year"),
    CheckRule("plan_year", (ERROR,), "the report's title states its plan year, the year the "
              "audit asks for"),
    CheckRule("alignment", (WARNING, INFO), "the status blocks of a row pair with its measures"),
    CheckRule("columns", (WARNING,), "a table row has the five columns of the form"),
    CheckRule("row_without_columns", (WARNING,), "a line inside the table is tab-separated"),
    CheckRule("continuation", (WARNING,), "a row continued across a page break adds no period or "
              "owner"),
    CheckRule("orphan", (WARNING,), "no data row stands before the first indicator or measure"),
)
