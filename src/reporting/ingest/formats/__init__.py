"""One module per platform family; importing this package registers every importer.

The import order below is the detection priority: specific platform formats first, then the
formats driven by the client's parameters (listening and survey column mappings), then the
plain CSV templates, which accept any header made only of canonical column names.
"""

from reporting.ingest.formats import (  # noqa: F401  (imported for their @register side effect)
    x,
    meta_legacy,
    meta_posts,
    meta_insights,
    meta_ads,
    linkedin,
    youtube,
    tiktok,
    sprout,
    analytics,
    listening,
    survey,
    labelled,
    templates,
)
