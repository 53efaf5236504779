//! Tests for the keymap: the defaults, layering a user's tables, and resolving key presses.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyEventState, KeyModifiers};

fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
    KeyEvent {
        code,
        modifiers,
        kind: KeyEventKind::Press,
        state: KeyEventState::NONE,
    }
}

fn ch(c: char) -> KeyEvent {
    press(KeyCode::Char(c), KeyModifiers::NONE)
}

fn user(text: &str) -> (Keymap, Vec<String>) {
    Keymap::load(Some((Path::new("/home/u/config.toml"), text)))
}

fn feed_all(keymap: &Keymap, mode: Mode, events: &[KeyEvent]) -> Vec<Resolved> {
    let mut input = KeyInput::default();
    events
        .iter()
        .flat_map(|event| input.feed(keymap, mode, event))
        .collect()
}

fn keys_of(keymap: &Keymap, mode: Mode, action: Action) -> Vec<String> {
    keymap
        .bindings(mode)
        .into_iter()
        .find(|(a, _)| *a == action)
        .map(|(_, keys)| keys)
        .unwrap_or_default()
}

#[test]
fn defaults_parse_without_warnings() {
    let mut keymap = Keymap {
        tables: Default::default(),
    };
    let warnings = keymap.layer(Path::new("keymap.toml"), DEFAULTS);
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert!(keymap.tables.iter().all(|table| !table.is_empty()));
}

#[test]
fn every_mode_can_be_left_and_asked_for_help() {
    let keymap = Keymap::defaults();
    for mode in Mode::ALL {
        let out = if mode == Mode::Search {
            Action::CancelSearch
        } else {
            Action::Back
        };
        assert!(
            keymap.key_for(mode, out).is_some(),
            "{mode:?} has no way out"
        );
        assert_eq!(
            keymap.key_for(mode, Action::Quit).as_deref(),
            Some("ctrl-c")
        );
        // In search `?` is typed into the query, so help is only reachable outside it.
        let help = keymap.key_for(mode, Action::Help);
        if mode == Mode::Search {
            assert_eq!(help, None);
        } else {
            assert_eq!(help.as_deref(), Some("?"), "{mode:?}");
        }
    }
}

#[test]
fn help_lists_every_key_of_an_action_and_global_ones() {
    let keymap = Keymap::defaults();
    assert_eq!(keys_of(&keymap, Mode::List, Action::Down), ["j", "down"]);
    assert_eq!(keys_of(&keymap, Mode::List, Action::Help), ["?"]);
    assert_eq!(keys_of(&keymap, Mode::List, Action::Back), ["q"]);
    // Esc leaves a search in the list; it never quits.
    assert_eq!(keys_of(&keymap, Mode::List, Action::CancelSearch), ["esc"]);
    assert_eq!(keys_of(&keymap, Mode::Help, Action::Help), ["?"]);
    let list = keymap.bindings(Mode::List);
    assert!(list.iter().all(|(action, _)| *action != Action::None));
    let order: Vec<Action> = list.iter().map(|(action, _)| *action).collect();
    let mut sorted = order.clone();
    sorted.sort_by_key(|action| Action::ALL.iter().position(|a| a == action));
    assert_eq!(order, sorted, "help follows Action::ALL");
    // `q` is typed in search, so global `back` is not offered there.
    assert!(keys_of(&keymap, Mode::Search, Action::Back).is_empty());
}

#[test]
fn a_user_binding_replaces_adds_and_unbinds() {
    let (keymap, warnings) = user(
        "data_dir = \"/x\"\n[keys.list]\nx = \"toggle_read\"\nj = \"none\"\nG = \"first\"\n\"ctrl-d\" = \"half_page_down\"\n",
    );
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(keys_of(&keymap, Mode::List, Action::ToggleRead), ["m", "x"]);
    assert_eq!(keys_of(&keymap, Mode::List, Action::Down), ["down"]);
    assert_eq!(
        keys_of(&keymap, Mode::List, Action::First),
        ["g", "home", "G"]
    );
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('j')]),
        [Resolved::Unbound]
    );
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('x')]),
        [Resolved::Action(Action::ToggleRead)]
    );
    // The reader table is untouched.
    assert_eq!(
        feed_all(&keymap, Mode::Reader, &[ch('j')]),
        [Resolved::Action(Action::Down)]
    );
}

#[test]
fn unbinding_in_a_mode_hides_the_global_key_there() {
    let (keymap, warnings) = user("[keys.list]\nq = \"none\"\n");
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('q')]),
        [Resolved::Unbound]
    );
    assert!(keys_of(&keymap, Mode::List, Action::Back).is_empty());
    assert_eq!(
        feed_all(&keymap, Mode::Reader, &[ch('q')]),
        [Resolved::Action(Action::Back)]
    );
}

#[test]
fn mistakes_are_warned_about_with_their_line() {
    let text = "data_dir = \"/x\"\n\n[keys.list]\nx = \"toggle_raed\"\n\"ctrl-\" = \"down\"\n\"ctrl-dd\" = \"down\"\nz = 3\n\n[keys.lsit]\nj = \"down\"\n[keys.reader]\nG = \"last\"\n\"shift-g\" = \"first\"\n";
    let (keymap, warnings) = user(text);
    let expected = [
        "config /home/u/config.toml, line 4: unknown action `toggle_raed` for key `x` in [keys.list]",
        "config /home/u/config.toml, line 5: cannot read key `ctrl-` in [keys.list]",
        "config /home/u/config.toml, line 6: cannot read key `ctrl-dd` in [keys.list]",
        "config /home/u/config.toml, line 7: the action for key `z` in [keys.list]",
        "config /home/u/config.toml, line 9: unknown key table [keys.lsit]",
        "config /home/u/config.toml, line 13: key `shift-g` in [keys.reader] is the same key as `G` on line 12",
    ];
    assert_eq!(warnings.len(), expected.len(), "{warnings:#?}");
    for (warning, start) in warnings.iter().zip(expected) {
        assert!(
            warning.starts_with(start),
            "{warning}\nshould start {start}"
        );
    }
    // The good lines still count, and the bad ones leave the defaults alone.
    assert_eq!(
        keys_of(&keymap, Mode::Reader, Action::First),
        ["g", "home", "G"]
    );
    assert_eq!(keys_of(&keymap, Mode::List, Action::ToggleRead), ["m"]);
}

#[test]
fn unreadable_toml_is_one_warning_and_the_defaults() {
    let (keymap, warnings) = user("[keys.list]\nx = \n");
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(warnings[0].contains("line 2"), "{}", warnings[0]);
    assert_eq!(keys_of(&keymap, Mode::List, Action::Down), ["j", "down"]);
    let (_, warnings) = Keymap::load(None);
    assert!(warnings.is_empty());
}

#[test]
fn a_sequence_fires_on_its_last_key() {
    let (keymap, _) = user("[keys.list]\ng = \"none\"\ngg = \"first\"\n");
    let mut input = KeyInput::default();
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('g')),
        [Resolved::Pending]
    );
    assert_eq!(input.pending().as_deref(), Some("g"));
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('g')),
        [Resolved::Action(Action::First)]
    );
    assert_eq!(input.pending(), None);
    // A key that cannot continue drops the pending ones and counts alone.
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('g'), ch('j')]),
        [Resolved::Pending, Resolved::Action(Action::Down)]
    );
}

#[test]
fn a_shorter_binding_fires_when_the_longer_one_is_not_finished() {
    let (keymap, _) = user("[keys.list]\ng = \"first\"\ngg = \"last\"\n");
    let mut input = KeyInput::default();
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('g')),
        [Resolved::Pending]
    );
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('j')),
        [
            Resolved::Action(Action::First),
            Resolved::Action(Action::Down)
        ]
    );
    assert_eq!(input.pending(), None);
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('g'), ch('g')]),
        [Resolved::Pending, Resolved::Action(Action::Last)]
    );
    // The new key may itself start a sequence.
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('g'), ch('z'), ch('g')]),
        [
            Resolved::Pending,
            Resolved::Action(Action::First),
            Resolved::Unbound,
            Resolved::Pending
        ]
    );
    let (keymap, _) = user("[keys.list]\n\"g space\" = \"last\"\n");
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('g'), ch(' ')]),
        [Resolved::Pending, Resolved::Action(Action::Last)]
    );
}

#[test]
fn esc_cancels_a_pending_sequence_and_does_nothing_else() {
    let (keymap, _) = user("[keys.list]\nmm = \"toggle_star\"\n");
    let esc = press(KeyCode::Esc, KeyModifiers::NONE);
    let mut input = KeyInput::default();
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('m')),
        [Resolved::Pending]
    );
    // Not `m`'s own toggle_read, nor Esc's cancel_search.
    assert_eq!(input.feed(&keymap, Mode::List, &esc), []);
    assert_eq!(input.pending(), None);
    assert_eq!(
        input.feed(&keymap, Mode::List, &ch('j')),
        [Resolved::Action(Action::Down)]
    );
    // With nothing pending, Esc is its binding.
    assert_eq!(
        input.feed(&keymap, Mode::List, &esc),
        [Resolved::Action(Action::CancelSearch)]
    );
}

#[test]
fn search_types_plain_characters_even_global_ones() {
    let keymap = Keymap::defaults();
    let typed = feed_all(
        &keymap,
        Mode::Search,
        &[
            ch('q'),
            ch('?'),
            ch('/'),
            ch(' '),
            press(KeyCode::Char('Q'), KeyModifiers::SHIFT),
        ],
    );
    assert_eq!(
        typed,
        ['q', '?', '/', ' ', 'Q'].map(Resolved::Type).to_vec()
    );
    let ctrl = |c| press(KeyCode::Char(c), KeyModifiers::CONTROL);
    assert_eq!(
        feed_all(&keymap, Mode::Search, &[ctrl('c'), ctrl('w'), ctrl('x')]),
        [
            Resolved::Action(Action::Quit),
            Resolved::Action(Action::DeleteWord),
            Resolved::Unbound
        ]
    );
    assert_eq!(
        feed_all(
            &keymap,
            Mode::Search,
            &[press(KeyCode::Enter, KeyModifiers::NONE)]
        ),
        [Resolved::Action(Action::SubmitSearch)]
    );
    // Outside search the same keys are bindings or nothing.
    assert_eq!(
        feed_all(&keymap, Mode::List, &[ch('q'), ch('z')]),
        [Resolved::Action(Action::Back), Resolved::Unbound]
    );
}

#[test]
fn an_unfinished_search_sequence_is_typed() {
    let (keymap, _) = user("[keys.search]\njk = \"cancel_search\"\n");
    assert_eq!(
        feed_all(&keymap, Mode::Search, &[ch('j'), ch('a')]),
        [Resolved::Pending, Resolved::Type('j'), Resolved::Type('a')]
    );
    assert_eq!(
        feed_all(&keymap, Mode::Search, &[ch('j'), ch('k')]),
        [Resolved::Pending, Resolved::Action(Action::CancelSearch)]
    );
}

#[test]
fn shifted_letters_match_their_binding() {
    let keymap = Keymap::defaults();
    for modifiers in [KeyModifiers::SHIFT, KeyModifiers::NONE] {
        assert_eq!(
            feed_all(&keymap, Mode::List, &[press(KeyCode::Char('G'), modifiers)]),
            [Resolved::Action(Action::Last)]
        );
        assert_eq!(
            feed_all(
                &keymap,
                Mode::Reader,
                &[press(KeyCode::Char('J'), modifiers)]
            ),
            [Resolved::Action(Action::NextArticle)]
        );
    }
    assert_eq!(
        feed_all(
            &keymap,
            Mode::List,
            &[press(KeyCode::BackTab, KeyModifiers::SHIFT)]
        ),
        [Resolved::Action(Action::SwitchPane)]
    );
}

#[test]
fn releases_are_ignored_and_repeats_count() {
    let keymap = Keymap::defaults();
    let mut release = ch('j');
    release.kind = KeyEventKind::Release;
    let mut repeat = ch('j');
    repeat.kind = KeyEventKind::Repeat;
    assert_eq!(
        feed_all(&keymap, Mode::List, &[release, repeat]),
        [Resolved::Action(Action::Down)]
    );
}
