"""HR indicators re-derived from the report's own tables.

Definitions (percentages rounded half-up to two decimals):

* vacancy rate = (establishment − filled) ÷ establishment × 100, per position type and year (2.2);
* entries and losses of civil servants (2.1.2); turnover = losses ÷ civil servants at the end of
  the year × 100; replacement ratio = entries ÷ losses;
* retirement exposure = civil servants aged 55 or more ÷ all civil servants × 100 (2.3), and the
  share of women;
* staff per HR-unit officer = total workforce (2.1) ÷ HR-unit staff (2.4), and the HR unit's share;
* personnel-cost share = personnel budget ÷ total budget (2.5.1) and personnel cost ÷ total
  cost (2.5.2); training cost per hour = HR development cost ÷ training hours (2.5.3).

Each function returns a DataFrame with one row per year (newest first) of exact figures
(``Decimal``): counts stay whole and shares keep their two decimals, so a record prints them
as :mod:`ita_audit.view.numbers` says and the JSON gives whole counts as integers.
"""
from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ita_audit.findings import round_half_up
from ita_audit.hr.parse import HrReport

VACANCY_THRESHOLD = Decimal(6)   # OCSC item 1.2(2): 3 points need vacancies ≤ 6 %
POSITION_TYPES = {"executive": "บริหาร", "managerial": "อำนวยการ", "academic": "วิชาการ",
                  "general": "ทั่วไป", "total": "รวม"}


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``part ÷ whole × 100``, two decimals (half-up); None without both figures."""
    if part is None or whole in (None, 0):
        return None
    return round_half_up(part * 100 / whole)  # type: ignore[operator]


def _ratio(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    """``a ÷ b``, two decimals (half-up); None without both figures."""
    if a is None or b in (None, 0):
        return None
    return round_half_up(a / b)  # type: ignore[operator]


def vacancy_rates(report: HrReport) -> pd.DataFrame:
    """Vacancy rate by position type and year, from establishment and filled posts (2.2)."""
    rows = []
    for year in report.years("2.2"):
        for key, name in POSITION_TYPES.items():
            est = report.value("2.2", key, "establishment", year)
            filled = report.value("2.2", key, "filled", year)
            vacant = None if est is None or filled is None else est - filled
            rows.append({"year": year, "position_type": name, "establishment": est,
                         "filled": filled, "vacant": vacant,
                         "vacancy_rate": _pct(vacant, est)})
    return pd.DataFrame(rows, columns=["year", "position_type", "establishment", "filled",
                                       "vacant", "vacancy_rate"])


def movements(report: HrReport) -> pd.DataFrame:
    """Entries, losses, net change, turnover and replacement ratio of civil servants (2.1)."""
    rows = []
    for year in report.years("2.1.2"):
        entries = report.value("2.1.2", "total", "count", year, group="entry")
        losses = report.value("2.1.2", "total", "count", year, group="loss")
        headcount = report.value("2.1.1", "civil_servants", "count", year)
        retired = report.value("2.1.2", "retired", "count", year, group="loss")
        rows.append({"year": year, "civil_servants": headcount, "entries": entries,
                     "losses": losses,
                     "net": None if entries is None or losses is None else entries - losses,
                     "turnover_pct": _pct(losses, headcount),
                     "retirement_loss_pct": _pct(retired, losses),
                     "replacement_ratio": _ratio(entries, losses)})
    return pd.DataFrame(rows, columns=["year", "civil_servants", "entries", "losses", "net",
                                       "turnover_pct", "retirement_loss_pct",
                                       "replacement_ratio"])


def age_profile(report: HrReport) -> pd.DataFrame:
    """Retirement exposure (aged ≥ 55) and gender mix of civil servants (2.3)."""
    rows = []
    for year in report.years("2.3"):
        parts = report.select("2.3", year=year, kind="part")
        total = sum((f.value for f in parts if f.value is not None), Decimal(0))
        older = sum((f.value for f in parts if f.value is not None and _lower_age(f.key) >= 55),
                    Decimal(0))
        women = sum((f.value for f in parts if f.value is not None and f.column == "female"),
                    Decimal(0))
        rows.append({"year": year, "civil_servants": total, "aged_55_plus": older,
                     "aged_55_plus_pct": _pct(older, total), "women": women,
                     "women_pct": _pct(women, total)})
    return pd.DataFrame(rows, columns=["year", "civil_servants", "aged_55_plus",
                                       "aged_55_plus_pct", "women", "women_pct"])


def _lower_age(band: str) -> int:
    """The youngest age in a band label: ``"<=24"`` -> 0, ``"25-29"`` -> 25, ``">=55"`` -> 55."""
    digits = band.lstrip("<>=≤≥").split("-")[0]
    if band.startswith(("<", "≤")) or not digits.isdigit():
        return 0
    return int(digits)


def hr_unit(report: HrReport) -> pd.DataFrame:
    """HR-unit staff, the workforce they serve, staff per HR officer and the unit's share."""
    rows = []
    for year in report.years("2.4"):
        staff = report.value("2.4", "total", "count", year)
        workforce = report.value("2.1.1", "total", "count", year)
        rows.append({"year": year, "hr_staff": staff, "workforce": workforce,
                     "staff_per_hr_officer": _ratio(workforce, staff),
                     "hr_share_pct": _pct(staff, workforce)})
    return pd.DataFrame(rows, columns=["year", "hr_staff", "workforce", "staff_per_hr_officer",
                                       "hr_share_pct"])


def costs(report: HrReport) -> pd.DataFrame:
    """Personnel-cost shares and unit costs, recomputed (2.5)."""
    rows = []
    for year in report.years("2.5.1"):
        budget = report.value("2.5.1", "total", "value", year)
        personnel_budget = report.value("2.5.1", "personnel", "value", year)
        cost = report.value("2.5.2", "total", "value", year)
        personnel_cost = report.value("2.5.2", "personnel", "value", year)
        dev = report.value("2.5.3", "development_cost", "value", year)
        hours = report.value("2.5.3", "training_hours", "value", year)
        admin = report.value("2.5.3", "admin_cost", "value", year)
        heads = report.value("2.1.1", "total", "count", year)
        rows.append({"year": year, "personnel_budget_pct": _pct(personnel_budget, budget),
                     "personnel_cost_pct": _pct(personnel_cost, cost),
                     "training_cost_per_hour": _ratio(dev, hours),
                     "training_hours_per_person": _ratio(hours, heads),
                     "admin_cost_per_workforce_head": _ratio(admin, heads)})
    return pd.DataFrame(rows, columns=["year", "personnel_budget_pct", "personnel_cost_pct",
                                       "training_cost_per_hour", "training_hours_per_person",
                                       "admin_cost_per_workforce_head"])


def rederived_scores(report: HrReport) -> pd.DataFrame:
    """OCSC scorecard levels the report's data can decide, beside the self-score.

    Item 1.2(2) (recruitment plan): 3 points when vacancies are at most 6 % of the
    establishment, 2 points when above (both assume a plan exists, which data cannot show).
    """
    year = report.fiscal_year or (report.years("2.2") or [None])[0]
    rows = []
    self_score = next((r.score for r in report.scorecard if r.item == "1.2(2)"), None)
    est = report.value("2.2", "total", "establishment", year) if year else None
    filled = report.value("2.2", "total", "filled", year) if year else None
    rate = None if est in (None, 0) or filled is None else round_half_up((est - filled) * 100 / est)  # type: ignore[operator]
    derived = None if rate is None else (3 if rate <= VACANCY_THRESHOLD else 2)
    rows.append({"item": "1.2(2)", "year": year, "rule": "อัตราว่าง ≤ 6% ของกรอบ = 3 คะแนน, เกิน 6% = 2",
                 "data": None if rate is None else f"อัตราว่าง {rate}% ({est - filled:,} จาก {est:,})",  # type: ignore[operator]
                 "derived": derived, "self_score": None if self_score is None else int(self_score),
                 "basis": f"อัตราว่างปี {year} = {rate}%"})
    return pd.DataFrame(rows, columns=["item", "year", "rule", "data", "derived", "self_score",
                                       "basis"])
