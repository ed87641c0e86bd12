"""The procurement data audit: an agency's procurement table (the ITA list of ten columns or the
older monthly สขร.1 form) read from .xlsx or .csv/.tsv, normalised, and checked for
completeness, prices against budget and reference price, method against the thresholds of the
Public Procurement Act B.E. 2560, split purchases, duplicates, contract dates, supplier tax-ID
check digits, monthly coverage and concentration.

Modules: :mod:`columns` (headers and layouts), :mod:`values` (amounts, dates, tax IDs, the
cells of the สขร.1 form), :mod:`read` (the workbook or text file to a
:class:`~ita_audit.procurement.read.ProcurementTable`), :mod:`thresholds` (the rules file
``data/criteria/procurement-rules.yaml``), :mod:`rules` (the table of checks), :mod:`checks`,
:mod:`audit` (the object behind the command and the notebook) and :mod:`synthetic` (tables
with injected anomalies). A flag marks a risk, not proof.
"""
