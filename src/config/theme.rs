//! Themes: flat TOML files of named styles, built in or in `<config dir>/themes/`, reduced to what the terminal shows.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::style::Style;
use toml::Spanned;

mod color;

pub use color::{ColorDepth, parse_color, parse_style, reduce_color};

/// Declares the theme's keys once, so the struct, the key list and the lookup by name cannot disagree.
macro_rules! theme_keys {
    ($($(#[$doc:meta])* $key:ident,)*) => {
        /// Every style the screen draws with. Each key is documented in `themes/default.toml` too.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct Theme {
            /// The theme actually in use (`default` when the one asked for was not found).
            pub name: String,
            $($(#[$doc])* pub $key: Style,)*
        }

        impl Theme {
            /// The keys a theme file may set.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($key)),*];

            /// A theme with every style plain, for the default theme to be read over.
            fn blank(name: &str) -> Theme {
                Theme { name: name.to_string(), $($key: Style::default(),)* }
            }

            fn slot(&mut self, key: &str) -> Option<&mut Style> {
                match key {
                    $(stringify!($key) => Some(&mut self.$key),)*
                    _ => None,
                }
            }

            fn styles_mut(&mut self) -> impl Iterator<Item = &mut Style> {
                [$(&mut self.$key),*].into_iter()
            }
        }
    };
}

theme_keys! {
    /// A person named in the reader.
    person,
    /// An organization named in the reader.
    organization,
    /// A place named in the reader.
    place,
    /// Other named things (events, works, products) in the reader.
    misc,
    /// A date in the reader.
    date,
    /// A search hit; drawn over entity styles.
    search_match,
    /// The match or entity the cursor is on (after `n`/`N` or `]`/`[`).
    current,
    /// An unread row in the list.
    unread,
    /// A read row in the list.
    read,
    /// The selected row in the list.
    selected,
    /// The star mark.
    starred,
    /// The reader's headline.
    headline,
    /// The reader's standfirst (the summary under the headline).
    standfirst,
    /// Source, author and date lines, and the list's source and date columns.
    meta,
    /// The reader's link list.
    link,
    /// Pane borders.
    border,
    /// The border of the pane that has focus.
    border_focused,
    /// The status bar.
    status,
    /// The mode tag in the status bar.
    status_mode,
    /// Error messages in the status bar.
    error,
    /// Dim help text and key hints.
    hint,
}

impl Default for Theme {
    /// The built-in `default` theme.
    fn default() -> Theme {
        builtin("default")
    }
}

/// The built-in themes, embedded so that the binary needs no files beside it.
const BUILTIN: &[(&str, &str)] = &[
    ("default", include_str!("../../themes/default.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// Built-in theme names.
pub fn builtin_names() -> &'static [&'static str] {
    &["default", "light", "high-contrast", "mono"]
}

fn builtin_text(name: &str) -> Option<&'static str> {
    BUILTIN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

/// A built-in theme at full colour. Missing keys take the default theme's value. Built-ins are checked by
/// the tests to load without warnings, so warnings are dropped here.
fn builtin(name: &str) -> Theme {
    let mut theme = Theme::blank("default");
    if let Some(text) = builtin_text("default") {
        apply(&mut theme, text, "<built-in>/default.toml");
    }
    if name != "default"
        && let Some(text) = builtin_text(name)
    {
        apply(&mut theme, text, &format!("<built-in>/{name}.toml"));
        theme.name = name.to_string();
    }
    theme
}

/// Loads theme `name`: a user file `<user_dir>/NAME.toml` wins over a built-in of that name. A user file is
/// read over the built-in of the same name when there is one, else over `default`, so missing or bad keys
/// keep those values. Never fails: an unknown name, a TOML syntax error, an unknown key or a bad value each
/// give one warning naming the file and line. Colours are then reduced to `depth`; at `Mono` the `mono`
/// theme is used whatever the name, because `NO_COLOR` asks for no colour from any theme.
pub fn load(name: &str, user_dir: Option<&Path>, depth: ColorDepth) -> (Theme, Vec<String>) {
    let name = if depth == ColorDepth::Mono {
        "mono"
    } else {
        name
    };
    let mut warnings = Vec::new();
    let mut theme = builtin(name);
    let user_file = user_dir
        .filter(|_| is_file_name(name))
        .map(|dir| dir.join(format!("{name}.toml")));
    let mut found = builtin_text(name).is_some();
    if let Some(path) = user_file {
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                warnings.extend(apply(&mut theme, &text, &path.display().to_string()));
                theme.name = name.to_string();
                found = true;
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => warnings.push(format!("theme {}: {e}", path.display())),
        }
    }
    if !found {
        let looked = user_dir.map(|dir| {
            format!(
                " and no file {}",
                dir.join(format!("{name}.toml")).display()
            )
        });
        warnings.push(format!(
            "unknown theme `{name}`: not built in ({}){}; using the default theme",
            builtin_names().join(", "),
            looked.unwrap_or_default()
        ));
    }
    theme.reduce(depth);
    (theme, warnings)
}

/// A name that stays inside the themes directory: no separators, no `..`, not hidden.
fn is_file_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
}

/// Sets the styles `text` names over `theme`. `label` names the file in warnings.
fn apply(theme: &mut Theme, text: &str, label: &str) -> Vec<String> {
    let table: BTreeMap<Spanned<String>, Spanned<toml::Value>> = match toml::from_str(text) {
        Ok(table) => table,
        Err(e) => {
            let line = e
                .span()
                .map(|span| format!(", line {}", line_of(text, span.start)));
            return vec![format!(
                "theme {label}{}: {}",
                line.unwrap_or_default(),
                e.message().trim_end()
            )];
        }
    };
    // The map is ordered by key; warnings read better in file order.
    let mut entries: Vec<_> = table.into_iter().collect();
    entries.sort_by_key(|(key, _)| key.span().start);
    let mut warnings = Vec::new();
    for (key, value) in entries {
        let line = line_of(text, key.span().start);
        let Some(slot) = theme.slot(key.get_ref()) else {
            warnings.push(format!(
                "theme {label}, line {line}: unknown key `{}`",
                key.get_ref()
            ));
            continue;
        };
        let parsed = match value.get_ref() {
            toml::Value::String(s) => parse_style(s),
            other => Err(format!("expected a string, found {}", other.type_str())),
        };
        match parsed {
            Ok(style) => *slot = style,
            Err(message) => warnings.push(format!(
                "theme {label}, line {line}: `{}`: {message}; using the default",
                key.get_ref()
            )),
        }
    }
    warnings
}

/// The 1-based line holding byte `offset` of `text`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).unwrap_or(text).matches('\n').count() + 1
}

impl Theme {
    /// Reduces every colour to what `depth` can show; at `Mono` colours are removed.
    fn reduce(&mut self, depth: ColorDepth) {
        for style in self.styles_mut() {
            style.fg = style.fg.and_then(|c| reduce_color(c, depth));
            style.bg = style.bg.and_then(|c| reduce_color(c, depth));
            style.underline_color = style.underline_color.and_then(|c| reduce_color(c, depth));
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Modifier};

    #[test]
    fn every_builtin_loads_without_warnings() {
        for name in builtin_names() {
            let (theme, warnings) = load(name, None, ColorDepth::TrueColor);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            assert_eq!(theme.name, *name);
        }
        assert_eq!(BUILTIN.len(), builtin_names().len());
        assert_eq!(
            Theme::default(),
            load("default", None, ColorDepth::TrueColor).0
        );
    }

    #[test]
    fn default_toml_documents_every_key() {
        let text = builtin_text("default").unwrap();
        for key in Theme::KEYS {
            let at = text.find(&format!("\n{key} = ")).unwrap();
            assert!(
                text[..at]
                    .trim_end()
                    .lines()
                    .last()
                    .unwrap()
                    .starts_with('#'),
                "{key}"
            );
        }
    }

    #[test]
    fn bad_lines_are_named_and_keep_the_default() {
        let dir = tempfile::tempdir().unwrap();
        let text = "person = \"red\"\nplace = \"purple\"\ncolour = \"red\"\ndate = 3\n";
        std::fs::write(dir.path().join("mine.toml"), text).unwrap();
        let (theme, warnings) = load("mine", Some(dir.path()), ColorDepth::TrueColor);
        let file = dir.path().join("mine.toml").display().to_string();
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        assert!(
            warnings[0].contains(&format!("{file}, line 2: `place`")),
            "{}",
            warnings[0]
        );
        assert!(
            warnings[1].contains(&format!("{file}, line 3: unknown key `colour`")),
            "{}",
            warnings[1]
        );
        assert!(warnings[2].contains("line 4: `date`"), "{}", warnings[2]);
        let default = Theme::default();
        assert_eq!((theme.place, theme.date), (default.place, default.date));
        assert_eq!(theme.person, Style::new().fg(Color::Red));
        assert_eq!(theme.name, "mine");
    }

    #[test]
    fn syntax_errors_and_unknown_names_fall_back() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("broken.toml"),
            "person = \"red\"\nplace = \n",
        )
        .unwrap();
        let (theme, warnings) = load("broken", Some(dir.path()), ColorDepth::TrueColor);
        assert_eq!(warnings.len(), 1);
        assert!(
            warnings[0].contains("broken.toml, line 2"),
            "{}",
            warnings[0]
        );
        assert_eq!(theme.person, Theme::default().person);
        let (theme, warnings) = load("nosuch", Some(dir.path()), ColorDepth::TrueColor);
        assert!(
            warnings[0].contains("unknown theme `nosuch`"),
            "{warnings:?}"
        );
        assert_eq!(theme, Theme::default());
        assert_eq!(
            load("../etc/x", Some(dir.path()), ColorDepth::TrueColor)
                .1
                .len(),
            1
        );
    }

    #[test]
    fn a_user_theme_overrides_a_builtin() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("light.toml"), "person = \"#ff0000 bold\"\n").unwrap();
        let (theme, warnings) = load("light", Some(dir.path()), ColorDepth::TrueColor);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            theme.person,
            Style::new()
                .fg(Color::Rgb(255, 0, 0))
                .add_modifier(Modifier::BOLD)
        );
        assert_eq!(
            theme.place,
            load("light", None, ColorDepth::TrueColor).0.place
        );
    }

    #[test]
    fn themes_are_reduced_to_the_depth() {
        let (theme, _) = load("light", None, ColorDepth::Ansi16);
        assert_eq!(theme.misc.fg, Some(Color::Yellow));
        let (theme, _) = load("light", None, ColorDepth::Ansi256);
        assert_eq!(theme.misc.fg, Some(Color::Indexed(94)));
    }

    #[test]
    fn mono_has_no_colour_and_tells_entities_apart() {
        let (theme, warnings) = load("light", None, ColorDepth::Mono);
        assert!(warnings.is_empty());
        assert_eq!(theme.name, "mono");
        let mut copy = theme.clone();
        assert!(copy.styles_mut().all(|s| s.fg.is_none() && s.bg.is_none()));
        let entities = [
            theme.person,
            theme.organization,
            theme.place,
            theme.misc,
            theme.date,
        ];
        for (i, a) in entities.iter().enumerate() {
            assert_ne!(*a, Style::default());
            assert!(entities[i + 1..].iter().all(|b| a != b), "{i}");
        }
    }
}
