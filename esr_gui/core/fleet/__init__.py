"""Fleets: one row per device from many bundles, saved check results and Intune exports.

`inputs` finds and reads the inputs one at a time; `checkdoc` reads saved `check --json`
results, `intune`/`intune_csv`/`intune_graph` Intune Remediations run states; `summary`
reduces them to rows (the latest readable capture wins); `output` prints the table, JSON, CSV.
"""
