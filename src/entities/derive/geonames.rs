//! Place names from GeoNames (CC BY 4.0): countries, their capitals, cities by size, US states and
//! continents, as phrase-table records keyed the way the gazetteer matches token sequences.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::entities::EntityError;
use crate::entities::gazetteer::sequence_hash;
use crate::entities::lexeme::lower_hash;
use crate::entities::tables::CONTINUES;
use crate::entities::tokenize::tokenize;

/// Phrase categories (bits of a record).
pub const COUNTRY: u16 = 1;
pub const CITY_MILLION: u16 = 1 << 1;
pub const CITY_LARGE: u16 = 1 << 2;
pub const CITY: u16 = 1 << 3;
pub const US_STATE: u16 = 1 << 4;
pub const CONTINENT: u16 = 1 << 5;
pub const CAPITAL: u16 = 1 << 6;
/// Known only as another spelling or language's name of a city.
pub const ALTERNATE: u16 = 1 << 7;

/// Cities at least this large also get their other names.
const ALTERNATES_FROM: u64 = 100_000;
const MAX_TOKENS: usize = 6;

fn parse(path: &Path) -> Result<Value, EntityError> {
    let bytes = std::fs::read(path)
        .map_err(|e| EntityError::Training(format!("reading {}: {e}", path.display())))?;
    serde_json::from_slice(&bytes)
        .map_err(|e| EntityError::Training(format!("parsing {}: {e}", path.display())))
}

/// Whether an alternate name reads as an English-text place name: Latin letters, capitalised,
/// not a code in capitals (`ALV`).
fn usable_alternate(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(char::is_uppercase)
        && name.chars().any(char::is_lowercase)
        && name
            .chars()
            .all(|c| c.is_alphabetic() && (c as u32) < 0x250 || " -'.".contains(c))
}

/// Every name with its categories, then the records: `(sequence hash, categories)` for each
/// name, and `CONTINUES` on each shorter run of words that a longer name goes on from.
pub fn phrases(
    folder: &Path,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<(u64, Vec<u8>)>, EntityError> {
    let mut names: HashMap<String, u16> = HashMap::new();
    let mut add = |name: &str, category: u16| {
        *names.entry(name.trim().to_string()).or_default() |= category;
    };
    let countries = parse(&folder.join("countries.json"))?;
    for country in countries.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(name) = country["name"].as_str() {
            add(name, COUNTRY);
        }
        if let Some(capital) = country["capital"].as_str() {
            add(capital, CAPITAL);
        }
    }
    let states = parse(&folder.join("us_states.json"))?;
    for state in states.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(name) = state["name"].as_str() {
            add(name, US_STATE);
        }
    }
    let continents = parse(&folder.join("continents.json"))?;
    for continent in continents.as_object().into_iter().flat_map(|o| o.values()) {
        if let Some(name) = continent["name"].as_str() {
            add(name, CONTINENT);
        }
    }
    let cities = parse(&folder.join("cities15000.json"))?;
    for city in cities.as_object().into_iter().flat_map(|o| o.values()) {
        let population = city["population"].as_u64().unwrap_or(0);
        let size = match population {
            1_000_000.. => CITY_MILLION,
            100_000.. => CITY_LARGE,
            _ => CITY,
        };
        if let Some(name) = city["name"].as_str() {
            add(name, size);
        }
        if population >= ALTERNATES_FROM {
            let alternates = city["alternatenames"].as_array().into_iter().flatten();
            for name in alternates.filter_map(Value::as_str) {
                if usable_alternate(name) {
                    add(name, ALTERNATE);
                }
            }
        }
    }
    let mut records: HashMap<u64, u16> = HashMap::new();
    let mut sorted: Vec<(&String, &u16)> = names.iter().collect();
    sorted.sort();
    for (name, &categories) in sorted {
        let (tokens, _) = tokenize(name);
        if tokens.is_empty() || tokens.len() > MAX_TOKENS {
            continue;
        }
        let words: Vec<u64> = tokens
            .iter()
            .map(|t| lower_hash(&name[t.start..t.end]))
            .collect();
        for end in 1..words.len() {
            *records
                .entry(sequence_hash(words[..end].iter().copied()))
                .or_default() |= CONTINUES;
        }
        *records
            .entry(sequence_hash(words.iter().copied()))
            .or_default() |= categories;
    }
    progress(&format!(
        "GeoNames: {} names, {} phrase records",
        names.len(),
        records.len()
    ));
    Ok(records
        .into_iter()
        .map(|(hash, bits)| (hash, bits.to_le_bytes().to_vec()))
        .collect())
}
