//! The query language in brief, as `dateline search --help` and the screen's help show it: kept
//! beside the search it describes, below both of them.

/// One line of heading, then one line per form of query.
pub const QUERY_HELP: &str = "\
Query language:
  port authority        both words (title, standfirst, body or fetched page; stems: ministries = ministry)
  minist                the last word is also a prefix (ministry, ministers); end with a space for whole words
  \"container terminal\"  the words in order
  東京都  地震          Chinese, Japanese, Korean: two or more characters, found inside words
  -sport  NOT sport     without the word (also -\"a phrase\", -title:x, -is:read)
  tehran OR dubai       either word; AND may be written but is implied
  title:port            in the headline
  feed:reuters          in the source (also source:); feed:\"BBC News\" is that feed alone
  author:\"ada lee\"      by the author
  person: org: place:   people, organisations and places named in the article
  misc:\"world cup\"      other names: events, titles of works, nationalities
  tag:world             tagged so (import --tag, a feed's tags, OPML folders)
  story:12              the reports of a story, as `dateline stories` numbers them
  after:2026-01-31      published on or after that day (also 2026-01 or 2026)
  before:2026-02        published before that month began
  since:7d              in the last 7 days (h, d, w, m = 30 days, y)
  is:unread is:read is:starred is:unstarred is:hidden
A query of filters only (no words) lists its matches newest first; '' lists everything.";
