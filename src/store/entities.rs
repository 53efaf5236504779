//! Entities kept with their article: a compact encoding (kind, field, offsets, value; the text is
//! cut from the article when read), and the queries that tag articles stored before tagging.

use rusqlite::params;
use serde_json::{Value, json};

use super::{Store, StoreError};
use crate::article::{ArticleId, Entity, EntityKind, TextField};

fn kind_code(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Person => "p",
        EntityKind::Organization => "o",
        EntityKind::Place => "l",
        EntityKind::Misc => "m",
        EntityKind::Date => "d",
    }
}

fn kind_from(code: &str) -> Option<EntityKind> {
    Some(match code {
        "p" => EntityKind::Person,
        "o" => EntityKind::Organization,
        "l" => EntityKind::Place,
        "m" => EntityKind::Misc,
        "d" => EntityKind::Date,
        _ => return None,
    })
}

fn field_code(field: TextField) -> u8 {
    match field {
        TextField::Title => 0,
        TextField::Standfirst => 1,
        TextField::Body => 2,
        TextField::FullText => 3,
    }
}

/// `[["p",2,10,19], ["d",2,30,40,"2026-02-02"], ...]`: about fifteen bytes an entity.
pub fn encode(entities: &[Entity]) -> String {
    let rows: Vec<Value> = entities
        .iter()
        .map(|e| {
            let mut row = json!([kind_code(e.kind), field_code(e.field), e.start, e.end]);
            if let (Some(value), Some(items)) = (&e.value, row.as_array_mut()) {
                items.push(json!(value));
            }
            row
        })
        .collect();
    Value::Array(rows).to_string()
}

/// The inverse of `encode`, with each entity's text cut from the article's own fields (title,
/// standfirst, body, full text).
pub fn decode(encoded: &str, fields: [&str; 4]) -> Result<Vec<Entity>, String> {
    let rows: Vec<Vec<Value>> = serde_json::from_str(encoded).map_err(|e| e.to_string())?;
    let mut entities = Vec::with_capacity(rows.len());
    let mut cursors = fields.map(CharCursor::new);
    for row in rows {
        let kind = row.first().and_then(Value::as_str).and_then(kind_from);
        let field = row.get(1).and_then(Value::as_u64);
        let start = row.get(2).and_then(Value::as_u64);
        let end = row.get(3).and_then(Value::as_u64);
        let (Some(kind), Some(field @ 0..=3), Some(start), Some(end)) = (kind, field, start, end)
        else {
            return Err(format!("bad entity {row:?}"));
        };
        let (start, end) = (start as usize, end as usize);
        let cursor = &mut cursors[field as usize];
        let from = cursor.byte_at(start);
        let to = cursor.byte_at(end.max(start));
        let text = cursor.text[from..to].to_string();
        entities.push(Entity {
            kind,
            text,
            field: [
                TextField::Title,
                TextField::Standfirst,
                TextField::Body,
                TextField::FullText,
            ][field as usize],
            start,
            end,
            value: row.get(4).and_then(Value::as_str).map(str::to_string),
        });
    }
    Ok(entities)
}

/// Character offsets to byte offsets in one text, walking on from the last offset asked: the
/// entities of a field come in reading order, so a whole list costs one pass over the text
/// rather than one per entity.
struct CharCursor<'a> {
    text: &'a str,
    /// The last offset found: (characters, bytes).
    at: (usize, usize),
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> CharCursor<'a> {
        CharCursor { text, at: (0, 0) }
    }

    /// The byte offset of character `chars`, or the text's end past it.
    fn byte_at(&mut self, chars: usize) -> usize {
        if chars < self.at.0 {
            self.at = (0, 0);
        }
        let (from_char, from_byte) = self.at;
        let byte = self.text[from_byte..]
            .char_indices()
            .nth(chars - from_char)
            .map_or(self.text.len(), |(i, _)| from_byte + i);
        if byte < self.text.len() {
            self.at = (chars, byte);
        }
        byte
    }
}

/// An article stored before it could be tagged.
#[derive(Debug, Clone, PartialEq)]
pub struct Untagged {
    pub id: ArticleId,
    pub title: String,
    pub standfirst: String,
    pub body: String,
    /// The text fetched from its page, if any: tagged with the rest.
    pub full_body: Option<String>,
    pub published: chrono::DateTime<chrono::Utc>,
}

/// The entities found in one article (see `Store::set_entities`).
#[derive(Debug, Clone, PartialEq)]
pub struct Tagged {
    pub id: ArticleId,
    pub entities: Vec<Entity>,
    /// The page's text they were found in, if the article had one.
    pub full_text: Option<String>,
}

/// Articles with no entities yet, and articles whose page's text (`full_body`) has none yet
/// (fetched while recognition was off, or before full texts were tagged). Each is in one of the
/// two: the second asks for entities so that an article in both counts once.
const UNTAGGED: &str = "entities IS NULL";
const FULL_UNTAGGED: &str =
    "full_body IS NOT NULL AND full_entities IS NULL AND entities IS NOT NULL";

impl Store {
    /// How many articles have entities still to find (see `Untagged`), counting no further
    /// than `limit` (a count over a million untagged articles would cost a start-up tens of
    /// milliseconds).
    pub fn untagged_count_up_to(&self, limit: usize) -> Result<usize, StoreError> {
        let count: i64 = self.conn.query_row(
            &format!(
                "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE {UNTAGGED} LIMIT ?1))
                      + (SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE {FULL_UNTAGGED} LIMIT ?1))"
            ),
            [limit as i64],
            |r| r.get(0),
        )?;
        Ok(usize::try_from(count).unwrap_or(0).min(limit))
    }

    /// How many articles have entities still to find.
    pub fn untagged_count(&self) -> Result<i64, StoreError> {
        Ok(self.conn.query_row(
            &format!(
                "SELECT (SELECT COUNT(*) FROM articles WHERE {UNTAGGED})
                      + (SELECT COUNT(*) FROM articles WHERE {FULL_UNTAGGED})"
            ),
            [],
            |r| r.get(0),
        )?)
    }

    /// Up to `limit` articles with entities still to find, lowest id first. Each of the two kinds
    /// is looked up by its own partial index, no further than `limit`.
    pub fn untagged(&self, limit: usize) -> Result<Vec<Untagged>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, title, standfirst, body, full_body, published FROM articles
             WHERE id IN (SELECT id FROM articles WHERE {UNTAGGED} ORDER BY id LIMIT ?1)
                OR id IN (SELECT id FROM articles WHERE {FULL_UNTAGGED} ORDER BY id LIMIT ?1)
             ORDER BY id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], |row| {
            Ok(Untagged {
                id: row.get(0)?,
                title: row.get(1)?,
                standfirst: row.get(2)?,
                body: row.get(3)?,
                full_body: row.get(4)?,
                published: super::articles::to_time(row.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Records entities for articles in one transaction: those of the article's own text, and
    /// those of its page's text (`FullText`), each list in its own column. The page's are kept
    /// only while the page's text is still `full_text`, the text they were found in: a page
    /// fetched again meanwhile keeps its own. Each article gets a new revision so the index picks
    /// up its `person:`/`org:`/`place:` terms.
    pub fn set_entities(&mut self, tagged: &[Tagged]) -> Result<(), StoreError> {
        let tx = self.write()?;
        {
            let rev = super::next_rev(&tx)?;
            let mut update = tx.prepare_cached(
                "UPDATE articles SET entities = ?1,
                        full_entities = CASE WHEN full_body IS NULL THEN NULL
                                             WHEN full_body = ?2 THEN ?3
                                             ELSE full_entities END,
                        rev = ?4
                 WHERE id = ?5",
            )?;
            for article in tagged {
                let (full, own): (Vec<Entity>, Vec<Entity>) = article
                    .entities
                    .iter()
                    .cloned()
                    .partition(|e| e.field == TextField::FullText);
                update.execute(params![
                    encode(&own),
                    article.full_text,
                    encode(&full),
                    rev,
                    article.id
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn entities_round_trip_with_text_cut_from_the_fields() {
        let title = "Ministers meet in Dubai";
        let body = "On February 2 the TASS agency said…";
        let entities = vec![
            Entity {
                kind: EntityKind::Place,
                text: "Dubai".into(),
                field: TextField::Title,
                start: 18,
                end: 23,
                value: None,
            },
            Entity {
                kind: EntityKind::Date,
                text: "February 2".into(),
                field: TextField::Body,
                start: 3,
                end: 13,
                value: Some("2026-02-02".into()),
            },
            Entity {
                kind: EntityKind::Organization,
                text: "TASS".into(),
                field: TextField::Body,
                start: 18,
                end: 22,
                value: None,
            },
        ];
        let encoded = encode(&entities);
        assert_eq!(
            encoded,
            r#"[["l",0,18,23],["d",2,3,13,"2026-02-02"],["o",2,18,22]]"#
        );
        assert_eq!(decode(&encoded, [title, "", body, ""]).unwrap(), entities);
        assert!(decode(r#"[["x",0,1,2]]"#, [title, "", body, ""]).is_err());
        assert!(decode("not json", [title, "", body, ""]).is_err());
    }

    #[test]
    fn texts_are_cut_by_characters_in_any_order_and_past_the_end() {
        let body = "Zürich, São Paulo – and Kraków.";
        let cut = |start: usize, end: usize| -> String {
            body.chars()
                .skip(start)
                .take(end.saturating_sub(start))
                .collect()
        };
        // In order, nested, backwards, reversed, touching the end, past it.
        let spans = [
            (0, 6),
            (8, 17),
            (8, 11),
            (24, 30),
            (2, 4),
            (9, 8),
            (30, 31),
            (29, 40),
        ];
        let rows: Vec<String> = spans
            .iter()
            .map(|(start, end)| format!(r#"["l",2,{start},{end}]"#))
            .collect();
        let decoded = decode(&format!("[{}]", rows.join(",")), ["", "", body, ""]).unwrap();
        let texts: Vec<&str> = decoded.iter().map(|e| e.text.as_str()).collect();
        let expected: Vec<String> = spans.iter().map(|&(s, e)| cut(s, e)).collect();
        assert_eq!(texts, expected);
        assert_eq!(texts[..4], ["Zürich", "São Paulo", "São", "Kraków"]);
    }
}
