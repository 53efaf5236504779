//! Keys that do not go through the keymap: a name typed in the status bar (saving a search), the
//! answer to a question (`y`), and digits typed before a key (`2o`: link 2).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::marks;
use super::msg::{DataRequest, Effect};
use super::source::ListSource;
use super::state::{Prompt, State};
use crate::config::keymap::Mode;
use crate::ingest::sanitize::is_invisible_char;

/// Takes the key if a prompt or a question is waiting for it; false lets it go to the keymap.
pub fn intercept(state: &mut State, key: &KeyEvent, effects: &mut Vec<Effect>) -> bool {
    // Ctrl-Z suspends whatever is asked; the question or the name waits for the return.
    if key.code == KeyCode::Char('z') && key.modifiers.contains(KeyModifiers::CONTROL) {
        return false;
    }
    if state.confirm.is_some() {
        let yes = matches!(key.code, KeyCode::Char('y' | 'Y'));
        marks::answer_question(state, yes, effects);
        return true;
    }
    let Some(prompt) = &mut state.prompt else {
        return false;
    };
    let control = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Esc => {
            state.prompt = None;
            state.say("not saved");
        }
        KeyCode::Enter => {
            let name = prompt.text.trim().to_owned();
            let query = prompt.query.clone();
            if name.is_empty() {
                state.say("a saved search needs a name: type one, or Esc");
                return true;
            }
            state.prompt = None;
            effects.push(Effect::Data(DataRequest::SaveSearch {
                name,
                query,
                notify: false,
            }));
        }
        KeyCode::Backspace => {
            prompt.offered = false;
            prompt.text.pop();
        }
        // The offered name is kept to be added to.
        KeyCode::Right | KeyCode::End => prompt.offered = false,
        KeyCode::Char('u') if control => {
            prompt.offered = false;
            prompt.text.clear();
        }
        // A pasted invisible character (a TAG, a bidi control) would be drawn raw.
        KeyCode::Char(c) if !control && !c.is_control() && !is_invisible_char(c) => {
            if std::mem::take(&mut prompt.offered) {
                prompt.text.clear();
            }
            prompt.text.push(c);
        }
        _ => {}
    }
    true
}

/// Text pasted into a line being typed, as one line: line breaks and tabs become spaces, and
/// other control and invisible characters (a bidi control, a TAG) are dropped.
pub fn pasted_line(pasted: &str) -> String {
    pasted
        .chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() || is_invisible_char(c) => None,
            c => Some(c),
        })
        .collect()
}

/// A paste while a name is typed goes into it; a paste is no answer to a question, and with no
/// line being typed it is no keys either: it never runs as commands.
pub fn paste(state: &mut State, pasted: &str) {
    if state.confirm.is_some() {
        state.say("a paste is no answer: press y for yes, any other key for no");
        return;
    }
    let Some(prompt) = &mut state.prompt else {
        state.say("a paste goes into the search box: press / first");
        return;
    };
    if std::mem::take(&mut prompt.offered) {
        prompt.text.clear();
    }
    prompt.text.push_str(&pasted_line(pasted));
}

/// `Ctrl-s` in the search box or `S` on a searched list: ask for a name to save the query
/// under, the query itself offered as the name (Enter takes it, typing replaces it).
pub fn save_search(state: &mut State) {
    let view = state.view();
    let query = match &view.source {
        ListSource::Query { text } => text.trim().to_owned(),
        ListSource::Saved { name, .. } => {
            let name = name.clone();
            state.say(format!("this is the saved search {name} already"));
            return;
        }
        source => source.query_text().unwrap_or_default(),
    };
    if query.is_empty() {
        state.say("type a search first (/), then save it");
        return;
    }
    state.mode = match state.mode {
        Mode::Search => Mode::List,
        mode => mode,
    };
    state.prompt = Some(Prompt {
        text: query.clone(),
        query,
        offered: true,
    });
}

/// A digit typed where digits are not bound: the count for the next key.
pub fn digit(state: &mut State, key: &KeyEvent) -> bool {
    let KeyCode::Char(c) = key.code else {
        return false;
    };
    let Some(d) = c.to_digit(10) else {
        return false;
    };
    if !matches!(state.mode, Mode::List | Mode::Reader) || !key.modifiers.is_empty() {
        return false;
    }
    let count = state
        .count
        .unwrap_or(0)
        .saturating_mul(10)
        .saturating_add(d as usize);
    state.count = Some(count.min(99_999));
    state.say(format!("{count}… (o opens link {count}, y copies it)"));
    true
}
