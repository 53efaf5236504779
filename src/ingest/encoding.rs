//! Bytes to text: BOM (or how `<` is spelled, or where NUL bytes stand, for UTF-16 and UTF-32),
//! then the declared charset, then UTF-8, then chardetng's guess.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// How far into the input a charset declaration is looked for.
const DECLARATION_WINDOW: usize = 1024;

/// Decodes bytes to a string. Invalid sequences become U+FFFD; this never fails or panics.
pub fn decode(bytes: &[u8]) -> String {
    if let Some(big_endian) = utf32_big_endian(bytes) {
        return decode_utf32(bytes, big_endian);
    }
    let encoding = detect_encoding(bytes);
    // `decode` also honours a BOM, which wins over anything declared.
    let (text, _, _) = encoding.decode(bytes);
    text.into_owned()
}

/// Picks the encoding: BOM first, then an XML or HTML declaration, else UTF-8 if valid, else a guess.
pub fn detect_encoding(bytes: &[u8]) -> &'static Encoding {
    if let Some((encoding, _)) = Encoding::for_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = utf16_without_bom(bytes) {
        return encoding;
    }
    if let Some(encoding) = declared_encoding(bytes) {
        return encoding;
    }
    if std::str::from_utf8(bytes).is_ok() || mostly_utf8(bytes) {
        return UTF_8;
    }
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(None, Utf8Detection::Allow)
}

/// UTF-8 with a stray bad byte or two: at least two well-formed multi-byte characters for every
/// malformed sequence. Text in a legacy charset almost never spells a multi-byte UTF-8 character
/// (`é` is one byte there, followed by ASCII), so a guess would read the whole file as, say,
/// Windows-1252 and turn every `é` of it into `Ã©` for the sake of one bad byte.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let (mut multibyte, mut malformed) = (0usize, 0usize);
    let mut rest = bytes;
    loop {
        let (valid, next) = match std::str::from_utf8(rest) {
            Ok(all) => (all, None),
            Err(error) => {
                let (valid, after) = rest.split_at(error.valid_up_to());
                // The prefix was just checked; an unfinished sequence at the end is one bad one.
                let valid = std::str::from_utf8(valid).unwrap_or_default();
                malformed += 1;
                (valid, error.error_len().map(|len| &after[len..]))
            }
        };
        multibyte += valid.chars().filter(|c| !c.is_ascii()).count();
        match next {
            Some(after) => rest = after,
            None => break,
        }
    }
    malformed > 0 && multibyte >= 2 * malformed
}

/// True when the bytes are UTF-16 or UTF-32 text (by BOM, or by how `<` is spelled), whose NUL
/// bytes are part of the characters and do not make it binary.
pub fn is_wide_unicode(bytes: &[u8]) -> bool {
    if utf32_big_endian(bytes).is_some() {
        return true;
    }
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return true;
    }
    utf16_without_bom(bytes).is_some()
}

/// XML 1.0 appendix F: UTF-16 without a byte-order mark shows in how the first `<` (or a JSON
/// `{`) is spelled. (NUL bytes are valid UTF-8, so a UTF-8 check would take it for UTF-8.)
fn utf16_without_bom(bytes: &[u8]) -> Option<&'static Encoding> {
    match *bytes.get(..4)? {
        [0, b'<' | b'{', 0, next] if next.is_ascii() && next != 0 => Some(encoding_rs::UTF_16BE),
        [b'<' | b'{', 0, next, 0] if next.is_ascii() && next != 0 => Some(encoding_rs::UTF_16LE),
        // What reads as UTF-32 never fits: nearly every other two-byte unit of it is two NULs.
        _ => {
            let encoding = match utf16_nul_places(bytes)? {
                [units, low_nuls, high_nuls] if fits(units, low_nuls, high_nuls) => {
                    encoding_rs::UTF_16LE
                }
                [units, high_nuls, low_nuls] if fits(units, low_nuls, high_nuls) => {
                    encoding_rs::UTF_16BE
                }
                _ => return None,
            };
            let head = &bytes[..bytes.len().min(WIDE_SNIFF)];
            let (text, _) = encoding.decode_without_bom_handling(head);
            reads_as_text(&text).then_some(encoding)
        }
    }
}

/// Whether wide text guessed by its NUL places reads as text: hardly a control character or an
/// undecodable unit in it. A table of small binary integers has its NULs in the same places.
fn reads_as_text(text: &str) -> bool {
    let (mut chars, mut odd) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        let control = c.is_control() && !matches!(c, '\n' | '\r' | '\t');
        odd += usize::from(control || c == '\u{fffd}');
    }
    chars > 0 && odd * 20 <= chars
}

/// How much of the start is looked at to tell UTF-16 or UTF-32 without a BOM by its NUL bytes.
const WIDE_SNIFF: usize = 1024;

/// Text of mostly Latin letters in UTF-16 or UTF-32 without a BOM, which plain text and Markdown
/// written on Windows can be, shows it in where its NUL bytes stand: `a` is `61 00` in UTF-16LE,
/// `00 61` in UTF-16BE, `61 00 00 00` and `00 00 00 61` in UTF-32. For each byte place of a
/// two-byte unit over the first kilobyte: how many units, then how many hold a NUL in their first
/// byte and in their second. `None` when too short to judge.
fn utf16_nul_places(bytes: &[u8]) -> Option<[usize; 3]> {
    let head = &bytes[..bytes.len().min(WIDE_SNIFF)];
    let units = head.len() / 2;
    if units < 16 {
        return None;
    }
    let mut nul_first = 0;
    let mut nul_second = 0;
    for unit in head.chunks_exact(2) {
        nul_first += usize::from(unit[0] == 0);
        nul_second += usize::from(unit[1] == 0);
    }
    Some([units, nul_first, nul_second])
}

/// Whether NUL counts per place fit UTF-16 text: the high byte is NUL in at least half the units
/// (Latin letters), the low byte in hardly any (a few characters such as U+4E00 end in 00).
fn fits(units: usize, low_nuls: usize, high_nuls: usize) -> bool {
    high_nuls * 2 >= units && low_nuls * 50 <= units
}

/// UTF-32 without a BOM by its NUL places: the middle two bytes of nearly every unit are NUL, and
/// the letter's own byte hardly ever is. `Some(true)` big-endian.
fn utf32_by_nul_places(bytes: &[u8]) -> Option<bool> {
    let head = &bytes[..bytes.len().min(WIDE_SNIFF)];
    let units = head.len() / 4;
    if units < 16 {
        return None;
    }
    let count = |place: usize| head.chunks_exact(4).filter(|unit| unit[place] == 0).count();
    let mostly = |n: usize| n * 10 >= units * 9;
    if !(mostly(count(1)) && mostly(count(2))) {
        return None;
    }
    // As in UTF-16, a few characters (U+4E00) have a NUL where the letter's byte stands.
    let hardly = |n: usize| n * 50 <= units;
    let big_endian = match (count(0), count(3)) {
        (first, last) if mostly(first) && hardly(last) => true,
        (first, last) if hardly(first) && mostly(last) => false,
        _ => return None,
    };
    reads_as_text(&decode_utf32(head, big_endian)).then_some(big_endian)
}

/// An encoding found at the start that dateline cannot decode, by name: EBCDIC, whose `<?xm`
/// is `4C 6F A7 94` (XML 1.0 appendix F).
pub fn unreadable_encoding(bytes: &[u8]) -> Option<&'static str> {
    bytes
        .starts_with(&[0x4c, 0x6f, 0xa7, 0x94])
        .then_some("EBCDIC")
}

/// UTF-32's byte order when the bytes are UTF-32: `Some(true)` big-endian, `Some(false)` little.
/// Known by BOM, by a first `<` spelled in four bytes, or by where its NUL bytes stand.
fn utf32_big_endian(bytes: &[u8]) -> Option<bool> {
    match bytes.get(..4)? {
        [0, 0, 0xfe, 0xff] | [0, 0, 0, b'<'] => Some(true),
        [0xff, 0xfe, 0, 0] | [b'<', 0, 0, 0] => Some(false),
        _ => utf32_by_nul_places(bytes),
    }
}

/// The character a numeric reference (`&#150;`) stands for, as HTML reads it: 128 to 159 are
/// control codes in Unicode but, in text written as Windows-1252 (old feeds, pasted Word), the
/// dashes, quotes and euro sign that those bytes are there, so they read as those (`&#150;` is
/// "–", not a control to drop). None when the number is no character.
pub fn referenced_char(number: u32) -> Option<char> {
    const WINDOWS_1252: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    match number {
        0x80..=0x9f => Some(WINDOWS_1252[(number - 0x80) as usize]),
        _ => char::from_u32(number),
    }
}

/// UTF-32 to text (encoding_rs has no UTF-32): a unit that is no character becomes U+FFFD, and a
/// leading BOM goes.
fn decode_utf32(bytes: &[u8], big_endian: bool) -> String {
    let mut text: String = bytes
        .chunks_exact(4)
        .map(|unit| {
            let unit = [unit[0], unit[1], unit[2], unit[3]];
            let value = if big_endian {
                u32::from_be_bytes(unit)
            } else {
                u32::from_le_bytes(unit)
            };
            char::from_u32(value).unwrap_or('\u{fffd}')
        })
        .collect();
    if text.starts_with('\u{feff}') {
        text.remove(0);
    }
    text
}

/// The charset named by `<?xml ... encoding="..."?>`, `<meta charset>` or a `http-equiv` content type.
fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(DECLARATION_WINDOW)];
    // Declarations are ASCII; anything else in the window is irrelevant to finding them.
    let head: String = head
        .iter()
        .map(|&b| {
            if b.is_ascii() {
                b.to_ascii_lowercase() as char
            } else {
                ' '
            }
        })
        .collect();
    let label = xml_declared_label(&head).or_else(|| meta_declared_label(&head))?;
    let encoding = Encoding::for_label(label.as_bytes())?;
    // A UTF-16 label in a file that we could read as ASCII is wrong (it would have a BOM): HTML says use UTF-8.
    if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        return Some(UTF_8);
    }
    Some(encoding)
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of the (lowercased) head.
fn xml_declared_label(head: &str) -> Option<String> {
    let start = head.trim_start().strip_prefix("<?xml")?;
    let declaration = &start[..start.find("?>")?];
    attribute_value(declaration, "encoding")
}

/// The charset of the first `<meta>` tag that declares one.
fn meta_declared_label(head: &str) -> Option<String> {
    let mut rest = head;
    while let Some(at) = rest.find("<meta") {
        let tag = &rest[at..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        if let Some(label) = attribute_value(tag, "charset") {
            return Some(label);
        }
        if let Some(content) = attribute_value(tag, "content")
            && let Some(pos) = content.find("charset=")
        {
            let label = &content[pos + "charset=".len()..];
            let label = label
                .split(|c: char| c == ';' || c.is_whitespace())
                .next()?;
            return Some(label.trim_matches(['"', '\'']).to_string());
        }
        rest = &rest[at + "<meta".len()..];
    }
    None
}

/// The value of `name=value`, `name="value"` or `name='value'` inside a tag's text.
fn attribute_value(tag: &str, name: &str) -> Option<String> {
    let mut search = tag;
    loop {
        let at = search.find(name)?;
        let preceded_ok = search[..at]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || c == '<' || c == '"' || c == '\'' || c == ';');
        let after = search[at + name.len()..].trim_start();
        if let (true, Some(value)) = (preceded_ok, after.strip_prefix('=')) {
            let value = value.trim_start();
            let text = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or(""),
                _ => value
                    .split(|c: char| c.is_whitespace() || matches!(c, '>' | '/' | ';' | '"' | '\''))
                    .next()
                    .unwrap_or(""),
            };
            if !text.is_empty() {
                return Some(text.trim().to_string());
            }
        }
        search = &search[at + name.len()..];
    }
}

/// Rewrites the `encoding` of an XML declaration to UTF-8, for text that has already been decoded,
/// so an XML parser reading the UTF-8 bytes does not decode them a second time.
pub fn declare_utf8(xml: &str) -> String {
    // Nothing may precede an XML declaration, so leading whitespace goes too.
    let body = xml.trim_start_matches('\u{feff}').trim_start();
    let Some(end) = body.strip_prefix("<?xml").and_then(|_| body.find("?>")) else {
        return body.to_string();
    };
    let declaration = &body[..end];
    let lowered = declaration.to_ascii_lowercase();
    let Some(at) = lowered.find("encoding") else {
        return body.to_string();
    };
    let after = &declaration[at + "encoding".len()..];
    let Some(eq) = after.find('=') else {
        return body.to_string();
    };
    let value = after[eq + 1..].trim_start();
    let Some(quote @ ('"' | '\'')) = value.chars().next() else {
        return body.to_string();
    };
    let Some(close) = value[1..].find(quote) else {
        return body.to_string();
    };
    let value_start = declaration.len() - value.len();
    let value_end = value_start + close + 2;
    format!(
        "{}encoding=\"UTF-8\"{}{}",
        &declaration[..at],
        &declaration[value_end..],
        &body[end..]
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn bom_wins_over_declaration() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<?xml version=\"1.0\" encoding=\"koi8-r\"?><a>é</a>".as_bytes());
        assert_eq!(detect_encoding(&bytes), UTF_8);
        assert!(decode(&bytes).contains('é'));
    }

    #[test]
    fn utf8_with_a_stray_bad_byte_stays_utf8_and_legacy_text_is_still_guessed() {
        let damaged =
            b"Caf\xc3\xa9 owner says na\xc3\xafve plan \xff failed in M\xc3\xbcnchen \xe2\x82\xac";
        assert_eq!(
            decode(damaged),
            "Café owner says naïve plan \u{fffd} failed in München €"
        );
        // Cut off in the middle of its last character.
        assert_eq!(
            decode(b"na\xc3\xafve caf\xc3\xa9 \xe2\x82"),
            "naïve café \u{fffd}"
        );
        // Windows-1252 French: no byte pair in it is a UTF-8 character.
        let (french, _, _) = encoding_rs::WINDOWS_1252.encode("Le café où l'été déçoit à Orléans");
        assert_eq!(decode(&french), "Le café où l'été déçoit à Orléans");
        // More bad sequences than good characters: not UTF-8 with damage.
        assert_ne!(
            detect_encoding(b"\xe9t\xe9 caf\xc3\xa9 \xe0 No\xebl"),
            UTF_8
        );
    }

    #[test]
    fn utf16_with_bom_decodes() {
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "Привет".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(decode(&bytes), "Привет");
    }

    #[test]
    fn xml_declaration_is_honoured() {
        let (body, _, _) = encoding_rs::WINDOWS_1251.encode("<t>Новости</t>");
        let mut bytes = b"<?xml version='1.0' encoding='windows-1251'?>".to_vec();
        bytes.extend_from_slice(&body);
        assert_eq!(detect_encoding(&bytes), encoding_rs::WINDOWS_1251);
        assert!(decode(&bytes).contains("Новости"));
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=KOI8-R\">";
        assert_eq!(detect_encoding(page), encoding_rs::KOI8_R);
        assert_eq!(
            detect_encoding(b"<meta charset=iso-8859-2>"),
            encoding_rs::ISO_8859_2
        );
    }

    #[test]
    fn utf16_and_utf32_without_a_bom_and_utf32_with_one() {
        let xml = "<?xml version=\"1.0\"?><rss>Überfahrt</rss>";
        let utf16le: Vec<u8> = xml.encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(decode(&utf16le), xml);
        let comment_first = "<!-- note --><rss/>";
        let utf16be: Vec<u8> = comment_first
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(decode(&utf16be), comment_first);
        assert!(is_wide_unicode(&utf16be));
        let utf32be: Vec<u8> = xml
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        assert_eq!(decode(&utf32be), xml);
        let mut utf32le = vec![0xff, 0xfe, 0, 0];
        utf32le.extend(xml.chars().flat_map(|c| u32::from(c).to_le_bytes()));
        assert_eq!(decode(&utf32le), xml);
        assert!(is_wide_unicode(&utf32le));
        assert!(!is_wide_unicode(b"<rss>"));
        // Plain text and Markdown without a BOM, told by where their NUL bytes stand.
        let text = "# Harbour notes\n\nThe ferry to Åland sails at 06:40 (一 day late).\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let le32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let be32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        for wide in [&le, &be, &le32, &be32] {
            assert!(is_wide_unicode(wide));
            assert_eq!(decode(wide), text);
        }
        // Too short to judge, or NULs that fall anywhere: not taken for wide text.
        assert!(!is_wide_unicode(&le[..20]));
        let scattered: Vec<u8> = (0..200u8).map(|b| if b % 3 == 0 { 0 } else { b }).collect();
        assert!(!is_wide_unicode(&scattered));
        // Small binary integers have their NULs in the same places, but do not read as text.
        assert!(!is_wide_unicode(&[0x05, 0x00].repeat(64)));
        assert!(!is_wide_unicode(&[0x07, 0, 0, 0].repeat(32)));
        assert_eq!(
            unreadable_encoding(&[0x4c, 0x6f, 0xa7, 0x94, 0x93]),
            Some("EBCDIC")
        );
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        let text = decode(b"ok \xff\xfe\xc3 fine");
        assert!(text.starts_with("ok "));
        assert!(text.ends_with(" fine"));
    }

    #[test]
    fn undeclared_legacy_text_is_guessed() {
        let sentence = "Правительство объявило о новых мерах поддержки экономики региона.";
        let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(sentence);
        assert_eq!(decode(&bytes), sentence);
    }

    #[test]
    fn declaration_is_rewritten_to_utf8() {
        let xml = "<?xml version=\"1.0\" encoding=\"windows-1251\"?>\n<rss/>";
        assert_eq!(
            declare_utf8(xml),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss/>"
        );
        assert_eq!(declare_utf8("<rss/>"), "<rss/>");
    }
}
