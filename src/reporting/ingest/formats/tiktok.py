"""TikTok exports (FORMATS 6). Filled in below."""
