//! Which article the reader shows: the one selected beside the list (wide), the one opened with
//! Enter, J or K (marked read when so configured), or the same one read again; the link of an
//! article not open; and the lead picture above the reader's text.

use super::flags::{link_known, set_flag};
use super::msg::{ArticleUse, DataRequest, Effect, Flag, Loaded};
use super::pictures::{Picture, PictureRequest, picture_rows_for, wide_enough};
use super::reader::Reader;
use super::state::State;
use crate::article::ArticleId;
use crate::config::keymap::Mode;

/// An article read for the reader, or for its link.
pub fn article_read(
    state: &mut State,
    id: ArticleId,
    purpose: ArticleUse,
    found: Option<Box<Loaded>>,
    effects: &mut Vec<Effect>,
) {
    let Some(loaded) = found else {
        if purpose == ArticleUse::Open {
            state.complain(format!("article {id} is no longer stored"));
        }
        return;
    };
    match purpose {
        ArticleUse::Preview => {
            // Shown only if it is still what the list has selected.
            if state
                .list()
                .selected_row()
                .is_some_and(|row| row.shown_article() == id)
            {
                state.reader = Some(reader_for(state, *loaded));
            }
        }
        ArticleUse::Open => {
            state.reader = Some(reader_for(state, *loaded));
            state.mode = Mode::Reader;
            mark_read_on_open(state, effects);
        }
        ArticleUse::Link { copy } => {
            link_known(state, loaded.article.url.as_deref(), copy, effects)
        }
        ArticleUse::Reload => {
            let Some(open) = state.reader.as_mut().filter(|r| r.article.id == id) else {
                return;
            };
            let same_text = open.article.title == loaded.article.title
                && open.article.standfirst == loaded.article.standfirst
                && open.article.body == loaded.article.body
                && open.article.entities == loaded.article.entities
                && open.full_text == loaded.full_text;
            if same_text {
                // Only its marks changed (read, starred, here or elsewhere): the place in the
                // text, the match and the name stepped to stay.
                open.article = loaded.article;
                return;
            }
            let scroll = open.scroll;
            let mut reader = reader_at_top(state, *loaded);
            reader.scroll_by(scroll as isize, state.sizes.reader_height);
            state.reader = Some(reader);
        }
    }
}

/// A reader for a newly shown article, its first search match on screen.
fn reader_for(state: &mut State, loaded: Loaded) -> Reader {
    let mut reader = reader_at_top(state, loaded);
    reader.reveal_first_match(state.sizes.reader_height);
    reader
}

fn reader_at_top(state: &mut State, loaded: Loaded) -> Reader {
    let width = state.sizes.reader_width;
    let highlighter = state.views.top_mut().highlighter.as_mut();
    Reader::new(loaded.article, loaded.full_text, width, highlighter)
}

/// The open article becomes read when opened, if so configured.
pub fn mark_read_on_open(state: &mut State, effects: &mut Vec<Effect>) {
    let unread = state
        .reader
        .as_ref()
        .filter(|r| !r.article.read)
        .map(|r| r.article.id);
    if let (true, Some(id)) = (state.settings.mark_read_on_open, unread) {
        set_flag(state, Flag::Read, id, true, effects);
    }
}

/// Opens the selected article in the reader, once its row is read.
pub fn open_selected(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(id) = state.list().selected_row().map(|row| row.shown_article()) else {
        // Not read yet: opened when it is (an empty list has nothing to open).
        state.opening = !state.list().is_empty();
        return;
    };
    state.opening = false;
    let height = state.sizes.reader_height;
    if let Some(reader) = state.reader.as_mut().filter(|r| r.article.id == id) {
        // The same article found by a new search: its matches were marked afresh, and it opens
        // on the first as any article found does (once shown there, the place is kept).
        if reader.fresh_matches {
            reader.reveal_first_match(height);
        }
        state.mode = Mode::Reader;
        mark_read_on_open(state, effects);
        return;
    }
    state.open_asked = Some(id);
    effects.push(Effect::Data(DataRequest::Article {
        id,
        purpose: ArticleUse::Open,
    }));
}

/// Keeps the reader beside the list on the selected article.
pub fn follow_selection(state: &mut State, effects: &mut Vec<Effect>) {
    let selected = state.list().selected_row().map(|row| row.shown_article());
    let shown = state.reader.as_ref().map(|r| r.article.id);
    match selected {
        Some(id) if Some(id) != shown && state.article_asked != Some(id) => {
            state.article_asked = Some(id);
            effects.push(Effect::Data(DataRequest::Article {
                id,
                purpose: ArticleUse::Preview,
            }));
        }
        None if state.list().is_empty() => state.reader = None,
        _ => {}
    }
}

/// The picture the reader wants now: its article's, at the reader's size. `None` with pictures
/// off, without a reader or a picture, or when the reader is too small for one.
fn wanted_picture(state: &State) -> Option<PictureRequest> {
    if !state.settings.pictures {
        return None;
    }
    let reader = state.reader.as_ref()?;
    let url = reader.article.image.clone()?;
    let pane = state.sizes.reader_area?;
    let columns = u16::try_from(state.sizes.reader_width).unwrap_or(u16::MAX);
    let max_rows = picture_rows_for(pane.height);
    (wide_enough(columns) && max_rows > 0).then_some(PictureRequest {
        article: reader.article.id,
        url,
        columns,
        max_rows,
    })
}

/// Asks for the reader's picture when it shows a new article or the reader changed size; a
/// picture of another article or size is dropped, and the text is drawn without one until the
/// new one arrives. While no picture is wanted (help on screen, an article without one) what
/// was asked is forgotten, so that coming back asks again (the disk cache answers).
pub fn ask_picture(state: &mut State, effects: &mut Vec<Effect>) {
    let wanted = wanted_picture(state);
    if state.picture.as_ref().map(|p| &p.request) != wanted.as_ref() {
        state.picture = None;
    }
    let Some(wanted) = wanted else {
        state.picture_asked = None;
        return;
    };
    if state.picture.is_none() && state.picture_asked.as_ref() != Some(&wanted) {
        state.picture_asked = Some(wanted.clone());
        effects.push(Effect::FetchPicture(wanted));
    }
}

/// A picture arrived: kept if the reader still wants it. One that could not be had leaves the
/// text as it is; the reason is said in the status bar while its article is still shown.
pub fn picture_arrived(
    state: &mut State,
    article: ArticleId,
    result: Result<Box<Picture>, String>,
) {
    let wanted = wanted_picture(state);
    match result {
        Ok(picture) if wanted.as_ref() == Some(&picture.request) => state.picture = Some(*picture),
        Ok(_) => {}
        Err(reason) if wanted.as_ref().is_some_and(|w| w.article == article) => {
            state.say(format!("no picture: {reason}"));
        }
        Err(_) => {}
    }
}
