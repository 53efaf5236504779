//! Making outside text safe to print: escape sequences, control and zero-width characters out,
//! whitespace tidied, NFC.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::aligned;
use crate::article::ArticleDraft;

const ESC: char = '\u{1b}';
const BEL: char = '\u{7}';
/// The 8-bit String Terminator.
const C1_ST: char = '\u{9c}';

/// Removes terminal escape sequences (CSI, OSC, DCS/SOS/PM/APC strings, two-character escapes and their
/// 8-bit C1 forms) and every control character except tab and newline. CR and CRLF become newline.
/// Bidi embedding, override and isolate characters go too, since they can make text display
/// in an order other than the one it is stored in, and so do zero-width characters (see
/// [`is_zero_width_at`]), which terminals draw in different widths and so shift the columns after them.
pub fn strip_controls(input: &str) -> String {
    // Most text is printable ASCII, where there is nothing to strip.
    if input
        .bytes()
        .all(|b| matches!(b, b' '..=b'~' | b'\t' | b'\n'))
    {
        return input.to_string();
    }
    let chars: Vec<char> = input.chars().collect();
    let mut out = String::with_capacity(input.len());
    // From where a string sequence was found to have no terminator: none will be found later
    // either, so many unterminated introducers cost one scan, not one each.
    let mut unterminated_from = chars.len();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ESC => i = skip_escape(&chars, i + 1, &mut unterminated_from),
            '\u{9b}' => i = skip_csi(&chars, i + 1),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => {
                i = skip_string(&chars, i + 1, &mut unterminated_from)
            }
            '\r' => {
                out.push('\n');
                i += if chars.get(i + 1) == Some(&'\n') {
                    2
                } else {
                    1
                };
            }
            '\u{2028}' | '\u{2029}' => {
                out.push('\n');
                i += 1;
            }
            _ => {
                if !is_dropped_char(c) && !is_zero_width_at(&chars, i) {
                    out.push(c);
                }
                i += 1;
            }
        }
    }
    out
}

/// True for characters that never reach the text, wherever they stand: controls other than
/// tab and newline, DEL, C1, bidi controls, and format characters that draw nothing yet take a
/// cell in some terminals and none in others (so the columns after them shift), or carry text
/// no one sees (the TAG characters, used to smuggle instructions into copied text).
pub fn is_dropped_char(c: char) -> bool {
    match c {
        '\t' | '\n' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => true,
        '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{61c}' => true,
        // Soft hyphen, combining grapheme joiner, the Hangul fillers that stand alone (names
        // that look empty), Khmer inherent vowels, deprecated format characters, interlinear
        // annotation and the object replacement character, shorthand and musical format
        // controls, tags outside the range a flag uses.
        '\u{ad}' | '\u{34f}' | '\u{3164}' | '\u{ffa0}' => true,
        '\u{17b4}' | '\u{17b5}' | '\u{206a}'..='\u{206f}' => true,
        '\u{fff9}'..='\u{fffc}' | '\u{1bca0}'..='\u{1bca3}' | '\u{1d173}'..='\u{1d17a}' => true,
        '\u{e0000}'..='\u{e001f}' => true,
        _ => false,
    }
}

/// True for the characters [`strip_controls`] may drop, judged without their neighbours (every
/// zero-width character, joiners and variation selectors included): what JSON output escapes.
pub fn is_invisible_char(c: char) -> bool {
    is_dropped_char(c)
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}' | '\u{2060}'..='\u{2064}' | '\u{fe0e}' | '\u{fe0f}')
        || matches!(c, '\u{e0020}'..='\u{e007f}')
}

/// True when `chars[at]` is a zero-width character to drop: the zero-width space, no-break space
/// (byte order mark), word joiner and invisible operators, the left-to-right and right-to-left marks,
/// the joiners U+200C/U+200D except a ZWJ between two emoji, where it builds one picture
/// (a family, a flag) that terminals draw as one, and a presentation selector on no symbol.
fn is_zero_width_at(chars: &[char], at: usize) -> bool {
    match chars[at] {
        '\u{200b}' | '\u{200c}' | '\u{200e}' | '\u{200f}' | '\u{feff}' => true,
        '\u{2060}'..='\u{2064}' => true,
        '\u{200d}' => {
            let before = at.checked_sub(1).and_then(|i| chars.get(i));
            let after = chars.get(at + 1);
            !(before.is_some_and(|&c| is_emoji_part(c)) && after.is_some_and(|&c| is_emoji(c)))
        }
        // A text or emoji presentation selector chooses how a symbol is drawn (❤️, ©️, ℹ️, 1️⃣);
        // after a letter or digit it chooses nothing, and terminals disagree on its width.
        '\u{fe0e}' | '\u{fe0f}' => {
            let before = at.checked_sub(1).and_then(|i| chars.get(i));
            let keycap = chars.get(at + 1) == Some(&'\u{20e3}');
            let symbol = before.is_some_and(|&c| {
                let emoji_letter = is_emoji(c) || matches!(c, '\u{2139}' | '\u{24c2}');
                !c.is_ascii() && (emoji_letter || !c.is_alphanumeric()) && !c.is_whitespace()
            });
            !(symbol || keycap)
        }
        // Tag characters spell a subdivision flag after a black flag (🏴 + "gbeng" + cancel
        // tag); anywhere else they are invisible text.
        '\u{e0020}'..='\u{e007f}' => !in_flag_sequence(chars, at),
        _ => false,
    }
}

/// Longest run of tag letters a flag spells (`gbsct`, with room to spare).
const FLAG_TAGS: usize = 8;

/// True when `chars[at]` is a tag character of a flag: a short run of tag letters right after
/// U+1F3F4, ended by the cancel tag U+E007F (which is part of it too).
fn in_flag_sequence(chars: &[char], at: usize) -> bool {
    let is_letter = |c: &char| ('\u{e0020}'..='\u{e007e}').contains(c);
    let mut start = at;
    while start > 0 && at - start < FLAG_TAGS && chars.get(start - 1).is_some_and(is_letter) {
        start -= 1;
    }
    let mut end = at;
    while end - start < FLAG_TAGS && chars.get(end).is_some_and(is_letter) {
        end += 1;
    }
    start > 0
        && chars[start - 1] == '\u{1f3f4}'
        && end > start
        && chars.get(end) == Some(&'\u{e007f}')
}

/// Pictographs and symbols that take part in emoji ZWJ sequences.
fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1f000}'..='\u{1faff}' | '\u{2600}'..='\u{27bf}' | '\u{2300}'..='\u{23ff}' | '\u{2b00}'..='\u{2bff}')
}

/// What may end an emoji before a ZWJ: the emoji itself, a variation selector or a skin tone.
fn is_emoji_part(c: char) -> bool {
    is_emoji(c) || c == '\u{fe0f}'
}

/// Skips what follows an ESC; `start` is the index just after it. Returns the index to continue from.
fn skip_escape(chars: &[char], start: usize, unterminated_from: &mut usize) -> usize {
    match chars.get(start) {
        None => start,
        Some('[') => skip_csi(chars, start + 1),
        Some(']' | 'P' | 'X' | '^' | '_') => skip_string(chars, start + 1, unterminated_from),
        Some(&c) if ('\u{20}'..='\u{2f}').contains(&c) => {
            // nF escapes such as `ESC ( B`: intermediates, then one final byte.
            let mut i = start;
            while chars
                .get(i)
                .is_some_and(|c| ('\u{20}'..='\u{2f}').contains(c))
            {
                i += 1;
            }
            if chars
                .get(i)
                .is_some_and(|c| ('\u{30}'..='\u{7e}').contains(c))
            {
                i += 1;
            }
            i
        }
        Some(&c) if ('\u{30}'..='\u{7e}').contains(&c) => start + 1,
        Some(_) => start,
    }
}

/// Skips a control sequence's parameter and intermediate bytes and its final byte.
fn skip_csi(chars: &[char], start: usize) -> usize {
    let mut i = start;
    while chars
        .get(i)
        .is_some_and(|c| ('\u{20}'..='\u{3f}').contains(c))
    {
        i += 1;
    }
    if chars
        .get(i)
        .is_some_and(|c| ('\u{40}'..='\u{7e}').contains(c))
    {
        i += 1;
    }
    i
}

/// Skips a string sequence (OSC, DCS, SOS, PM, APC) up to and including its terminator (BEL, ESC \ or ST).
/// Without a terminator only the introducer goes: the rest is then harmless text, and eating it all
/// would lose the article. `unterminated_from` is where an earlier scan found no terminator.
fn skip_string(chars: &[char], start: usize, unterminated_from: &mut usize) -> usize {
    if start >= *unterminated_from {
        return start;
    }
    let mut i = start;
    while let Some(&c) = chars.get(i) {
        match c {
            BEL | C1_ST => return i + 1,
            ESC if chars.get(i + 1) == Some(&'\\') => return i + 2,
            _ => i += 1,
        }
    }
    *unterminated_from = start;
    start
}

/// Columns of indentation a line of text keeps: enough for code nested deeply, bounded so that a
/// line of spaces stays a line (the reader shows at most half its width of it).
pub const MOST_INDENT: usize = 64;

/// Cleans multi-line text (a body or standfirst): controls out, spaces collapsed inside lines,
/// trailing spaces trimmed, at most one blank line in a row, no blank lines at either end, NFC.
/// A line's indentation is kept as spaces (at most [`MOST_INDENT`]), since it is how code from
/// `<pre>` and Markdown code blocks is read; the text formats that indent paragraphs for layout
/// trim their lines before they get here. Runs of spaces inside a line are one space, except in
/// lines whose words stand in columns with the line above or below (see [`aligned`]): prose has
/// stray runs too, and a name found in it must read as it does elsewhere.
pub fn clean_text(input: &str) -> String {
    let stripped = strip_controls(input);
    let lines: Vec<&str> = stripped.split('\n').collect();
    let keeps_runs = aligned_lines(&lines);
    let mut out = String::with_capacity(stripped.len());
    let mut blank_pending = false;
    for (line, keeps_runs) in lines.into_iter().zip(keeps_runs) {
        let (indent, rest) = indentation(line);
        let line = if keeps_runs {
            aligned::spaced(rest, indent)
        } else {
            collapse_spaces(rest)
        };
        if line.is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.extend(std::iter::repeat_n(' ', indent));
        out.push_str(&line);
    }
    nfc(out)
}

/// For each line, whether it keeps its runs of spaces: asked of each block of consecutive
/// non-blank lines (a single line has no neighbour to line up with).
fn aligned_lines(lines: &[&str]) -> Vec<bool> {
    let mut keeps = vec![false; lines.len()];
    let blank = |line: &&str| line.trim().is_empty();
    let mut at = 0;
    while at < lines.len() {
        let Some(start) = lines[at..].iter().position(|l| !blank(l)).map(|n| at + n) else {
            break;
        };
        let end = lines[start..]
            .iter()
            .position(blank)
            .map_or(lines.len(), |n| start + n);
        if end - start > 1 {
            keeps[start..end].copy_from_slice(&aligned::aligned(&lines[start..end]));
        }
        at = end;
    }
    keeps
}

/// The columns a line is indented by (tabs to the next stop, at most [`MOST_INDENT`]) and the
/// rest of the line.
fn indentation(line: &str) -> (usize, &str) {
    let rest = line.trim_start();
    let columns = line[..line.len() - rest.len()]
        .chars()
        .fold(0, aligned::advance);
    (columns.min(MOST_INDENT), rest)
}

/// Cleans single-line text (title, source, author, url, guid, link text): like [`clean_text`],
/// and newlines become spaces too.
pub fn clean_line(input: &str) -> String {
    let stripped = strip_controls(input);
    nfc(collapse_spaces(&stripped))
}

/// `text` in NFC; most text already is, and is checked in one pass instead of being rebuilt.
fn nfc(text: String) -> String {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text
    } else {
        text.nfc().collect()
    }
}

/// Collapses every run of whitespace (tabs, NBSP, newlines included) into one space and trims.
fn collapse_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for word in line.split(|c: char| c.is_whitespace()) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Characters of a value a message quotes.
const QUOTED_CHARS: usize = 40;

/// A value from outside quoted for a message (a date that is not one, a bad address): on one
/// line, safe to print, cut to 40 characters with `…`, in plain double quotes.
pub fn quoted(value: &str) -> String {
    let line = clean_line(value);
    let shown: String = line.chars().take(QUOTED_CHARS).collect();
    let ellipsis = if shown.len() < line.len() { "…" } else { "" };
    format!("\"{shown}{ellipsis}\"")
}

/// Cleans every text field of a draft in place.
pub fn sanitize_draft(draft: &mut ArticleDraft) {
    draft.title = clean_line(&draft.title);
    draft.standfirst = clean_text(&draft.standfirst);
    draft.body = clean_text(&draft.body);
    draft.source = clean_line(&draft.source);
    draft.author = clean_line(&draft.author);
    draft.url = clean_optional_line(draft.url.take());
    draft.guid = clean_optional_line(draft.guid.take());
    // Whatever door a draft came in by (a feed, a file, JSON, a sync server), its picture is one
    // that may be fetched: a web address of bounded length.
    draft.image = draft
        .image
        .take()
        .and_then(|url| super::links::picture_url(&url, None));
    for link in &mut draft.links {
        link.url = clean_line(&link.url);
        link.text = clean_line(&link.text);
    }
    if let Some(dateline) = &mut draft.dateline {
        dateline.place = clean_line(&dateline.place);
        dateline.agency = clean_optional_line(dateline.agency.take());
    }
}

/// Cleans an optional single-line field; one that cleans to nothing becomes `None`.
fn clean_optional_line(value: Option<String>) -> Option<String> {
    value.map(|v| clean_line(&v)).filter(|v| !v.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_csi_colour_codes() {
        assert_eq!(clean_line("\u{1b}[31mred\u{1b}[0m text"), "red text");
        assert_eq!(clean_line("a\u{9b}1;2Hb"), "ab");
    }

    #[test]
    fn removes_osc_hyperlinks_and_clipboard_writes() {
        let osc8 = "\u{1b}]8;;https://evil.example\u{1b}\\click\u{1b}]8;;\u{1b}\\ here";
        assert_eq!(clean_line(osc8), "click here");
        let osc52 = "copy\u{1b}]52;c;cm0gLXJmIH4=\u{7} me";
        assert_eq!(clean_line(osc52), "copy me");
        assert_eq!(clean_line("x\u{9d}0;title\u{9c}y"), "xy");
    }

    #[test]
    fn removes_dcs_and_two_char_escapes() {
        assert_eq!(clean_line("a\u{1b}P1$qm\u{1b}\\b"), "ab");
        assert_eq!(clean_line("a\u{1b}(Bb\u{1b}7c"), "abc");
    }

    #[test]
    fn unterminated_osc_keeps_following_text_harmless() {
        let cleaned = clean_line("before \u{1b}]0;rest of line");
        assert!(!cleaned.contains('\u{1b}'));
        assert!(cleaned.starts_with("before"));
    }

    #[test]
    fn many_unterminated_strings_are_each_dropped() {
        let input = "a\u{9d}b".repeat(1000);
        assert_eq!(clean_line(&input), "ab".repeat(1000));
        // One terminated after many open ones still ends where its terminator is.
        assert_eq!(clean_line("x\u{9d}y\u{9d}z\u{7}w"), "xw");
    }

    #[test]
    fn drops_c0_c1_del_and_bidi_controls() {
        let input = "a\u{0}b\u{7}c\u{7f}d\u{85}e\u{9f}f\u{202e}g\u{2066}h\u{2069}i";
        assert_eq!(clean_line(input), "abcdefghi");
    }

    #[test]
    fn drops_zero_width_characters_but_keeps_emoji_sequences() {
        let input = "a\u{200b}b\u{feff}c\u{2060}d\u{200d}e\u{200c}f\u{200e}g";
        assert_eq!(clean_line(input), "abcdefg");
        // Man, ZWJ, woman, ZWJ, girl: one family picture; and a rainbow flag with its selector.
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(clean_line(family), family);
        let flag = "\u{1f3f3}\u{fe0f}\u{200d}\u{1f308}";
        assert_eq!(clean_line(flag), flag);
        // A ZWJ with an emoji on one side only joins nothing.
        assert_eq!(clean_line("\u{1f468}\u{200d}x"), "\u{1f468}x");
        assert_eq!(clean_text("\u{feff}first\n\u{200b}"), "first");
    }

    #[test]
    fn drops_invisible_format_characters_and_selectors_on_no_symbol() {
        // Tag characters spelling "ignore", an Arabic letter mark, a soft hyphen, two Hangul
        // fillers standing alone, a deprecated format character, an object replacement
        // character, a combining grapheme joiner.
        let tags: String = "ignore"
            .chars()
            .filter_map(|c| char::from_u32(0xe0000 + c as u32))
            .collect();
        let input =
            format!("a{tags}\u{e0001}b\u{61c}c\u{ad}d\u{3164}e\u{ffa0}f\u{206a}g\u{fffc}h\u{34f}i");
        assert_eq!(clean_line(&input), "abcdefghi");
        assert_eq!(clean_line("a\u{fe0f}b \u{4e2d}\u{fe0f}"), "ab \u{4e2d}");
        // On a symbol, or a keycap's digit, the selector stays.
        let kept = [
            "\u{2764}\u{fe0f}",
            "\u{a9}\u{fe0e}",
            "1\u{fe0f}\u{20e3}",
            "\u{2139}\u{fe0f}",
            "\u{1f17f}\u{fe0f}",
        ];
        for kept in kept {
            assert_eq!(clean_line(kept), kept);
        }
        // England's flag is a black flag and tags; tags spelling more after one are no flag.
        let england = "\u{1f3f4}\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}";
        assert_eq!(clean_line(england), england);
        let smuggled = format!("\u{1f3f4}{tags}{tags}\u{e007f}x");
        assert_eq!(clean_line(&smuggled), "\u{1f3f4}x");
        // Mongolian's vowel separator is the script's own business.
        assert_eq!(
            clean_line("\u{1828}\u{180e}\u{1820}"),
            "\u{1828}\u{180e}\u{1820}"
        );
        assert!(is_invisible_char('\u{e0041}') && is_invisible_char('\u{200d}'));
        assert!(!is_invisible_char('\u{e9}'));
    }

    #[test]
    fn composes_to_nfc() {
        assert_eq!(clean_line("caf\u{65}\u{301}"), "caf\u{e9}");
        assert_eq!(clean_text("e\u{301}"), "\u{e9}");
    }

    #[test]
    fn normalises_whitespace_in_text() {
        let input = "\r\nfirst\tline  \r\nsecond\u{a0}line\n \t \n\n\nthird  \n\n";
        assert_eq!(clean_text(input), "first line\nsecond line\n\nthird");
    }

    #[test]
    fn keeps_the_indentation_of_code() {
        let input = "fn main() {\n    if x {\n\tgo();\n  \t stop();\n    }\n}";
        assert_eq!(
            clean_text(input),
            "fn main() {\n    if x {\n    go();\n     stop();\n    }\n}"
        );
        // Inside a line, a run of white space is one space, unless it lines words up in
        // columns with the next line or the one before.
        assert_eq!(
            clean_text("name    = \"x\"   # set\nb = 2"),
            "name = \"x\" # set\nb = 2"
        );
        assert_eq!(
            clean_text("name    = \"x\"   # set\nb\t\t= 2"),
            "name    = \"x\"   # set\nb       = 2"
        );
        assert_eq!(
            clean_text("name = \"x\"  # set\nb\t\t\t# two"),
            "name = \"x\"  # set\nb           # two"
        );
        assert_eq!(
            clean_text("Team     P  Pts\nArsenal  3  7\n\nThey flew to New  York."),
            "Team     P  Pts\nArsenal  3  7\n\nThey flew to New York."
        );
        // However deep the source indents, a line of spaces stays a line.
        let deep = format!("{}deep", " ".repeat(10_000));
        assert_eq!(
            clean_text(&deep),
            format!("{}deep", " ".repeat(MOST_INDENT))
        );
    }

    #[test]
    fn quoted_values_are_one_safe_short_line() {
        assert_eq!(quoted("Mär 5 \"x\""), "\"Mär 5 \"x\"\"");
        assert_eq!(quoted("a\n\u{1b}[31mb"), "\"a b\"");
        assert_eq!(quoted(&"é".repeat(50)), format!("\"{}…\"", "é".repeat(40)));
    }

    #[test]
    fn single_line_fields_lose_newlines() {
        assert_eq!(clean_line(" A\n title\r\nhere "), "A title here");
    }

    #[test]
    fn sanitizes_every_draft_field() {
        let mut draft = ArticleDraft {
            title: "\u{1b}[1mBold\u{1b}[0m".into(),
            guid: Some(" \u{7} ".into()),
            ..ArticleDraft::default()
        };
        sanitize_draft(&mut draft);
        assert_eq!(draft.title, "Bold");
        assert_eq!(draft.guid, None);
    }
}
