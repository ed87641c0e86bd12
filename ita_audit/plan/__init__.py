"""The integrity-plan audit: an ITA improvement-plan progress report (the O42/O43 evidence)."""
