//! Splits free text into tokens the way CoNLL-2003 does (`Iran` `'s`, `U.S.`, `/` `TASS` `/` `.`) and
//! into sentences, keeping byte and character offsets. One pass, no allocation per token.

use std::ops::Range;

/// One token: byte range into the text and character offsets (for `Entity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub char_start: usize,
    pub char_end: usize,
}

/// Words that keep their final period (`Mr.`, `Corp.`, `Feb.`).
const ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Col", "Lt", "Sgt", "Capt", "Cmdr", "Adm", "Maj",
    "Rep", "Sen", "Gov", "Pres", "Rev", "St", "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "No",
    "Nos", "vs", "etc", "Mt", "Ft", "Ave", "Blvd", "Rd", "Dept", "Univ", "approx", "Messrs", "Mme",
    "Hon",
];

/// Abbreviations that often end a sentence, so a capital after them still starts a new one. Each
/// is over two bytes and ends in its period (`sentences` looks only at such tokens).
const SENTENCE_ENDING_ABBREVIATIONS: &[&str] = &[
    "Inc.", "Corp.", "Co.", "Ltd.", "etc.", "Jr.", "Sr.", "Bros.",
];

/// Words that start sentences far more often than they continue a name: after a dotted name such
/// as `U.S.` (whose period is also the sentence's), one of these starts a new sentence, while
/// `U.S. Senate` stays one.
const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "He",
    "She",
    "It",
    "They",
    "We",
    "I",
    "You",
    "But",
    "And",
    "Or",
    "In",
    "On",
    "At",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "His",
    "Her",
    "Its",
    "Their",
    "Our",
    "Some",
    "Many",
    "Most",
    "After",
    "Before",
    "When",
    "While",
    "As",
    "If",
    "However",
    "Meanwhile",
    "Also",
    "Yet",
    "So",
    "For",
    "Earlier",
    "Later",
    "Now",
    "Still",
    "What",
    "Who",
    "Why",
    "How",
    "One",
    "Two",
    "Last",
    "Both",
    "Such",
    "Since",
    "Under",
    "Officials",
    "Analysts",
];

const CLITICS: &[&str] = &[
    "'s",
    "'S",
    "\u{2019}s",
    "\u{2019}S",
    "'re",
    "'ve",
    "'ll",
    "'d",
    "'m",
    "'RE",
    "'VE",
    "'LL",
];

fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '"' | '\'' | '\u{201c}' | '\u{2018}' | '\u{ab}' | '`' | '/' | '\u{201e}'
    )
}

fn is_closing(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '"'
            | '\''
            | '\u{201d}'
            | '\u{2019}'
            | '\u{bb}'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '/'
            | '\u{2026}'
    )
}

/// Dashes that are always tokens of their own, even inside a word (`word—word`).
fn is_dash(c: char) -> bool {
    matches!(c, '\u{2014}' | '\u{2013}')
}

/// Tokens of `text` and the sentences over them (ranges of token indices).
pub fn tokenize(text: &str) -> (Vec<Token>, Vec<Range<usize>>) {
    let mut spans: Vec<(usize, usize)> = Vec::with_capacity(text.len() / 5);
    let mut breaks: Vec<usize> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_whitespace() {
            // A blank line ends a sentence (paragraphs, a title line, a dateline line).
            if bytes[i] == b'\n' {
                let mut j = i + 1;
                while j < bytes.len() && matches!(bytes[j], b' ' | b'\t' | b'\r') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j] == b'\n' {
                    breaks.push(spans.len());
                }
            }
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !is_separator(text, i) {
            i += 1;
        }
        if start == i {
            // A non-ASCII space or a pictograph: skip it whole.
            i += text[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        split_chunk(text, start, i, &mut spans);
    }
    let tokens = with_char_offsets(text, &spans);
    let sentences = sentences(text, &tokens, &breaks);
    (tokens, sentences)
}

/// A non-ASCII space, or a pictograph (an emoji, a flag, a dingbat: `Zelensky🇺🇦`), which is
/// never part of a word or a name and so parts the words around it like a space.
fn is_separator(text: &str, i: usize) -> bool {
    text.as_bytes()[i] >= 0x80
        && text.is_char_boundary(i)
        && text[i..]
            .chars()
            .next()
            .is_some_and(|c| c.is_whitespace() || is_pictograph(c))
}

/// Emoji and other pictographs, flags (regional indicators), arrows, shapes and dingbats, and
/// the joiners and selectors that build emoji from them.
fn is_pictograph(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2190..=0x21FF
            | 0x2300..=0x23FF
            | 0x25A0..=0x27BF
            | 0x2B00..=0x2BFF
            | 0xFE0F
            | 0x1F000..=0x1FAFF
    )
}

/// Splits one whitespace-free chunk `text[start..end]` into tokens.
fn split_chunk(text: &str, mut start: usize, mut end: usize, out: &mut Vec<(usize, usize)>) {
    let chunk = &text[start..end];
    // Most chunks are a plain word or number: no punctuation, clitic or dash to cut off.
    if chunk.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push((start, end));
        return;
    }
    if CLITICS.contains(&chunk) || chunk == "n't" {
        out.push((start, end));
        return;
    }
    // Opening punctuation, one token each.
    while let Some(c) = text[start..end].chars().next() {
        if !is_opening(c) || start + c.len_utf8() == end {
            break;
        }
        out.push((start, start + c.len_utf8()));
        start += c.len_utf8();
    }
    // Closing punctuation, last first; pushed now and moved behind the core below, so a chunk
    // costs no allocation.
    let mark = out.len();
    while end > start {
        let Some(c) = text[start..end].chars().next_back() else {
            break;
        };
        let at = end - c.len_utf8();
        if at == start {
            break;
        }
        if c == '.' {
            if keeps_period(&text[start..end]) {
                break;
            }
            let mut dots = at;
            while dots > start + 1 && text.as_bytes()[dots - 1] == b'.' {
                dots -= 1;
            }
            out.push((dots, end));
            end = dots;
        } else if is_closing(c) {
            out.push((at, end));
            end = at;
        } else {
            break;
        }
    }
    let core = &text[start..end];
    // Every clitic holds an apostrophe.
    if core.contains(['\'', '\u{2019}'])
        && let Some(clitic) = CLITICS
            .iter()
            .chain(&["n't", "N'T", "n\u{2019}t"])
            .find(|c| core.len() > c.len() && core.ends_with(**c))
    {
        end -= clitic.len();
        out.push((end, end + clitic.len()));
    }
    let closing = out.len() - mark;
    split_dashes(text, start, end, out);
    out[mark..].rotate_left(closing);
    let emitted = out.len();
    out[emitted - closing..].reverse();
}

/// Emits `text[start..end]`, cutting out em and en dashes and `--` as their own tokens.
fn split_dashes(text: &str, start: usize, end: usize, out: &mut Vec<(usize, usize)>) {
    let piece = &text[start..end];
    if piece.is_ascii() && !piece.contains("--") {
        out.push((start, end));
        return;
    }
    let mut from = start;
    let mut chars = piece.char_indices().peekable();
    while let Some((offset, c)) = chars.next() {
        let at = start + offset;
        let double_hyphen = c == '-' && chars.peek().is_some_and(|&(_, next)| next == '-');
        if is_dash(c) || double_hyphen {
            if at > from {
                out.push((from, at));
            }
            let mut stop = at + c.len_utf8();
            if double_hyphen {
                while let Some(&(o, '-')) = chars.peek() {
                    stop = start + o + 1;
                    chars.next();
                }
            }
            out.push((at, stop));
            from = stop;
        }
    }
    if end > from {
        out.push((from, end));
    }
}

/// Whether `word` (ending in '.') is an abbreviation or initials that keep the period.
fn keeps_period(word: &str) -> bool {
    let bare = &word[..word.len() - 1];
    if ABBREVIATIONS.contains(&bare) {
        return true;
    }
    if !bare.contains('.') {
        // One part: only an initial keeps it (`J.`); `the US.`, `the UK.` and `to go.` end a
        // sentence, and the name keeps its own spelling.
        return bare.len() == 1 && bare.bytes().all(|b| b.is_ascii_uppercase());
    }
    // Dotted abbreviations: `U.S.`, `a.m.`, `Ph.D.`
    !bare.is_empty()
        && word.split_terminator('.').all(|part| {
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphabetic())
        })
}

/// Adds character offsets to byte spans, counting characters in one pass.
fn with_char_offsets(text: &str, spans: &[(usize, usize)]) -> Vec<Token> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::with_capacity(spans.len());
    let (mut at_byte, mut at_char) = (0usize, 0usize);
    let mut advance = |to: usize| {
        at_char += bytes[at_byte..to]
            .iter()
            .filter(|&&b| b & 0xC0 != 0x80)
            .count();
        at_byte = to;
        at_char
    };
    for &(start, end) in spans {
        let char_start = advance(start);
        let char_end = advance(end);
        tokens.push(Token {
            start,
            end,
            char_start,
            char_end,
        });
    }
    tokens
}

/// Sentence ranges: cut at blank lines and after `.`/`!`/`?` (and closing quotes or brackets) when the
/// next token starts with a capital, a digit or an opening quote.
fn sentences(text: &str, tokens: &[Token], breaks: &[usize]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut next_break = breaks.iter().peekable();
    let word = |t: &Token| &text[t.start..t.end];
    let mut i = 0;
    while i < tokens.len() {
        while next_break.peek().is_some_and(|&&b| b <= i) {
            if let Some(&b) = next_break.next()
                && b > start
                && b == i
            {
                out.push(start..b);
                start = b;
            }
        }
        let w = word(&tokens[i]);
        let dotted_name_then_starter = w.len() > 2
            && w.ends_with('.')
            && w[..w.len() - 1].contains('.')
            && tokens
                .get(i + 1)
                .is_some_and(|t| SENTENCE_STARTERS.contains(&word(t)));
        let ends = matches!(w, "." | "!" | "?" | "..." | "\u{2026}")
            || (w.len() > 2 && w.ends_with('.') && SENTENCE_ENDING_ABBREVIATIONS.contains(&w))
            || dotted_name_then_starter;
        if ends {
            let mut j = i + 1;
            while j < tokens.len()
                && matches!(
                    word(&tokens[j]),
                    "\"" | "'" | ")" | "]" | "\u{201d}" | "\u{2019}"
                )
            {
                j += 1;
            }
            let opens_next = tokens.get(j).is_some_and(|t| {
                word(t).chars().next().is_some_and(|c| {
                    c.is_uppercase() || c.is_ascii_digit() || matches!(c, '"' | '\u{201c}' | '(')
                })
            });
            if opens_next {
                out.push(start..j);
                start = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if start < tokens.len() {
        out.push(start..tokens.len());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text)
            .0
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn sentence_ending_abbreviations_are_the_tokens_sentences_looks_at() {
        assert!(
            SENTENCE_ENDING_ABBREVIATIONS
                .iter()
                .all(|a| a.len() > 2 && a.ends_with('.'))
        );
    }

    #[test]
    fn conll_style_tokens() {
        assert_eq!(
            words("DUBAI, February 2. /TASS/. Iran's U.S.-based Mr. Smith (AP) doesn't."),
            vec![
                "DUBAI",
                ",",
                "February",
                "2",
                ".",
                "/",
                "TASS",
                "/",
                ".",
                "Iran",
                "'s",
                "U.S.-based",
                "Mr.",
                "Smith",
                "(",
                "AP",
                ")",
                "does",
                "n't",
                "."
            ]
        );
        assert_eq!(
            words("\u{201c}Yes,\u{201d} she said\u{2014}twice..."),
            vec![
                "\u{201c}", "Yes", ",", "\u{201d}", "she", "said", "\u{2014}", "twice", "..."
            ]
        );
        assert_eq!(
            words("the workers' union -- 1,000 at 10:30 GMT"),
            vec![
                "the", "workers", "'", "union", "--", "1,000", "at", "10:30", "GMT"
            ]
        );
    }

    #[test]
    fn character_offsets_count_characters() {
        let text = "Zürich’s mayor";
        let (tokens, _) = tokenize(text);
        let chars: Vec<(usize, usize)> =
            tokens.iter().map(|t| (t.char_start, t.char_end)).collect();
        assert_eq!(chars, vec![(0, 6), (6, 8), (9, 14)]);
    }

    #[test]
    fn pictographs_part_words_and_are_no_tokens() {
        let text = "Zelensky\u{1f1fa}\u{1f1e6} met \u{2728}Swift\u{2728}, \u{201c}dash\u{201d} \u{2014} ok";
        assert_eq!(
            words(text),
            vec![
                "Zelensky", "met", "Swift", ",", "\u{201c}", "dash", "\u{201d}", "\u{2014}", "ok"
            ]
        );
        let (tokens, _) = tokenize(text);
        assert_eq!((tokens[2].char_start, tokens[2].char_end), (16, 21));
    }

    #[test]
    fn sentences_split_on_stops_and_blank_lines() {
        let text = "He left. She stayed in the U.S. today.\n\nNew paragraph here";
        let (tokens, sentences) = tokenize(text);
        let firsts: Vec<&str> = sentences
            .iter()
            .map(|r| &text[tokens[r.start].start..tokens[r.start].end])
            .collect();
        assert_eq!(firsts, vec!["He", "She", "New"]);
    }

    #[test]
    fn a_short_name_at_a_sentence_end_gives_up_the_period() {
        let text = "Talks went on in the US. Officials in the UK. said little. They went to go.";
        assert_eq!(
            words(text),
            vec![
                "Talks",
                "went",
                "on",
                "in",
                "the",
                "US",
                ".",
                "Officials",
                "in",
                "the",
                "UK",
                ".",
                "said",
                "little",
                ".",
                "They",
                "went",
                "to",
                "go",
                "."
            ]
        );
        let (tokens, sentences) = tokenize(text);
        let firsts: Vec<&str> = sentences
            .iter()
            .map(|r| &text[tokens[r.start].start..tokens[r.start].end])
            .collect();
        assert_eq!(firsts, vec!["Talks", "Officials", "They"]);
        // Initials and dotted names keep theirs; a dotted name ends a sentence before a usual
        // opening word, and not before the rest of a name.
        assert_eq!(words("J. Smith"), vec!["J.", "Smith"]);
        let text = "He flew to the U.S. The U.S. Senate met.";
        let (tokens, sentences) = tokenize(text);
        let firsts: Vec<&str> = sentences
            .iter()
            .map(|r| &text[tokens[r.start].start..tokens[r.start].end])
            .collect();
        assert_eq!(firsts, vec!["He", "The"]);
        assert_eq!(sentences.len(), 2);
    }
}
