//! The index knows which store it belongs to, through the real binary: a store restored from an
//! older copy, emptied, deleted, or brought from another data directory has the index rebuilt
//! (with a notice) so that search, show and stats agree; a flipped byte in a segment file is
//! found by `reindex --check`, named, and repaired from the store.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::{Sandbox, TestResult};
use serde_json::Value;

type Fallible<T> = Result<T, Box<dyn std::error::Error>>;

/// Writes `count` articles about `word` (in every title and body) as JSON Lines.
fn batch(dir: &Path, word: &str, count: usize) -> Fallible<PathBuf> {
    let path = dir.join(format!("{word}.jsonl"));
    let lines: Vec<String> = (0..count)
        .map(|n| {
            serde_json::json!({
                "title": format!("{word} report number {n}"),
                "body": format!("The {word} desk filed report {n} on the morning of the count."),
                "source": "Identity Wire",
                "published": format!("2026-03-{:02}T08:00:00Z", n + 1),
            })
            .to_string()
        })
        .collect();
    std::fs::write(&path, lines.join("\n"))?;
    Ok(path)
}

/// Runs a command that must succeed; returns its output.
fn run(sandbox: &Sandbox, args: &[&str]) -> Fallible<Output> {
    let output = sandbox.run(args)?;
    if !output.status.success() {
        return Err(format!(
            "{args:?} exited {:?}: {}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        )
        .into());
    }
    Ok(output)
}

/// Imports a batch about `word`; returns what the command printed on stderr.
fn import(sandbox: &Sandbox, scratch: &Path, word: &str, count: usize) -> Fallible<String> {
    let path = batch(scratch, word, count)?;
    let output = run(sandbox, &["import", &path.to_string_lossy()])?;
    Ok(String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Searches for `word` and checks every hit is an article about it, as `show` has it; returns
/// how many there are.
fn found(sandbox: &Sandbox, word: &str) -> Fallible<usize> {
    let hits = sandbox.json(&["search", "--json", "--limit", "100", word])?;
    let hits = hits.as_array().ok_or("search did not give a list")?;
    for hit in hits {
        let id = hit["id"].as_i64().ok_or("a hit without an id")?;
        let shown = sandbox.json(&["show", "--json", &id.to_string()])?;
        let title = shown["title"].as_str().unwrap_or_default();
        assert!(
            title.starts_with(word),
            "search for {word:?} gave article {id}, which is {title:?}"
        );
        assert_eq!(hit["title"], shown["title"], "article {id}");
    }
    Ok(hits.len())
}

/// The store's and the index's counts, which must agree.
fn counts(sandbox: &Sandbox) -> Fallible<(i64, i64)> {
    let stats = sandbox.json(&["stats", "--json"])?;
    let articles = stats["articles"].as_i64().ok_or("no article count")?;
    let documents = stats["index_documents"]
        .as_i64()
        .ok_or("no document count")?;
    Ok((articles, documents))
}

fn store_path(sandbox: &Sandbox) -> PathBuf {
    sandbox.data_dir().join("dateline.db")
}

/// Puts the store file `from` in place of the sandbox's own (no process has it open).
fn put_store(sandbox: &Sandbox, from: &Path) -> Fallible<()> {
    for suffix in ["-wal", "-shm"] {
        let side = sandbox.data_dir().join(format!("dateline.db{suffix}"));
        if side.exists() {
            std::fs::remove_file(side)?;
        }
    }
    std::fs::copy(from, store_path(sandbox))?;
    Ok(())
}

fn says_rebuilt(stderr: &str) -> bool {
    stderr.contains("did not match the store") && stderr.contains("rebuilt it from the store")
}

#[test]
fn a_store_restored_from_an_older_copy_has_the_index_rebuilt() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    let backup = scratch.path().join("backup.db");
    std::fs::copy(store_path(&sandbox), &backup)?;
    import(&sandbox, scratch.path(), "birch", 5)?;
    put_store(&sandbox, &backup)?;
    // The new articles take the ids the lost ones had, and more changes than the index saw.
    let stderr = import(&sandbox, scratch.path(), "cedar", 8)?;
    assert_eq!(found(&sandbox, "cedar")?, 8);
    assert_eq!(found(&sandbox, "amber")?, 5);
    assert_eq!(found(&sandbox, "birch")?, 0);
    assert_eq!(counts(&sandbox)?, (13, 13));
    assert!(says_rebuilt(&stderr), "{stderr}");
    assert!(stderr.contains("older copy"), "{stderr}");
    // Once rebuilt, the index is in step: no notice the next time.
    let again = run(&sandbox, &["stats"])?;
    assert!(again.stderr.is_empty(), "{:?}", again.stderr);
    Ok(())
}

#[test]
fn an_emptied_store_has_the_index_rebuilt() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    let connection = rusqlite::Connection::open(store_path(&sandbox))?;
    connection.execute("DELETE FROM articles", [])?;
    drop(connection);
    let output = run(&sandbox, &["search", "--json", "amber"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(counts(&sandbox)?, (0, 0));
    assert_eq!(
        serde_json::from_slice::<Value>(&output.stdout)?,
        Value::Array(vec![])
    );
    assert!(says_rebuilt(&stderr), "{stderr}");
    assert!(stderr.contains("emptied"), "{stderr}");
    import(&sandbox, scratch.path(), "cedar", 3)?;
    assert_eq!(found(&sandbox, "cedar")?, 3);
    assert_eq!(counts(&sandbox)?, (3, 3));
    Ok(())
}

#[test]
fn a_deleted_store_starts_again_with_ids_the_index_had() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    std::fs::remove_file(store_path(&sandbox))?;
    let stderr = import(&sandbox, scratch.path(), "cedar", 3)?;
    assert_eq!(found(&sandbox, "cedar")?, 3);
    assert_eq!(found(&sandbox, "amber")?, 0);
    assert_eq!(counts(&sandbox)?, (3, 3));
    assert!(says_rebuilt(&stderr), "{stderr}");
    Ok(())
}

#[test]
fn a_store_from_another_data_dir_has_the_index_rebuilt() -> TestResult {
    let scratch = tempfile::tempdir()?;
    let here = Sandbox::new()?;
    import(&here, scratch.path(), "amber", 5)?;
    let there = Sandbox::new()?;
    import(&there, scratch.path(), "birch", 7)?;
    put_store(&here, &store_path(&there))?;
    let output = run(&here, &["stats"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(found(&here, "birch")?, 7);
    assert_eq!(found(&here, "amber")?, 0);
    assert_eq!(counts(&here)?, (7, 7));
    assert!(says_rebuilt(&stderr), "{stderr}");
    assert!(stderr.contains("another store"), "{stderr}");
    Ok(())
}

#[test]
fn a_copy_of_the_store_that_went_its_own_way_is_told_apart() -> TestResult {
    // Two data directories from one: the same store id, and the copy put back has gone further
    // than the index (more changes, higher ids), so only what the articles are tells them apart.
    let scratch = tempfile::tempdir()?;
    let here = Sandbox::new()?;
    import(&here, scratch.path(), "amber", 5)?;
    let there = Sandbox::new()?;
    put_store(&there, &store_path(&here))?;
    import(&here, scratch.path(), "birch", 5)?;
    import(&there, scratch.path(), "cedar", 8)?;
    put_store(&here, &store_path(&there))?;
    let output = run(&here, &["stats"])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(found(&here, "cedar")?, 8);
    assert_eq!(found(&here, "birch")?, 0);
    assert_eq!(counts(&here)?, (13, 13));
    assert!(says_rebuilt(&stderr), "{stderr}");
    Ok(())
}

/// The largest postings file of the index.
fn postings_file(sandbox: &Sandbox) -> Fallible<PathBuf> {
    let mut files: Vec<(u64, PathBuf)> = std::fs::read_dir(sandbox.data_dir().join("index"))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "idx"))
        .filter_map(|path| Some((path.metadata().ok()?.len(), path)))
        .collect();
    files.sort();
    Ok(files.pop().ok_or("the index has no postings file")?.1)
}

#[test]
fn a_flipped_byte_in_a_segment_is_reported_by_name_and_repaired() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    import(&sandbox, scratch.path(), "birch", 5)?;
    let sound = run(&sandbox, &["reindex", "--check"])?;
    let stderr = String::from_utf8_lossy(&sound.stderr);
    assert!(stderr.contains("is sound"), "{stderr}");

    let damaged = postings_file(&sandbox)?;
    let mut bytes = std::fs::read(&damaged)?;
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x10;
    std::fs::write(&damaged, bytes)?;
    let name = damaged
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or("file name")?;

    let checked = run(&sandbox, &["reindex", "--check"])?;
    let stderr = String::from_utf8_lossy(&checked.stderr);
    assert!(stderr.contains(name), "{stderr}");
    assert!(stderr.contains("damaged"), "{stderr}");
    assert!(stderr.contains("rebuilt the search index"), "{stderr}");
    assert!(!damaged.exists(), "the damaged file is still in use");
    assert_eq!(found(&sandbox, "amber")?, 5);
    assert_eq!(found(&sandbox, "birch")?, 5);
    assert_eq!(counts(&sandbox)?, (10, 10));
    let again = run(&sandbox, &["reindex", "--check"])?;
    assert!(String::from_utf8_lossy(&again.stderr).contains("is sound"));
    Ok(())
}

#[test]
fn an_article_deleted_from_outside_has_the_index_rebuilt() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    let connection = rusqlite::Connection::open(store_path(&sandbox))?;
    // Not the newest: the largest id stays, so only the count of removals shows it.
    connection.execute(
        "DELETE FROM articles WHERE id = (SELECT MIN(id) FROM articles)",
        [],
    )?;
    drop(connection);
    let output = run(&sandbox, &["stats"])?;
    assert_eq!(found(&sandbox, "amber")?, 4);
    assert_eq!(counts(&sandbox)?, (4, 4));
    assert!(says_rebuilt(&String::from_utf8_lossy(&output.stderr)));
    Ok(())
}

/// The index's commit payload (what it covers), as JSON.
fn payload(sandbox: &Sandbox) -> Fallible<serde_json::Map<String, Value>> {
    let meta: Value = serde_json::from_slice(&std::fs::read(
        sandbox.data_dir().join("index").join("meta.json"),
    )?)?;
    let text = meta["payload"].as_str().ok_or("no payload")?;
    Ok(serde_json::from_str(text)?)
}

#[test]
fn an_index_and_store_from_before_store_ids_are_kept_and_take_the_id() -> TestResult {
    let sandbox = Sandbox::new()?;
    let scratch = tempfile::tempdir()?;
    import(&sandbox, scratch.path(), "amber", 5)?;
    // As an older dateline left them: a store without an id, a payload without one either.
    let connection = rusqlite::Connection::open(store_path(&sandbox))?;
    connection.execute_batch(
        "ALTER TABLE feeds DROP COLUMN history_pending;
         ALTER TABLE feeds DROP COLUMN own_name;
         DROP INDEX feeds_by_address;
         ALTER TABLE feeds DROP COLUMN address;
         ALTER TABLE feeds DROP COLUMN feed_title;
         DROP INDEX articles_full_untagged;
         ALTER TABLE articles DROP COLUMN full_entities;
         DROP TABLE pruned_items;
         ALTER TABLE articles DROP COLUMN image;
         DROP TRIGGER sync_queue_read;
         DROP TRIGGER sync_queue_starred;
         DROP TRIGGER sync_queue_rename;
         DROP TRIGGER sync_queue_unsubscribe;
         DROP TABLE sync_queue;
         DROP TABLE sync_items;
         DROP TABLE sync_feeds;
         DROP TABLE accounts;
         DELETE FROM meta WHERE key = 'sync_quiet';
         DROP INDEX articles_tagged;
         DROP INDEX articles_story;
         ALTER TABLE articles DROP COLUMN story_id;
         ALTER TABLE articles DROP COLUMN story_sig;
         DROP TABLE stories;
         DELETE FROM meta WHERE key = 'storied_id';
         DROP TRIGGER article_flags_added;
         DROP TRIGGER article_flags_removed;
         DROP TABLE article_flags;
         ALTER TABLE articles RENAME COLUMN retired_read TO read;
         ALTER TABLE articles RENAME COLUMN retired_starred TO starred;
         ALTER TABLE articles RENAME COLUMN retired_hidden TO hidden;
         CREATE INDEX articles_unread ON articles(read, published DESC, id DESC);
         CREATE INDEX articles_starred ON articles(starred) WHERE starred = 1;
         CREATE INDEX articles_hidden ON articles(read) WHERE hidden = 1;
         DELETE FROM meta WHERE key IN ('store_id', 'removed');
         DROP TRIGGER articles_removed;
         ALTER TABLE articles DROP COLUMN full_links;
         DROP TABLE saved_searches;
         ALTER TABLE articles DROP COLUMN tags;
         DROP INDEX articles_hidden;
         ALTER TABLE articles DROP COLUMN hidden;
         DELETE FROM meta WHERE key IN ('filtered_id', 'alerted_id');
         PRAGMA user_version = 3;",
    )?;
    drop(connection);
    let meta_path = sandbox.data_dir().join("index").join("meta.json");
    let mut meta: Value = serde_json::from_slice(&std::fs::read(&meta_path)?)?;
    let mut old = payload(&sandbox)?;
    for key in ["store", "removed", "last"] {
        old.remove(key);
    }
    meta["payload"] = Value::String(Value::Object(old).to_string());
    std::fs::write(&meta_path, meta.to_string())?;
    let segments_before: Vec<Value> = meta["segments"].as_array().cloned().unwrap_or_default();

    let output = run(&sandbox, &["stats"])?;
    assert!(
        output.stderr.is_empty(),
        "{:?}",
        String::from_utf8_lossy(&output.stderr)
    );
    let adopted = payload(&sandbox)?;
    assert!(
        adopted.get("store").is_some_and(Value::is_i64),
        "{adopted:?}"
    );
    // Not rebuilt: the same segments hold the same documents.
    let meta: Value = serde_json::from_slice(&std::fs::read(&meta_path)?)?;
    assert_eq!(
        meta["segments"].as_array().cloned().unwrap_or_default(),
        segments_before
    );
    assert_eq!(found(&sandbox, "amber")?, 5);
    Ok(())
}
