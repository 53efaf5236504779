//! A name's page: how often it was mentioned a day over the last weeks, the sources that mention
//! it most, the names most often mentioned with it, and its articles newest first. Its articles
//! are found by the index (the name in its kind's field); only the newest few hundred are read.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::{Library, LibraryError};
use crate::article::{ArticleSummary, EntityKind};
use crate::entities::canonical_names;

/// Days the chart covers.
pub const DAYS: usize = 28;
/// Articles read for the counts at most (the newest).
const READ_AT_MOST: usize = 500;

/// What `dateline entity NAME` and the screen's entity page show.
#[derive(Debug, Clone, Serialize)]
pub struct EntityPage {
    pub name: String,
    /// Articles that mention it.
    pub total: usize,
    /// Mentions on each of `DAYS` days, oldest first, ending today (or, for a name not
    /// mentioned in that long, on the day it last was).
    pub days: Vec<(NaiveDate, usize)>,
    /// Sources, most articles first.
    pub sources: Vec<(String, usize)>,
    /// Names mentioned in the same articles, most articles first.
    pub related: Vec<(EntityKind, String, usize)>,
    /// Newest first.
    pub articles: Vec<ArticleSummary>,
}

/// Whether `name` ends in the whole words `words` (both lowercase): a surname of a full name.
fn ends_with_words(name: &str, words: &str) -> bool {
    let name: Vec<&str> = name.split_whitespace().collect();
    let words: Vec<&str> = words.split_whitespace().collect();
    !words.is_empty() && name.ends_with(&words)
}

/// The query that finds a name of `kind` (any kind: people, organisations or places).
pub fn name_query(kind: Option<EntityKind>, name: &str) -> String {
    let quoted = format!("\"{}\"", name.replace('"', " "));
    match kind {
        Some(EntityKind::Person) => format!("person:{quoted}"),
        Some(EntityKind::Organization) => format!("org:{quoted}"),
        Some(EntityKind::Place) => format!("place:{quoted}"),
        Some(EntityKind::Misc) => format!("misc:{quoted}"),
        Some(EntityKind::Date) => quoted,
        None => format!("person:{quoted} OR org:{quoted} OR place:{quoted}"),
    }
}

impl Library {
    /// The page of `name` (of `kind`, or any), as of `now`.
    pub fn entity_page(
        &self,
        name: &str,
        kind: Option<EntityKind>,
        now: DateTime<Utc>,
    ) -> Result<EntityPage, LibraryError> {
        let ids = self.ids_matching(&name_query(kind, name))?;
        let total = ids.len();
        let newest = &ids[..ids.len().min(READ_AT_MOST)];
        let newest_day = match newest.first() {
            Some(&id) => self
                .summaries(&[id])?
                .first()
                .map(|a| a.published.date_naive()),
            None => None,
        };
        let today = match newest_day {
            Some(day) if day < now.date_naive() - Duration::days(DAYS as i64 - 1) => day,
            _ => now.date_naive(),
        };
        let first_day = today - Duration::days(DAYS as i64 - 1);
        let mut per_day: HashMap<NaiveDate, usize> = HashMap::new();
        let mut sources: HashMap<String, usize> = HashMap::new();
        // Keyed by the canonical name in lower case: `SARNESK` in a dateline is Sarnesk, and
        // "Blair" in an article that says "Tony Blair" is Tony Blair.
        let mut related: HashMap<String, (EntityKind, String, usize)> = HashMap::new();
        // "Ms Lee" is the page of Lee, as the search for it is: a title before a person's name
        // is no part of it. Only a person's: "General Motors" is no General's Motors.
        let typed: Vec<&str> = name.split_whitespace().collect();
        let wanted = typed.join(" ").to_lowercase();
        let as_person = match kind {
            Some(EntityKind::Person) | None => typed
                [crate::entities::leading_title_words(&typed)..]
                .join(" ")
                .to_lowercase(),
            Some(_) => wanted.clone(),
        };
        for &id in newest {
            let Some(article) = self.get(id)? else {
                continue;
            };
            let day = article.published.date_naive();
            if day >= first_day && day <= today {
                *per_day.entry(day).or_default() += 1;
            }
            if !article.source.is_empty() {
                *sources.entry(article.source.clone()).or_default() += 1;
            }
            let canonical = canonical_names(&article.entities);
            // The page's own name, however the article writes it, is not mentioned with itself:
            // nor is a person's full name ending in it ("Marieke van Dijk" on the page of
            // "van Dijk"). Places and organisations that contain it are other things (South
            // Sudan, the Washington Post).
            let itself: HashSet<String> = article
                .entities
                .iter()
                .zip(&canonical)
                .filter(|(entity, full)| {
                    let a_person = entity.kind == EntityKind::Person
                        && kind.is_none_or(|k| k == EntityKind::Person);
                    let (text, full) = (entity.text.trim().to_lowercase(), full.to_lowercase());
                    text == wanted
                        || full == wanted
                        || (a_person
                            && (text == as_person
                                || full == as_person
                                || ends_with_words(&full, &as_person)))
                })
                .map(|(_, full)| full.to_lowercase())
                .collect();
            let mut seen = HashSet::new();
            for (entity, full) in article.entities.iter().zip(&canonical) {
                let key = full.trim().to_lowercase();
                if entity.kind == EntityKind::Date
                    || key == wanted
                    || itself.contains(&key)
                    || !seen.insert(key.clone())
                {
                    continue;
                }
                related
                    .entry(key)
                    .or_insert_with(|| (entity.kind, full.trim().to_owned(), 0))
                    .2 += 1;
            }
        }
        let days = (0..DAYS)
            .map(|n| {
                let day = first_day + Duration::days(n as i64);
                (day, per_day.get(&day).copied().unwrap_or(0))
            })
            .collect();
        let mut sources: Vec<(String, usize)> = sources.into_iter().collect();
        sources.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        sources.truncate(10);
        let mut related: Vec<(EntityKind, String, usize)> = related.into_values().collect();
        related.sort_by(|a, b| b.2.cmp(&a.2).then_with(|| a.1.cmp(&b.1)));
        related.truncate(10);
        Ok(EntityPage {
            name: name.to_owned(),
            total,
            days,
            sources,
            related,
            articles: self.summaries(&ids[..ids.len().min(50)])?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::article::{ArticleDraft, Entity, TextField};
    use crate::library::test_support::library_of;

    fn mention(kind: EntityKind, text: &str, body: &str) -> Entity {
        let start = body.find(text).unwrap();
        Entity {
            kind,
            text: text.into(),
            field: TextField::Body,
            start: body[..start].chars().count(),
            end: body[..start].chars().count() + text.chars().count(),
            value: None,
        }
    }

    #[test]
    fn a_page_counts_days_sources_and_names_mentioned_with_it() {
        let now = Utc.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
        let draft = |days_ago: i64, source: &str, with: &str| {
            let body = format!("Ada Lee met {with} in Oslo, {days_ago} days ago.");
            ArticleDraft {
                title: format!("Ada Lee and {with}"),
                entities: Some(vec![
                    mention(EntityKind::Person, "Ada Lee", &body),
                    mention(EntityKind::Person, with, &body),
                    mention(EntityKind::Place, "Oslo", &body),
                ]),
                body,
                source: source.into(),
                published: Some(now - Duration::days(days_ago)),
                ..ArticleDraft::default()
            }
        };
        let (_dir, library) = library_of(vec![
            draft(0, "Wire", "Bo Ek"),
            draft(0, "Wire", "Cy Fa"),
            draft(3, "Post", "Bo Ek"),
            draft(40, "Post", "Bo Ek"),
        ]);
        let page = library
            .entity_page("Ada Lee", Some(EntityKind::Person), now)
            .unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.days.len(), DAYS);
        assert_eq!(page.days[DAYS - 1], (now.date_naive(), 2));
        assert_eq!(page.days[DAYS - 4].1, 1);
        assert_eq!(
            page.days.iter().map(|d| d.1).sum::<usize>(),
            3,
            "40 days ago is off the chart"
        );
        assert_eq!(page.sources, [("Post".into(), 2), ("Wire".into(), 2)]);
        assert_eq!(page.related[0], (EntityKind::Place, "Oslo".into(), 4));
        assert_eq!(page.related[1], (EntityKind::Person, "Bo Ek".into(), 3));
        assert!(page.related.iter().all(|r| r.1 != "Ada Lee"));
        assert_eq!(page.articles.len(), 4);
        // An organisation whose name begins like a title is not a person's page.
        let body = "General Motors hired Ada Lee.".to_string();
        let (_gm_dir, gm) = library_of(vec![ArticleDraft {
            title: "Carmaker hires".into(),
            entities: Some(vec![
                mention(EntityKind::Organization, "General Motors", &body),
                mention(EntityKind::Person, "Ada Lee", &body),
            ]),
            body,
            published: Some(now),
            ..ArticleDraft::default()
        }]);
        let page = gm.entity_page("General Motors", None, now).unwrap();
        let names: Vec<&str> = page.related.iter().map(|r| r.1.as_str()).collect();
        assert_eq!(names, ["Ada Lee"]);
        // Asked with a title, it is the same person's page.
        for kind in [Some(EntityKind::Person), None] {
            let titled = library.entity_page("Ms Lee", kind, now).unwrap();
            assert_eq!(titled.total, 4);
            assert!(
                titled.related.iter().all(|r| r.1 != "Ada Lee"),
                "{:?}",
                titled.related
            );
        }
        // Months later, the chart ends on the day it was last mentioned.
        let later = now + Duration::days(90);
        let page = library
            .entity_page("Ada Lee", Some(EntityKind::Person), later)
            .unwrap();
        assert_eq!(page.days[DAYS - 1], (now.date_naive(), 2));
    }

    #[test]
    fn a_page_lists_other_names_by_their_canonical_form_and_misc_means_misc() {
        let now = Utc.with_ymd_and_hms(2026, 12, 5, 12, 0, 0).unwrap();
        let body = "Tony Blair spoke in Gaza. Blair met Ruth Okafor; Okafor left GAZA.".to_string();
        let blair = ArticleDraft {
            title: "Blair in Gaza".into(),
            entities: Some(vec![
                mention(EntityKind::Person, "Tony Blair", &body),
                mention(EntityKind::Place, "Gaza", &body),
                mention(EntityKind::Person, "Blair", &body),
                mention(EntityKind::Person, "Ruth Okafor", &body),
                mention(EntityKind::Person, "Okafor", &body),
                mention(EntityKind::Place, "GAZA", &body),
            ]),
            body,
            published: Some(now),
            ..ArticleDraft::default()
        };
        let game = "The game Iron Harbour sold well.".to_string();
        let as_misc = ArticleDraft {
            title: "A game".into(),
            entities: Some(vec![mention(EntityKind::Misc, "Iron Harbour", &game)]),
            body: game,
            published: Some(now),
            ..ArticleDraft::default()
        };
        let port = "Ships left Iron Harbour at dawn.".to_string();
        let as_place = ArticleDraft {
            title: "A port".into(),
            entities: Some(vec![mention(EntityKind::Place, "Iron Harbour", &port)]),
            body: port,
            published: Some(now),
            ..ArticleDraft::default()
        };
        // Only the full name here: on the page of "Okafor" it is Okafor herself, not a name
        // mentioned with her.
        let full = "Ruth Okafor visited Lagos.".to_string();
        let okafor = ArticleDraft {
            title: "Okafor in Lagos".into(),
            entities: Some(vec![
                mention(EntityKind::Person, "Ruth Okafor", &full),
                mention(EntityKind::Place, "Lagos", &full),
            ]),
            body: full,
            published: Some(now),
            ..ArticleDraft::default()
        };
        let border = "Sudan and South Sudan reopened the border.".to_string();
        let sudan = ArticleDraft {
            title: "Border reopens".into(),
            entities: Some(vec![
                mention(EntityKind::Place, "Sudan", &border),
                mention(EntityKind::Place, "South Sudan", &border),
            ]),
            body: border,
            published: Some(now),
            ..ArticleDraft::default()
        };
        let (_dir, library) = library_of(vec![blair, as_misc, as_place, okafor, sudan]);
        // A place whose name holds the page's is another place.
        let page = library
            .entity_page("Sudan", Some(EntityKind::Place), now)
            .unwrap();
        assert_eq!(page.related, [(EntityKind::Place, "South Sudan".into(), 1)]);
        let page = library
            .entity_page("Okafor", Some(EntityKind::Person), now)
            .unwrap();
        assert_eq!(page.total, 2);
        assert!(
            page.related.iter().all(|r| r.1 != "Ruth Okafor"),
            "{:?}",
            page.related
        );
        assert!(page.related.iter().any(|r| r.1 == "Lagos"));
        for name in ["Tony Blair", "Blair"] {
            let page = library
                .entity_page(name, Some(EntityKind::Person), now)
                .unwrap();
            assert_eq!(
                page.related,
                [
                    (EntityKind::Place, "Gaza".into(), 1),
                    (EntityKind::Person, "Ruth Okafor".into(), 1)
                ],
                "{name}"
            );
        }
        let page = library
            .entity_page("Iron Harbour", Some(EntityKind::Misc), now)
            .unwrap();
        assert_eq!(page.total, 1);
        assert_eq!(page.articles[0].title, "A game");
    }
}
