"""The display kit every audit kind shares: Thai tables, terminal text, charts in the Thai
font, and the fonts embedded in every HTML page."""
