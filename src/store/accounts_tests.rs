//! The accounts' store: changes queued for the server, state taken from it, subscriptions made
//! here and on the server, with a real SQLite file.

use std::collections::HashSet;

use super::*;
use crate::article::ArticleDraft;
use crate::store::{ServerFeed, SyncedItem};

fn item(id: i64, title: &str) -> SyncedItem {
    SyncedItem {
        item_id: id,
        stream_id: "feed/1".into(),
        crawled: 100,
        read: false,
        starred: false,
        draft: ArticleDraft {
            title: title.into(),
            guid: Some(format!("item-{id}")),
            ..ArticleDraft::default()
        },
    }
}

/// A store in a temporary directory with one account, `fresh`.
fn store_with_account() -> (tempfile::TempDir, Store, Account) {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("d.db")).unwrap();
    let account = store
        .add_account("fresh", "greader", "http://x/api", "alice", None)
        .unwrap();
    (dir, store, account)
}

#[test]
fn changes_made_here_are_queued_and_the_servers_are_not() {
    let (_dir, mut store, account) = store_with_account();
    let feed = ServerFeed {
        stream_id: "feed/1".into(),
        title: "Feed \u{1b}[31mOne".into(),
        url: "http://x/feed.xml".into(),
        folders: vec!["News".into()],
        ..ServerFeed::default()
    };
    store.apply_subscriptions(account.id, &[feed]).unwrap();
    let stored = store
        .store_synced_items(account.id, &[item(7, "a"), item(8, "b")], Utc::now())
        .unwrap();
    assert_eq!(stored.inserted.len(), 2);
    // What the server sent is cleaned at the door and queues nothing.
    assert_eq!(store.feed("Feed One").unwrap().unwrap().tags, ["News"]);
    assert_eq!(store.queued_count().unwrap(), 0);
    let unread = HashSet::from([8]);
    store
        .apply_server_state(account.id, &unread, &HashSet::new())
        .unwrap();
    assert_eq!(store.queued_count().unwrap(), 0);
    // A change made here is queued with it, and then wins over the server's state.
    store.set_read(&[stored.inserted[1]], true).unwrap();
    store.set_starred(&[stored.inserted[0]], true).unwrap();
    let queued = store.queued_changes(account.id).unwrap();
    let ops: Vec<(QueueOp, Option<i64>)> = queued.iter().map(|c| (c.op, c.item_id)).collect();
    assert_eq!(ops, [(QueueOp::Read, Some(8)), (QueueOp::Star, Some(7))]);
    let outcome = store
        .apply_server_state(account.id, &unread, &HashSet::new())
        .unwrap();
    assert_eq!(outcome.kept_local, 2);
    assert_eq!(store.queued_count().unwrap(), 2);
}

#[test]
fn an_unsubscribed_feeds_articles_keep_their_state_though_the_server_drops_them() {
    let (_dir, mut store, account) = store_with_account();
    let feed = ServerFeed {
        stream_id: "feed/1".into(),
        title: "Feed One".into(),
        url: "http://x/feed.xml".into(),
        ..ServerFeed::default()
    };
    store.apply_subscriptions(account.id, &[feed]).unwrap();
    let stored = store
        .store_synced_items(account.id, &[item(7, "a"), item(8, "b")], Utc::now())
        .unwrap();
    // The server says 7 is unread and starred, 8 read.
    store
        .apply_server_state(account.id, &HashSet::from([7]), &HashSet::from([7]))
        .unwrap();
    let feed = store.feed("Feed One").unwrap().unwrap();
    store.remove_feed(feed.id).unwrap();
    // Unsubscribed, the server lists none of its items any more.
    let outcome = store
        .apply_server_state(account.id, &HashSet::new(), &HashSet::new())
        .unwrap();
    assert_eq!((outcome.read_changed, outcome.starred_changed), (0, 0));
    let kept = store.summaries(&stored.inserted).unwrap();
    let seven = kept.iter().find(|a| a.id == stored.inserted[0]).unwrap();
    assert!(seven.starred && !seven.read, "{seven:?}");
}

#[test]
fn a_feed_subscribed_without_a_name_leaves_the_server_its_own_title() {
    let (_dir, mut store, account) = store_with_account();
    let url = "http://127.0.0.1:8080/gazette.rss";
    let unnamed = store.add_account_feed(account.id, url, None, &[]).unwrap();
    let named = store
        .add_account_feed(
            account.id,
            "http://127.0.0.1:8080/ledger.rss",
            Some("Ledger"),
            &[],
        )
        .unwrap();
    // Here it is named after its host until the server's title comes with the next sync.
    assert_eq!(
        store.feed_by_id(unnamed).unwrap().unwrap().name,
        "127.0.0.1"
    );
    assert_eq!(store.feed_by_id(named).unwrap().unwrap().name, "Ledger");
    let subscribed: Vec<Option<String>> = store
        .queued_changes(account.id)
        .unwrap()
        .into_iter()
        .filter(|c| c.op == QueueOp::Subscribe)
        .map(|c| c.value)
        .collect();
    assert_eq!(subscribed, [None, Some("Ledger".to_string())]);
}

#[test]
fn a_feed_subscribed_again_takes_its_old_articles_back_though_the_server_renumbers_them() {
    let (_dir, mut store, account) = store_with_account();
    let server_feed = |stream: &str| ServerFeed {
        stream_id: stream.into(),
        title: "Ledger".into(),
        url: "http://x/ledger.xml".into(),
        ..ServerFeed::default()
    };
    let linked = |id: i64, stream: &str, n: u32| {
        let mut item = item(id, &format!("Story {n}"));
        item.stream_id = stream.into();
        item.draft.url = Some(format!("http://x/story/{n}"));
        item
    };
    store
        .apply_subscriptions(account.id, &[server_feed("feed/1")])
        .unwrap();
    // Two items that share a link and a headline (a daily strip) are two articles.
    let first = store
        .store_synced_items(
            account.id,
            &[
                linked(7, "feed/1", 1),
                linked(8, "feed/1", 2),
                linked(9, "feed/1", 2),
            ],
            Utc::now(),
        )
        .unwrap();
    assert_eq!(first.inserted.len(), 3);
    // Story 1 is read and starred.
    store
        .apply_server_state(account.id, &HashSet::from([8, 9]), &HashSet::from([7]))
        .unwrap();
    let feed = store.feed("Ledger").unwrap().unwrap();
    store.remove_feed(feed.id).unwrap();
    store
        .add_account_feed(account.id, "http://x/ledger.xml", None, &[])
        .unwrap();
    store
        .apply_subscriptions(account.id, &[server_feed("feed/2")])
        .unwrap();
    // The server fetched the feed again and gave its items new ids; one of them was starred
    // there meanwhile.
    let mut starred_there = linked(18, "feed/2", 2);
    starred_there.starred = true;
    // Story 1 was read there too: only its star is news to the server.
    let mut read_there = linked(17, "feed/2", 1);
    read_there.read = true;
    let again = store
        .store_synced_items(
            account.id,
            &[read_there, starred_there, linked(19, "feed/2", 3)],
            Utc::now(),
        )
        .unwrap();
    assert_eq!(again.inserted.len(), 1, "only story 3 is new");
    assert_eq!(store.counts().unwrap().total, 4);
    // Story 1 keeps its state here, and it goes to the server, which has it as new.
    let one = store.summaries(&[first.inserted[0]]).unwrap().remove(0);
    assert!(one.read && one.starred, "{one:?}");
    let queued: Vec<QueueOp> = store
        .queued_changes(account.id)
        .unwrap()
        .into_iter()
        .filter(|c| c.item_id == Some(17))
        .map(|c| c.op)
        .collect();
    assert_eq!(queued, [QueueOp::Star]);
    // Nothing goes for state the server has already, or that nobody gave (unread, unstarred):
    // it would undo what was done there. The star given there is kept here.
    let others: Vec<(Option<i64>, QueueOp)> = store
        .queued_changes(account.id)
        .unwrap()
        .into_iter()
        .filter(|c| c.item_id.is_some_and(|item| item != 17))
        .map(|c| (c.item_id, c.op))
        .collect();
    assert_eq!(others, []);
    let two = store.summaries(&[first.inserted[1]]).unwrap().remove(0);
    assert!(!two.read && two.starred, "{two:?}");
    // The server's word on it (read, not starred) does not undo the star while it waits.
    store
        .apply_server_state(account.id, &HashSet::from([18, 19]), &HashSet::new())
        .unwrap();
    let one = store.summaries(&[first.inserted[0]]).unwrap().remove(0);
    assert!(one.read && one.starred, "{one:?}");
}

#[test]
fn an_unnamed_subscription_is_found_though_the_server_moved_its_address() {
    let (_dir, mut store, account) = store_with_account();
    // A page's address, whose feed the server found elsewhere on the same host.
    store
        .add_account_feed(account.id, "http://news.example/front", None, &[])
        .unwrap();
    let found = ServerFeed {
        stream_id: "feed/5".into(),
        title: "Harbour Gazette".into(),
        url: "http://news.example/feed.xml".into(),
        ..ServerFeed::default()
    };
    store.apply_subscriptions(account.id, &[found]).unwrap();
    let feeds = store.feeds().unwrap();
    assert_eq!(feeds.len(), 1, "{feeds:?}");
    assert_eq!(feeds[0].feed.name, "Harbour Gazette");
    assert_eq!(feeds[0].feed.url, "http://news.example/feed.xml");
}
