//! The key table against the parser: every listed key is read, and no other.

use super::*;
use crate::config::keymap::Keymap;
use std::path::Path;

fn without_source(mut config: Config) -> Config {
    config.source = None;
    config
}

#[test]
fn every_listed_key_is_read_by_the_parser_and_changes_the_config() {
    for key in KEYS {
        let (config, warnings) = super::super::parse(key.example, Path::new("c.toml"));
        assert!(warnings.is_empty(), "{}: {warnings:?}", key.full_name());
        let (_, key_warnings) = Keymap::load(Some((Path::new("c.toml"), key.example)));
        assert!(
            key_warnings.is_empty(),
            "{}: {key_warnings:?}",
            key.full_name()
        );
        assert_ne!(
            without_source(config),
            Config::default(),
            "{}: its example changes nothing",
            key.full_name()
        );
    }
}

#[test]
fn a_key_not_listed_is_refused_in_every_section() {
    let cases = [
        ("colour = 1\n", Section::Top),
        ("[feeds.\"x\"]\ncolour = 1\n", Section::Feed),
        (
            "[[filter]]\nquery = \"x\"\naction = \"hide\"\ncolour = \"1\"\n",
            Section::Filter,
        ),
    ];
    for (text, section) in cases {
        let (_, warnings) = super::super::parse(text, Path::new("c.toml"));
        assert_eq!(warnings.len(), 1, "{text}: {warnings:?}");
        let known = names(section).join(", ");
        assert!(
            warnings[0].contains("unknown key `colour`") && warnings[0].contains(&known),
            "{warnings:?}"
        );
    }
}

#[test]
fn names_are_unique_within_a_section_and_every_key_is_described() {
    for key in KEYS {
        let same = KEYS
            .iter()
            .filter(|k| k.section == key.section && k.name == key.name)
            .count();
        assert_eq!(same, 1, "{}", key.full_name());
        assert!(!key.meaning.is_empty() && !key.kind.is_empty() && !key.default.is_empty());
    }
}
