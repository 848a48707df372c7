"""Legacy Facebook Insights exports (FORMATS 2.1, 2.2). Filled in below."""
