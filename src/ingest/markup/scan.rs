//! A linear tokenizer for HTML that finds what html5ever's tokenizer would find: tags with their
//! attributes, comments, doctypes, text, and the content of raw-text elements. It only splits the
//! input; what to keep is decided in `bound`.
//!
//! The tag syntax follows the HTML tokenizer's states (attribute values quoted or not, a `/`
//! before `>`, a tag cut off by the end of the input is no tag), so a tag here is a tag there.

/// Attributes kept per tag: html5ever checks each new attribute against all earlier ones, so a tag
/// with thousands of attributes costs it the square of that. Real tags carry a dozen or two.
pub(super) const MAX_ATTRIBUTES: usize = 64;

/// One piece of the input.
#[derive(Debug)]
pub(super) enum Token<'a> {
    /// Text as written. A `<` in it never starts markup.
    Text(&'a str),
    Tag(Tag<'a>),
    /// `<!DOCTYPE ...>` as written.
    Doctype(&'a str),
    /// A comment, a bogus comment (`<?...>`, `<!...>`, `</ ...>`) or a CDATA section: never text.
    Comment,
    /// What a raw-text element (`script`, `style`, `title`, ...) holds, up to its end tag.
    Raw(&'a str),
}

/// A start or end tag.
#[derive(Debug)]
pub(super) struct Tag<'a> {
    pub end: bool,
    /// ASCII-lowercased, as the tokenizer reports it.
    pub name: String,
    /// The whole tag as written, `<` to `>`.
    pub raw: &'a str,
    /// The first [`MAX_ATTRIBUTES`] attributes.
    pub attrs: Vec<Attr<'a>>,
    /// How many attributes the tag had in all.
    pub attr_count: usize,
    pub self_closing: bool,
}

impl Tag<'_> {
    /// The value of attribute `name` (ASCII case-insensitive), if the tag has it.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|attr| attr.name.eq_ignore_ascii_case(name))
            .map(|attr| attr.value.unwrap_or(""))
    }
}

/// One attribute as written: its name and its value without the quotes (not yet decoded).
#[derive(Debug, Clone, Copy)]
pub(super) struct Attr<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
}

/// What the text after a raw-text element's start tag is, until its end tag.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Mode {
    Data,
    /// Raw text ending at `</name`.
    Raw(String),
    /// `<plaintext>`: everything to the end.
    Plaintext,
}

/// Splits HTML into [`Token`]s, one at a time.
pub(super) struct Scanner<'a> {
    text: &'a str,
    pos: usize,
    mode: Mode,
}

fn is_space(byte: u8) -> bool {
    matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            text,
            pos: 0,
            mode: Mode::Data,
        }
    }

    /// The text after the tag just read is raw up to `</name` (`script`, `style`, `title`, ...).
    pub fn enter_raw(&mut self, name: &str) {
        self.mode = Mode::Raw(name.to_string());
    }

    /// Everything after the tag just read is text (`<plaintext>`).
    pub fn enter_plaintext(&mut self) {
        self.mode = Mode::Plaintext;
    }

    /// The next token, or None at the end of the input.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        if self.pos >= self.text.len() {
            return None;
        }
        match std::mem::replace(&mut self.mode, Mode::Data) {
            Mode::Plaintext => {
                let rest = &self.text[self.pos..];
                self.pos = self.text.len();
                self.mode = Mode::Plaintext;
                Some(Token::Raw(rest))
            }
            Mode::Raw(name) => {
                let end = self.raw_end(&name);
                let content = &self.text[self.pos..end];
                self.pos = end;
                if content.is_empty() {
                    return self.next_token();
                }
                Some(Token::Raw(content))
            }
            Mode::Data => Some(self.data_token()),
        }
    }

    /// Where the raw text that started at `self.pos` ends: at `</name` followed by a space, `/` or `>`.
    fn raw_end(&self, name: &str) -> usize {
        let bytes = self.text.as_bytes();
        let mut from = self.pos;
        while let Some(found) = self.text[from..].find("</") {
            let at = from + found;
            let name_end = at + 2 + name.len();
            if bytes
                .get(at + 2..name_end)
                .is_some_and(|candidate| candidate.eq_ignore_ascii_case(name.as_bytes()))
                && bytes
                    .get(name_end)
                    .is_some_and(|&b| is_space(b) || b == b'/' || b == b'>')
            {
                return at;
            }
            from = at + 2;
        }
        self.text.len()
    }

    fn data_token(&mut self) -> Token<'a> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        let mut at = start;
        while let Some(found) = self.text[at..].find('<') {
            let lt = at + found;
            let next = bytes.get(lt + 1).copied();
            let markup = match next {
                Some(b'!' | b'?') => true,
                Some(b'/') => bytes.get(lt + 2).is_some(),
                Some(b) => b.is_ascii_alphabetic(),
                None => false,
            };
            if !markup {
                at = lt + 1;
                continue;
            }
            if lt > start {
                self.pos = lt;
                return Token::Text(&self.text[start..lt]);
            }
            return self.markup(lt);
        }
        self.pos = self.text.len();
        Token::Text(&self.text[start..])
    }

    /// The markup starting with the `<` at `lt`.
    fn markup(&mut self, lt: usize) -> Token<'a> {
        let bytes = self.text.as_bytes();
        let rest = &self.text[lt..];
        match bytes.get(lt + 1) {
            Some(b'!') if rest.starts_with("<!--") => {
                self.pos = comment_end(self.text, lt);
                Token::Comment
            }
            Some(b'!')
                if rest
                    .get(..9)
                    .is_some_and(|head| head.eq_ignore_ascii_case("<!doctype")) =>
            {
                let end = self.after_gt(lt);
                Token::Doctype(&self.text[lt..end])
            }
            Some(b'/') if bytes.get(lt + 2).is_some_and(u8::is_ascii_alphabetic) => {
                self.tag(lt, true)
            }
            Some(b'/') if bytes.get(lt + 2) == Some(&b'>') => {
                // `</>` is dropped by the tokenizer.
                self.pos = lt + 3;
                Token::Comment
            }
            Some(b'!' | b'?' | b'/') => {
                self.after_gt(lt);
                Token::Comment
            }
            _ => self.tag(lt, false),
        }
    }

    /// Moves past the first `>` after `from` (or to the end) and returns where that is.
    fn after_gt(&mut self, from: usize) -> usize {
        self.pos = self.text[from..]
            .find('>')
            .map_or(self.text.len(), |gt| from + gt + 1);
        self.pos
    }

    /// A tag whose `<` is at `lt`. One cut off by the end of the input is dropped, as the tokenizer does.
    fn tag(&mut self, lt: usize, end: bool) -> Token<'a> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let mut i = lt + if end { 2 } else { 1 };
        let name_start = i;
        while i < len && !is_space(bytes[i]) && bytes[i] != b'/' && bytes[i] != b'>' {
            i += 1;
        }
        let name = self.text[name_start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        let mut attr_count = 0;
        let mut self_closing = false;
        loop {
            while i < len && (is_space(bytes[i]) || bytes[i] == b'/') {
                self_closing = bytes[i] == b'/' && bytes.get(i + 1) == Some(&b'>');
                i += 1;
            }
            if i >= len {
                self.pos = len;
                return Token::Comment;
            }
            if bytes[i] == b'>' {
                break;
            }
            self_closing = false;
            // An attribute name; its first character may be `=`.
            let attr_start = i;
            i += 1;
            while i < len && !is_space(bytes[i]) && !matches!(bytes[i], b'/' | b'>' | b'=') {
                i += 1;
            }
            let attr_name = &self.text[attr_start..i];
            while i < len && is_space(bytes[i]) {
                i += 1;
            }
            let mut value = None;
            if i < len && bytes[i] == b'=' {
                i += 1;
                while i < len && is_space(bytes[i]) {
                    i += 1;
                }
                match bytes.get(i) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let Some(close) = self.text[i + 1..].find(quote as char) else {
                            self.pos = len;
                            return Token::Comment;
                        };
                        value = Some(&self.text[i + 1..i + 1 + close]);
                        i += close + 2;
                    }
                    Some(b'>') | None => value = Some(""),
                    Some(_) => {
                        let value_start = i;
                        while i < len && !is_space(bytes[i]) && bytes[i] != b'>' {
                            i += 1;
                        }
                        value = Some(&self.text[value_start..i]);
                    }
                }
            }
            attr_count += 1;
            if attrs.len() < MAX_ATTRIBUTES {
                attrs.push(Attr {
                    name: attr_name,
                    value,
                });
            }
        }
        self.pos = i + 1;
        Token::Tag(Tag {
            end,
            name,
            raw: &self.text[lt..self.pos],
            attrs,
            attr_count,
            self_closing,
        })
    }
}

/// Where a comment starting `<!--` at `lt` ends: after `-->` or `--!>`, or at once for `<!-->`
/// and `<!--->`, or at the end of the input. One walk forward over the `--` pairs, so a page of
/// many comments costs time in its length.
fn comment_end(text: &str, lt: usize) -> usize {
    let mut from = lt + 2;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find("--")) {
        let dashes = from + at;
        let after = &text[dashes + 2..];
        if after.starts_with('>') {
            return dashes + 3;
        }
        if dashes >= lt + 4 && after.starts_with("!>") {
            return dashes + 4;
        }
        from = dashes + 1;
    }
    text.len()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn comments_end_where_the_html_standard_says() {
        let end = |html: &str| comment_end(html, 0);
        assert_eq!(end("<!---->x"), 7);
        assert_eq!(end("<!-->x"), 5);
        assert_eq!(end("<!--->x"), 6);
        assert_eq!(end("<!-- a -- b -->x"), 15);
        assert_eq!(end("<!-- a --!>x"), 11);
        assert_eq!(end("<!--!> still in -->x"), 19);
        assert_eq!(end("<!-- never closed -- -"), 22);
    }

    fn kinds(html: &str) -> Vec<String> {
        let mut scanner = Scanner::new(html);
        let mut out = Vec::new();
        while let Some(token) = scanner.next_token() {
            out.push(match token {
                Token::Text(text) => format!("text {text}"),
                Token::Tag(tag) => {
                    if !tag.end && matches!(tag.name.as_str(), "script" | "title") {
                        scanner.enter_raw(&tag.name);
                    }
                    let slash = if tag.end { "/" } else { "" };
                    format!("<{slash}{} {}>", tag.name, tag.attr_count)
                }
                Token::Doctype(raw) => format!("doctype {raw}"),
                Token::Comment => "comment".into(),
                Token::Raw(raw) => format!("raw {raw}"),
            });
        }
        out
    }

    #[test]
    fn tags_comments_and_text_split_as_the_tokenizer_does() {
        assert_eq!(
            kinds("<!DOCTYPE html><P Class='a>b' id=x>1 < 2<!-- <b> -->3</p><?php x?>"),
            [
                "doctype <!DOCTYPE html>",
                "<p 2>",
                "text 1 < 2",
                "comment",
                "text 3",
                "</p 0>",
                "comment"
            ]
        );
        assert_eq!(
            kinds("a<!-->b<!--->c"),
            ["text a", "comment", "text b", "comment", "text c"]
        );
        assert_eq!(kinds("<div title=\"cut"), ["comment"]);
    }

    #[test]
    fn raw_text_runs_to_its_own_end_tag() {
        assert_eq!(
            kinds("<script>if (a</b) '</scripts>'</script ><title>x</title>"),
            [
                "<script 0>",
                "raw if (a</b) '</scripts>'",
                "</script 0>",
                "<title 0>",
                "raw x",
                "</title 0>"
            ]
        );
    }

    #[test]
    fn self_closing_needs_the_slash_right_before_the_bracket() {
        let mut scanner = Scanner::new("<br/><div / id=a>");
        let Some(Token::Tag(br)) = scanner.next_token() else {
            panic!()
        };
        assert!(br.self_closing);
        let Some(Token::Tag(div)) = scanner.next_token() else {
            panic!()
        };
        assert!(!div.self_closing);
        assert_eq!(div.attr("ID"), Some("a"));
    }
}
