"""Analysis: the spaCy pipeline, the gazetteers turned into matchers, and date resolution."""
