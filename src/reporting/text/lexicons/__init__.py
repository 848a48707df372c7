"""Hand-written sentiment lexicon for Greek, which VADER does not cover.

Written for this project from general knowledge of the language, as Python
data so it ships inside the package with no data-file plumbing. It holds
evaluative words only (good, awful, rude, scam, recommend...), never topic
words (layoffs, fees, profits): a topic is not an opinion, and its polarity
differs by brand and industry. No entry was derived from the labelled data the
accuracy is measured on (see :mod:`reporting.text.sentiment`).

(The Korean lexicon that stood beside it was removed when the trained Korean
model replaced it: stacked onto the model it added nothing measurable; see
``text/models/ko_sentiment.json``, ``lexicon``.)

Weights follow VADER's scale loosely: 0.5 mild, 1 clear, 1.5 strong, 2 very
strong (insults, "worst", "scam").
"""
