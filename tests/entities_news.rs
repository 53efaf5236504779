//! The recogniser on news of the kinds the first model got wrong (issue 16): wire copy full of
//! ministries, agencies, countries, nationalities and dates; clubs, companies and titles of works;
//! names of the 2020s; a short name at a sentence end; one name per person through an article, in `show --json`
//! (`canonical`) and in `person:` searches.
//!
//! Every article here was written for these tests (`tests/fixtures/entities/`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use chrono::NaiveDate;
use common::{Sandbox, TestResult, fixtures};
use dateline::article::{Entity, EntityKind};
use dateline::entities::{Recognizer, canonical_names};

fn entities_of(file: &str) -> Vec<Entity> {
    let text = std::fs::read_to_string(fixtures().join("entities").join(file)).expect("fixture");
    Recognizer::builtin()
        .expect("the built-in model loads")
        .text_entities(&text, NaiveDate::from_ymd_opt(2026, 2, 3))
}

fn found(entities: &[Entity]) -> Vec<(EntityKind, &str)> {
    entities.iter().map(|e| (e.kind, e.text.as_str())).collect()
}

#[test]
fn wire_copy_finds_every_ministry_agency_country_nationality_and_date() {
    use EntityKind::*;
    let entities = entities_of("wire-ministries.txt");
    assert_eq!(
        found(&entities),
        vec![
            (Place, "DUBAI"),
            (Date, "February 2"),
            (Organization, "TASS"),
            (Place, "Iran"),
            (Organization, "Ministry of Intelligence"),
            (Date, "Sunday"),
            (Place, "Israel"),
            (Organization, "Mossad"),
            (Place, "Tehran"),
            (Place, "Isfahan"),
            (Organization, "Islamic Republic News Agency"),
            (Date, "January 28"),
            (Organization, "Foreign Ministry"),
            (Place, "United Arab Emirates"),
            (Misc, "Russian"),
            (Misc, "Iranian"),
            (Place, "Moscow"),
            (Date, "February 10"),
            (Organization, "International Atomic Energy Agency"),
            (Organization, "United Nations Security Council"),
            (Date, "March"),
        ]
    );
}

#[test]
fn clubs_companies_and_films_the_old_model_got_wrong() {
    let entities = entities_of("clubs-companies-films.txt");
    let kind_of = |text: &str| {
        entities
            .iter()
            .filter(|e| e.text == text)
            .map(|e| e.kind)
            .collect::<Vec<_>>()
    };
    use EntityKind::*;
    assert_eq!(
        kind_of("Chelsea"),
        vec![Organization],
        "{:?}",
        found(&entities)
    );
    assert_eq!(kind_of("Arsenal"), vec![Organization]);
    assert_eq!(
        kind_of("Time Warner"),
        vec![Organization],
        "{:?}",
        found(&entities)
    );
    assert_eq!(
        kind_of("Fox Sports"),
        vec![Organization],
        "{:?}",
        found(&entities)
    );
    assert_eq!(
        kind_of("Munich Re"),
        vec![Organization; 2],
        "{:?}",
        found(&entities)
    );
    assert_eq!(
        kind_of("Call of Duty"),
        vec![Misc],
        "{:?}",
        found(&entities)
    );
    assert!(kind_of("Duty").is_empty());
    // Capitalised common words are not names of anything, and a holiday is not a person.
    assert!(kind_of("PC").is_empty() && kind_of("WAP").is_empty());
    assert!(
        !kind_of("Christmas").contains(&Person),
        "{:?}",
        found(&entities)
    );
}

/// Names of the 2020s the lists now know (the model before them made OpenAI "misc", missed
/// Anthropic and Starship, and cut "Falcon 9" to an organisation "Falcon").
#[test]
fn news_of_the_2020s_finds_its_companies_products_and_places() {
    use EntityKind::*;
    let entities = entities_of("news-2020s.txt");
    assert_eq!(
        found(&entities[..entities.len().saturating_sub(1)]),
        vec![
            (Place, "CAPE CANAVERAL"),
            (Place, "Florida"),
            (Date, "May 14"),
            (Organization, "Reuters"),
            (Person, "Elon Musk"),
            (Date, "Thursday"),
            (Organization, "SpaceX"),
            (Misc, "Starship"),
            (Place, "Texas"),
            (Misc, "Falcon 9"),
            (Place, "Cape Canaveral"),
            (Place, "Washington"),
            (Organization, "OpenAI"),
            (Organization, "Anthropic"),
            (Organization, "Senate"),
            (Misc, "ChatGPT"),
            (Organization, "Nvidia"),
            (Organization, "Microsoft"),
            (Organization, "Alphabet"),
            (Organization, "Pfizer"),
            (Organization, "BioNTech"),
            (Misc, "COVID-19"),
            (Organization, "Food and Drug Administration"),
            (Place, "Kyiv"),
            (Misc, "Ukrainian"),
            (Person, "Volodymyr Zelenskiy"),
            (Place, "Germany"),
            (Place, "Bakhmut"),
        ]
    );
    // Found, but its kind is not asserted: in an article this full of companies the model leans
    // to "organisation" for a place it never met, whatever the lists say (it is a place alone or
    // in a plainer article; a rule forcing listed places cost 0.2 F1 on CoNLL, where towns' names
    // are teams).
    assert!(
        entities.last().is_some_and(|e| e.text == "Avdiivka"),
        "{:?}",
        found(&entities)
    );
}

#[test]
fn newer_companies_parties_and_given_names_are_found_by_kind() {
    // Names the 1996 training data never has, which the lists know: fintechs and start-ups, a
    // Pakistani party, given names from Nigeria and Germany. The model before the lists grew read
    // Klarna and Temasek as places, Rivian, Anduril and Mubadala as people, and split "Pakistan
    // Tehreek-e-Insaf" in two.
    use EntityKind::*;
    let entities = entities_of("companies-parties-names.txt");
    let names = found(&entities);
    for (kind, name) in [
        (Organization, "Revolut"),
        (Organization, "Klarna"),
        (Organization, "Commerzbank"),
        (Organization, "Coinbase"),
        (Organization, "Rivian"),
        (Organization, "Anduril"),
        (Person, "Palmer Luckey"),
        (Organization, "Pakistan Tehreek-e-Insaf"),
        (Person, "Imran Khan"),
        (Organization, "Reserve Bank of India"),
        (Person, "Ngozi Okonjo-Iweala"),
        (Person, "Olaf Scholz"),
        (Person, "Yemi Osinbajo"),
        (Person, "Kemi Badenoch"),
        (Organization, "Stellantis"),
        (Organization, "Northvolt"),
        (Organization, "Temasek"),
        (Organization, "Mubadala"),
        (Place, "Zaragoza"),
        (Person, "Ursula von der Leyen"),
        // After lowercase words, "von" is a name particle, not a word the tagger may skip.
        (Person, "von der Leyen"),
    ] {
        assert!(names.contains(&(kind, name)), "{kind:?} {name}: {names:?}");
    }
}

#[test]
fn a_short_name_at_a_sentence_end_is_found_whole() {
    let entities = Recognizer::builtin().expect("model").text_entities(
        "Exports fell to the US. Imports rose from the UK. Prices held.",
        None,
    );
    assert_eq!(
        found(&entities),
        vec![(EntityKind::Place, "US"), (EntityKind::Place, "UK")]
    );
}

#[test]
fn one_person_under_three_names() {
    let entities = entities_of("one-name-per-person.txt");
    let blair: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.text.contains("Blair"))
        .collect();
    assert!(blair.len() >= 3, "{:?}", found(&entities));
    assert!(blair.iter().all(|e| e.kind == EntityKind::Person));
    // The title is not part of the name, Mr or Mrs alike.
    assert!(blair.iter().all(|e| !e.text.starts_with("Mr")));
    let canonical = canonical_names(&entities);
    for (entity, name) in entities.iter().zip(&canonical) {
        if entity.text.contains("Blair") {
            assert_eq!(name, "Tony Blair", "{entity:?}");
        }
    }
}

#[test]
fn show_json_gives_the_canonical_name_and_person_search_finds_it() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("entities").join("one-name-per-person.txt"))?;
    let article = sandbox.by_title("Harbourton mayor backs Blair on transport plan")?;
    let people: Vec<(&str, &str)> = article["entities"]
        .as_array()
        .ok_or("entities")?
        .iter()
        .filter(|e| e["kind"] == "person")
        .map(|e| {
            (
                e["text"].as_str().unwrap_or_default(),
                e["canonical"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert!(people.contains(&("Blair", "Tony Blair")), "{people:?}");
    assert!(
        people.contains(&("Ruth Okafor", "Ruth Okafor")),
        "{people:?}"
    );
    // A title typed before the name is not looked for: the index holds names without one.
    for query in [
        "person:blair",
        "person:\"tony blair\"",
        "person:\"mr blair\"",
        "person:\"prime minister tony blair\"",
    ] {
        let hits = sandbox.json(&["search", "--json", query])?;
        assert_eq!(hits[0]["id"], article["id"], "{query}");
    }
    // A royal title is part of the name (as CoNLL has it), so it is still looked for.
    let hits = sandbox.json(&["search", "--json", "person:\"king blair\""])?;
    assert_eq!(hits.as_array().map(Vec::len), Some(0), "{hits}");
    Ok(())
}

#[test]
fn an_organisation_in_capitals_in_prose_is_found_and_joins_its_full_name() {
    let text = "GENEVA, March 4 - The World Health Organization (WHO) said on Tuesday that its \
                experts would visit Kinshasa. The WHO chief told reporters the visit was overdue.";
    let recognizer = Recognizer::builtin().expect("the built-in model loads");
    let entities = recognizer.text_entities(text, NaiveDate::from_ymd_opt(2026, 3, 4));
    let canonical = canonical_names(&entities);
    let who: Vec<(&Entity, &String)> = entities
        .iter()
        .zip(&canonical)
        .filter(|(e, _)| e.text == "WHO")
        .collect();
    assert_eq!(who.len(), 2, "{:?}", found(&entities));
    for (entity, name) in who {
        assert_eq!(entity.kind, EntityKind::Organization, "{entity:?}");
        assert_eq!(name, "World Health Organization");
    }
}

#[test]
fn an_emoji_after_a_name_is_not_part_of_it() {
    // With a space before it and without (`Zelensky🇺🇦`).
    let text = "President Zelensky\u{1f1fa}\u{1f1e6} spoke to reporters in Kyiv on Monday, and \
                fans of Taylor Swift \u{2728} cheered outside.";
    let recognizer = Recognizer::builtin().expect("the built-in model loads");
    let entities = recognizer.text_entities(text, NaiveDate::from_ymd_opt(2026, 3, 4));
    let people: Vec<&str> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .map(|e| e.text.as_str())
        .collect();
    assert_eq!(
        people,
        ["Zelensky", "Taylor Swift"],
        "{:?}",
        found(&entities)
    );
}

#[test]
fn a_surname_alone_is_the_person_named_in_full_but_a_listed_company_stays_one() {
    let recognizer = Recognizer::builtin().expect("the built-in model loads");
    let published = NaiveDate::from_ymd_opt(2026, 5, 4);
    let text = "Giorgia Meloni met Viktor Orban in Rome. Meloni said the talks were useful, and \
                Orban agreed.";
    let entities = recognizer.text_entities(text, published);
    for name in ["Giorgia Meloni", "Viktor Orban", "Meloni", "Orban"] {
        assert!(
            found(&entities).contains(&(EntityKind::Person, name)),
            "{name}: {:?}",
            found(&entities)
        );
    }
    // A surname that is also a company word ("Steel") is still the person a first name marks.
    let text = "Former Liberal leader David Steel spoke in Edinburgh. Steel said the party would \
                recover.";
    let entities = recognizer.text_entities(text, published);
    for name in ["David Steel", "Steel"] {
        assert!(
            found(&entities).contains(&(EntityKind::Person, name)),
            "{name}: {:?}",
            found(&entities)
        );
    }
    let text = "DETROIT, May 4 - Edsel Ford, a great-grandson of Henry Ford, sold shares on Monday. \
                Ford shares rose 3 percent after the sale, and Ford said it would raise its dividend.";
    let entities = recognizer.text_entities(text, published);
    let fords: Vec<EntityKind> = entities
        .iter()
        .filter(|e| e.text == "Ford")
        .map(|e| e.kind)
        .collect();
    assert_eq!(
        fords,
        [EntityKind::Organization, EntityKind::Organization],
        "{:?}",
        found(&entities)
    );
}

#[test]
fn a_name_ending_in_a_company_word_is_a_company() {
    let recognizer = Recognizer::builtin().expect("the built-in model loads");
    let text = "Grand Theft Auto VI, from Rockstar Games, will ship in May.";
    let entities = recognizer.text_entities(text, NaiveDate::from_ymd_opt(2026, 5, 4));
    assert!(
        found(&entities).contains(&(EntityKind::Organization, "Rockstar Games")),
        "{:?}",
        found(&entities)
    );
}

#[test]
fn a_person_in_quotes_with_a_title_is_a_person_not_a_work() {
    let recognizer = Recognizer::builtin().expect("the built-in model loads");
    let text = "Reporters met \"Dr Tedros\" on Monday, and the WHO chief said the game \"Call of \
                Duty\" was fine.";
    let entities = recognizer.text_entities(text, NaiveDate::from_ymd_opt(2026, 5, 4));
    let names = found(&entities);
    assert!(names.contains(&(EntityKind::Person, "Tedros")), "{names:?}");
    assert!(
        names.contains(&(EntityKind::Misc, "Call of Duty")),
        "{names:?}"
    );
}

#[test]
fn other_names_are_searched_by_misc_and_a_misc_page_holds_only_them() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("entities").join("wire-ministries.txt"))?;
    let count = |query: &str| -> Result<usize, Box<dyn std::error::Error>> {
        let hits = sandbox.json(&["search", "--json", query])?;
        Ok(hits.as_array().map_or(0, Vec::len))
    };
    assert_eq!(count("misc:iranian")?, 1);
    // Tehran is in the article, as a place.
    assert_eq!(count("tehran")?, 1);
    assert_eq!(count("misc:tehran")?, 0);
    let page = |name: &str| -> Result<u64, Box<dyn std::error::Error>> {
        let page = sandbox.json(&["entity", "--json", "--kind", "misc", name])?;
        page["total"].as_u64().ok_or_else(|| "no total".into())
    };
    assert_eq!(page("Iranian")?, 1);
    assert_eq!(page("Tehran")?, 0);
    Ok(())
}

#[test]
fn a_city_after_near_or_in_is_a_place_though_its_club_shares_the_name() {
    // CoNLL's training text has "Marseille" only as the football club.
    let places: Vec<String> = entities_of("titles-and-places.txt")
        .into_iter()
        .filter(|e| e.text == "Marseille")
        .map(|e| format!("{:?}", e.kind))
        .collect();
    assert_eq!(places, ["Place", "Place"]);
}

#[test]
fn an_institution_of_a_place_at_a_sentence_start_keeps_its_head() {
    let entities = entities_of("titles-and-places.txt");
    let names = found(&entities);
    assert!(
        names.contains(&(EntityKind::Organization, "Port of Rotterdam Authority")),
        "{names:?}"
    );
}

#[test]
fn a_person_search_with_sheikh_finds_the_name_the_index_holds() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("entities").join("titles-and-places.txt"))?;
    let article = sandbox.by_title("Gulf envoy tours Europe as wildfires close southern roads")?;
    let people: Vec<&str> = article["entities"]
        .as_array()
        .ok_or("entities")?
        .iter()
        .filter(|e| e["kind"] == "person")
        .filter_map(|e| e["text"].as_str())
        .collect();
    // CoNLL leaves `Sheikh` outside the name, as it does `Mr`.
    assert!(
        people.iter().any(|name| name.starts_with("Abdullah"))
            && people.iter().all(|name| !name.starts_with("Sheikh")),
        "{people:?}"
    );
    for query in ["person:\"sheikh abdullah\"", "person:abdullah"] {
        let hits = sandbox.json(&["search", "--json", query])?;
        assert_eq!(hits[0]["id"], article["id"], "{query}");
    }
    Ok(())
}
