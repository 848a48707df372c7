"""Text analytics for mentions: language, sentiment, spikes in volume and the topics people raise.

Pure functions over frames of mentions; the listening and annual reports call them.
"""
