//! The public face of the module: load the model once, find entities in articles, text and CoNLL.

use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;

use super::canonical::{INSTITUTION_HEADS, unify_kinds};
use super::consistency;
use super::dates::{FoundDate, find_dates};
use super::document::Document;
use super::gazetteer::Gazetteer;
use super::labels::{LABEL_NAMES, OUTSIDE, begin, inside, spans};
use super::model::Model;
use super::tables::Tables;
use super::tagger::Tagger;
use super::tokenize::{Token, tokenize};
use super::{EntityError, fingerprint};
use crate::article::{Entity, EntityKind, TextField};
use crate::ingest::parse_dateline;

/// The model trained by `dateline entities train`, shipped in the binary.
static MODEL_BYTES: &[u8] = include_bytes!("model/ner.bin");

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

const KINDS: [EntityKind; 4] = [
    EntityKind::Person,
    EntityKind::Organization,
    EntityKind::Place,
    EntityKind::Misc,
];
const LOC: usize = 2;
const ORG: usize = 1;

/// Finds people, organisations, places, other names and dates.
#[derive(Debug)]
pub struct Recognizer {
    model: Model,
    gazetteer: &'static Gazetteer,
    tables: &'static Tables,
    /// A number no other recogniser in the process has (the tagger's word cache is by model).
    id: u64,
}

/// One field of an article, tokenised, with its tokens' place in the whole document.
struct Field<'t> {
    field: TextField,
    text: &'t str,
    tokens: Vec<Token>,
    /// Sentences as ranges of document-wide token indices.
    sentences: Vec<Range<usize>>,
    first_token: usize,
}

impl Recognizer {
    /// The model shipped in the binary, loaded once (OnceLock).
    pub fn builtin() -> Result<&'static Recognizer, EntityError> {
        static BUILTIN: OnceLock<Result<Recognizer, EntityError>> = OnceLock::new();
        BUILTIN
            .get_or_init(|| Recognizer::from_bytes(MODEL_BYTES))
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer, EntityError> {
        Ok(Recognizer {
            model: Model::from_bytes(bytes, fingerprint()?)?,
            tables: Tables::builtin()?,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            gazetteer: Gazetteer::builtin(),
        })
    }

    /// Entities of one article, with document-level consistency across its fields; offsets are
    /// CHARACTER offsets into each field.
    pub fn article_entities(
        &self,
        title: &str,
        standfirst: &str,
        body: &str,
        published: Option<NaiveDate>,
    ) -> Vec<Entity> {
        self.entities(
            &[
                (TextField::Title, title),
                (TextField::Standfirst, standfirst),
                (TextField::Body, body),
            ],
            published,
        )
    }

    /// The entities of the text fetched from an article's page (field = FullText).
    pub fn full_text_entities(&self, text: &str, published: Option<NaiveDate>) -> Vec<Entity> {
        self.entities(&[(TextField::FullText, text)], published)
    }

    /// Free text: entities with character offsets (field = Body).
    pub fn text_entities(&self, text: &str, published: Option<NaiveDate>) -> Vec<Entity> {
        self.entities(&[(TextField::Body, text)], published)
    }

    /// CoNLL: one predicted BIO tag per token of each sentence, with the document as context.
    pub fn tag_document(&self, sentences: &[Vec<String>]) -> Vec<Vec<&'static str>> {
        let mut words: Vec<&str> = Vec::new();
        let mut ranges = Vec::with_capacity(sentences.len());
        for sentence in sentences {
            let start = words.len();
            words.extend(sentence.iter().map(String::as_str));
            ranges.push(start..words.len());
        }
        let labels = self.tag_tokens(&words, ranges.clone());
        ranges
            .into_iter()
            .map(|range| {
                labels[range]
                    .iter()
                    .map(|&l| LABEL_NAMES[usize::from(l)])
                    .collect()
            })
            .collect()
    }

    /// BIO label indices for a document given as tokens and sentence ranges over them.
    pub fn tag_tokens(&self, words: &[&str], sentences: Vec<Range<usize>>) -> Vec<u8> {
        let doc = Document::new(words, sentences, self.gazetteer, self.tables);
        let mut labels = Vec::new();
        thread_local! {
            static TAGGER: RefCell<Tagger> = RefCell::new(Tagger::default());
        }
        TAGGER.with_borrow_mut(|tagger| {
            tagger.for_model(self.id);
            tagger.tag(&self.model, &doc, &mut labels);
        });
        consistency::apply(&doc, &mut labels);
        labels
    }

    fn entities(&self, texts: &[(TextField, &str)], published: Option<NaiveDate>) -> Vec<Entity> {
        let mut fields = Vec::with_capacity(texts.len());
        let mut words: Vec<&str> = Vec::new();
        let mut sentences = Vec::new();
        for &(field, text) in texts {
            let (tokens, local) = tokenize(text);
            let first_token = words.len();
            words.extend(tokens.iter().map(|t| &text[t.start..t.end]));
            let shifted: Vec<Range<usize>> = local
                .iter()
                .map(|r| r.start + first_token..r.end + first_token)
                .collect();
            sentences.extend(shifted.iter().cloned());
            fields.push(Field {
                field,
                text,
                tokens,
                sentences: shifted,
                first_token,
            });
        }
        let mut labels = self.tag_tokens(&words, sentences);
        let mut out = Vec::new();
        let mut dates = Vec::new();
        let mut settled = Vec::new();
        for field in &fields {
            // A page's text opens with the dateline the feed's summary may have left out.
            if matches!(field.field, TextField::Body | TextField::FullText) && settled.is_empty() {
                settled = mark_dateline(field, published, &mut labels);
            }
            for sentence in &field.sentences {
                let mut names = spans(&labels[sentence.clone()]);
                dates.clear();
                find_dates(&words[sentence.clone()], published, &mut dates);
                // Where a date and a name overlap the name wins (`May` the person, `Independence
                // Day`), unless the date strictly contains it (`GMT` in `10:30 GMT`).
                dates.retain(|date: &FoundDate| {
                    let t = &date.tokens;
                    !names.iter().any(|&(_, s, e)| {
                        s < t.end && t.start < e && !(t.start <= s && e <= t.end && e - s < t.len())
                    })
                });
                names.retain(|&(_, s, e)| {
                    !dates
                        .iter()
                        .any(|d| d.tokens.start <= s && e <= d.tokens.end)
                });
                let at = |r: &Range<usize>| sentence.start + r.start..sentence.start + r.end;
                let first = out.len();
                for &(kind, s, e) in &names {
                    out.push(field.entity(KINDS[kind], at(&(s..e)), None));
                }
                for date in dates.drain(..) {
                    out.push(field.entity(EntityKind::Date, at(&date.tokens), date.value));
                }
                out[first..].sort_by_key(|entity| entity.start);
            }
        }
        let named = out.len();
        for field in &fields {
            field.unnamed_institutions(&words, &labels, &mut out);
        }
        if out.len() > named {
            // Back in reading order: by field, then offset (a stable sort keeps the rest as is).
            let rank = |field: TextField| texts.iter().position(|(f, _)| *f == field);
            out.sort_by_key(|entity| (rank(entity.field), entity.start));
        }
        // One kind per name through the article (the CoNLL scores do not include this vote); the
        // dateline's place is a place in the headline too ("Marseille port reopens").
        unify_kinds(&mut out, &settled);
        out
    }
}

impl Field<'_> {
    /// "the intelligence ministry" where the article names the "Ministry of Intelligence" (or the
    /// "Intelligence Ministry"): a mention of that organisation, though written as no name, so it
    /// shares the name's canonical form. Only what the text makes clear: a one-word descriptor
    /// and a named institution to match.
    fn unnamed_institutions(&self, words: &[&str], labels: &[u8], out: &mut Vec<Entity>) {
        // The organisations' names, lowercased only once a candidate turns up (most articles
        // have none).
        let mut named: Option<Vec<String>> = None;
        let mut found = Vec::new();
        for sentence in &self.sentences {
            for head in sentence.start + 1..sentence.end {
                let (descriptor, noun) = (words[head - 1], words[head]);
                let plain = |w: &str| w.chars().all(|c| c.is_lowercase());
                if !INSTITUTION_HEADS.contains(&noun)
                    || labels[head - 1] != OUTSIDE
                    || labels[head] != OUTSIDE
                    || !plain(descriptor)
                {
                    continue;
                }
                let named = named.get_or_insert_with(|| {
                    out.iter()
                        .filter(|e| e.kind == EntityKind::Organization)
                        .map(|e| e.text.to_lowercase())
                        .collect()
                });
                let head_first = format!("{noun} of {descriptor}");
                let reversed = format!("{descriptor} {noun}");
                if named.iter().any(|n| *n == head_first || *n == reversed) {
                    found.push(self.entity(EntityKind::Organization, head - 1..head + 1, None));
                }
            }
        }
        out.extend(found);
    }

    /// The entity over document-wide token indices `range` of this field.
    fn entity(&self, kind: EntityKind, range: Range<usize>, value: Option<String>) -> Entity {
        let first = &self.tokens[range.start - self.first_token];
        let last = &self.tokens[range.end - 1 - self.first_token];
        Entity {
            kind,
            text: self.text[first.start..last.end].to_string(),
            field: self.field,
            start: first.char_start,
            end: last.char_end,
            value,
        }
    }
}

/// Lines of a body that may hold its dateline: the first, or the third after a headline and a
/// standfirst.
const DATELINE_LINES: usize = 3;

/// Byte offsets where the text's lines start, blank lines skipped.
fn line_starts(text: &str) -> impl Iterator<Item = usize> + '_ {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .filter(move |&at| {
            text[at..]
                .lines()
                .next()
                .is_some_and(|l| !l.trim().is_empty())
        })
}

/// A wire dateline (`DUBAI, February 2. /TASS/.`) at the start of the body is read by rule: its
/// place is a place and its agency an organisation, whatever the model thought. Returns the
/// names it settled, with their kinds.
fn mark_dateline(
    field: &Field<'_>,
    published: Option<NaiveDate>,
    labels: &mut [u8],
) -> Vec<(String, EntityKind)> {
    let mut settled = Vec::new();
    let reference = published.unwrap_or_default();
    // At the start of the body, or of one of its first lines when a headline (and standfirst)
    // come first, as in a wire file read as plain text.
    let found = line_starts(field.text).take(DATELINE_LINES).find_map(|at| {
        let line = field.text[at..].lines().next().unwrap_or("");
        let found = parse_dateline(line, reference)?;
        // Below the first line only a place in capitals opens a dateline: "World Health
        // Organization (WHO) - the UN agency..." is a sentence.
        let capitals = !found.dateline.place.chars().any(char::is_lowercase);
        (at == 0 || capitals).then_some((at, found))
    });
    let Some((start, found)) = found else {
        return settled;
    };
    let head = &field.text[..start + found.end];
    let lead = head.len() - head[start..].trim_start().len();
    let mut relabel = |range: Range<usize>, kind: usize| {
        let inside_tokens = field
            .tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.start >= range.start && t.end <= range.end);
        for (n, (i, _)) in inside_tokens.enumerate() {
            labels[field.first_token + i] = if n == 0 { begin(kind) } else { inside(kind) };
        }
    };
    if head[lead..].starts_with(&found.dateline.place) {
        relabel(lead..lead + found.dateline.place.len(), LOC);
        settled.push((found.dateline.place.clone(), EntityKind::Place));
    }
    if let Some(agency) = &found.dateline.agency
        && let Some(at) = head[lead..].find(agency.as_str()).map(|at| lead + at)
    {
        relabel(at..at + agency.len(), ORG);
        settled.push((agency.clone(), EntityKind::Organization));
    }
    settled
}
