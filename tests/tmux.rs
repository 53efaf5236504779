//! End to end in a real terminal: the real binary runs in a shell inside a private tmux server,
//! driven with `send-keys` and read back with `capture-pane`. Skipped when tmux is not installed.

mod common;
mod tmux_support;

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use dateline::config::theme::parse_style;
use ratatui::style::Color;
use tmux_support::{
    HEIGHT, Tmux, WIDTH, imported, shell_is_back, start_dateline, start_dateline_with,
    tmux_installed,
};

/// One visible character with the foreground its escape sequences gave it.
#[derive(Debug, Clone, Default)]
struct Styled {
    c: char,
    fg: Option<String>,
}

/// A line of `capture-pane -e` output read into characters with their foreground (SGR only).
fn styled_line(line: &str) -> Vec<Styled> {
    let mut out = Vec::new();
    let mut fg: Option<String> = None;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(Styled { c, fg: fg.clone() });
            continue;
        }
        if chars.next_if_eq(&'[').is_none() {
            continue;
        }
        let mut params = String::new();
        let mut end = ' ';
        for c in chars.by_ref() {
            if c.is_ascii_digit() || c == ';' || c == ':' {
                params.push(c);
            } else {
                end = c;
                break;
            }
        }
        if end != 'm' {
            continue;
        }
        let params: Vec<&str> = params.split([';', ':']).collect();
        let mut i = 0;
        while i < params.len() {
            let p = params[i];
            let n: u16 = p.parse().unwrap_or(0);
            let extended = |i: usize| match params.get(i + 1) {
                Some(&"5") => Some((params[i..(i + 3).min(params.len())].join(";"), 3)),
                Some(&"2") => Some((params[i..(i + 5).min(params.len())].join(";"), 5)),
                _ => None,
            };
            match n {
                0 | 39 => fg = None,
                30..=37 | 90..=97 => fg = Some(p.to_string()),
                // A background's colour is skipped over whole.
                38 | 48 => {
                    if let Some((code, used)) = extended(i) {
                        if n == 38 {
                            fg = Some(code);
                        }
                        i += used - 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// The foreground of `word` inside the first `context` on the styled screen at or right of
/// column `from`, checking that the whole word has it.
fn foreground_of(screen: &str, context: &str, word: &str, from: usize) -> Result<Option<String>> {
    let wanted: Vec<char> = context.chars().collect();
    let offset = context
        .find(word)
        .with_context(|| format!("{word:?} is not in {context:?}"))?;
    let offset = context[..offset].chars().count();
    for line in screen.lines() {
        let cells = styled_line(line);
        for start in from..cells.len() {
            let Some(found) = cells.get(start..start + wanted.len()) else {
                break;
            };
            if found.iter().map(|s| s.c).eq(wanted.iter().copied()) {
                let word = &found[offset..offset + word.chars().count()];
                let fg = word[0].fg.clone();
                ensure!(
                    word.iter().all(|s| s.fg == fg),
                    "{context:?} changes colour part way: {word:?}"
                );
                return Ok(fg);
            }
        }
    }
    bail!("{context:?} is not on the styled screen:\n{screen}")
}

/// The SGR foreground codes that can stand for a theme colour once tmux has it: a 256-colour index
/// (how crossterm writes the sixteen named colours), the classic 30-37/90-97 codes, or rgb.
fn foreground_codes(color: Color) -> Vec<String> {
    let index = match color {
        Color::Black => 0,
        Color::Red => 1,
        Color::Green => 2,
        Color::Yellow => 3,
        Color::Blue => 4,
        Color::Magenta => 5,
        Color::Cyan => 6,
        Color::Gray => 7,
        Color::DarkGray => 8,
        Color::LightRed => 9,
        Color::LightGreen => 10,
        Color::LightYellow => 11,
        Color::LightBlue => 12,
        Color::LightMagenta => 13,
        Color::LightCyan => 14,
        Color::White => 15,
        Color::Indexed(i) => i,
        Color::Rgb(r, g, b) => return vec![format!("38;2;{r};{g};{b}")],
        Color::Reset => return Vec::new(),
    };
    let mut codes = vec![format!("38;5;{index}")];
    match index {
        0..=7 => codes.push(format!("{}", 30 + index)),
        8..=15 => codes.push(format!("{}", 90 + index - 8)),
        _ => {}
    }
    codes
}

/// The foreground the default theme file gives `key`.
fn theme_foreground(key: &str) -> Result<Color> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default.toml");
    let table: toml::Table = toml::from_str(&std::fs::read_to_string(&path)?)?;
    let value = table
        .get(key)
        .and_then(|v| v.as_str())
        .with_context(|| format!("no {key} in {}", path.display()))?;
    parse_style(value)
        .map_err(anyhow::Error::msg)?
        .fg
        .with_context(|| format!("{key} has no colour"))
}

/// For each article the `harbour` search finds: its title, a sentence of its body, a person, a
/// place (in its body, with words around it) and a plain word (no entity).
type Hit = (
    &'static str,
    &'static str,
    &'static str,
    (&'static str, &'static str),
    &'static str,
);

const HARBOUR_HITS: [Hit; 3] = [
    (
        "Oslo harbour ferry trial ends early",
        "confused by ice on the",
        "Ingrid Berg",
        ("in Oslo", "Oslo"),
        "sensors",
    ),
    (
        "Rotterdam harbour pilots try an electric tug",
        "who has guided ships",
        "Jansen",
        ("in Rotterdam", "Rotterdam"),
        "guided",
    ),
    (
        "Lisbon opens a night tram line along the harbour",
        "Tickets cost the same",
        "Coelho",
        ("Lisbon will", "Lisbon"),
        "workers",
    ),
];

#[test]
fn search_open_read_and_quit() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    start_dateline(&tmux, &data)?;
    let list = tmux.capture()?;
    for title in ["Rotterdam harbour pilots", "Nairobi farmers share"] {
        ensure!(list.contains(title), "{title} not listed:\n{list}");
    }

    // Results arrive as the query is typed.
    tmux.type_text("/harbour")?;
    let results = tmux.wait_for_text("3 matches")?;
    ensure!(results.contains(" SEARCH "), "{results}");
    for (title, ..) in HARBOUR_HITS {
        let start: String = title.chars().take(30).collect();
        ensure!(
            results.contains(&start),
            "{title} not among the results:\n{results}"
        );
    }
    ensure!(!results.contains("Nairobi farmers"), "{results}");

    // Enter keeps the results, Enter opens the first one.
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" LIST ")?;
    tmux.keys(&["Enter"])?;
    let reading = tmux.wait_for_text(" READ ")?;
    let reader_row = reading.lines().next().unwrap_or("");
    let &(title, sentence, person, place, plain) = HARBOUR_HITS
        .iter()
        .find(|hit| reader_row.contains(hit.0))
        .with_context(|| format!("no result's headline at the top of the reader:\n{reading}"))?;
    ensure!(
        reading.contains(sentence),
        "{title}: body not shown:\n{reading}"
    );

    // Names are coloured as the theme says; plain words are not coloured at all.
    let styled = tmux.capture_styled()?;
    let reader_x = 48;
    let person_fg = foreground_of(&styled, person, person, reader_x)?;
    let person_codes = foreground_codes(theme_foreground("person")?);
    ensure!(
        person_fg
            .as_ref()
            .is_some_and(|fg| person_codes.contains(fg)),
        "{person} is drawn in {person_fg:?}, the theme's person colour is one of {person_codes:?}"
    );
    let (place_context, place) = place;
    let place_fg = foreground_of(&styled, place_context, place, reader_x)?;
    let place_codes = foreground_codes(theme_foreground("place")?);
    ensure!(
        place_fg.as_ref().is_some_and(|fg| place_codes.contains(fg)),
        "{place} is drawn in {place_fg:?}, the theme's place colour is one of {place_codes:?}"
    );
    let plain_fg = foreground_of(&styled, plain, plain, reader_x)?;
    ensure!(
        plain_fg.is_none(),
        "{plain} should be plain text, is {plain_fg:?}"
    );
    ensure!(person_codes != place_codes, "people and places look alike");

    // q closes the reader, q clears the search, q quits.
    tmux.keys(&["q"])?;
    tmux.wait_for("the results", |s| {
        s.contains(" LIST ") && s.contains("3 matches")
    })?;
    tmux.keys(&["q"])?;
    tmux.wait_for_text(" Articles 6")?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}

#[test]
fn too_small_then_big_again_then_quit() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    start_dateline(&tmux, &data)?;
    tmux.resize(30, 10)?;
    let small = tmux.wait_for_text("needs at least 40x12")?;
    ensure!(small.contains("30x10"), "{small}");
    ensure!(!small.contains("Rotterdam"), "the list is hidden:\n{small}");
    tmux.resize(WIDTH, HEIGHT)?;
    let big = tmux.wait_for("the list again", |s| {
        s.contains(" Articles 6") && s.contains("Rotterdam harbour pilots")
    })?;
    ensure!(!big.contains("needs at least"), "{big}");
    // Quitting while too small leaves the terminal as it was.
    tmux.resize(30, 10)?;
    tmux.wait_for_text("needs at least 40x12")?;
    tmux.keys(&["q"])?;
    tmux.wait_for("the shell", |s| !s.contains("needs at least"))?;
    tmux.resize(WIDTH, HEIGHT)?;
    shell_is_back(&tmux, 0)
}

/// Every SGR parameter list on a styled screen (what is between `ESC [` and `m`).
fn sgr_lists(screen: &str) -> Vec<String> {
    screen
        .split("\x1b[")
        .skip(1)
        .filter_map(|rest| {
            let end = rest.find(|c: char| !(c.is_ascii_digit() || c == ';' || c == ':'))?;
            (rest[end..].starts_with('m')).then(|| rest[..end].to_string())
        })
        .collect()
}

#[test]
fn a_sixteen_colour_terminal_gets_sixteen_colour_codes() -> Result<()> {
    if !tmux_installed() {
        return Ok(());
    }
    let tmux = Tmux::start()?;
    let data = imported(&tmux)?;
    start_dateline_with(&tmux, &data, &[("TERM", "xterm"), ("COLORTERM", "")])?;
    tmux.keys(&["Enter"])?;
    tmux.wait_for_text(" READ ")?;
    let lists = sgr_lists(&tmux.capture_styled()?);
    let indexed: Vec<&String> = lists
        .iter()
        .filter(|l| l.contains("38;5;") || l.contains("48;5;"))
        .collect();
    ensure!(indexed.is_empty(), "indexed colours sent: {indexed:?}");
    let classic = lists.iter().any(|list| {
        list.split(';')
            .filter_map(|p| p.parse::<u16>().ok())
            .any(|n| (30..=37).contains(&n) || (90..=97).contains(&n))
    });
    ensure!(classic, "no 16-colour foreground at all: {lists:?}");
    tmux.keys(&["q"])?;
    tmux.keys(&["q"])?;
    shell_is_back(&tmux, 0)
}
