//! Repairs for common feed mistakes before the XML parser sees them: comments ahead of the root
//! element, an `<rss>` root without a version, and HTML named entities (`&nbsp;`, `&iexcl;`) that XML
//! does not define.

/// The entities XML itself defines; every other named entity is HTML's and must be rewritten.
const XML_ENTITIES: [&str; 5] = ["lt", "gt", "amp", "quot", "apos"];

/// Applies every fix-up in turn.
pub fn repair(xml: &str) -> String {
    let xml = current_namespaces(&without_leading_comments(xml));
    numeric_html_entities(&versioned_rss(&xml))
}

/// Older namespaces the parser does not know, each with the one it reads in its place: Atom 0.3
/// (whose `issued` and `modified` are Atom 1.0's `published` and `updated`), RSS 0.90, and the
/// namespace some RSS 2.0 feeds put on their root. Without this their entries come back empty.
const OLD_NAMESPACES: [(&str, &str); 3] = [
    ("http://purl.org/atom/ns#", "http://www.w3.org/2005/Atom"),
    (
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://purl.org/rss/1.0/",
    ),
    ("http://backend.userland.com/rss2", ""),
];

fn current_namespaces(xml: &str) -> String {
    let mut text = xml.to_string();
    for (old, new) in OLD_NAMESPACES {
        if !text.contains(old) {
            continue;
        }
        if new.is_empty() {
            text = text
                .replace(&format!(" xmlns=\"{old}\""), "")
                .replace(&format!(" xmlns='{old}'"), "");
        } else {
            text = text.replace(old, new);
        }
        if old.contains("atom") {
            for (from, to) in [("issued>", "published>"), ("modified>", "updated>")] {
                text = text.replace(&format!("<{from}"), &format!("<{to}"));
                text = text.replace(&format!("</{from}"), &format!("</{to}"));
            }
        }
    }
    text
}

/// Gives a bare `<rss>` root the version the parser insists on; RSS 2.0 reads every 0.9x feed too.
fn versioned_rss(xml: &str) -> String {
    let Some(at) = xml.find("<rss") else {
        return xml.to_string();
    };
    let after = &xml[at + 4..];
    let tag_end = after.find('>').unwrap_or(after.len());
    let is_rss_tag = after.starts_with(|c: char| c.is_whitespace() || c == '>');
    if !is_rss_tag || after[..tag_end].contains("version") {
        return xml.to_string();
    }
    format!("{}<rss version=\"2.0\"{}", &xml[..at], after)
}

/// Drops comments between the XML declaration and the root element, which some parsers reject.
fn without_leading_comments(xml: &str) -> String {
    let mut head = String::new();
    let mut rest = xml.trim_start_matches('\u{feff}').trim_start();
    if rest.starts_with("<?xml")
        && let Some(end) = rest.find("?>")
    {
        head.push_str(&rest[..end + 2]);
        head.push('\n');
        rest = rest[end + 2..].trim_start();
    }
    while let Some(comment) = rest.strip_prefix("<!--") {
        match comment.find("-->") {
            Some(end) => rest = comment[end + 3..].trim_start(),
            None => break,
        }
    }
    head.push_str(rest);
    head
}

/// Rewrites `&name;` for HTML-only names as a numeric reference the XML parser understands.
fn numeric_html_entities(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let name_len = after.bytes().take_while(u8::is_ascii_alphanumeric).count();
        let name = &after[..name_len];
        let closed = after[name_len..].starts_with(';');
        if closed && name_len > 0 && !XML_ENTITIES.contains(&name) {
            let reference = format!("&{name};");
            let decoded = html_escape::decode_html_entities(&reference);
            if decoded != reference {
                for c in decoded.chars() {
                    out.push_str(&format!("&#{};", u32::from(c)));
                }
                rest = &after[name_len + 1..];
                continue;
            }
        }
        out.push('&');
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_before_the_root_go_and_the_declaration_stays() {
        let fixed = repair(
            "<?xml version=\"1.0\"?>\n<!-- note -->\n<!-- two -->\n<feed><!-- kept --></feed>",
        );
        assert_eq!(fixed, "<?xml version=\"1.0\"?>\n<feed><!-- kept --></feed>");
        assert_eq!(repair("<!--\nDescription: x\n--><feed/>"), "<feed/>");
    }

    #[test]
    fn a_bare_rss_root_gets_a_version() {
        assert_eq!(
            repair("<rss><channel/></rss>"),
            "<rss version=\"2.0\"><channel/></rss>"
        );
        assert_eq!(
            repair("<rss version=\"0.91\"><channel/></rss>"),
            "<rss version=\"0.91\"><channel/></rss>"
        );
        assert_eq!(repair("<rssx/>"), "<rssx/>");
    }

    #[test]
    fn html_entities_become_numeric_and_xml_ones_stay() {
        assert_eq!(
            repair("<t>a&nbsp;b &iexcl; &amp; &lt; &#65; &bogus; & c</t>"),
            "<t>a&#160;b &#161; &amp; &lt; &#65; &bogus; & c</t>"
        );
    }
}
