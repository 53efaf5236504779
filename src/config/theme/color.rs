//! Colours in themes: the value grammar, how many colours the terminal shows, and reducing colours to fit.

use ratatui::style::{Color, Modifier, Style};

/// How many colours the terminal can show; theme colours are reduced to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    TrueColor,
    Ansi256,
    Ansi16,
    /// No colour at all (`NO_COLOR`, dumb terminals): styles keep only their modifiers.
    Mono,
}

impl ColorDepth {
    /// From the process environment.
    pub fn detect() -> ColorDepth {
        ColorDepth::from_env(|name| std::env::var(name).ok())
    }

    /// The depth that the variables `get` returns describe. `NO_COLOR` (when not empty) and `TERM=dumb` mean
    /// mono; `COLORTERM=truecolor|24bit` means true colour; any other `COLORTERM`, or a `TERM` naming 256
    /// colours, means 256; anything else gets the 16 colours every terminal has.
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> ColorDepth {
        let set = |name: &str| get(name).filter(|v| !v.is_empty());
        let term = set("TERM").unwrap_or_default();
        if set("NO_COLOR").is_some() || term == "dumb" {
            return ColorDepth::Mono;
        }
        match set("COLORTERM").as_deref() {
            Some("truecolor" | "24bit") => ColorDepth::TrueColor,
            Some(_) => ColorDepth::Ansi256,
            None if term.contains("256color") => ColorDepth::Ansi256,
            None => ColorDepth::Ansi16,
        }
    }
}

/// Parses a style: colours, modifiers and `on <colour>`, e.g. `black on yellow bold`. The first colour is
/// the foreground. An empty string is a plain style.
pub fn parse_style(value: &str) -> Result<Style, String> {
    let mut style = Style::default();
    let mut words = value.split_whitespace();
    while let Some(word) = words.next() {
        if word.eq_ignore_ascii_case("on") {
            let background = words.next().ok_or("`on` needs a colour after it")?;
            if style.bg.is_some() {
                return Err(format!("a second background `on {background}`"));
            }
            style.bg = Some(
                parse_color(background).ok_or_else(|| format!("`{background}` is not a colour"))?,
            );
        } else if let Some(modifier) = parse_modifier(word) {
            style.add_modifier |= modifier;
        } else if let Some(color) = parse_color(word) {
            if style.fg.is_some() {
                return Err(format!(
                    "a second colour `{word}`; write `on {word}` for the background"
                ));
            }
            style.fg = Some(color);
        } else {
            return Err(format!(
                "`{word}` is not a colour (a name, #rrggbb or 0-255), a modifier or `on <colour>`"
            ));
        }
    }
    Ok(style)
}

fn parse_modifier(word: &str) -> Option<Modifier> {
    Some(match word.to_ascii_lowercase().as_str() {
        "bold" => Modifier::BOLD,
        "italic" => Modifier::ITALIC,
        "underline" => Modifier::UNDERLINED,
        "dim" => Modifier::DIM,
        "reversed" => Modifier::REVERSED,
        "crossed_out" => Modifier::CROSSED_OUT,
        _ => return None,
    })
}

/// The 16 named colours in ANSI index order, so `Indexed(i)` for `i < 16` is `ANSI16[i]`.
const ANSI16: [(&str, Color); 16] = [
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("dark_gray", Color::DarkGray),
    ("light_red", Color::LightRed),
    ("light_green", Color::LightGreen),
    ("light_yellow", Color::LightYellow),
    ("light_blue", Color::LightBlue),
    ("light_magenta", Color::LightMagenta),
    ("light_cyan", Color::LightCyan),
    ("white", Color::White),
];

/// A colour name (`-` accepted for `_`, `grey` for `gray`), `#rrggbb`, or an index 0-255.
pub fn parse_color(word: &str) -> Option<Color> {
    let word = word
        .to_ascii_lowercase()
        .replace('-', "_")
        .replace("grey", "gray");
    if word == "reset" {
        return Some(Color::Reset);
    }
    if let Some((_, color)) = ANSI16.iter().find(|(name, _)| *name == word) {
        return Some(*color);
    }
    if let Some(hex) = word.strip_prefix('#') {
        let channel = |i: usize| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        };
        return match (hex.len(), channel(0), channel(2), channel(4)) {
            (6, Some(r), Some(g), Some(b)) => Some(Color::Rgb(r, g, b)),
            _ => None,
        };
    }
    word.parse::<u8>().ok().map(Color::Indexed)
}

/// `color` as `depth` can show it; `None` when it cannot show colour at all.
pub fn reduce_color(color: Color, depth: ColorDepth) -> Option<Color> {
    Some(match (depth, color) {
        (ColorDepth::Mono, _) => return None,
        (ColorDepth::Ansi256, Color::Rgb(r, g, b)) => Color::Indexed(nearest_256(r, g, b)),
        (ColorDepth::Ansi16, Color::Rgb(r, g, b)) => nearest_16(r, g, b),
        (ColorDepth::Ansi16, Color::Indexed(i)) => match ANSI16.get(usize::from(i)) {
            Some((_, named)) => *named,
            None => {
                let (r, g, b) = index_rgb(i);
                nearest_16(r, g, b)
            }
        },
        (_, other) => other,
    })
}

/// The channel levels of xterm's 6×6×6 colour cube (indexes 16-231).
const CUBE: [u8; 6] = [0, 95, 135, 175, 215, 255];

/// The rgb xterm gives an index of 16 or more: the colour cube, then the 24-step gray ramp from 232.
fn index_rgb(i: u8) -> (u8, u8, u8) {
    if i >= 232 {
        let level = 8 + 10 * (i - 232);
        return (level, level, level);
    }
    let i = usize::from(i.saturating_sub(16));
    (CUBE[i / 36 % 6], CUBE[i / 6 % 6], CUBE[i % 6])
}

/// The nearest xterm index in 16-255. Indexes 0-15 are left out because terminals redefine them.
fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    let step = |v: u8| {
        (0..6u8)
            .min_by_key(|&k| CUBE[usize::from(k)].abs_diff(v))
            .unwrap_or(0)
    };
    let cube = 16 + 36 * step(r) + 6 * step(g) + step(b);
    let mean = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    // Gray ramp levels are 8, 18, ... 238; round to the nearest step.
    let gray = 232 + u8::try_from((mean.saturating_sub(3) / 10).min(23)).unwrap_or(23);
    let distance = |i: u8| {
        let (x, y, z) = index_rgb(i);
        let d = |a: u8, b: u8| u32::from(a.abs_diff(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    if distance(gray) < distance(cube) {
        gray
    } else {
        cube
    }
}

/// The nearest of the 16 named colours, by hue rather than by rgb distance: palettes differ between
/// terminals, but red stays reddish, and plain distance would turn pale colours gray.
fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let lightness = (u16::from(max) + u16::from(min)) / 2;
    if max - min < 32 {
        // Thresholds halfway between xterm's black 0, dark gray 127, gray 229 and white 255.
        return match lightness {
            0..64 => Color::Black,
            64..178 => Color::DarkGray,
            178..242 => Color::Gray,
            _ => Color::White,
        };
    }
    let (rf, gf, bf, chroma) = (
        f32::from(r),
        f32::from(g),
        f32::from(b),
        f32::from(max - min),
    );
    let hue = if max == r {
        60.0 * ((gf - bf) / chroma).rem_euclid(6.0)
    } else if max == g {
        60.0 * ((bf - rf) / chroma + 2.0)
    } else {
        60.0 * ((rf - gf) / chroma + 4.0)
    };
    // The bright variants are the light ones in every common palette; a saturated full channel counts too,
    // so `#ff0000` is light red, as xterm shows it.
    let light = max >= 240 || lightness >= 150;
    // Sectors of 60° centred on red, yellow, green, cyan, blue and magenta.
    let sector = ((hue + 30.0) / 60.0) as usize % 6;
    let (dark, bright) = [
        (Color::Red, Color::LightRed),
        (Color::Yellow, Color::LightYellow),
        (Color::Green, Color::LightGreen),
        (Color::Cyan, Color::LightCyan),
        (Color::Blue, Color::LightBlue),
        (Color::Magenta, Color::LightMagenta),
    ][sector];
    if light { bright } else { dark }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn values_parse() {
        let style = parse_style("black on yellow bold").unwrap();
        assert_eq!(
            style,
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        );
        let style = parse_style("#7dcfff  Underline").unwrap();
        assert_eq!(
            style,
            Style::new()
                .fg(Color::Rgb(0x7d, 0xcf, 0xff))
                .add_modifier(Modifier::UNDERLINED)
        );
        assert_eq!(
            parse_style("208 on dark-grey").unwrap(),
            Style::new().fg(Color::Indexed(208)).bg(Color::DarkGray)
        );
        assert_eq!(
            parse_style("on reset").unwrap(),
            Style::new().bg(Color::Reset)
        );
        assert_eq!(parse_style("").unwrap(), Style::default());
        for bad in [
            "purple",
            "#12345",
            "#gg0000",
            "256",
            "red blue",
            "on",
            "on nothing",
            "on red on blue",
        ] {
            assert!(parse_style(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn colours_are_reduced_to_the_depth() {
        use ColorDepth::{Ansi16, Ansi256, Mono, TrueColor};
        let cases = [
            (Color::Rgb(255, 0, 0), Ansi256, Some(Color::Indexed(196))),
            (
                Color::Rgb(0x7d, 0xcf, 0xff),
                Ansi256,
                Some(Color::Indexed(117)),
            ),
            (
                Color::Rgb(128, 128, 128),
                Ansi256,
                Some(Color::Indexed(244)),
            ),
            (Color::Rgb(255, 0, 0), Ansi16, Some(Color::LightRed)),
            (Color::Rgb(0x7d, 0xcf, 0xff), Ansi16, Some(Color::LightCyan)),
            (Color::Rgb(0x87, 0x5f, 0), Ansi16, Some(Color::Yellow)),
            (Color::Rgb(0x1a, 0x1b, 0x26), Ansi16, Some(Color::Black)),
            (Color::Indexed(244), Ansi16, Some(Color::DarkGray)),
            (Color::Indexed(9), Ansi16, Some(Color::LightRed)),
            (Color::Indexed(9), Ansi256, Some(Color::Indexed(9))),
            (Color::Rgb(1, 2, 3), TrueColor, Some(Color::Rgb(1, 2, 3))),
            (Color::Cyan, Ansi16, Some(Color::Cyan)),
            (Color::Cyan, Mono, None),
        ];
        for (color, depth, want) in cases {
            assert_eq!(reduce_color(color, depth), want, "{color:?} at {depth:?}");
        }
    }

    #[test]
    fn depth_comes_from_the_environment() {
        let depth = |vars: &[(&str, &str)]| {
            ColorDepth::from_env(|k| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| v.to_string())
            })
        };
        assert_eq!(
            depth(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")]),
            ColorDepth::Mono
        );
        assert_eq!(
            depth(&[("NO_COLOR", ""), ("COLORTERM", "24bit")]),
            ColorDepth::TrueColor
        );
        assert_eq!(depth(&[("TERM", "dumb")]), ColorDepth::Mono);
        assert_eq!(depth(&[("TERM", "xterm-256color")]), ColorDepth::Ansi256);
        assert_eq!(
            depth(&[("TERM", "xterm"), ("COLORTERM", "yes")]),
            ColorDepth::Ansi256
        );
        assert_eq!(depth(&[("TERM", "xterm")]), ColorDepth::Ansi16);
        assert_eq!(depth(&[]), ColorDepth::Ansi16);
    }
}
