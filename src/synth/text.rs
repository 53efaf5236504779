//! Text helpers for the generator: CoNLL detokenising, prose detection, capitals and counts.

use std::collections::HashMap;

pub(super) fn most_frequent(counts: HashMap<String, usize>, keep: usize) -> Vec<String> {
    let mut ranked: Vec<(String, usize)> = counts.into_iter().filter(|(_, n)| *n >= 2).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(keep).map(|(w, _)| w).collect()
}

pub(super) fn capitalize(mut text: String) -> String {
    if let Some(first) = text.chars().next().filter(|c| c.is_lowercase()) {
        let upper: String = first.to_uppercase().collect();
        text.replace_range(..first.len_utf8(), &upper);
    }
    text
}

/// A sentence of running prose, not a results table, a headline in capitals or a dateline.
pub(super) fn is_prose(tokens: &[&str]) -> bool {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return false;
    };
    let words: Vec<&&str> = tokens
        .iter()
        .filter(|t| t.chars().any(char::is_alphabetic))
        .collect();
    let shouting = words
        .iter()
        .filter(|w| w.len() > 1 && !w.chars().any(char::is_lowercase))
        .count();
    let lower = words
        .iter()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    (6..=60).contains(&tokens.len())
        && words.len() * 10
            >= tokens
                .iter()
                .filter(|t| t.chars().any(char::is_alphanumeric))
                .count()
                * 7
        && shouting * 4 <= words.len()
        // Lists of names (team line-ups, results) are mostly capitalised words.
        && lower * 10 >= words.len() * 3
        && first
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '"')
        && matches!(*last, "." | "?" | "!" | "\"")
        // CoNLL splits some quotations across sentences; keep only sentences whose quotes close.
        && tokens.iter().filter(|t| **t == "\"").count() % 2 == 0
}

/// Joins tokens into text: no space before closing punctuation and clitics, none after openers.
pub fn detokenize<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    let mut in_quote = false;
    let mut glue_next = true;
    for token in tokens {
        let clitic = token.strip_prefix('\'').is_some_and(|rest| {
            !rest.is_empty() && rest.len() <= 2 && rest.chars().all(char::is_alphabetic)
        });
        let attach = match token {
            "." | "," | ")" | "]" | ":" | ";" | "?" | "!" | "%" | "..." | "'" | "n't" | "/" => true,
            "\"" => in_quote,
            _ => clitic,
        };
        if !glue_next && !attach {
            out.push(' ');
        }
        out.push_str(token);
        glue_next = matches!(token, "(" | "[" | "$" | "/") || (token == "\"" && !in_quote);
        if token == "\"" {
            in_quote = !in_quote;
        }
    }
    out
}
