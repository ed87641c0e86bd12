"""Every check of the procurement data audit, by the id its findings carry: the severities it
can report and its rule in one line. Which severity each case gets, the thresholds and their
legal sources are data (``data/criteria/procurement-rules.yaml``, :mod:`.thresholds`); the
data may only choose among the severities declared here. A flag marks a risk, not proof."""
from __future__ import annotations

from ita_audit.findings import CheckRule, check_table

ERROR, WARNING, INFO = "error", "warning", "info"

CHECKS = check_table(
    CheckRule("required_field", (ERROR, WARNING), "every row states the values its layout "
              "requires (item, budget, method, supplier, agreed price; then the other published "
              "columns)"),
    CheckRule("amount", (ERROR,), "every amount and date in the table can be read"),
    CheckRule("date_order", (WARNING,), "a table's numeric dates are day first (d/m/y), as "
              "Thai forms write them; a table whose cells mostly read month first (10/25/2024, "
              "or a monthly sheet's dates in its month) is read month first and said, one "
              "with cells of both orders is said"),
    CheckRule("price_above_budget", (ERROR,), "the agreed price is not above the allocated "
              "budget"),
    CheckRule("price_above_reference", (WARNING,), "the agreed price is not above the reference "
              "price (ราคากลาง)"),
    CheckRule("reference_above_budget", (WARNING,), "the reference price is not above the "
              "budget"),
    CheckRule("method_threshold", (ERROR,), "the specific method is used up to 500,000 baht, or "
              "above it only with an exception of มาตรา 56 (2) stated in the row"),
    CheckRule("no_contract_threshold", (WARNING,), "a purchase above 100,000 baht has a contract "
              "or written agreement number (where the layout has the column)"),
    CheckRule("split_purchase", (WARNING,), "no purchases of similar items from one supplier, "
              "each under the threshold, add up to more than it within the window (มาตรา 65)"),
    CheckRule("tax_id", (ERROR,), "a supplier's tax ID has 13 digits and a valid check digit"),
    CheckRule("duplicate", (ERROR, WARNING), "no row appears twice (error) and no project number "
              "is used by two different rows (warning)"),
    CheckRule("contract_dates", (ERROR, WARNING), "a contract ends after it starts (error) and "
              "is signed within the fiscal year reported (warning)"),
    CheckRule("fiscal_year", (WARNING,), "a row's ปีงบประมาณ, the month and year of its เดือน "
              "cell, and the month and year a sheet's name gives, are of the fiscal year audited"),
    CheckRule("month_missing", (WARNING, INFO), "every month of the fiscal year up to the last "
              "one reported has rows or a no-procurement statement"),
    CheckRule("month_statement", (WARNING,), "a month the table states had no procurement has "
              "no purchase rows (a statement of some purchases only, 'โดยวิธี…', 'วงเงินเกิน…', "
              "is not contradicted by others)"),
    CheckRule("year_end_specific", (INFO, WARNING), "the share of specific-method spending in "
              "the last months of the fiscal year stays under its threshold"),
    CheckRule("vendor_concentration", (INFO, WARNING), "the top supplier's share and the HHI of "
              "agreed spending stay under their thresholds"),
    CheckRule("sheet_skipped", (WARNING,), "every non-empty sheet of the workbook is a "
              "procurement table or a no-procurement statement"),
)
