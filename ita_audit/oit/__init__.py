"""The OIT disclosure audit: an agency's disclosure index judged item by item against the
year's criteria."""
