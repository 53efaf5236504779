//! The entity contract through the real binary: `entities text|tag|eval`, entities in
//! `show --json` for wire copy, `person:`/`org:`/`place:` searches, and tagging of a store that
//! predates tagging by `reindex`.

mod common;

use common::{Sandbox, TestResult, fixtures};
use serde_json::Value;

fn kinds_and_texts(entities: &Value) -> Vec<(String, String)> {
    entities
        .as_array()
        .map(|list| {
            list.iter()
                .map(|e| {
                    (
                        e["kind"].as_str().unwrap_or_default().to_string(),
                        e["text"].as_str().unwrap_or_default().to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn has(entities: &Value, kind: &str, text: &str) -> bool {
    kinds_and_texts(entities)
        .iter()
        .any(|(k, t)| k == kind && t == text)
}

#[test]
fn wire_copy_shows_its_names_and_dates_with_the_right_kinds() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("wire").join("tass-style.txt"))?;
    let article = sandbox.by_title("Gulf states agree to build joint desalination laboratory")?;
    let entities = &article["entities"];
    assert!(has(entities, "place", "DUBAI"), "{entities}");
    assert!(has(entities, "organization", "TASS"), "{entities}");
    assert!(has(entities, "date", "February 2"), "{entities}");
    // Offsets point at the text in the named field.
    for entity in entities.as_array().ok_or("entities")? {
        let field = entity["field"].as_str().ok_or("field")?;
        let (start, end) = (
            entity["start"].as_u64().ok_or("start")? as usize,
            entity["end"].as_u64().ok_or("end")? as usize,
        );
        let cut: String = article[field]
            .as_str()
            .unwrap_or_default()
            .chars()
            .skip(start)
            .take(end - start)
            .collect();
        assert_eq!(cut, entity["text"].as_str().unwrap_or_default(), "{entity}");
    }
    let by_place = sandbox.json(&["search", "--json", "place:dubai"])?;
    assert_eq!(by_place[0]["id"], article["id"]);
    let by_org = sandbox.json(&["search", "--json", "org:tass"])?;
    assert_eq!(by_org[0]["id"], article["id"]);
    assert_eq!(
        sandbox
            .json(&["search", "--json", "person:dubai"])?
            .as_array()
            .map(Vec::len),
        Some(0)
    );
    Ok(())
}

#[test]
fn free_text_entities_with_offsets_and_dates() -> TestResult {
    let sandbox = Sandbox::new()?;
    let text = "OSLO, March 3 (Reuters) - Prime Minister Ingrid Dahl met Siemens executives in Berlin on Monday.";
    let output = sandbox.run_with_stdin(
        &[
            "entities",
            "text",
            "--json",
            "--published",
            "2026-03-05",
            "-",
        ],
        text.as_bytes(),
    )?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let entities: Value = serde_json::from_slice(&output.stdout)?;
    assert!(has(&entities, "place", "OSLO"), "{entities}");
    assert!(has(&entities, "organization", "Reuters"), "{entities}");
    assert!(has(&entities, "person", "Ingrid Dahl"), "{entities}");
    assert!(has(&entities, "place", "Berlin"), "{entities}");
    let dates: Vec<&Value> = entities
        .as_array()
        .ok_or("entities")?
        .iter()
        .filter(|e| e["kind"] == "date")
        .collect();
    let values: Vec<&str> = dates.iter().filter_map(|d| d["value"].as_str()).collect();
    assert!(values.contains(&"2026-03-03"), "{entities}");
    assert!(
        values.contains(&"2026-03-02"),
        "Monday before 5 March 2026: {entities}"
    );
    Ok(())
}

#[test]
fn conll_tag_and_eval() -> TestResult {
    let sandbox = Sandbox::new()?;
    let file = fixtures().join("conll").join("small.conll");
    let output = sandbox.run(&["entities", "tag", "--conll", &file.to_string_lossy()])?;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let input = std::fs::read_to_string(&file)?;
    let tagged = String::from_utf8(output.stdout)?;
    assert_eq!(tagged.lines().count(), input.lines().count());
    for (before, after) in input.lines().zip(tagged.lines()) {
        if before.trim().is_empty() || before.starts_with("-DOCSTART-") {
            assert_eq!(before, after);
        } else {
            let tag = after.strip_prefix(before).ok_or(after)?.trim();
            let valid = tag == "O"
                || ["B-", "I-"].iter().any(|p| {
                    tag.strip_prefix(p)
                        .is_some_and(|t| ["PER", "ORG", "LOC", "MISC"].contains(&t))
                });
            assert!(valid, "{after}");
        }
    }
    let report = sandbox.json(&["entities", "eval", "--json", &file.to_string_lossy()])?;
    let text = report.to_string();
    for key in ["precision", "recall", "f1"] {
        assert!(text.contains(key), "{report}");
    }
    Ok(())
}

#[test]
fn eval_splits_recall_by_names_seen_in_training() -> TestResult {
    let sandbox = Sandbox::new()?;
    let file = fixtures().join("conll").join("small.conll");
    let file = file.to_string_lossy();
    // Trained on itself, every name is seen and the split adds up to the whole.
    let itself = sandbox.json(&["entities", "eval", "--json", &file, "--seen-in", &file])?;
    let novelty = &itself["novelty"];
    assert_eq!(
        novelty["seen"]["names"], itself["overall"]["gold"],
        "{itself}"
    );
    assert_eq!(
        novelty["seen"]["found"], itself["overall"]["correct"],
        "{itself}"
    );
    assert_eq!(novelty["unseen"]["names"], 0, "{itself}");
    // Knowing only "Oslo" (as any kind): one of the file's five names is seen.
    let training = sandbox.data_dir().join("oslo.conll");
    std::fs::create_dir_all(sandbox.data_dir())?;
    std::fs::write(
        &training,
        "Ferries NNS B-NP O\nleft VBD B-VP O\nOslo NNP B-NP I-ORG\n. . O O\n",
    )?;
    let training = training.to_string_lossy();
    let one = sandbox.json(&["entities", "eval", "--json", &file, "--seen-in", &training])?;
    assert_eq!(one["novelty"]["seen"]["names"], 1, "{one}");
    assert_eq!(one["novelty"]["unseen"]["names"], 4, "{one}");
    let text = sandbox.run(&["entities", "eval", &file, "--seen-in", &training])?;
    let text = String::from_utf8(text.stdout)?;
    assert!(text.contains("never seen: 4 names"), "{text}");
    Ok(())
}

#[test]
fn reindex_tags_a_store_from_before_tagging() -> TestResult {
    let sandbox = Sandbox::new()?;
    sandbox.import(&fixtures().join("wire"))?;
    let db = sandbox.data_dir().join("dateline.db");
    let store = rusqlite::Connection::open(&db)?;
    store.execute("UPDATE articles SET entities = NULL", [])?;
    // A page's text kept before the page's names were found (or with recognition off).
    let with_page = "Gulf states agree to build joint desalination laboratory";
    store.execute(
        "UPDATE articles SET full_body = 'Maarten Bakker spoke in Leeuwarden.' WHERE title = ?1",
        [with_page],
    )?;
    let not_yet = |sandbox: &Sandbox| -> Result<String, Box<dyn std::error::Error>> {
        let output = sandbox.run(&["stats"])?;
        Ok(String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let stderr = not_yet(&sandbox)?;
    assert!(
        stderr.contains("entities not yet looked for in 6 stored articles"),
        "{stderr}"
    );
    assert!(sandbox.run(&["reindex"])?.status.success());
    let article = sandbox.by_title(with_page)?;
    assert!(has(&article["entities"], "organization", "TASS"));
    assert!(has(&article["entities"], "person", "Maarten Bakker"));
    assert!(!sandbox.json(&["search", "--json", "place:dubai"])?[0].is_null());
    assert!(!sandbox.json(&["search", "--json", "person:bakker"])?[0].is_null());
    assert!(!not_yet(&sandbox)?.contains("not yet looked for"));
    // Only the page's text waits: one article, tagged by the next reindex.
    store.execute(
        "UPDATE articles SET full_entities = NULL WHERE title = ?1",
        [with_page],
    )?;
    let stderr = not_yet(&sandbox)?;
    assert!(
        stderr.contains("entities not yet looked for in 1 stored article;"),
        "{stderr}"
    );
    assert!(sandbox.run(&["reindex"])?.status.success());
    assert!(!not_yet(&sandbox)?.contains("not yet looked for"));
    Ok(())
}
