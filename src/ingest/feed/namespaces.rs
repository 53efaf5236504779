//! The namespace families feed elements come in, known by URI (old and new spellings alike) or,
//! when a feed uses a prefix it never declared, by the prefix everyone writes for it.

/// A family of elements; RSS's own elements, in whichever of its namespaces or none, are `Plain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ns {
    #[default]
    Plain,
    Atom,
    Rdf,
    /// Dublin Core elements and terms.
    Dc,
    /// `content:encoded`.
    Content,
    Itunes,
    Media,
    Xhtml,
    /// The reserved `xml:` prefix (`xml:base`, `xml:lang`).
    Xml,
    Other,
}

/// Namespace URIs by family, compared without case and trailing `/` or `#`.
const URIS: [(&str, Ns); 15] = [
    ("http://www.w3.org/2005/atom", Ns::Atom),
    // Atom 0.3: its `issued` and `modified` are read as `published` and `updated`.
    ("http://purl.org/atom/ns", Ns::Atom),
    ("http://purl.org/rss/1.0", Ns::Plain),
    // RSS 0.90.
    ("http://my.netscape.com/rdf/simple/0.9", Ns::Plain),
    ("http://backend.userland.com/rss2", Ns::Plain),
    ("http://backend.userland.com/rss", Ns::Plain),
    ("http://www.w3.org/1999/02/22-rdf-syntax-ns", Ns::Rdf),
    ("http://purl.org/dc/elements/1.1", Ns::Dc),
    ("http://purl.org/dc/terms", Ns::Dc),
    ("http://purl.org/rss/1.0/modules/content", Ns::Content),
    ("http://www.itunes.com/dtds/podcast-1.0.dtd", Ns::Itunes),
    ("http://search.yahoo.com/mrss", Ns::Media),
    ("http://search.yahoo.com/rss", Ns::Media),
    ("http://www.w3.org/1999/xhtml", Ns::Xhtml),
    ("http://www.w3.org/xml/1998/namespace", Ns::Xml),
];

/// The family a namespace URI names; `Other` for one this reader has no use for.
pub fn for_uri(uri: &str) -> Ns {
    let uri = uri.trim().to_ascii_lowercase();
    let uri = uri.trim_end_matches(['/', '#']);
    URIS.iter()
        .find(|(known, _)| known.trim_end_matches('/') == uri)
        .map_or(Ns::Other, |&(_, ns)| ns)
}

/// The family of a prefix used without a declaration, by the prefix customary for it.
pub fn for_prefix(prefix: &str) -> Ns {
    match prefix {
        "atom" | "atom03" | "atom10" => Ns::Atom,
        "rdf" => Ns::Rdf,
        "dc" | "dcterms" => Ns::Dc,
        "content" => Ns::Content,
        "itunes" => Ns::Itunes,
        "media" => Ns::Media,
        "xhtml" | "html" => Ns::Xhtml,
        "xml" => Ns::Xml,
        "rss" => Ns::Plain,
        _ => Ns::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_match_in_any_spelling() {
        assert_eq!(for_uri("http://www.w3.org/2005/Atom"), Ns::Atom);
        assert_eq!(for_uri("http://purl.org/atom/ns#"), Ns::Atom);
        assert_eq!(for_uri("http://purl.org/dc/elements/1.1/"), Ns::Dc);
        assert_eq!(for_uri("http://search.yahoo.com/mrss/"), Ns::Media);
        assert_eq!(for_uri("http://example.org/mine"), Ns::Other);
        assert_eq!(for_prefix("dc"), Ns::Dc);
        assert_eq!(for_prefix("foo"), Ns::Other);
    }
}
