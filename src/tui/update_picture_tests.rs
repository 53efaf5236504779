//! The reader's lead picture through `update`: asked for once per article and size, only with
//! pictures on, kept only while its article is shown.

use ratatui::layout::Rect;

use super::*;
use crate::pictures::DynamicImage;
use crate::tui::pictures::{PictureRequest, encode, halfblocks_picker};
use crate::tui::test_shelf::article;

/// A wide screen over three articles, the newest two (3 and 2, listed first) with pictures;
/// pictures on or off.
fn shown(pictures: bool) -> (Fixture, Vec<Effect>) {
    let mut shelf = Shelf::default();
    for n in 1..=3 {
        let mut a = article(n, &format!("Harbour report {n}"));
        a.image = (n > 1).then(|| format!("https://img.example/{n}.png"));
        shelf.add(a, None);
    }
    let mut f = with_shelf(shelf, true);
    f.state.settings.pictures = pictures;
    let effects = f.press(Msg::Resized(pane(24)));
    (f, effects)
}

/// The wide sizes with a reader pane `height` rows tall.
fn pane(height: u16) -> Sizes {
    Sizes {
        reader_area: Some(Rect::new(41, 0, 42, height)),
        ..sizes(true)
    }
}

fn asked(effects: &[Effect]) -> Vec<&PictureRequest> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::FetchPicture(request) => Some(request),
            _ => None,
        })
        .collect()
}

#[test]
fn the_shown_articles_picture_is_asked_for_once_at_the_readers_size() {
    let (mut f, effects) = shown(true);
    assert_eq!(f.state.reader.as_ref().map(|r| r.article.id), Some(3));
    let wanted = PictureRequest {
        article: 3,
        url: "https://img.example/3.png".into(),
        columns: 40,
        max_rows: 8,
    };
    assert_eq!(asked(&effects), [&wanted]);
    // Nothing new: nothing asked again.
    assert!(asked(&f.press(Msg::Resized(pane(24)))).is_empty());
    // Its answer is kept and drawn for that article.
    let image = DynamicImage::new_rgb8(100, 50);
    let picture = encode(&halfblocks_picker(), image, wanted.clone()).unwrap();
    f.press(Msg::Picture {
        article: 3,
        result: Ok(Box::new(picture)),
    });
    assert_eq!(f.state.picture.as_ref().map(|p| p.rows()), Some(3));
    // A taller pane wants a larger picture: asked again, the old one dropped meanwhile.
    let taller = asked(&f.press(Msg::Resized(pane(60))))
        .into_iter()
        .cloned()
        .collect::<Vec<_>>();
    assert_eq!(taller.first().map(|r| r.max_rows), Some(12));
    assert!(f.state.picture.is_none());
}

#[test]
fn moving_on_drops_the_picture_and_an_article_without_one_asks_nothing() {
    let (mut f, _) = shown(true);
    let next = f.press(ch('j'));
    assert_eq!(asked(&next).first().map(|r| r.article), Some(2));
    // A late answer for article 3 is not drawn over article 2.
    let first = PictureRequest {
        article: 3,
        url: "https://img.example/3.png".into(),
        columns: 40,
        max_rows: 8,
    };
    let late = encode(&halfblocks_picker(), DynamicImage::new_rgb8(10, 10), first).unwrap();
    f.press(Msg::Picture {
        article: 3,
        result: Ok(Box::new(late)),
    });
    assert!(f.state.picture.is_none());
    assert!(
        asked(&f.press(ch('j'))).is_empty(),
        "article 1 has no picture"
    );
}

#[test]
fn a_picture_that_arrives_under_the_help_screen_is_asked_for_again_after_it() {
    let (mut f, effects) = shown(true);
    let wanted = asked(&effects).first().copied().cloned().unwrap();
    f.press(ch('?'));
    // The help screen has the whole terminal: no reader pane, no picture wanted.
    f.press(Msg::Resized(sizes(true)));
    let picture = encode(
        &halfblocks_picker(),
        DynamicImage::new_rgb8(10, 10),
        wanted.clone(),
    );
    f.press(Msg::Picture {
        article: 3,
        result: Ok(Box::new(picture.unwrap())),
    });
    assert!(f.state.picture.is_none());
    f.press(key(KeyCode::Esc));
    let again = f.press(Msg::Resized(pane(24)));
    assert_eq!(asked(&again), [&wanted]);
}

#[test]
fn with_pictures_off_none_is_asked_for() {
    let (mut f, effects) = shown(false);
    assert!(f.state.reader.is_some());
    assert!(asked(&effects).is_empty());
    for _ in 0..2 {
        assert!(asked(&f.press(ch('j'))).is_empty());
    }
    assert!(f.state.picture.is_none());
}
