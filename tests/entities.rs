//! The entity recogniser through its public API, with the model shipped in the binary: each kind,
//! each news specific (datelines, capitals, possessives, names without "the", document consistency),
//! dates normalised from the publication date, offsets, CoNLL tagging, and a development-set regression.
//!
//! Every sentence here was written for these tests.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use dateline::article::{Entity, EntityKind, TextField};
use dateline::entities::{Conll, Recognizer, Scorer, to_bio};

/// Development-set F1 of the committed model, as measured when it was trained.
const DEV_F1: f64 = 94.19;
const DEV: &str = "../shared/data/ner/conll2003/eng.testa";

fn published() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(2026, 11, 24)
}

fn recognizer() -> &'static Recognizer {
    Recognizer::builtin().expect("the built-in model loads")
}

fn found(entities: &[Entity]) -> Vec<(EntityKind, &str)> {
    entities.iter().map(|e| (e.kind, e.text.as_str())).collect()
}

fn text(text: &str) -> Vec<Entity> {
    recognizer().text_entities(text, published())
}

fn has(entities: &[Entity], kind: EntityKind, text: &str) -> bool {
    entities.iter().any(|e| e.kind == kind && e.text == text)
}

#[test]
fn people_organisations_and_places() {
    let entities =
        text("Prime Minister Anna Lindqvist met the board of Meridian Holdings in Nairobi.");
    assert!(
        has(&entities, EntityKind::Person, "Anna Lindqvist"),
        "{:?}",
        found(&entities)
    );
    assert!(
        has(&entities, EntityKind::Organization, "Meridian Holdings"),
        "{:?}",
        found(&entities)
    );
    assert!(
        has(&entities, EntityKind::Place, "Nairobi"),
        "{:?}",
        found(&entities)
    );
}

#[test]
fn nationalities_are_misc() {
    let entities = text("The Kurdish and Israeli delegations arrived for the talks.");
    assert!(
        has(&entities, EntityKind::Misc, "Kurdish"),
        "{:?}",
        found(&entities)
    );
    assert!(
        has(&entities, EntityKind::Misc, "Israeli"),
        "{:?}",
        found(&entities)
    );
}

#[test]
fn dates_and_times_are_normalised_from_publication() {
    let entities = text(
        "The summit opened on Monday and ends on 2026-11-27. Talks began on February 2, resumed \
         last week and continue at 10:30 GMT.",
    );
    let dates: Vec<(&str, Option<&str>)> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Date)
        .map(|e| (e.text.as_str(), e.value.as_deref()))
        .collect();
    assert_eq!(
        dates,
        vec![
            ("Monday", Some("2026-11-23")),
            ("2026-11-27", Some("2026-11-27")),
            ("February 2", Some("2026-02-02")),
            ("last week", None),
            ("10:30 GMT", Some("2026-11-24T10:30")),
        ]
    );
    // Without a publication date a date without a year has no value, but is still a date.
    let entities = recognizer().text_entities("Talks began on February 2.", None);
    assert_eq!(entities.len(), 1);
    assert_eq!(
        (entities[0].kind, entities[0].value.as_deref()),
        (EntityKind::Date, None)
    );
}

#[test]
fn wire_dateline_place_agency_and_date() {
    let entities = text("DUBAI, February 2. /TASS/. Oil prices rose on Monday.");
    assert_eq!(
        entities
            .iter()
            .take(3)
            .map(|e| (e.kind, e.text.as_str(), e.start, e.end))
            .collect::<Vec<_>>(),
        vec![
            (EntityKind::Place, "DUBAI", 0, 5),
            (EntityKind::Date, "February 2", 7, 17),
            (EntityKind::Organization, "TASS", 20, 24),
        ]
    );
    assert_eq!(entities[1].value.as_deref(), Some("2026-02-02"));
}

#[test]
fn a_dateline_place_that_is_also_a_club_is_a_place_all_through_the_article() {
    // "Marseille" alone is a football club as often as a city in the training news; the
    // dateline says which it is here, and the headline and body follow.
    let body = "MARSEILLE (AFP) - The port of Marseille reopened on Monday after a two-day strike \
                by dock workers, the port authority said.";
    let kinds = |entities: &[Entity]| -> Vec<(EntityKind, String)> {
        entities
            .iter()
            .filter(|e| e.text.eq_ignore_ascii_case("marseille"))
            .map(|e| (e.kind, e.text.clone()))
            .collect()
    };
    let article = recognizer().article_entities("Marseille port reopens", "", body, None);
    let found = kinds(&article);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|(k, _)| *k == EntityKind::Place),
        "{found:?}"
    );
    assert!(has(&article, EntityKind::Organization, "AFP"));
    // Below the first line, a sentence shaped like a dateline is not one: its place is not in
    // capitals.
    let sentence = text(
        "Health news\nWorld Health Organization (WHO) - the UN agency said Marseille was calm.",
    );
    assert!(
        has(
            &sentence,
            EntityKind::Organization,
            "World Health Organization"
        ),
        "{sentence:?}"
    );
    // The same copy as plain text, headline first: the dateline opens the second line.
    let plain = text(&format!("Marseille port reopens\n{body}"));
    let found = kinds(&plain);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(
        found.iter().all(|(k, _)| *k == EntityKind::Place),
        "{found:?}"
    );
}

#[test]
fn all_capital_headlines() {
    let entities = recognizer().article_entities(
        "IRAN ARRESTS STUDENTS IN TEHRAN",
        "",
        "Iran's police arrested students in Tehran on Monday, officials said.",
        published(),
    );
    let title: Vec<(EntityKind, &str)> = entities
        .iter()
        .filter(|e| e.field == TextField::Title)
        .map(|e| (e.kind, e.text.as_str()))
        .collect();
    assert_eq!(
        title,
        vec![(EntityKind::Place, "IRAN"), (EntityKind::Place, "TEHRAN")]
    );
}

#[test]
fn possessives_split_place_and_organisation() {
    let entities = text("Iran's Ministry of Intelligence said the network had been dismantled.");
    assert_eq!(
        found(&entities),
        vec![
            (EntityKind::Place, "Iran"),
            (EntityKind::Organization, "Ministry of Intelligence")
        ]
    );
}

#[test]
fn multi_word_names_leave_out_the_article() {
    let entities = text("Members of the Iranian Communist Party were detained, the group said.");
    assert_eq!(
        found(&entities),
        vec![(EntityKind::Organization, "Iranian Communist Party")]
    );
}

#[test]
fn a_name_keeps_its_kind_through_the_article() {
    // Alone, "KESTREL" in a headline in capitals reads as a surname; the body says it is a company.
    let entities = recognizer().article_entities(
        "KESTREL TO CLOSE PLANTS",
        "",
        "Kestrel Motors said on Monday it would close two plants. Shares in Kestrel fell 4 percent.",
        published(),
    );
    let kestrel: Vec<(TextField, EntityKind)> = entities
        .iter()
        .filter(|e| e.text.to_lowercase().starts_with("kestrel"))
        .map(|e| (e.field, e.kind))
        .collect();
    assert_eq!(
        kestrel,
        vec![
            (TextField::Title, EntityKind::Organization),
            (TextField::Body, EntityKind::Organization),
            (TextField::Body, EntityKind::Organization),
        ],
        "{:?}",
        found(&entities)
    );
    // "Lindqvist said" on its own is a person; after "Lindqvist Holdings" it is the company.
    let entities = text(
        "Lindqvist Holdings posted a loss. Lindqvist shares fell 3 percent, and Lindqvist said it \
         would sell assets.",
    );
    let kinds: Vec<EntityKind> = entities.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        vec![EntityKind::Organization; 3],
        "{:?}",
        found(&entities)
    );
}

#[test]
fn offsets_are_characters_in_each_field() {
    let title = "Zürich mayor visits São Paulo";
    let body = "The mayor of Zürich, Corinne Mauch, arrived in São Paulo on Tuesday.";
    let entities = recognizer().article_entities(title, "", body, published());
    for entity in &entities {
        let field = if entity.field == TextField::Title {
            title
        } else {
            body
        };
        let slice: String = field
            .chars()
            .skip(entity.start)
            .take(entity.end - entity.start)
            .collect();
        assert_eq!(slice, entity.text, "{entity:?}");
    }
    assert!(
        has(&entities, EntityKind::Place, "São Paulo"),
        "{:?}",
        found(&entities)
    );
    assert!(
        has(&entities, EntityKind::Person, "Corinne Mauch"),
        "{:?}",
        found(&entities)
    );
}

#[test]
fn json_leaves_out_empty_values() {
    let entities = text("Officials met in Oslo yesterday.");
    let json = serde_json::to_value(&entities).unwrap();
    assert_eq!(json[0]["kind"], "place");
    assert!(json[0].get("value").is_none());
    assert_eq!(json[1]["value"], "2026-11-23");
}

#[test]
fn conll_documents_are_tagged_in_bio() {
    let sentences: Vec<Vec<String>> = [
        "SOCCER - HARBOUR CITY BEAT NORTHWIND ROVERS",
        "Striker Lars Eriksen scored twice for Harbour City in Oslo on Saturday .",
    ]
    .iter()
    .map(|s| s.split(' ').map(String::from).collect())
    .collect();
    let tags = recognizer().tag_document(&sentences);
    assert_eq!(tags.len(), 2);
    assert_eq!(tags[1].len(), sentences[1].len());
    assert_eq!(&tags[1][1..3], &["B-PER", "I-PER"]);
    assert_eq!(tags[1][9], "B-LOC");
    assert!(
        tags.iter()
            .flatten()
            .all(|t| *t == "O" || t.starts_with("B-") || t.starts_with("I-"))
    );
}

#[test]
fn development_set_f1_does_not_regress() {
    let Ok(text) = std::fs::read_to_string(DEV) else {
        eprintln!("skipping: {DEV} is absent");
        return;
    };
    let conll = Conll::parse(&text);
    let mut scorer = Scorer::default();
    for document in &conll.documents {
        let sentences: Vec<Vec<String>> = document
            .iter()
            .map(|range| {
                range
                    .clone()
                    .map(|line| conll.token(line).to_string())
                    .collect()
            })
            .collect();
        let predicted = recognizer().tag_document(&sentences);
        for (range, tags) in document.iter().zip(&predicted) {
            let gold: Vec<&str> = range.clone().map(|line| conll.tag(line)).collect();
            scorer.add(&to_bio(&gold), &to_bio(tags));
        }
    }
    let f1 = scorer.overall.f1();
    eprintln!("development-set F1 {f1:.2}");
    assert!(
        f1 >= DEV_F1 - 0.2,
        "development-set F1 fell to {f1:.2} (was {DEV_F1})"
    );
}

#[test]
fn a_ministry_named_three_ways_is_one_organisation() {
    let entities = text(
        "Iran's Ministry of Intelligence said on Sunday it had arrested ten people. The \
         intelligence ministry said they worked for a foreign service.",
    );
    let named = dateline::entities::named(&entities);
    let ministries: Vec<(&str, &str)> = named
        .iter()
        .filter(|n| n.entity.kind == EntityKind::Organization)
        .map(|n| (n.entity.text.as_str(), n.canonical.as_str()))
        .collect();
    assert_eq!(
        ministries,
        vec![
            ("Ministry of Intelligence", "Ministry of Intelligence"),
            ("intelligence ministry", "Ministry of Intelligence"),
        ],
        "{:?}",
        found(&entities)
    );
}
