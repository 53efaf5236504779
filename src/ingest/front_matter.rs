//! Front matter at the top of a Markdown file: YAML-style `---` with `key: value` lines, or TOML `+++`
//! with `key = "value"`. Only simple scalars, inline lists and `- item` lists are read, by hand.

/// The keys and values of a front-matter block; keys are lowercased.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FrontMatter {
    fields: Vec<Field>,
}

#[derive(Debug, PartialEq, Eq)]
struct Field {
    /// Lowercased, for lookup.
    key: String,
    /// As written, for messages.
    name: String,
    value: String,
    /// The 1-based line of the file the key is on.
    line: usize,
}

impl FrontMatter {
    /// The value of the first of `keys` that is present and not empty.
    pub fn get(&self, keys: &[&str]) -> Option<&str> {
        self.get_with_line(keys).map(|(_, value, _)| value)
    }

    /// Like [`FrontMatter::get`], with the key as written and the 1-based line of the file it is on.
    pub fn get_with_line(&self, keys: &[&str]) -> Option<(&str, &str, usize)> {
        keys.iter().find_map(|key| {
            self.fields
                .iter()
                .find(|field| field.key == *key && !field.value.trim().is_empty())
                .map(|field| (field.name.as_str(), field.value.as_str(), field.line))
        })
    }
}

/// Splits front matter off the start of `text`. Without a complete block, all of `text` is the body.
pub fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.split_inclusive('\n');
    let Some(first) = lines.next() else {
        return (FrontMatter::default(), text);
    };
    let toml = match first.trim_end() {
        "---" => false,
        "+++" => true,
        _ => return (FrontMatter::default(), text),
    };
    let mut offset = first.len();
    let mut block: Vec<&str> = Vec::new();
    for line in lines {
        offset += line.len();
        let trimmed = line.trim_end();
        let closes = if toml {
            trimmed == "+++"
        } else {
            trimmed == "---" || trimmed == "..."
        };
        if closes {
            return (parse_block(&block, toml), &text[offset..]);
        }
        block.push(trimmed);
    }
    (FrontMatter::default(), text)
}

/// Reads the lines between the fences; the block's first line is line 2 of the file.
fn parse_block(lines: &[&str], toml: bool) -> FrontMatter {
    let mut fields: Vec<Field> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let line_number = i + 2;
        i += 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || line.starts_with([' ', '\t']) {
            continue;
        }
        if toml && trimmed.starts_with('[') {
            // Keys after a table header belong to that table, not to the article.
            break;
        }
        let separator = if toml { '=' } else { ':' };
        let Some((key, raw)) = trimmed.split_once(separator) else {
            continue;
        };
        let name = key.trim().trim_matches(['"', '\'']).to_string();
        let key = name.to_lowercase();
        let raw = raw.trim();
        let value = if !toml && matches!(raw, "" | ">" | "|" | ">-" | "|-" | ">+" | "|+") {
            let (value, used) = indented_value(&lines[i..], raw.starts_with('|'));
            i += used;
            value
        } else {
            scalar_or_list(raw)
        };
        fields.push(Field {
            key,
            name,
            value,
            line: line_number,
        });
    }
    FrontMatter { fields }
}

/// The indented lines after `key:`: a `- item` list (joined with ", ") or a block scalar.
fn indented_value(lines: &[&str], keep_newlines: bool) -> (String, usize) {
    let used = lines
        .iter()
        .take_while(|line| line.trim().is_empty() || line.starts_with([' ', '\t']))
        .count();
    let block: Vec<&str> = lines[..used].iter().map(|l| l.trim()).collect();
    let is_list = block
        .iter()
        .filter(|l| !l.is_empty())
        .all(|l| l.starts_with("- "));
    let value = if is_list {
        block
            .iter()
            .filter_map(|l| l.strip_prefix("- "))
            .map(|item| unquote(item.trim()))
            .collect::<Vec<_>>()
            .join(", ")
    } else {
        block.join(if keep_newlines { "\n" } else { " " })
    };
    (value.trim().to_string(), used)
}

/// A quoted or bare scalar, or an inline `[a, "b"]` list joined with ", ".
fn scalar_or_list(raw: &str) -> String {
    if let Some(inner) = raw.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        return inner
            .split(',')
            .map(|item| unquote(item.trim()))
            .filter(|item| !item.is_empty())
            .collect::<Vec<_>>()
            .join(", ");
    }
    unquote(raw)
}

/// Removes quotes (handling the usual escapes in double quotes) or, for a bare value, a trailing comment.
fn unquote(raw: &str) -> String {
    if let Some(inner) = raw.strip_prefix('"') {
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => break,
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => break,
                },
                _ => out.push(c),
            }
        }
        return out;
    }
    if let Some(inner) = raw.strip_prefix('\'') {
        let end = inner.rfind('\'').unwrap_or(inner.len());
        return inner[..end].replace("''", "'");
    }
    let without_comment = raw.find(" #").map_or(raw, |at| &raw[..at]);
    without_comment.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_front_matter() {
        let text = "---\ntitle: \"Quiet \\\"week\\\" ahead\"\ndate: 2024-03-14\nauthor:\n  - Ann Lee\n  - 'Bo O''Neil'\n\
                    description: >\n  Folded\n  text\nsource: Harbour Gazette # the paper\n---\n# Body\n";
        let (front, body) = split_front_matter(text);
        assert_eq!(front.get(&["title"]), Some("Quiet \"week\" ahead"));
        assert_eq!(front.get(&["published", "date"]), Some("2024-03-14"));
        assert_eq!(front.get(&["author"]), Some("Ann Lee, Bo O'Neil"));
        assert_eq!(front.get(&["description"]), Some("Folded text"));
        assert_eq!(front.get(&["source"]), Some("Harbour Gazette"));
        assert_eq!(
            front.get_with_line(&["published", "date"]),
            Some(("date", "2024-03-14", 3))
        );
        assert_eq!(
            front.get_with_line(&["source"]),
            Some(("source", "Harbour Gazette", 10))
        );
        assert_eq!(body, "# Body\n");
    }

    #[test]
    fn toml_front_matter() {
        let text = "+++\ntitle = \"Night trains return\"\nauthors = [\"Ann\", \"Bo\"]\nurl = 'https://x.example/a'\n\
                    [extra]\ntitle = \"ignored\"\n+++\nText";
        let (front, body) = split_front_matter(text);
        assert_eq!(front.get(&["title"]), Some("Night trains return"));
        assert_eq!(front.get(&["author", "authors"]), Some("Ann, Bo"));
        assert_eq!(front.get(&["url"]), Some("https://x.example/a"));
        assert_eq!(body, "Text");
    }

    #[test]
    fn unclosed_block_is_body() {
        let text = "---\ntitle: x\nno end";
        let (front, body) = split_front_matter(text);
        assert_eq!(front, FrontMatter::default());
        assert_eq!(body, text);
    }
}
