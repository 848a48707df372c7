"""Hand-written sentiment lexicons for the languages VADER does not cover (Korean, Greek).

Written for this project from general knowledge of each language, as Python
data so they ship inside the package with no data-file plumbing. They hold
evaluative words only (good, awful, rude, scam, recommend...), never topic
words (layoffs, fees, profits): a topic is not an opinion, and its polarity
differs by brand and industry. No entry was derived from the labelled data the
accuracy is measured on (see :mod:`reporting.text.sentiment`).

Weights follow VADER's scale loosely: 0.5 mild, 1 clear, 1.5 strong, 2 very
strong (insults, "worst", "scam").
"""
