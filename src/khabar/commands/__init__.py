"""The CLI commands, grouped by topic; khabar.cli puts them together."""
