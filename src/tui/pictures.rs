//! Lead pictures in the reader: which of the terminal's picture protocols to draw with (asked
//! once, before the screen reads keys), and the background job that fetches a picture and
//! encodes it for the reader's width, so the text never waits for it.

use std::io::IsTerminal;
use std::sync::mpsc::Sender;
use std::time::Duration;

use ratatui::layout::Size;
use ratatui_image::picker::cap_parser::Response;
use ratatui_image::picker::{Picker, ProtocolType};
use ratatui_image::protocol::Protocol;
use ratatui_image::{FontSize, Resize};

use super::msg::{Incoming, Msg};
use super::terminal;
use super::terminal_query::{self, Answer, Surroundings};
use super::threads::spawn_guarded;
use crate::article::ArticleId;
use crate::config::Images;
use crate::pictures::{DynamicImage, PictureSource};

/// How long the terminal has to answer the query. Terminals answer at once, over ssh within a
/// round trip; one that has not answered by then is taken to show no pictures.
pub const QUERY_TIMEOUT: Duration = Duration::from_millis(500);
/// Most rows a picture takes, however tall the reader: it heads the text, it is not the text.
pub const MAX_PICTURE_ROWS: u16 = 12;
/// Fewest rows worth a picture; a shorter reader shows text only.
const MIN_PICTURE_ROWS: u16 = 3;
/// Fewest columns worth a picture.
const MIN_PICTURE_COLUMNS: u16 = 8;

/// A picture asked for: the reader's article, its picture's address, and the cells it may take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PictureRequest {
    pub article: ArticleId,
    pub url: String,
    pub columns: u16,
    pub max_rows: u16,
}

/// A picture encoded for the terminal's protocol at the size it was asked for.
pub struct Picture {
    pub request: PictureRequest,
    pub protocol: Protocol,
}

impl Picture {
    /// Rows the picture covers.
    pub fn rows(&self) -> u16 {
        self.protocol.size().height
    }
}

impl std::fmt::Debug for Picture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Picture")
            .field("request", &self.request)
            .field("size", &self.protocol.size())
            .finish()
    }
}

/// The rows a reader pane of `height` rows gives a picture, at most: a third of it, capped; none
/// when that is too few to show anything.
pub fn picture_rows_for(height: u16) -> u16 {
    let rows = (height / 3).min(MAX_PICTURE_ROWS);
    if rows < MIN_PICTURE_ROWS { 0 } else { rows }
}

/// Whether a reader `columns` wide has room for a picture.
pub fn wide_enough(columns: u16) -> bool {
    columns >= MIN_PICTURE_COLUMNS
}

/// The protocol to draw with, from the terminal's answer (`None`: none came in time) and what
/// the environment says of it. The kitty protocol is the best where it is answered, then
/// iTerm2's (known by the terminal's name, since those terminals do not say so when asked),
/// then sixel. Pictures in pixels need the cell size. A terminal that shows none of them gets no
/// pictures, unless `images = "always"` asks for coarse half blocks.
pub fn choose_protocol(
    answer: Option<&Answer>,
    surroundings: Surroundings,
    images: Images,
) -> Option<ProtocolType> {
    let fallback = (images == Images::Always).then_some(ProtocolType::Halfblocks);
    if images == Images::Never {
        return None;
    }
    let Some(answer) = answer.filter(|a| a.cell.is_some()) else {
        return fallback;
    };
    let said = |wanted: &Response| answer.responses.contains(wanted);
    let trusted = !surroundings.avoid_kitty_and_sixel;
    if trusted && said(&Response::Kitty) {
        Some(ProtocolType::Kitty)
    } else if surroundings.iterm2 {
        Some(ProtocolType::Iterm2)
    } else if trusted && said(&Response::Sixel) {
        Some(ProtocolType::Sixel)
    } else {
        fallback
    }
}

/// Asks the terminal which picture protocol it has, once, before the screen reads keys (its
/// answer arrives on the keyboard's input and would otherwise be read as keys). `None` means
/// no pictures: `images = "never"`, input or output that is not a terminal, no answer in time,
/// or a terminal that shows no pictures.
pub fn detect(images: Images) -> Option<Picker> {
    if images == Images::Never {
        return None;
    }
    let dumb = std::env::var("TERM").is_ok_and(|term| term == "dumb");
    if dumb || !std::io::stdin().is_terminal() || !terminal::output().is_terminal() {
        return None;
    }
    let surroundings = Surroundings::from_env(|name| std::env::var(name).ok());
    let answer = terminal_query::ask(surroundings, QUERY_TIMEOUT);
    let protocol = choose_protocol(answer.as_ref(), surroundings, images)?;
    let (width, height) = answer.and_then(|a| a.cell).unwrap_or((10, 20));
    // The constructor that takes a known cell size: the query was made here, with a deadline,
    // rather than by `Picker::from_query_stdio`, whose reading thread outlives a terminal that
    // does not answer and takes the keys typed next.
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(FontSize::new(width, height));
    picker.set_protocol_type(protocol);
    Some(picker)
}

/// A picker that draws in half blocks with a typical cell, for tests and `images = "always"`
/// checks that have no terminal to ask.
pub fn halfblocks_picker() -> Picker {
    let mut picker = Picker::halfblocks();
    picker.set_protocol_type(ProtocolType::Halfblocks);
    picker
}

/// The cells a picture of `image` fits into within `columns` x `max_rows`, proportions kept.
pub fn fitted_cells(image: &DynamicImage, font: FontSize, columns: u16, max_rows: u16) -> Size {
    let (width, height) = (f64::from(image.width()), f64::from(image.height()));
    let (cell_w, cell_h) = (f64::from(font.width.max(1)), f64::from(font.height.max(1)));
    let room_w = f64::from(columns) * cell_w;
    let room_h = f64::from(max_rows) * cell_h;
    let scale = (room_w / width.max(1.0))
        .min(room_h / height.max(1.0))
        .min(1.0);
    let cols = ((width * scale) / cell_w)
        .ceil()
        .clamp(1.0, f64::from(columns)) as u16;
    let rows = ((height * scale) / cell_h)
        .ceil()
        .clamp(1.0, f64::from(max_rows)) as u16;
    Size::new(cols, rows)
}

/// Encodes `image` for `picker`'s protocol, fitted to the request's cells.
pub fn encode(
    picker: &Picker,
    image: DynamicImage,
    request: PictureRequest,
) -> Result<Picture, String> {
    let size = fitted_cells(
        &image,
        picker.font_size(),
        request.columns,
        request.max_rows,
    );
    let protocol = picker
        .new_protocol(image, size, Resize::Fit(None))
        .map_err(|e| e.to_string())?;
    Ok(Picture { request, protocol })
}

/// Fetches (or reads from the cache) and encodes a picture on a thread; the answer comes back as
/// `Msg::Picture`.
pub fn spawn_picture(
    source: PictureSource,
    picker: Picker,
    request: PictureRequest,
    events: Sender<Incoming>,
) {
    let guard = events.clone();
    spawn_guarded("picture", guard, move || {
        let article = request.article;
        let result = source
            .load(&request.url)
            .map_err(|e| e.to_string())
            .and_then(|loaded| encode(&picker, loaded.image, request));
        let _ = events.send(Incoming::Search(Msg::Picture {
            article,
            result: result.map(Box::new),
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::terminal_query::read_answer;
    use ratatui_image::picker::cap_parser::Parser;

    /// kitty's answer: the graphics query acknowledged, its device attributes, its cell size.
    const KITTY: &[u8] = b"\x1b_Gi=31;OK\x1b\\\x1b[?62;c\x1b[6;20;10t\x1b[0n";
    /// A sixel terminal (xterm -ti vt340, foot): `4` among the device attributes.
    const SIXEL: &[u8] = b"\x1b[?63;1;2;4;6;9;15;22c\x1b[6;16;8t\x1b[0n";
    /// A terminal with no pictures: plain attributes and the status report, nothing else.
    const PLAIN: &[u8] = b"\x1b[?62;22c\x1b[6;16;8t\x1b[0n";

    /// The answer as the screen reads it.
    fn answered(bytes: &[u8]) -> Answer {
        let mut answer = Answer::default();
        assert!(
            read_answer(&mut Parser::new(), bytes, &mut answer),
            "no status report"
        );
        answer
    }

    fn chosen(bytes: &[u8], images: Images) -> Option<ProtocolType> {
        choose_protocol(Some(&answered(bytes)), Surroundings::default(), images)
    }

    #[test]
    fn kitty_answered_means_kitty_and_sixel_means_sixel() {
        assert_eq!(answered(KITTY).cell, Some((10, 20)));
        assert_eq!(chosen(KITTY, Images::Auto), Some(ProtocolType::Kitty));
        assert_eq!(chosen(SIXEL, Images::Auto), Some(ProtocolType::Sixel));
    }

    #[test]
    fn a_terminal_without_pictures_or_an_answer_gets_none_unless_always() {
        assert_eq!(chosen(PLAIN, Images::Auto), None);
        assert_eq!(
            chosen(PLAIN, Images::Always),
            Some(ProtocolType::Halfblocks)
        );
        let plain = Surroundings::default();
        assert_eq!(choose_protocol(None, plain, Images::Auto), None);
        assert_eq!(
            choose_protocol(None, plain, Images::Always),
            Some(ProtocolType::Halfblocks)
        );
        // Sixel without a cell size cannot be placed: no pictures.
        let mut sizeless = answered(SIXEL);
        sizeless.cell = None;
        assert_eq!(choose_protocol(Some(&sizeless), plain, Images::Auto), None);
    }

    #[test]
    fn iterm2_by_name_wezterms_kitty_passed_over_and_never_means_never() {
        let iterm2 = Surroundings {
            iterm2: true,
            ..Surroundings::default()
        };
        let answer = answered(PLAIN);
        assert_eq!(
            choose_protocol(Some(&answer), iterm2, Images::Auto),
            Some(ProtocolType::Iterm2)
        );
        let wezterm = Surroundings {
            iterm2: true,
            avoid_kitty_and_sixel: true,
            ..Surroundings::default()
        };
        let kitty = answered(KITTY);
        assert_eq!(
            choose_protocol(Some(&kitty), wezterm, Images::Auto),
            Some(ProtocolType::Iterm2)
        );
        assert_eq!(chosen(KITTY, Images::Never), None);
        assert_eq!(detect(Images::Never).map(|p| p.protocol_type()), None);
    }

    #[test]
    fn pictures_keep_their_proportions_within_the_room() {
        let wide = DynamicImage::new_rgb8(800, 200);
        let font = FontSize::new(10, 20);
        // 800x200 px in 40 columns (400 px): half size, 100 px tall, 5 rows.
        assert_eq!(fitted_cells(&wide, font, 40, 12), Size::new(40, 5));
        let tall = DynamicImage::new_rgb8(100, 1000);
        assert_eq!(fitted_cells(&tall, font, 40, 6), Size::new(2, 6));
        let tiny = DynamicImage::new_rgb8(20, 20);
        assert_eq!(fitted_cells(&tiny, font, 40, 12), Size::new(2, 1));
        assert_eq!(picture_rows_for(22), 7);
        assert_eq!(picture_rows_for(8), 0);
        assert_eq!(picture_rows_for(100), MAX_PICTURE_ROWS);
    }
}
