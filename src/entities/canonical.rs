//! One name per thing within an article: "Blair", "Mr Blair" and "Tony Blair" are one person,
//! "TimeWarner" and "Time Warner" one company. `unify_kinds` gives every mention of a name the
//! kind most of its mentions have; `canonical_names` gives each entity the fullest form of its
//! name in the article, which the search index, `show --json` and the entity panel group by.

use std::collections::HashMap;

use crate::article::{Entity, EntityKind, TextField};

/// Words dropped from the front of a name when comparing (`the`, titles).
const LEADING: &[&str] = &[
    "the",
    "mr",
    "mr.",
    "mrs",
    "mrs.",
    "ms",
    "ms.",
    "miss",
    "dr",
    "dr.",
    "president",
    "prime",
    "minister",
    "sen.",
    "gov.",
    "rep.",
    "prof.",
    "professor",
];

/// Heads of institution names that English writes both ways: "the Ministry of Intelligence" and
/// "the Intelligence Ministry" (or, unnamed, "the intelligence ministry").
pub const INSTITUTION_HEADS: &[&str] = &["ministry", "department"];

/// A name as compared: lowercase words without a leading article or title or a trailing `'s`, and
/// "intelligence ministry" as "ministry of intelligence".
fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            let w = without_possessive(w)
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != '&');
            w.to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    while words.len() > 1 && LEADING.contains(&words[0].as_str()) {
        words.remove(0);
    }
    match words.split_last() {
        Some((head, before))
            if !before.is_empty()
                && INSTITUTION_HEADS.contains(&head.as_str())
                && !before.iter().any(|w| w == "of") =>
        {
            let mut head_first = vec![head.clone(), "of".to_string()];
            head_first.extend_from_slice(before);
            head_first
        }
        _ => words,
    }
}

/// `text` without trailing `'s` (straight or curly); what `trim_end_matches` of each would leave,
/// without building a substring searcher for every word of every name.
fn without_possessive(text: &str) -> &str {
    let mut rest = text;
    while let Some(shorter) = rest.strip_suffix("'s") {
        rest = shorter;
    }
    while let Some(shorter) = rest.strip_suffix("\u{2019}s") {
        rest = shorter;
    }
    rest
}

/// The name with spaces and case taken out (`TimeWarner` and `Time Warner` agree).
fn squeezed(words: &[String]) -> String {
    words.concat()
}

fn is_name(kind: EntityKind) -> bool {
    kind != EntityKind::Date
}

/// Every mention of one name (compared without case and spaces) gets the kind most of them have,
/// a mention in the title counting half (a terse headline is read less surely than prose, so
/// "visits São Paulo" there does not outvote "arrived in São Paulo" in the body); on a tie, the
/// kind of the first mention. A name in `settled` (a wire dateline's place and agency, which a
/// rule reads) has that kind everywhere in the article, whatever the votes.
pub fn unify_kinds(entities: &mut [Entity], settled: &[(String, EntityKind)]) {
    let keys: Vec<Option<String>> = entities
        .iter()
        .map(|e| is_name(e.kind).then(|| squeezed(&words(&e.text))))
        .collect();
    let mut votes: HashMap<&str, Vec<(EntityKind, usize)>> = HashMap::new();
    for (entity, key) in entities.iter().zip(&keys) {
        let Some(key) = key else {
            continue;
        };
        let tally = votes.entry(key).or_default();
        let weight = if entity.field == TextField::Title {
            1
        } else {
            2
        };
        match tally.iter_mut().find(|(kind, _)| *kind == entity.kind) {
            Some((_, count)) => *count += weight,
            None => tally.push((entity.kind, weight)),
        }
    }
    // A settled name's only vote is the rule's.
    let settled: Vec<(String, EntityKind)> = settled
        .iter()
        .map(|(name, kind)| (squeezed(&words(name)), *kind))
        .collect();
    for (name, kind) in &settled {
        votes.insert(name, vec![(*kind, 1)]);
    }
    for (entity, key) in entities.iter_mut().zip(&keys) {
        if let Some(key) = key
            && let Some(tally) = votes.get(key.as_str())
            && let Some(best) = tally.iter().fold(
                None::<(EntityKind, usize)>,
                |best, &(kind, count)| match best {
                    Some((_, most)) if most >= count => best,
                    _ => Some((kind, count)),
                },
            )
        {
            entity.kind = best.0;
        }
    }
}

/// An entity with the canonical form of its name, as `show --json` and `entities text --json`
/// print it.
#[derive(Debug, serde::Serialize)]
pub struct Named<'a> {
    #[serde(flatten)]
    pub entity: &'a Entity,
    pub canonical: String,
}

/// The entities with their canonical names.
pub fn named(entities: &[Entity]) -> Vec<Named<'_>> {
    entities
        .iter()
        .zip(canonical_names(entities))
        .map(|(entity, canonical)| Named { entity, canonical })
        .collect()
}

/// Whether `short` appears in `long` as a run of whole words.
fn within(short: &[String], long: &[String]) -> bool {
    short.len() < long.len() && long.windows(short.len()).any(|window| window == short)
}

/// One distinct name of one kind in an article: its words as compared, and the best way it is
/// written there.
struct Form<'a> {
    kind: EntityKind,
    words: Vec<String>,
    shown: &'a str,
}

/// The canonical form of each entity's name (index-aligned with `entities`): the fullest form of
/// the same name of the same kind in the article, as written where it is not in capitals. A short
/// form found in two different longer names ("Smith" beside "John Smith" and "Anna Smith") stays
/// as it is. Dates are their own text.
pub fn canonical_names(entities: &[Entity]) -> Vec<String> {
    // Distinct forms per kind, with the best way each is written, and each entity's form. The
    // search index names every article this way, so each name is compared once, not once per
    // other name.
    let mut forms: Vec<Form<'_>> = Vec::new();
    let mut form_by_key: HashMap<(EntityKind, String), usize> = HashMap::new();
    let mut form_of: Vec<Option<(usize, usize)>> = Vec::with_capacity(entities.len());
    for entity in entities {
        let name = if is_name(entity.kind) {
            words(&entity.text)
        } else {
            Vec::new()
        };
        if name.is_empty() {
            form_of.push(None);
            continue;
        }
        let display = display_form(&entity.text);
        let (count, key) = (name.len(), (entity.kind, squeezed(&name)));
        let form = match form_by_key.get(&key) {
            Some(&form) => {
                let known = &mut forms[form];
                // More words (`Time Warner` over `TimeWarner`), then capitalised but not in
                // capitals (`Intelligence Ministry` over `intelligence ministry` and `INTELLIGENCE
                // MINISTRY`).
                let better = name.len() > known.words.len()
                    || (name.len() == known.words.len() && written_better(display, known.shown));
                if better {
                    known.words = name;
                    known.shown = display;
                }
                form
            }
            None => {
                forms.push(Form {
                    kind: entity.kind,
                    words: name,
                    shown: display,
                });
                form_by_key.insert(key, forms.len() - 1);
                forms.len() - 1
            }
        };
        form_of.push(Some((form, count)));
    }
    // The forms each word is in: a longer form holding a name holds its first word, so only
    // those are compared, and a page of many thousand names costs no comparison of every pair.
    let mut forms_with: HashMap<&str, Vec<usize>> = HashMap::new();
    for (f, form) in forms.iter().enumerate() {
        for word in &form.words {
            let with = forms_with.entry(word.as_str()).or_default();
            if with.last() != Some(&f) {
                with.push(f);
            }
        }
    }
    let fullest: Vec<&str> = forms
        .iter()
        .map(|form| {
            let holding = form
                .words
                .first()
                .and_then(|word| forms_with.get(word.as_str()))
                .map_or(&[][..], Vec::as_slice);
            fullest(form, holding.iter().map(|&f| &forms[f]))
        })
        .collect();
    // The one longer name of the same kind an acronym stands for (`WHO`, `MoD`), if the article
    // has exactly one.
    let spelled_out = |kind: EntityKind, acronym: &str| -> Option<&str> {
        let letters = acronym.to_lowercase();
        let mut matching = (0..forms.len()).filter(|&f| {
            let form = &forms[f];
            form.kind == kind && form.words.len() >= 2 && initials_are(&form.words, &letters)
        });
        let first = matching.next()?;
        // Forms are distinct per kind, so a second match is another name.
        if matching.next().is_some() {
            return None;
        }
        Some(fullest[first])
    };
    // Each acronym is spelled out once, however often it is written.
    let mut spelled: HashMap<(EntityKind, &str), Option<&str>> = HashMap::new();
    entities
        .iter()
        .zip(form_of)
        .map(|(entity, form)| {
            let Some((form, count)) = form else {
                return entity.text.clone();
            };
            let acronym = display_form(&entity.text);
            if count == 1
                && is_acronym(acronym)
                && let Some(full) = *spelled
                    .entry((entity.kind, acronym))
                    .or_insert_with(|| spelled_out(entity.kind, acronym))
            {
                return full.to_string();
            }
            fullest[form].to_string()
        })
        .collect()
}

/// How `form` is best written: as its fullest form of the same kind in the article, if one
/// longer name holds every other that holds it, else as itself.
fn fullest<'a, 'f>(form: &Form<'a>, forms: impl Iterator<Item = &'f Form<'a>>) -> &'a str
where
    'a: 'f,
{
    let start = &form.words;
    // A place's name is the start of its fuller form ("Rio" of "Rio de Janeiro"); one inside a
    // longer name is another place (Sudan and South Sudan, York and New York).
    let contains = |w: &[String]| match form.kind {
        EntityKind::Place => start.len() < w.len() && w.starts_with(start),
        _ => within(start, w),
    };
    let longer: Vec<&Form<'a>> = forms
        .filter(|other| other.kind == form.kind && contains(&other.words))
        .collect();
    // The longest of the longer forms, if it holds every other one.
    let Some(longest) = longer.iter().max_by_key(|other| other.words.len()) else {
        return form.shown;
    };
    if longer
        .iter()
        .all(|other| other.words == longest.words || within(&other.words, &longest.words))
    {
        longest.shown
    } else {
        form.shown
    }
}

/// Words an acronym may leave out (`Department for Science, Innovation and Technology` is DSIT).
const ACRONYM_SMALL_WORDS: &[&str] = &["of", "the", "for", "and", "&", "on", "in", "de", "du"];

/// A word that looks like an acronym: two to eight letters, capitalised, two or more of them
/// capitals (`WHO`, `IRGC`, `MoD`).
fn is_acronym(word: &str) -> bool {
    let letters = word.chars().count();
    (2..=8).contains(&letters)
        && word.chars().all(char::is_alphabetic)
        && is_capitalised(word)
        && word.chars().filter(|c| c.is_uppercase()).count() >= 2
}

/// Whether the first letters of `words` spell `letters` (lowercase), with or without the small
/// words; a two-letter acronym must spell every word ("BA" is British Airways, not Bank of
/// America).
fn initials_are(words: &[String], letters: &str) -> bool {
    let initials = |skip_small: bool| -> String {
        words
            .iter()
            .filter(|w| !skip_small || !ACRONYM_SMALL_WORDS.contains(&w.as_str()))
            .filter_map(|w| w.chars().next())
            .collect()
    };
    initials(false) == letters || (letters.chars().count() > 2 && initials(true) == letters)
}

/// The name as written, without a leading `the` or title and a trailing `'s`.
fn display_form(text: &str) -> &str {
    let mut rest = text.trim();
    while let Some((first, after)) = rest.split_once(char::is_whitespace) {
        if !LEADING.contains(&first.to_lowercase().as_str()) {
            break;
        }
        rest = after.trim_start();
    }
    without_possessive(rest)
}

fn is_capitals(text: &str) -> bool {
    !text.chars().any(char::is_lowercase)
}

fn is_capitalised(text: &str) -> bool {
    text.chars().next().is_some_and(char::is_uppercase)
}

/// Whether `display` shows a name better than `shown`: capitalised over not, then not all in
/// capitals over capitals.
fn written_better(display: &str, shown: &str) -> bool {
    match (is_capitalised(display), is_capitalised(shown)) {
        (true, false) => true,
        (false, _) => false,
        (true, true) => is_capitals(shown) && !is_capitals(display),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::TextField;

    fn entity(kind: EntityKind, text: &str) -> Entity {
        Entity {
            kind,
            text: text.to_string(),
            field: TextField::Body,
            start: 0,
            end: text.chars().count(),
            value: None,
        }
    }

    #[test]
    fn a_place_inside_a_longer_place_name_is_another_place() {
        let entities = vec![
            entity(EntityKind::Place, "Sudan"),
            entity(EntityKind::Place, "South Sudan"),
            entity(EntityKind::Place, "York"),
            entity(EntityKind::Place, "New York"),
            entity(EntityKind::Place, "Rio"),
            entity(EntityKind::Place, "Rio de Janeiro"),
        ];
        assert_eq!(
            canonical_names(&entities),
            [
                "Sudan",
                "South Sudan",
                "York",
                "New York",
                "Rio de Janeiro",
                "Rio de Janeiro"
            ]
        );
    }

    #[test]
    fn short_forms_and_titles_join_the_fullest_name() {
        let entities = vec![
            entity(EntityKind::Person, "BLAIR"),
            entity(EntityKind::Person, "Tony Blair"),
            entity(EntityKind::Person, "Mr Blair"),
            entity(EntityKind::Person, "Blair"),
            entity(EntityKind::Organization, "TimeWarner"),
            entity(EntityKind::Organization, "Time Warner"),
            entity(EntityKind::Place, "Blair"),
        ];
        assert_eq!(
            canonical_names(&entities),
            vec![
                "Tony Blair",
                "Tony Blair",
                "Tony Blair",
                "Tony Blair",
                "Time Warner",
                "Time Warner",
                "Blair"
            ]
        );
    }

    #[test]
    fn a_ministry_named_either_way_is_one() {
        let entities = vec![
            entity(EntityKind::Organization, "intelligence ministry"),
            entity(EntityKind::Organization, "Ministry of Intelligence"),
            entity(EntityKind::Organization, "Intelligence Ministry"),
            entity(EntityKind::Organization, "Foreign Ministry"),
            entity(EntityKind::Organization, "Ministry of Foreign Affairs"),
        ];
        assert_eq!(
            canonical_names(&entities),
            vec![
                "Ministry of Intelligence",
                "Ministry of Intelligence",
                "Ministry of Intelligence",
                "Ministry of Foreign Affairs",
                "Ministry of Foreign Affairs"
            ]
        );
    }

    #[test]
    fn a_surname_shared_by_two_people_stays_itself() {
        let entities = vec![
            entity(EntityKind::Person, "John Smith"),
            entity(EntityKind::Person, "Anna Smith"),
            entity(EntityKind::Person, "Smith"),
        ];
        assert_eq!(
            canonical_names(&entities),
            vec!["John Smith", "Anna Smith", "Smith"]
        );
    }

    #[test]
    fn a_name_takes_the_kind_most_of_its_mentions_have() {
        let mut entities = vec![
            entity(EntityKind::Organization, "TimeWarner"),
            entity(EntityKind::Person, "TimeWarner"),
            entity(EntityKind::Organization, "Time Warner"),
            entity(EntityKind::Person, "TimeWarner"),
            entity(EntityKind::Organization, "TimeWarner's"),
            entity(EntityKind::Place, "Ohio"),
        ];
        unify_kinds(&mut entities, &[]);
        let kinds: Vec<EntityKind> = entities.iter().map(|e| e.kind).collect();
        assert_eq!(
            kinds,
            vec![
                EntityKind::Organization,
                EntityKind::Organization,
                EntityKind::Organization,
                EntityKind::Organization,
                EntityKind::Organization,
                EntityKind::Place
            ]
        );
    }

    #[test]
    fn an_acronym_joins_the_one_name_it_spells() {
        let entities = vec![
            entity(EntityKind::Organization, "World Health Organization"),
            entity(EntityKind::Organization, "WHO"),
            entity(EntityKind::Organization, "Ministry of Defence"),
            entity(EntityKind::Organization, "MoD"),
            entity(
                EntityKind::Organization,
                "Department for Science, Innovation and Technology",
            ),
            entity(EntityKind::Organization, "DSIT"),
            // Two letters spell every word or nothing.
            entity(EntityKind::Organization, "Bank of America"),
            entity(EntityKind::Organization, "BA"),
            // Two names spell ABC: the acronym stays itself.
            entity(EntityKind::Organization, "Alpha Beta Company"),
            entity(EntityKind::Organization, "Atlantic Bus Cooperative"),
            entity(EntityKind::Organization, "ABC"),
            // A person is never an organisation's acronym.
            entity(EntityKind::Person, "WHO"),
            // A word in capitals that spells nothing here stays itself.
            entity(EntityKind::Organization, "NATO"),
        ];
        assert_eq!(
            canonical_names(&entities),
            vec![
                "World Health Organization",
                "World Health Organization",
                "Ministry of Defence",
                "Ministry of Defence",
                "Department for Science, Innovation and Technology",
                "Department for Science, Innovation and Technology",
                "Bank of America",
                "BA",
                "Alpha Beta Company",
                "Atlantic Bus Cooperative",
                "ABC",
                "WHO",
                "NATO",
            ]
        );
    }
}
