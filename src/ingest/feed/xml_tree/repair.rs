//! Mistakes made so often in feeds that the XML is mended before it is read, each in one linear
//! pass: a `<` that opens no tag (`Fish & chips < 5 euros`) is escaped, and a last end tag that
//! lost its `>` (`...</rss`) gets it back.

use std::borrow::Cow;

/// The text with both mendings applied; borrowed when there was nothing to mend.
pub fn repaired(xml: &str) -> Cow<'_, str> {
    let escaped = stray_lt_escaped(xml);
    match with_last_end_tag_closed(&escaped) {
        Some(closed) => Cow::Owned(closed),
        None => escaped,
    }
}

/// Escapes each `<` that cannot open markup: one not followed by a name, `/`, `!` or `?`. Comments
/// and CDATA sections are passed over whole, since a `<` in them is text already.
fn stray_lt_escaped(xml: &str) -> Cow<'_, str> {
    let bytes = xml.as_bytes();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = xml[at..].find('<') {
        let lt = at + found;
        let rest = &xml[lt..];
        let skip_to = |end: &str| rest.find(end).map_or(xml.len(), |e| lt + e + end.len());
        if rest.starts_with("<![CDATA[") {
            at = skip_to("]]>");
            continue;
        }
        if rest.starts_with("<!--") {
            at = skip_to("-->");
            continue;
        }
        let opens_markup = bytes.get(lt + 1).is_some_and(|&next| {
            next.is_ascii_alphabetic()
                || matches!(next, b'_' | b':' | b'/' | b'!' | b'?')
                || next >= 0x80
        });
        if !opens_markup {
            let text = out.get_or_insert_with(|| String::with_capacity(xml.len() + 16));
            text.push_str(&xml[copied..lt]);
            text.push_str("&lt;");
            copied = lt + 1;
        }
        at = lt + 1;
    }
    match out {
        Some(mut text) => {
            text.push_str(&xml[copied..]);
            Cow::Owned(text)
        }
        None => Cow::Borrowed(xml),
    }
}

/// The text with a `>` added when it ends in an end tag that lost its own (`...</rss`): the rest
/// was read whole, so the break would cost nothing but a false alarm.
fn with_last_end_tag_closed(xml: &str) -> Option<String> {
    let trimmed = xml.trim_end();
    let at = trimmed.rfind('<')?;
    let name = trimmed[at..].strip_prefix("</")?;
    let is_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ':' | '-' | '_' | '.'));
    is_name.then(|| format!("{trimmed}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lt_that_opens_nothing_is_escaped_and_markup_is_not() {
        assert_eq!(
            repaired("<t>Fish & chips < 5 euros, 3<4 <b>ok</b></t>"),
            "<t>Fish & chips &lt; 5 euros, 3&lt;4 <b>ok</b></t>"
        );
        let kept = "<t><![CDATA[ a < b ]]><!-- c < d --><?pi x?><x:y/></t>";
        assert!(matches!(repaired(kept), Cow::Borrowed(_)));
        assert_eq!(repaired("<a>x</a"), "<a>x</a>");
        assert_eq!(repaired("<a>x <"), "<a>x &lt;");
    }
}
