//! One spelling for a feed's address, so that the same feed is subscribed once however its URL was
//! written: in a `feed add`, an OPML file, newsboat's `urls`, a sync server's list or a redirect.

use url::Url;

use super::sanitize::clean_line;

/// The address as it is stored and compared: cleaned like any line from outside, then, when it
/// parses as a URL, written back as the `url` crate writes it (scheme and host lower-cased, a
/// default port dropped, `.` and `..` segments resolved, odd characters percent-encoded), without
/// its fragment (never sent to the server) and without a bare `?` (an empty query). A real query
/// is kept as written, parameters in their order: a server may well tell them apart. So is the
/// path's case. What does not parse is only cleaned. The store keeps this spelling of every
/// feed's address (`feeds.address`): a change here needs a migration that spells them again.
pub fn feed_address(raw: &str) -> String {
    let cleaned = clean_line(raw);
    let Ok(mut url) = Url::parse(&cleaned) else {
        return cleaned;
    };
    url.set_fragment(None);
    if url.query() == Some("") {
        url.set_query(None);
    }
    url.into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_of_one_address_become_one() {
        let one = "http://127.0.0.1:8765/rss.xml";
        for spelling in [
            "http://127.0.0.1:8765/rss.xml",
            "http://127.0.0.1:8765/rss.xml?",
            "HTTP://127.0.0.1:8765/rss.xml#frag",
            "  http://127.0.0.1:8765/rss.xml?#  ",
            "http://127.0.0.1:8765/news/../rss.xml",
        ] {
            assert_eq!(feed_address(spelling), one, "{spelling}");
        }
        assert_eq!(
            feed_address("HTTPS://News.Example.ORG:443/Feed.xml"),
            "https://news.example.org/Feed.xml"
        );
        assert_eq!(feed_address("http://example.org:80"), "http://example.org/");
    }

    #[test]
    fn what_tells_feeds_apart_is_kept() {
        // The path's case, a port that is not the default, and a query in its order.
        for kept in [
            "https://example.org/Feed.xml",
            "https://example.org:8443/feed.xml",
            "https://example.org/feed?b=2&a=1",
            "https://example.org/feed?a=1&b=2",
            "https://example.org/feed?a=",
        ] {
            assert_eq!(feed_address(kept), kept);
        }
        assert_ne!(
            feed_address("https://example.org/feed?b=2&a=1"),
            feed_address("https://example.org/feed?a=1&b=2")
        );
    }

    #[test]
    fn what_is_not_a_url_is_only_cleaned() {
        assert_eq!(feed_address(" not\ta url "), "not a url");
        assert_eq!(feed_address(""), "");
    }
}
