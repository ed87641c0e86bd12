"""Every check of the HR report audit, by the id its findings carry: the severities it can
report and its rule in one line (the parser's form checks and the re-derivations alike)."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

ERROR, WARNING, INFO = "error", "warning", "info"

CHECKS = check_table(
    CheckRule("sum", (ERROR,), "a stated total = the sum of its parts (head counts exactly, amounts "
              "within the rounding of the parts)"),
    CheckRule("share", (WARNING, ERROR), "a stated share = part ÷ total × 100, rounded half-up to 2 "
              "decimals (warning within 0.05)"),
    CheckRule("vacancy", (ERROR,), "establishment − filled = vacant (2.2)"),
    CheckRule("civil_servants_across_tables", (ERROR,), "civil servants in 2.1 = filled posts in "
              "2.2 = women + men in 2.3, per year"),
    CheckRule("stock_flow", (WARNING,), "last year's civil servants + entries − losses = this "
              "year's"),
    CheckRule("unit_cost", (ERROR,), "cost per head and per training hour = cost ÷ units, 2 "
              "decimals (2.5.3)"),
    CheckRule("costing_headcount", (INFO, ERROR), "the head count behind the costs = the workforce "
              "in 2.1 (info within 5 %)"),
    CheckRule("training_cost_presence", (WARNING,), "2.5.2 training expense and 2.5.3 development "
              "cost are both nil or both not"),
    CheckRule("band_contiguity", (WARNING,), "appraisal score and raise bands of consecutive levels "
              "meet without gaps"),
    CheckRule("rated_coverage", (WARNING,), "each appraisal round rates the civil servants of 2.1"),
    CheckRule("rated_group_size", (WARNING,), "no more managers are rated than 2.2 has posts"),
    CheckRule("scorecard_levels", (WARNING,), "a scorecard item's scoring levels increase"),
    CheckRule("scorecard_score_range", (ERROR,), "a score is at most the scale's maximum"),
    CheckRule("scorecard_weighted", (ERROR,), "weighted score = weight × score ÷ maximum"),
    CheckRule("scorecard_layout", (INFO,), "a dimension's total stands in the weighted-score "
              "column"),
    CheckRule("scorecard_sum", (ERROR,), "dimension and grand totals = the sum of their items"),
    CheckRule("scorecard_numbering", (WARNING,), "a detail page numbers its item as the summary does"),
    CheckRule("scorecard_detail_agrees", (ERROR,), "detail pages agree with the summary (number, "
              "weight, score)"),
    CheckRule("self_score", (WARNING,), "a level the data decide (1.2(2): vacancies ≤ 6 % of the "
              "establishment) = the self-score"),
    CheckRule("report_year", (ERROR,), "the report is for the year the audit asks for"),
    CheckRule("report_year_written", (INFO,), "the report's year is written as the form writes "
              "it, in 4 BE digits (a CE or 2-digit year is read as BE, and noted)"),
    CheckRule("report_date", (ERROR, WARNING), "the report is dated, after its fiscal year ended"),
    CheckRule("table_years_current", (ERROR,), "every table carries the report's own year"),
    CheckRule("header_year_sequence", (WARNING,), "header years run in sequence (an odd one takes "
              "the year its position implies)"),
    CheckRule("header_years_missing", (ERROR,), "a table's header states its years"),
    CheckRule("table_missing", (ERROR,), "every table of the form is present"),
    CheckRule("row_missing", (ERROR,), "a table has the rows its checks need (totals, 2.1.1 civil "
              "servants, cost rows)"),
    CheckRule("row_without_label", (WARNING,), "every data row has a label"),
    CheckRule("unparseable_number", (ERROR,), "every figure reads as a number (or a dash)"),
    CheckRule("implausible_number", (ERROR,), "no figure is absurdly large (≥ 10¹⁵)"),
    CheckRule("charts_present", (WARNING,), "the appendix charts 3.1–3.8 are in the report"),
)
