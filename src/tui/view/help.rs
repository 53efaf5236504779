//! The help screen: the lines of `help_text` (the keymap in use, then the query language), styled
//! and scrolled.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::Look;
use crate::tui::help_text::{self, HelpLine};
use crate::tui::state::State;
use crate::wrap;

/// Every line of the help text, styled.
pub fn lines<'a>(state: &State, look: &Look) -> Vec<Line<'a>> {
    let theme = &look.theme;
    help_text::lines(state)
        .into_iter()
        .map(|line| match line {
            HelpLine::Trouble(text) => Line::styled(text, theme.error),
            HelpLine::Heading(text) => Line::styled(text, theme.headline),
            HelpLine::Keys { keys, help } => Line::from(vec![
                Span::styled(format!("   {keys:<18}"), theme.status_mode),
                Span::raw(" "),
                Span::raw(help),
            ]),
            HelpLine::Plain(text) => Line::raw(text),
            HelpLine::Hint(text) => Line::styled(text, theme.hint),
            HelpLine::Blank => Line::raw(""),
        })
        .collect()
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(look.theme.border_focused)
        .title(Span::styled(" Help: q or Esc closes ", look.theme.headline));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let all = lines(state, look);
    let height = usize::from(inner.height);
    let scroll = state.help_scroll.min(all.len().saturating_sub(height));
    let width = usize::from(inner.width);
    let shown: Vec<Line<'_>> = all
        .into_iter()
        .skip(scroll)
        .take(height)
        .map(|line| fit_line(line, width))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// A line cut to `width` columns, ending in `…` where something was cut, so a narrow terminal
/// does not end a description mid-word as if that were all of it.
fn fit_line(line: Line<'_>, width: usize) -> Line<'_> {
    let style = line.style;
    let mut room = width;
    let mut spans = Vec::new();
    for span in line.spans {
        let used = wrap::width(&span.content);
        if used <= room {
            room -= used;
            spans.push(span);
            continue;
        }
        spans.push(Span::styled(wrap::fit(&span.content, room), span.style));
        break;
    }
    Line::from(spans).style(style)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use ratatui::text::{Line, Span};

    use super::{fit_line, lines};
    use crate::config::keymap::Keymap;
    use crate::config::theme::Theme;
    use crate::store::Counts;
    use crate::tui::state::{Settings, State};
    use crate::tui::view::Look;

    #[test]
    fn every_start_up_notice_is_shown_whole() {
        let settings = Settings {
            mark_read_on_open: true,
            ..Settings::default()
        };
        let mut state = State::new(Counts::default(), Keymap::defaults(), settings, "d".into());
        state.sizes.help_width = 40;
        state.notices = vec![
            "config.toml:3: unknown key `colour`; did you mean `theme`? the default is used".into(),
            "config.toml:9: [keys.list] `zz` = \"jump\": no such action".into(),
        ];
        let look = Look {
            theme: Theme::default(),
            hyperlinks: false,
        };
        let text: Vec<String> = lines(&state, &look)
            .iter()
            .map(|line| line.spans.iter().map(|s| s.content.as_ref()).collect())
            .take_while(|line: &String| !line.trim().is_empty())
            .collect();
        let joined = text[1..]
            .iter()
            .map(|line| line.trim())
            .collect::<Vec<_>>()
            .join(" ");
        assert_eq!(joined, state.notices.join(" "));
        assert!(
            text.iter().all(|line| line.chars().count() <= 40),
            "{text:?}"
        );
    }

    fn text(line: &Line<'_>) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_line_too_wide_is_cut_with_an_ellipsis() {
        let line = Line::from(vec![
            Span::raw("   j, Down   "),
            Span::raw(" "),
            Span::raw("Go to the next article"),
        ]);
        assert_eq!(
            text(&fit_line(line.clone(), 24)),
            "   j, Down    Go to the…"
        );
        assert_eq!(
            text(&fit_line(line.clone(), 36)),
            "   j, Down    Go to the next article"
        );
        assert_eq!(text(&fit_line(line, 8)), "   j, D…");
    }

    #[test]
    fn a_description_too_long_for_a_narrow_screen_goes_on_beneath_it() {
        let mut state = State::new(
            Counts::default(),
            Keymap::defaults(),
            Settings::default(),
            "d".into(),
        );
        state.sizes.help_width = 70;
        let look = Look {
            theme: Theme::default(),
            hyperlinks: false,
        };
        let shown: Vec<String> = lines(&state, &look)
            .iter()
            .map(text)
            .take_while(|line| !line.contains("The query language"))
            .collect();
        assert!(
            shown.iter().all(|line| crate::wrap::width(line) <= 70),
            "{shown:#?}"
        );
        // The opener's description, whole, over two lines.
        let at = shown
            .iter()
            .position(|line| line.contains("Open the article's link"))
            .unwrap();
        let whole = format!("{} {}", shown[at].trim_end(), shown[at + 1].trim());
        assert!(whole.contains("($BROWSER"), "{whole}");
        assert!(
            shown[at + 1].starts_with(&" ".repeat(22)),
            "{:?}",
            shown[at + 1]
        );
    }
}
