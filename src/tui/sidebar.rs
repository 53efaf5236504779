//! The sidebar (`f`): saved searches, tags and feeds in one list, each group under a heading
//! that Enter folds and unfolds, each entry with its unread and article counts. Enter on an
//! entry opens it as the list's source.

use super::source::ListSource;
use crate::library::Sidebar;

/// The sidebar's groups, in the order shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Group {
    Saved,
    Tags,
    Feeds,
}

impl Group {
    pub const ALL: [Group; 3] = [Group::Saved, Group::Tags, Group::Feeds];

    pub fn title(self) -> &'static str {
        match self {
            Group::Saved => "Saved searches",
            Group::Tags => "Tags",
            Group::Feeds => "Feeds",
        }
    }
}

/// One line of the sidebar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Heading(Group),
    /// The saved search, tag or feed at this index of its group.
    Item(Group, usize),
}

/// The sidebar's contents and where its selection is.
#[derive(Debug, Clone, Default)]
pub struct SidebarPanel {
    pub data: Sidebar,
    pub folded: Vec<Group>,
    pub selected: usize,
}

/// What a sidebar line shows: its name, unread and article counts, and a mark (a saved
/// search's alert, a feed's last error).
pub struct Shown<'a> {
    pub name: &'a str,
    pub unread: usize,
    pub total: usize,
    pub mark: String,
}

impl SidebarPanel {
    /// The sidebar with its first entry (not a heading) selected.
    pub fn new(data: Sidebar) -> SidebarPanel {
        let mut panel = SidebarPanel {
            data,
            folded: Vec::new(),
            selected: 0,
        };
        panel.selected = panel
            .entries()
            .iter()
            .position(|entry| matches!(entry, Entry::Item(..)))
            .unwrap_or(0);
        panel
    }

    /// How many items a group holds.
    pub fn len_of(&self, group: Group) -> usize {
        match group {
            Group::Saved => self.data.saved.len(),
            Group::Tags => self.data.tags.len(),
            Group::Feeds => self.data.feeds.len(),
        }
    }

    /// Every line, headings of empty groups left out, items of folded groups too.
    pub fn entries(&self) -> Vec<Entry> {
        let mut entries = Vec::new();
        for group in Group::ALL {
            let len = self.len_of(group);
            if len == 0 {
                continue;
            }
            entries.push(Entry::Heading(group));
            if !self.folded.contains(&group) {
                entries.extend((0..len).map(|at| Entry::Item(group, at)));
            }
        }
        entries
    }

    pub fn selected_entry(&self) -> Option<Entry> {
        self.entries().get(self.selected).copied()
    }

    /// Takes in new contents, keeping the selection on the same line where it can.
    pub fn replace(&mut self, data: Sidebar) {
        self.data = data;
        self.selected = self.selected.min(self.entries().len().saturating_sub(1));
    }

    /// Folds the group of a heading, or unfolds it.
    pub fn toggle_fold(&mut self, group: Group) {
        match self.folded.iter().position(|&g| g == group) {
            Some(at) => {
                self.folded.remove(at);
            }
            None => self.folded.push(group),
        }
    }

    /// The source an item opens.
    pub fn source_of(&self, group: Group, at: usize) -> Option<ListSource> {
        Some(match group {
            Group::Saved => {
                let saved = &self.data.saved.get(at)?.saved;
                ListSource::Saved {
                    name: saved.name.clone(),
                    query: saved.query.clone(),
                }
            }
            Group::Tags => ListSource::Tag {
                name: self.data.tags.get(at)?.name.clone(),
            },
            Group::Feeds => {
                let feed = &self.data.feeds.get(at)?.feed;
                ListSource::Feed {
                    id: feed.id,
                    name: feed.name.clone(),
                }
            }
        })
    }

    /// Selects the item that lists `source` (a feed by its id: a refresh may have renamed it);
    /// false if none does.
    pub fn select_source(&mut self, source: &ListSource) -> bool {
        let same = |listed: ListSource| match (&listed, source) {
            (ListSource::Feed { id, .. }, ListSource::Feed { id: wanted, .. }) => id == wanted,
            _ => &listed == source,
        };
        let found = self.entries().iter().position(|entry| match *entry {
            Entry::Item(group, at) => self.source_of(group, at).is_some_and(same),
            Entry::Heading(_) => false,
        });
        if let Some(line) = found {
            self.selected = line;
        }
        found.is_some()
    }

    /// What an item's line shows.
    pub fn shown(&self, group: Group, at: usize) -> Option<Shown<'_>> {
        Some(match group {
            Group::Saved => {
                let counts = self.data.saved.get(at)?;
                Shown {
                    name: &counts.saved.name,
                    unread: counts.unread,
                    total: counts.total,
                    mark: if counts.saved.notify { "alert " } else { "" }.into(),
                }
            }
            Group::Tags => {
                let tag = self.data.tags.get(at)?;
                Shown {
                    name: &tag.name,
                    unread: tag.unread,
                    total: tag.total,
                    mark: String::new(),
                }
            }
            Group::Feeds => {
                let stats = self.data.feeds.get(at)?;
                let feed = &stats.feed;
                Shown {
                    name: &feed.name,
                    unread: usize::try_from(stats.unread).unwrap_or(0),
                    total: usize::try_from(stats.articles).unwrap_or(0),
                    mark: match (&feed.last_error, &feed.last_status) {
                        (Some(_), Some(status)) => format!("{status} "),
                        _ => String::new(),
                    },
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::TagCounts;

    fn tags(names: &[&str]) -> Sidebar {
        Sidebar {
            tags: names
                .iter()
                .map(|name| TagCounts {
                    name: (*name).into(),
                    total: 2,
                    unread: 1,
                })
                .collect(),
            ..Sidebar::default()
        }
    }

    #[test]
    fn empty_groups_are_left_out_and_folded_ones_show_their_heading() {
        let mut panel = SidebarPanel::new(tags(&["sport", "world"]));
        assert_eq!(panel.selected, 1, "the first entry, not its heading");
        assert_eq!(
            panel.entries(),
            [
                Entry::Heading(Group::Tags),
                Entry::Item(Group::Tags, 0),
                Entry::Item(Group::Tags, 1)
            ]
        );
        assert_eq!(
            panel.source_of(Group::Tags, 1),
            Some(ListSource::Tag {
                name: "world".into()
            })
        );
        panel.selected = 2;
        panel.toggle_fold(Group::Tags);
        assert_eq!(panel.entries(), [Entry::Heading(Group::Tags)]);
        panel.replace(tags(&["sport"]));
        assert_eq!(
            panel.selected, 0,
            "the selection stays on a line that is there"
        );
        panel.toggle_fold(Group::Tags);
        assert_eq!(panel.entries().len(), 2);
    }
}
