"""Syncing a store's own site into its knowledge base.

    plan.py       what to read: the sitemap or start URLs, the store's hosts, the limits
    addresses.py  which addresses a fetch may reach (no internal ones unless allowed)
    fetcher.py    polite HTTP: user agent, timeouts, size and type limits, a delay, redirects
                  checked hop by hop, conditional GET
    robots.py     robots.txt per host, read with `urllib.robotparser`
    sitemap.py    sitemaps and sitemap indexes, plain or gzipped
    links.py      on-site links of a page, for a crawl from start URLs
    discovery.py  the pages of one sync, from a sitemap or a crawl, robots respected
    pages.py      a fetched page as a document to ingest, keyed by its URL
    runs.py       sync runs in the database: claim (one at a time per store), progress, finish
    sync.py       one sync: discover, fetch, ingest changed pages, remove gone ones
    worker.py     runs syncs in a background thread holding a lease; the schedule

Each page is one document whose source is its URL. The ingest pipeline replaces a changed page
atomically (`retrieval.ingest`: a new version is indexed beside the old one and activated in one
transaction), so a reader sees the old page or the new one, and a failure keeps the old one.
"""
