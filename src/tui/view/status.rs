//! The status bar: the mode, the position in the list, the unread count, and either the latest
//! message or the key hints. Messages live here, never over the text.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Look;
use crate::config::keymap::{Action, Mode};
use crate::say::group_digits;
use crate::tui::source::ListSource;
use crate::tui::state::State;
use crate::wrap::{fit, width};

fn mode_tag(mode: Mode) -> &'static str {
    match mode {
        Mode::List => " LIST ",
        Mode::Reader => " READ ",
        Mode::Search => " SEARCH ",
        Mode::Entities => " ENTITIES ",
        Mode::Help => " HELP ",
        Mode::Feeds => " FEEDS ",
    }
}

/// "? help  / search  q quit", from the keys actually bound.
fn hints(state: &State) -> String {
    // Over another view (a name's articles, a feed, search results) Back goes back to it.
    let leave = if state.views.depth() > 1 {
        "back"
    } else {
        "quit"
    };
    let list = [
        (Action::Open, "open"),
        (Action::Search, "search"),
        (Action::Help, "help"),
        (Action::Back, leave),
    ];
    let wanted: &[(Action, &str)] = match state.mode {
        Mode::Search => &[
            (Action::SubmitSearch, "results"),
            (Action::CancelSearch, "cancel"),
        ],
        Mode::Entities => &[
            (Action::Open, "articles naming it"),
            (Action::Back, "close"),
        ],
        Mode::Help => &[(Action::Back, "close")],
        Mode::Feeds => &[
            (Action::Open, "open"),
            (Action::ToggleAlert, "alerts"),
            (Action::Refresh, "refresh"),
            (Action::Back, "close"),
        ],
        // The way back and to help first: a narrow bar cuts the hints at its end.
        Mode::Reader => &[
            (Action::Back, "back"),
            (Action::Help, "help"),
            (Action::NextEntity, "next name"),
            (Action::Entities, "entities"),
        ],
        Mode::List => &list,
    };
    let bindings = state.keymap.bindings(state.mode);
    wanted
        .iter()
        // Nothing to open in an empty list.
        .filter(|(action, _)| !(*action == Action::Open && state.list().is_empty()))
        .filter_map(|(action, what)| {
            let (_, keys) = bindings.iter().find(|(bound, _)| bound == action)?;
            // A single character is easier to read in a hint than `esc` or `enter`.
            let key = keys
                .iter()
                .find(|k| k.chars().count() == 1)
                .or(keys.first())?;
            Some(format!("{key} {what}"))
        })
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn draw(frame: &mut Frame<'_>, area: Rect, state: &State, look: &Look) {
    let theme = &look.theme;
    // A question or a name being typed takes the whole bar.
    let asking = match (&state.confirm, &state.prompt) {
        (Some(confirm), _) => Some(confirm.question.clone()),
        (None, Some(prompt)) if prompt.offered => Some(format!(
            "save search as: {}▏  (type a name, or → to add to this one, Enter to take it; Esc cancels)",
            prompt.text
        )),
        (None, Some(prompt)) => Some(format!(
            "save search as: {}▏  (Enter saves, Esc cancels)",
            prompt.text
        )),
        (None, None) => None,
    };
    if let Some(text) = asking {
        let text = fit(&text, usize::from(area.width).saturating_sub(1));
        let gap = usize::from(area.width).saturating_sub(width(&text) + 1);
        let line = Line::from(vec![
            Span::styled(format!(" {text}"), theme.status_mode),
            Span::styled(" ".repeat(gap), theme.status),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut left = vec![Span::styled(mode_tag(state.mode), theme.status_mode)];
    let position = if let (Mode::Feeds, Some(panel)) = (state.mode, &state.sidebar) {
        format!("{}/{}", panel.selected + 1, panel.entries().len())
    } else if state.list().is_empty() {
        "0/0".to_string()
    } else {
        // The same count as the list's header, `+` while it is still being counted.
        let list = state.list();
        let more = if list.counted() { "" } else { "+" };
        format!(
            "{}/{}{more}",
            group_digits(list.selected as u64 + 1),
            group_digits(list.total() as u64)
        )
    };
    left.push(Span::styled(format!(" {position} "), theme.status));
    let unread = if state.counts_exact {
        group_digits(state.counts.unread as u64)
    } else {
        "…".to_string()
    };
    let view = state.view();
    // The count is the whole store's: said so inside a feed, tag or search, whose own is less.
    let whole = matches!(
        view.source,
        ListSource::All | ListSource::Stories { within: None }
    );
    let scope = if whole { "" } else { " in all" };
    // What the view's state says, left out (last first) when a message needs the room.
    let mut spare = vec![Span::styled(
        format!("· {unread} unread{scope} "),
        theme.status,
    )];
    if view.unread_only {
        spare.push(Span::styled("· unread only ", theme.status));
    }
    if view.order != crate::store::ListOrder::Newest && !view.source.is_typed() {
        spare.push(Span::styled(
            format!("· by {} ", view.order.name()),
            theme.status,
        ));
    }
    match (&state.sync_step, state.refreshing) {
        (Some(step), _) => left.push(Span::styled(format!("· {step} "), theme.status)),
        (None, Some((done, total))) => left.push(Span::styled(
            format!("· refreshing {done}/{total} "),
            theme.status,
        )),
        (None, None) => {
            if let Some(sync) = &state.sync_status {
                left.push(Span::styled(format!("· {sync} "), theme.status));
            }
        }
    }
    if let Some(pending) = state.keys.pending() {
        left.push(Span::styled(format!("{pending}… "), theme.status));
    }
    let (text, style) = match &state.status {
        Some(status) if status.error => (status.text.clone(), theme.error),
        Some(status) => (status.text.clone(), theme.status),
        None => (hints(state), theme.status.patch(theme.hint)),
    };
    let room = |left: &[Span], spare: &[Span]| {
        let used: usize = left.iter().chain(spare).map(|s| width(&s.content)).sum();
        usize::from(area.width).saturating_sub(used + 1)
    };
    while state.status.is_some() && room(&left, &spare) < width(&text) && spare.pop().is_some() {}
    let room = room(&left, &spare);
    left.splice(2..2, spare);
    let text = fit(&text, room);
    let gap = room.saturating_sub(width(&text));
    left.push(Span::styled(" ".repeat(gap), theme.status));
    left.push(Span::styled(text, style));
    left.push(Span::styled(" ", theme.status));
    frame.render_widget(Paragraph::new(Line::from(left)), area);
}

#[cfg(test)]
mod tests {
    use super::hints;
    use crate::article::EntityKind;
    use crate::config::keymap::Keymap;
    use crate::store::Counts;
    use crate::tui::list::{ArticleList, Rows};
    use crate::tui::source::ListSource;
    use crate::tui::state::{Settings, State};

    #[test]
    fn back_is_quit_only_on_the_whole_list() {
        let mut state = State::new(
            Counts::default(),
            Keymap::defaults(),
            Settings::default(),
            "d".into(),
        );
        assert!(hints(&state).ends_with("q quit"), "{}", hints(&state));
        let source = ListSource::Entity {
            kind: EntityKind::Person,
            name: "Ada Lee".into(),
        };
        let list = ArticleList::new(Rows::Hits {
            ids: vec![1],
            total: Some(1),
        });
        state.views.push(source, list);
        assert!(hints(&state).ends_with("q back"), "{}", hints(&state));
    }
}
