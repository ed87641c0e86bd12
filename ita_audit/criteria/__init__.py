"""The ITA criteria of each year as data: the criteria files and their schema, the crosswalks
between years, and the policy topic list."""
