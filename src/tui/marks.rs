//! Changes of state over many articles, and putting them back: `A` marks the whole view read
//! (asking first when it holds over a hundred), `x` hides an article or shows it again, `u`
//! undoes the last change, several deep.

use std::collections::HashSet;

use super::list_flow;
use super::msg::{DataRequest, Effect};
use super::source::{Finding, IdQuery};
use super::state::{Confirm, State, Undo};
use super::views::View;
use crate::article::ArticleId;
use crate::library::{FlagChange, ListScope};
use crate::say::{count, group_digits};
use crate::store::ListKey;

/// Views larger than this are marked read only after a `y`.
pub const ASK_OVER: usize = 100;
/// Changes `u` can put back.
const UNDO_DEPTH: usize = 64;

/// Whose articles a view lists, for a change to all of them: a typed search's as its results
/// show them, its last word also a prefix.
pub fn scope_of(view: &View) -> ListScope {
    match scope_of_finding(view.finding()) {
        ListScope::Query(text) if view.source.is_typed() => ListScope::Typed(text),
        scope => scope,
    }
}

/// Whose articles a way of finding them finds.
pub fn scope_of_finding(finding: Finding) -> ListScope {
    match finding {
        Finding::Store => ListScope::All,
        Finding::Search(text) => ListScope::Query(text),
        Finding::Ids(IdQuery::Feed(id)) => ListScope::Feed(id),
        Finding::Ids(IdQuery::Stories(within)) => within.unwrap_or(ListScope::All),
        Finding::Ids(IdQuery::List { scope, .. }) => scope,
    }
}

/// `A`: every article of the view marked read, after a question if there are many.
pub fn mark_all(state: &mut State, effects: &mut Vec<Effect>) {
    let view = state.view();
    let total = view.list.total();
    if total == 0 {
        state.say("nothing here to mark");
        return;
    }
    let scope = scope_of(view);
    // A stories list counts stories, not the articles `A` marks: it always asks.
    let question = if view.source.is_stories() {
        Some(
            "mark every article of the list these stories come from read? y: yes, any other key: no"
                .to_string(),
        )
    } else {
        (total > ASK_OVER || !view.list.counted()).then(|| {
            format!(
                "mark all {} articles of this view read? y: yes, any other key: no",
                group_digits(total as u64)
            )
        })
    };
    mark_read_asking(state, scope, question, effects);
}

/// Marks every article of `scope` read, or first asks `question` when there is one (`y` then
/// goes ahead, see `answer_question`).
pub fn mark_read_asking(
    state: &mut State,
    scope: ListScope,
    question: Option<String>,
    effects: &mut Vec<Effect>,
) {
    match question {
        Some(question) => state.confirm = Some(Confirm { question, scope }),
        None => effects.push(Effect::Data(DataRequest::MarkAllRead { scope })),
    }
}

/// A key while a question waits: `y` goes ahead, anything else leaves things as they are.
pub fn answer_question(state: &mut State, yes: bool, effects: &mut Vec<Effect>) {
    let Some(confirm) = state.confirm.take() else {
        return;
    };
    if yes {
        effects.push(Effect::Data(DataRequest::MarkAllRead {
            scope: confirm.scope,
        }));
    } else {
        state.say("nothing was marked");
    }
}

/// `x`: hide the article the key applies to, or show it again if it is hidden.
pub fn toggle_hidden(state: &mut State, effects: &mut Vec<Effect>) {
    if let Some(id) = super::flags::target_id(state) {
        effects.push(Effect::Data(DataRequest::ToggleHidden { id }));
    }
}

/// Remembers a change so that `u` can put it back (`hid_row`: see `Undo`).
pub fn remember(
    state: &mut State,
    flag: FlagChange,
    value: bool,
    ids: Vec<ArticleId>,
    hid_row: Option<(u64, ListKey)>,
) {
    if ids.is_empty() {
        return;
    }
    if state.undo.len() == UNDO_DEPTH {
        state.undo.remove(0);
    }
    state.undo.push(Undo {
        flag,
        value,
        ids,
        hid_row,
    });
}

/// `u`: the last change put back.
pub fn undo(state: &mut State, effects: &mut Vec<Effect>) {
    let Some(last) = state.undo.pop() else {
        state.say("nothing to undo");
        return;
    };
    state.undoing_hide = last.hid_row;
    effects.push(Effect::Data(DataRequest::ChangeFlag {
        ids: last.ids,
        flag: last.flag,
        value: !last.value,
        undo: true,
    }));
}

/// A flag was set on exactly `ids`: shown at once in the rows held and the counts, remembered
/// for `u` (unless this was `u`), and said.
pub fn changed(
    state: &mut State,
    flag: FlagChange,
    value: bool,
    undo: bool,
    ids: Vec<ArticleId>,
    effects: &mut Vec<Effect>,
) {
    let what = describe(flag, value, ids.len());
    // Before the list is read again without it.
    let hid_row = match ids.as_slice() {
        [id] if flag == FlagChange::Hidden && value && !undo => state
            .list()
            .selected_row()
            .filter(|row| row.id == *id)
            .map(|row| (state.view().id, ListKey::of(row))),
        _ => None,
    };
    // An undone `x`: the article comes back selected where it was, as before `x`, once its
    // view is read again.
    if let Some((view, row)) = state.undoing_hide.take()
        && undo
        && flag == FlagChange::Hidden
        && ids.contains(&row.id)
        && let Some(view) = state.views.get_mut(view)
    {
        view.list.want(row);
    }
    if ids.is_empty() {
        state.say(match (flag, value) {
            (FlagChange::Read, true) => "every article here is read already",
            _ => "nothing changed",
        });
        return;
    }
    let changed: HashSet<ArticleId> = ids.iter().copied().collect();
    match flag {
        FlagChange::Read | FlagChange::Starred => {
            show_flag(state, flag, value, &changed);
            if flag == FlagChange::Read {
                state.counts.unread = if value {
                    state.counts.unread.saturating_sub(ids.len())
                } else {
                    state.counts.unread + ids.len()
                };
            }
            // The sidebar's unread counts, read again.
            if state.sidebar.is_some() {
                effects.push(Effect::Data(DataRequest::Sidebar));
            }
        }
        FlagChange::Hidden => {
            // Hidden articles leave every list and count: every view is read again, and one
            // read there while selected is kept there no longer.
            for view in state.views.iter_mut() {
                if view.read_here.is_some_and(|id| changed.contains(&id)) {
                    view.read_here = None;
                }
            }
            let mut counts = state.counts;
            counts.total = if value {
                counts.total.saturating_sub(ids.len())
            } else {
                counts.total + ids.len()
            };
            list_flow::store_changed(state, counts, true, effects);
        }
    }
    if undo {
        state.say(format!("undone: {what}"));
    } else {
        let hint = if flag == FlagChange::Hidden && value {
            "; is:hidden finds it"
        } else {
            ""
        };
        state.say(format!("{what} · u undoes{hint}"));
        remember(state, flag, value, ids, hid_row);
    }
}

fn describe(flag: FlagChange, value: bool, n: usize) -> String {
    let articles = count(group_digits(n as u64), "article");
    match (flag, value) {
        (FlagChange::Read, true) => format!("{articles} marked read"),
        (FlagChange::Read, false) => format!("{articles} marked unread"),
        (FlagChange::Starred, true) => format!("{articles} starred"),
        (FlagChange::Starred, false) => format!("{articles} unstarred"),
        (FlagChange::Hidden, true) => format!("{articles} hidden"),
        (FlagChange::Hidden, false) => format!("{articles} shown again"),
    }
}

/// The flag shown on every held row and the open article among `ids`.
fn show_flag(state: &mut State, flag: FlagChange, value: bool, ids: &HashSet<ArticleId>) {
    let set = |read: &mut bool, starred: &mut bool| match flag {
        FlagChange::Read => *read = value,
        FlagChange::Starred => *starred = value,
        FlagChange::Hidden => {}
    };
    if let Some(reader) = state
        .reader
        .as_mut()
        .filter(|r| ids.contains(&r.article.id))
    {
        let article = &mut reader.article;
        set(&mut article.read, &mut article.starred);
    }
    for view in state.views.iter_mut() {
        for row in view.list.window_mut() {
            match row.story {
                None if ids.contains(&row.id) => set(&mut row.read, &mut row.starred),
                None => {}
                // A story's row shows its lead report's star, and is read when all its reports
                // are (marked together, its first report among them).
                Some(story) => {
                    if flag == FlagChange::Starred && ids.contains(&story.lead) {
                        row.starred = value;
                    }
                    if flag == FlagChange::Read && ids.contains(&row.id) {
                        row.read = value;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_large_mark_says_its_count_with_grouped_digits() {
        let said = super::describe(super::FlagChange::Read, true, 43_230);
        assert_eq!(said, "43,230 articles marked read");
    }
}
