"""Chart functions per report: each takes computed frames and a Translator and returns a Figure."""
