//! The open article: its layout, the entity and search-match overlays over it, the scroll position
//! and the cursors that `n`/`N` and `]`/`[` move.

use std::ops::Range;

use super::doc::{Doc, field_text};
use crate::article::{Article, EntityKind, TextField};
use crate::search::Highlighter;

/// A stretch of one field, by byte offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub field: TextField,
    pub range: Range<usize>,
}

/// The reader's state.
#[derive(Debug, Clone, PartialEq)]
pub struct Reader {
    pub article: Article,
    /// The article's page, fetched on demand (`F`), shown after the feed's summary.
    pub full_text: Option<String>,
    pub doc: Doc,
    /// The first line on screen.
    pub scroll: usize,
    /// Entities in reading order.
    pub entities: Vec<(Mark, EntityKind)>,
    /// Search matches in reading order.
    pub matches: Vec<Mark>,
    pub current_match: Option<usize>,
    pub current_entity: Option<usize>,
    /// The first match is to be brought on screen once the reader's height is known.
    pub reveal_pending: bool,
    /// A new search marked its matches in this article, which has not been brought to the
    /// first of them since: opened, it is (see `reader_flow::open_selected`).
    pub fresh_matches: bool,
}

/// The fields with text, in reading order.
pub const FIELDS: [TextField; 4] = [
    TextField::Title,
    TextField::Standfirst,
    TextField::Body,
    TextField::FullText,
];

pub fn field_order(field: TextField) -> u8 {
    match field {
        TextField::Title => 0,
        TextField::Standfirst => 1,
        TextField::Body => 2,
        TextField::FullText => 3,
    }
}

/// Byte offset of each character offset in `offsets` (sorted or not) within `text`.
fn byte_offsets(text: &str, chars: &[usize]) -> Vec<usize> {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    chars
        .iter()
        .map(|&c| boundaries.get(c).copied().unwrap_or(text.len()))
        .collect()
}

impl Reader {
    pub fn new(
        article: Article,
        full_text: Option<String>,
        width: usize,
        highlighter: Option<&mut Highlighter>,
    ) -> Reader {
        let mut entities = Vec::new();
        for field in FIELDS {
            let text = field_text(&article, full_text.as_deref(), field);
            let found: Vec<_> = article
                .entities
                .iter()
                .filter(|e| e.field == field)
                .collect();
            let offsets: Vec<usize> = found.iter().flat_map(|e| [e.start, e.end]).collect();
            let bytes = byte_offsets(text, &offsets);
            for (entity, pair) in found.iter().zip(bytes.chunks(2)) {
                if let [start, end] = pair
                    && start < end
                {
                    entities.push((
                        Mark {
                            field,
                            range: *start..*end,
                        },
                        entity.kind,
                    ));
                }
            }
        }
        entities.sort_by_key(|(m, _)| (field_order(m.field), m.range.start));
        let doc = Doc::build(&article, full_text.as_deref(), width);
        let mut reader = Reader {
            article,
            full_text,
            doc,
            scroll: 0,
            entities,
            matches: Vec::new(),
            current_match: None,
            current_entity: None,
            reveal_pending: false,
            fresh_matches: false,
        };
        reader.set_matches(highlighter);
        reader
    }

    /// Marks the words a search matched (none without a search).
    pub fn set_matches(&mut self, highlighter: Option<&mut Highlighter>) {
        self.matches.clear();
        self.current_match = None;
        let Some(highlighter) = highlighter else {
            return;
        };
        for field in FIELDS {
            let text = self.text(field);
            let found = highlighter.matches_in(field, text);
            self.matches
                .extend(found.into_iter().map(|range| Mark { field, range }));
        }
    }

    /// The text of one of the article's fields, its page's text included.
    pub fn text(&self, field: TextField) -> &str {
        field_text(&self.article, self.full_text.as_deref(), field)
    }

    /// Lays the article out again for a new width, keeping the same text at the top.
    pub fn relayout(&mut self, width: usize) {
        if self.doc.width == width {
            return;
        }
        let anchor = self
            .doc
            .lines
            .get(self.scroll)
            .and_then(|line| match &line.text {
                super::doc::LineText::Field { field, range, .. } => Some((*field, range.start)),
                super::doc::LineText::Own(_) => None,
            });
        self.doc = Doc::build(&self.article, self.full_text.as_deref(), width);
        self.scroll = anchor
            .and_then(|(field, offset)| self.doc.line_of(field, offset))
            .unwrap_or(self.scroll);
    }

    /// Scrolls by `delta` lines, keeping a screen of `height` lines filled where it can.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(height));
    }

    /// True when the last line is on a screen of `height` rows: paging on goes to the next
    /// unread article.
    pub fn at_end(&self, height: usize) -> bool {
        self.scroll >= self.max_scroll(height)
    }

    fn max_scroll(&self, height: usize) -> usize {
        self.doc.lines.len().saturating_sub(height.max(1))
    }

    /// Brings `mark`'s line on screen, a third of the way down when it has to move.
    fn reveal(&mut self, mark: &Mark, height: usize) {
        let Some(line) = self.doc.line_of(mark.field, mark.range.start) else {
            return;
        };
        if line < self.scroll || line >= self.scroll + height {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
        }
    }

    /// Brings the first search match on screen when the article opens, as `less` does after a
    /// search: a word found only far down the body is otherwise out of sight. The cursor is on
    /// it, so `n` goes on to the second (a first `n` that only marked the match in view moved
    /// nothing, and looked like a key that did not work).
    /// A reader not on screen yet (the narrow one replaces the list at the next frame) has no
    /// height: the match is brought on screen when it has one (`Msg::Resized`).
    pub fn reveal_first_match(&mut self, height: usize) {
        self.reveal_pending = height == 0;
        if height == 0 {
            return;
        }
        if let Some(first) = self.matches.first().cloned() {
            self.fresh_matches = false;
            self.current_match = Some(0);
            self.current_entity = None;
            self.reveal(&first, height);
        }
    }

    /// Moves to the next (`forward`) or previous search match, wrapping around. False when none.
    /// The cursor is on one thing at a time (the theme's `current` marks it): a name it was on
    /// is left.
    pub fn step_match(&mut self, forward: bool, height: usize) -> bool {
        let Some(next) = step(self.current_match, self.matches.len(), forward) else {
            return false;
        };
        self.current_match = Some(next);
        self.current_entity = None;
        let mark = self.matches[next].clone();
        self.reveal(&mark, height);
        true
    }

    /// Moves to the next or previous entity, wrapping around. False when there is none; a match
    /// the cursor was on is left.
    pub fn step_entity(&mut self, forward: bool, height: usize) -> bool {
        let Some(next) = step(self.current_entity, self.entities.len(), forward) else {
            return false;
        };
        self.current_entity = Some(next);
        self.current_match = None;
        let mark = self.entities[next].0.clone();
        self.reveal(&mark, height);
        true
    }
}

fn step(current: Option<usize>, len: usize, forward: bool) -> Option<usize> {
    if len == 0 {
        return None;
    }
    Some(match (current, forward) {
        (None, true) => 0,
        (None, false) => len - 1,
        (Some(i), true) => (i + 1) % len,
        (Some(i), false) => (i + len - 1) % len,
    })
}

/// The article's entities grouped by kind, most mentioned first: the entity panel's rows.
pub fn entity_groups(article: &Article) -> Vec<(EntityKind, Vec<(String, usize)>)> {
    let mut groups: Vec<(EntityKind, Vec<(String, usize)>)> = Vec::new();
    // "Blair", "Mr Blair" and "Tony Blair" are one person: counted under the fullest form.
    let canonical = crate::entities::canonical_names(&article.entities);
    for kind in [
        EntityKind::Person,
        EntityKind::Organization,
        EntityKind::Place,
        EntityKind::Misc,
        EntityKind::Date,
    ] {
        let mut counts: Vec<(String, usize)> = Vec::new();
        let named = article.entities.iter().zip(&canonical);
        for (_, name) in named.filter(|(e, _)| e.kind == kind) {
            let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
            match counts
                .iter_mut()
                .find(|(n, _)| n.eq_ignore_ascii_case(&name))
            {
                Some((_, count)) => *count += 1,
                None => counts.push((name, 1)),
            }
        }
        if !counts.is_empty() {
            // Stable: equal counts keep the order of first mention.
            counts.sort_by_key(|(_, count)| std::cmp::Reverse(*count));
            groups.push((kind, counts));
        }
    }
    groups
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::article::Entity;

    fn article() -> Article {
        let mut article = super::super::doc::tests_support::article();
        article.body = "In Zürich, Ada Lee met Ada Lee's team.\n\nLater Bern.".into();
        let entity = |kind, text: &str, start, end| Entity {
            kind,
            text: text.into(),
            field: TextField::Body,
            start,
            end,
            value: None,
        };
        article.entities = vec![
            entity(EntityKind::Place, "Zürich", 3, 9),
            entity(EntityKind::Person, "Ada Lee", 11, 18),
            entity(EntityKind::Person, "Ada Lee", 23, 30),
            entity(EntityKind::Place, "Bern", 46, 50),
        ];
        article
    }

    #[test]
    fn entity_offsets_become_byte_ranges() {
        let reader = Reader::new(article(), None, 40, None);
        let texts: Vec<&str> = reader
            .entities
            .iter()
            .map(|(m, _)| &reader.article.body[m.range.clone()])
            .collect();
        assert_eq!(texts, ["Zürich", "Ada Lee", "Ada Lee", "Bern"]);
    }

    #[test]
    fn the_pages_text_is_laid_out_with_its_names_and_matches_marked() {
        let mut with_page = article();
        let full = "Über Basel, Ada Lee wrote.\n\nThen Genf.";
        with_page.entities.push(Entity {
            kind: EntityKind::Place,
            text: "Basel".into(),
            field: TextField::FullText,
            start: 5,
            end: 10,
            value: None,
        });
        let parsed = crate::search::query::parse("person:\"ada lee\"", chrono::Utc::now());
        let mut highlighter = crate::search::Highlighter::new(&parsed);
        let reader = Reader::new(with_page, Some(full.into()), 40, Some(&mut highlighter));
        let (last, kind) = reader.entities.last().unwrap();
        assert_eq!(
            (
                last.field,
                &reader.text(last.field)[last.range.clone()],
                *kind
            ),
            (TextField::FullText, "Basel", EntityKind::Place)
        );
        let line = reader.doc.line_of(TextField::FullText, last.range.start);
        assert!(line.is_some_and(|line| line > reader.doc.line_of(TextField::Body, 0).unwrap()));
        let marked: Vec<(TextField, &str)> = reader
            .matches
            .iter()
            .map(|m| (m.field, &reader.text(m.field)[m.range.clone()]))
            .filter(|(field, _)| *field == TextField::FullText)
            .collect();
        assert_eq!(marked, [(TextField::FullText, "Ada Lee")]);
    }

    #[test]
    fn the_cursor_is_on_a_name_or_a_match_never_both() {
        let parsed = crate::search::query::parse("person:\"ada lee\"", chrono::Utc::now());
        let mut highlighter = crate::search::Highlighter::new(&parsed);
        let mut reader = Reader::new(article(), None, 40, Some(&mut highlighter));
        assert!(reader.step_entity(true, 10));
        assert!(reader.step_match(true, 10));
        assert_eq!(
            (reader.current_entity, reader.current_match),
            (None, Some(0))
        );
        assert!(reader.step_entity(true, 10));
        assert_eq!(
            (reader.current_entity, reader.current_match),
            (Some(0), None)
        );
        // Back to the matches: from the first again, as after opening the article.
        assert!(reader.step_match(true, 10));
        assert_eq!(
            (reader.current_entity, reader.current_match),
            (None, Some(0))
        );
    }

    #[test]
    fn entity_steps_wrap_and_scroll() {
        let mut reader = Reader::new(article(), None, 12, None);
        assert!(reader.step_entity(false, 3));
        assert_eq!(reader.current_entity, Some(3));
        let line = reader.doc.line_of(TextField::Body, 46).unwrap();
        assert!(reader.scroll <= line && line < reader.scroll + 3);
        assert!(reader.step_entity(true, 3));
        assert_eq!(reader.current_entity, Some(0));
    }

    #[test]
    fn a_person_query_marks_the_name_in_the_text() {
        let parsed = crate::search::query::parse("person:\"ada lee\"", chrono::Utc::now());
        let mut highlighter = crate::search::Highlighter::new(&parsed);
        let reader = Reader::new(article(), None, 40, Some(&mut highlighter));
        let marked: Vec<&str> = reader
            .matches
            .iter()
            .map(|m| &reader.text(m.field)[m.range.clone()])
            .collect();
        // The name is one mark, as `n` steps from name to name.
        assert_eq!(marked, ["Ada Lee", "Ada Lee"]);
    }

    #[test]
    fn groups_count_mentions() {
        let groups = entity_groups(&article());
        assert_eq!(groups[0], (EntityKind::Person, vec![("Ada Lee".into(), 2)]));
        assert_eq!(groups[1].0, EntityKind::Place);
        assert_eq!(groups[1].1.len(), 2);
    }
}
