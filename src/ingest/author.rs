//! Author fields as feeds and exports write them: `email (Name)`, `Name <email>`, `(Name)` become `Name`.

/// Tidies an author field that may list several people separated by commas. Each person given with an
/// email keeps only the name; a bare email stays; stray wrapping parentheses and quotes go.
pub fn author_names(raw: &str) -> String {
    split_people(raw)
        .into_iter()
        .map(person_name)
        .filter(|name| !name.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Splits at commas that are not inside `()`, `<>` or `[]`, so `a@x.org (Lee, Ann)` stays whole.
fn split_people(raw: &str) -> Vec<&str> {
    let mut people = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in raw.char_indices() {
        match c {
            '(' | '<' | '[' => depth += 1,
            ')' | '>' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                people.push(&raw[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    people.push(&raw[start..]);
    people
}

/// One person: `Name <email>`, `email (Name)`, `Name (email)`, `(Name)`, `"Name"` or a bare email.
fn person_name(raw: &str) -> String {
    let text = raw.trim();
    if let Some((before, inside, after)) = enclosed(text, '<', '>')
        && is_email(inside)
    {
        let name = join_outside(before, after);
        return if name.is_empty() {
            bare_email(inside)
        } else {
            unwrap_name(&name)
        };
    }
    if let Some((before, inside, after)) = enclosed(text, '(', ')') {
        let outside = join_outside(before, after);
        if is_email(&outside) && !inside.trim().is_empty() {
            return unwrap_name(inside);
        }
        if is_email(inside) && !outside.is_empty() {
            return unwrap_name(&outside);
        }
    }
    if is_email(text) {
        return bare_email(text);
    }
    unwrap_name(text)
}

/// The text before the first `open`, between it and the last `close`, and after that.
fn enclosed(text: &str, open: char, close: char) -> Option<(&str, &str, &str)> {
    let start = text.find(open)?;
    let end = text.rfind(close)?;
    (end > start).then(|| {
        (
            &text[..start],
            &text[start + open.len_utf8()..end],
            &text[end + close.len_utf8()..],
        )
    })
}

fn join_outside(before: &str, after: &str) -> String {
    format!("{} {}", before.trim(), after.trim())
        .trim()
        .to_string()
}

/// One word with an `@` between a local part and a dotted domain.
fn is_email(text: &str) -> bool {
    let text = bare_email(text);
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !text.contains(char::is_whitespace)
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

fn bare_email(text: &str) -> String {
    let text = text.trim();
    text.strip_prefix("mailto:").unwrap_or(text).to_string()
}

/// A name without wrapping parentheses or quotes: `(Ann Lee)` and `"Ann Lee"` are `Ann Lee`.
fn unwrap_name(text: &str) -> String {
    let mut name = text.trim();
    loop {
        let inner = [('(', ')'), ('"', '"'), ('\'', '\''), ('[', ']')]
            .iter()
            .find_map(|&(open, close)| name.strip_prefix(open)?.strip_suffix(close));
        match inner {
            // `(a) and (b)` is not wrapped: the inner text must not close and reopen.
            Some(inner) if !inner.contains([')', '(', '"']) => name = inner.trim(),
            _ => return name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_give_way_to_names() {
        assert_eq!(
            author_names("lf@example.org (Lucía Fernández)"),
            "Lucía Fernández"
        );
        assert_eq!(author_names("Ann Lee <ann@example.org>"), "Ann Lee");
        assert_eq!(
            author_names("\"Ann Lee\" <mailto:ann@example.org>"),
            "Ann Lee"
        );
        assert_eq!(author_names("Ann Lee (ann@example.org)"), "Ann Lee");
        assert_eq!(author_names("<ann@example.org>"), "ann@example.org");
        assert_eq!(author_names("mailto:ann@example.org"), "ann@example.org");
        assert_eq!(author_names("ann@example.org"), "ann@example.org");
    }

    #[test]
    fn stray_parentheses_go_and_lists_are_kept() {
        assert_eq!(author_names("(Lucía Fernández)"), "Lucía Fernández");
        assert_eq!(
            author_names("a@x.org (Lee, Ann), Bo Ek <bo@x.org>, Cy"),
            "Lee, Ann, Bo Ek, Cy"
        );
        assert_eq!(
            author_names("Ann Lee (photos) and Bo Ek"),
            "Ann Lee (photos) and Bo Ek"
        );
        assert_eq!(author_names("(a) and (b)"), "(a) and (b)");
        assert_eq!(author_names("Newsroom"), "Newsroom");
        assert_eq!(author_names(" , "), "");
    }
}
