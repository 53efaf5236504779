//! An item's lead picture, from the places feeds put one: an enclosure of an image type (RSS's
//! `<enclosure>`, Atom's `rel="enclosure"` link), Media RSS's `media:content` of the image medium,
//! `media:thumbnail`, and a podcast episode's `itunes:image`. The address is taken as written;
//! the draft resolves and cleans it (see `ingest::links::picture_url`).

use super::namespaces::Ns;
use super::xml_tree::Element;

/// The item's picture, in the order above: the enclosure is the picture the feed ships with the
/// item, the thumbnail a smaller copy, the episode art the least about this item.
pub fn lead_picture(item: &Element) -> Option<String> {
    let group: Vec<&Element> = item
        .elements()
        .filter(|e| e.ns == Ns::Media && e.name == "group")
        .collect();
    // Media RSS allows its elements in the item and in its groups; the item's own come first.
    let holders = std::iter::once(item).chain(group.iter().copied());
    let media = || holders.clone().flat_map(|holder| holder.elements());
    enclosure(item)
        .or_else(|| media().find_map(media_content))
        .or_else(|| media().find_map(thumbnail))
        .or_else(|| {
            // A thumbnail may also sit inside a `media:content` of another medium (a video's still).
            media()
                .filter(|e| e.ns == Ns::Media && e.name == "content")
                .flat_map(|content| content.elements())
                .find_map(thumbnail)
        })
        .or_else(|| {
            item.elements()
                .filter(|e| e.ns == Ns::Itunes && e.name == "image")
                .find_map(|e| attribute(e, "href"))
        })
}

/// An RSS enclosure or an Atom enclosure link whose type is an image.
fn enclosure(item: &Element) -> Option<String> {
    item.elements().find_map(|e| {
        let is_image = e.attr("type").is_some_and(is_image_type);
        match (e.ns, e.name.as_str()) {
            (Ns::Plain, "enclosure") if is_image => attribute(e, "url"),
            (Ns::Plain | Ns::Atom, "link")
                if is_image
                    && e.attr("rel")
                        .is_some_and(|rel| rel.trim().eq_ignore_ascii_case("enclosure")) =>
            {
                attribute(e, "href")
            }
            _ => None,
        }
    })
}

/// A `media:content` that is a picture: `medium="image"`, or an image type without a medium.
fn media_content(e: &Element) -> Option<String> {
    if e.ns != Ns::Media || e.name != "content" {
        return None;
    }
    let medium = e.attr("medium").map(str::trim);
    let is_image = match medium {
        Some(medium) => medium.eq_ignore_ascii_case("image"),
        None => e.attr("type").is_some_and(is_image_type),
    };
    if is_image { attribute(e, "url") } else { None }
}

fn thumbnail(e: &Element) -> Option<String> {
    (e.ns == Ns::Media && e.name == "thumbnail")
        .then(|| attribute(e, "url"))
        .flatten()
}

fn is_image_type(mime: &str) -> bool {
    mime.trim()
        .get(..6)
        .is_some_and(|start| start.eq_ignore_ascii_case("image/"))
}

/// An attribute's value, trimmed; `None` when absent or empty.
fn attribute(e: &Element, name: &str) -> Option<String> {
    let value = e.attr(name)?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::ingest::feed::xml_tree::read;

    fn picture(xml: &str) -> Option<String> {
        lead_picture(&read(xml).root.unwrap())
    }

    const MEDIA: &str = "xmlns:media=\"http://search.yahoo.com/mrss/\"";

    #[test]
    fn an_image_enclosure_is_the_picture_and_audio_is_not() {
        let xml = "<item><enclosure url=\"https://x.example/a.mp3\" type=\"audio/mpeg\"/>\
                   <enclosure url=\" https://x.example/a.jpg \" type=\"Image/JPEG\"/></item>";
        assert_eq!(picture(xml).as_deref(), Some("https://x.example/a.jpg"));
        let audio = "<item><enclosure url=\"https://x.example/a.mp3\" type=\"audio/mpeg\"/></item>";
        assert_eq!(picture(audio), None);
    }

    #[test]
    fn atom_enclosure_links_count_when_they_are_images() {
        let xml = "<entry xmlns=\"http://www.w3.org/2005/Atom\">\
                   <link rel=\"enclosure\" type=\"image/png\" href=\"/p.png\"/></entry>";
        assert_eq!(picture(xml).as_deref(), Some("/p.png"));
    }

    #[test]
    fn media_content_of_the_image_medium_comes_before_a_thumbnail() {
        let xml = format!(
            "<item {MEDIA}><media:thumbnail url=\"https://x.example/t.jpg\"/>\
             <media:content url=\"https://x.example/v.mp4\" medium=\"video\"/>\
             <media:content url=\"https://x.example/big.jpg\" medium=\"image\"/></item>"
        );
        assert_eq!(picture(&xml).as_deref(), Some("https://x.example/big.jpg"));
    }

    #[test]
    fn thumbnails_are_found_in_groups_and_inside_a_video() {
        let grouped = format!(
            "<item {MEDIA}><media:group><media:thumbnail url=\"https://x.example/g.jpg\"/>\
             </media:group></item>"
        );
        assert_eq!(
            picture(&grouped).as_deref(),
            Some("https://x.example/g.jpg")
        );
        let still = format!(
            "<item {MEDIA}><media:content url=\"https://x.example/v.mp4\" medium=\"video\">\
             <media:thumbnail url=\"https://x.example/still.jpg\"/></media:content></item>"
        );
        assert_eq!(
            picture(&still).as_deref(),
            Some("https://x.example/still.jpg")
        );
    }

    #[test]
    fn an_item_without_a_picture_has_none() {
        assert_eq!(picture("<item><title>Words only</title></item>"), None);
    }
}
