//! Per-corpus tallies for the conformance tests over `../shared/data/feeds`: files imported,
//! refused (counted by reason) and dropped silently, and items found in the source against
//! articles and item errors, printed as a table.
//!
//! Items are counted here independently of dateline's reader (a plain quick-xml scan for `item` and
//! `entry` elements, or a JSON Feed's `items`), so an item the reader loses without a word shows up
//! as a difference.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;

use quick_xml::Reader;
use quick_xml::events::Event;

/// What one corpus came to.
#[derive(Debug, Default)]
pub struct Tally {
    pub files: usize,
    /// Files that gave at least one article.
    pub imported: usize,
    /// Files read without error that gave no article: fine only when they hold no item.
    pub empty: usize,
    pub refused: BTreeMap<String, usize>,
    /// Files that gave nothing and said nothing although the source holds items.
    pub silent_files: Vec<String>,
    pub source_items: usize,
    pub articles: usize,
    pub item_errors: usize,
    /// Items in the source beyond the articles and errors a file gave, with the files they are in.
    pub silent_items: usize,
    pub silent_item_files: Vec<String>,
}

/// Tallies by corpus (the first folder below the corpus root).
#[derive(Debug, Default)]
pub struct Report {
    pub corpora: BTreeMap<String, Tally>,
}

impl Report {
    pub fn tally(&mut self, root: &Path, path: &Path) -> &mut Tally {
        let corpus = path
            .strip_prefix(root)
            .ok()
            .and_then(|p| p.components().next())
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .unwrap_or_default();
        let tally = self.corpora.entry(corpus).or_default();
        tally.files += 1;
        tally
    }

    /// Silent losses in every corpus together: files, then items.
    pub fn silent(&self) -> (usize, usize) {
        self.corpora.values().fold((0, 0), |(files, items), t| {
            (files + t.silent_files.len(), items + t.silent_items)
        })
    }

    /// The table, one corpus a row, then each corpus's refusal reasons.
    pub fn table(&self, heading: &str) -> String {
        let mut out = format!(
            "{heading}\n{:<18} {:>6} {:>8} {:>6} {:>8} {:>7} | {:>7} {:>8} {:>7} {:>7}\n",
            "corpus",
            "files",
            "imported",
            "empty",
            "refused",
            "silent",
            "items",
            "articles",
            "errors",
            "silent"
        );
        for (corpus, t) in &self.corpora {
            let refused: usize = t.refused.values().sum();
            out.push_str(&format!(
                "{corpus:<18} {:>6} {:>8} {:>6} {refused:>8} {:>7} | {:>7} {:>8} {:>7} {:>7}\n",
                t.files,
                t.imported,
                t.empty,
                t.silent_files.len(),
                t.source_items,
                t.articles,
                t.item_errors,
                t.silent_items
            ));
        }
        for (corpus, t) in &self.corpora {
            if t.refused.is_empty() {
                continue;
            }
            out.push_str(&format!("refused in {corpus}:\n"));
            let mut reasons: Vec<(&String, &usize)> = t.refused.iter().collect();
            reasons.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (reason, count) in reasons {
                out.push_str(&format!("  {count:>5}  {reason}\n"));
            }
        }
        out
    }
}

/// A refusal reason with its particulars (numbers, quotes, parenthesised detail, item guids) taken
/// out, so refusals for the same reason count together.
pub fn reason_kind(reason: &str) -> String {
    let reason = reason.trim();
    let reason = match reason.strip_prefix("item ") {
        Some(rest) => rest.split_once(": ").map_or(reason, |(_, why)| why),
        None => reason,
    };
    let mut out = String::new();
    let mut depth = 0usize;
    let mut in_quote = None;
    for c in reason.chars() {
        match (c, in_quote) {
            (q, Some(open)) if q == open => in_quote = None,
            (_, Some(_)) => {}
            ('"' | '`', None) if depth == 0 => {
                in_quote = Some(c);
                out.push('…');
            }
            ('(', _) => {
                if depth == 0 {
                    out.push_str("(…)");
                }
                depth += 1;
            }
            (')', _) => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            (d, _) if d.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            _ => out.push(c),
        }
    }
    out.chars().take(90).collect()
}

/// Items in a feed file by a plain scan: `item` and `entry` elements (any prefix) up to the first
/// XML error, or the length of a JSON Feed's `items`. Zero for anything else.
pub fn source_items(bytes: &[u8]) -> usize {
    let text = String::from_utf8_lossy(bytes);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str::<serde_json::Value>(trimmed)
            .ok()
            .and_then(|v| {
                v.get("items")
                    .and_then(|items| items.as_array().map(Vec::len))
            })
            .unwrap_or(0);
    }
    let mut reader = Reader::from_str(trimmed);
    let config = reader.config_mut();
    config.allow_dangling_amp = true;
    config.check_end_names = false;
    config.allow_unmatched_ends = true;
    let mut count = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(tag) | Event::Empty(tag)) => {
                let name = tag.local_name().into_inner().to_ascii_lowercase();
                if name == "item" || name == "entry" {
                    count += 1;
                }
            }
            Ok(Event::Eof) | Err(_) => return count,
            Ok(_) => {}
        }
    }
}

#[test]
fn reasons_lose_their_particulars() {
    assert_eq!(
        reason_kind("item 3 (urn:x): cut off where the XML breaks at line 12 (syntax error)"),
        "cut off where the XML breaks at line N (…)"
    );
    assert_eq!(
        reason_kind("field `items`: expected an array, got \"x\""),
        "field …: expected an array, got …"
    );
    assert_eq!(
        source_items(b"<rss><item/><x:item></x:item><items/></rss>"),
        2
    );
    assert_eq!(source_items(br#"{"items": [1, 2, 3]}"#), 3);
}
