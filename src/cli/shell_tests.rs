//! Which typed word is a name, read from the command's own definition.

use super::*;

fn context(line: &str) -> Option<NameContext> {
    // The last word is the one being completed; a line ending in a space completes an empty one.
    let mut words: Vec<String> = line.split(' ').map(str::to_string).collect();
    if words.len() == 1 {
        words.push(String::new());
    }
    name_context(&words)
}

fn kind(line: &str) -> Option<NameKind> {
    context(line).map(|c| c.kind)
}

#[test]
fn every_slot_names_a_real_command_and_argument() {
    let mut root = Cli::command();
    root.build();
    for (path, at, _) in NAME_SLOTS {
        let mut command = &root;
        for name in *path {
            command = command
                .find_subcommand(name)
                .unwrap_or_else(|| panic!("no command {path:?}"));
        }
        match at {
            At::Option(long) => assert!(takes_value(command, long), "{path:?} --{long}"),
            At::Positional(n) => assert!(
                command.get_positionals().nth(*n).is_some(),
                "{path:?} has no value {n}"
            ),
        }
    }
}

#[test]
fn names_are_asked_for_where_a_command_takes_one() {
    assert_eq!(kind("dateline feed remove "), Some(NameKind::Feeds));
    assert_eq!(kind("dateline feed rename Coa"), Some(NameKind::Feeds));
    assert_eq!(kind("dateline feed tags "), Some(NameKind::Feeds));
    assert_eq!(
        kind("dateline saved remove "),
        Some(NameKind::SavedSearches)
    );
    assert_eq!(kind("dateline refresh --feed "), Some(NameKind::Feeds));
    assert_eq!(
        kind("dateline refresh --parallel 4 --feed x --feed "),
        Some(NameKind::Feeds)
    );
    assert_eq!(kind("dateline refresh --feed=Co"), Some(NameKind::Feeds));
    assert_eq!(
        context("dateline refresh --feed=Co").map(|c| c.prefix),
        Some("Co".to_string())
    );
    assert_eq!(
        kind("dateline --data-dir /tmp/d feed remove "),
        Some(NameKind::Feeds)
    );
}

#[test]
fn other_words_are_not_names() {
    for line in [
        "dateline ",
        "dateline feed ",
        "dateline feed add ",
        "dateline feed rename Coastal ",
        "dateline feed tags Coastal ",
        "dateline saved add ",
        "dateline refresh ",
        "dateline refresh --parallel ",
        "dateline search ",
        "dateline --data-dir ",
    ] {
        assert_eq!(kind(line), None, "{line:?}");
    }
}

#[test]
fn the_typed_data_dir_and_config_are_kept_and_the_prefix_unquoted() {
    let words: Vec<String> = [
        "dateline",
        "--data-dir",
        "/tmp/d",
        "--config=/tmp/c.toml",
        "feed",
        "remove",
        "Coastal\\ W",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let found = name_context(&words).unwrap();
    assert_eq!(found.data_dir, Some(PathBuf::from("/tmp/d")));
    assert_eq!(found.config, Some(PathBuf::from("/tmp/c.toml")));
    assert_eq!(found.prefix, "Coastal W");
    // bash splits `--data-dir=DIR` at the `=`.
    let words: Vec<String> = [
        "dateline",
        "--data-dir",
        "=",
        "/x",
        "saved",
        "remove",
        "'Har",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let found = name_context(&words).unwrap();
    assert_eq!(found.data_dir, Some(PathBuf::from("/x")));
    assert_eq!(found.prefix, "Har");
}

#[test]
fn names_fitting_a_prefix_ignore_case() {
    let names: Vec<String> = ["Coastal Wire", "coast guard", "Harbour", "bad\nname"]
        .into_iter()
        .map(String::from)
        .collect();
    let fit: Vec<&String> = fitting(&names, "coast").collect();
    assert_eq!(fit, [&names[0], &names[1]]);
    assert_eq!(fitting(&names, "").count(), 3);
}
