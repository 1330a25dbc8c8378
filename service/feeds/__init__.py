"""The feed consumer: feeds in, raw article records out (see docs/feeds.md).

    feedsfile  the feeds file (YAML/TOML) -> FeedConfig
    normalise  feed body -> RawArticle records + rejections (pure; entries, jsonfeed,
               records, times, urls, xmlguard help it)
    fetch      the HTTP edge: limits, redirects, bounded decoding (decode, ssrf, hostlimits)
    poll       one poll of one feed: fetch, normalise, resolve identities, schedule (schedule, state)
    identity   which earlier story an entry is: identity rules, rotating GUIDs, versions
    poller     the asyncio loop over the feeds this instance owns; teaser page extraction
    membership the poller group on the feeds topic; catalog reads/writes definitions
    app        run_poller: the wiring
"""
