//! Conformance over the third-party feed corpora in `../shared/data/feeds` (feed-rs fixtures,
//! feedparser's tests, the rust-syndication files): every file imports or fails with a clear error,
//! nothing panics, no stored text holds a control character, and feedparser's `sanitize` cases keep
//! no script, style or event handler; per corpus, files imported, refused (by reason) and dropped
//! silently are printed, and nothing may be dropped silently. Skips with a notice when `../shared`
//! is absent.

mod common;
mod corpus_report;

use std::path::{Path, PathBuf};

use common::{Sandbox, TestResult, shared_data};
use dateline::import::{Input, import_parsed, parse_input};
use dateline::library::Library;

fn feed_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.path());
    for entry in entries {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if path.is_dir() {
            feed_files(&path, out)?;
        } else if !name.starts_with("LICENSE") && name != "SOURCE.txt" && name != "README.md" {
            out.push(path);
        }
    }
    Ok(())
}

fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// Markup that must never survive sanitising: active content and event handlers.
fn active_content(text: &str) -> Option<String> {
    let lower = text.to_lowercase();
    for needle in [
        "<script",
        "</script",
        "<style",
        "javascript:",
        "vbscript:",
        "<iframe",
        "<object",
        "<embed",
        "<applet",
        "<meta",
        "<link",
        "<blink",
        "alert(",
        "expression(",
    ] {
        if lower.contains(needle) {
            return Some(needle.to_string());
        }
    }
    // An event-handler attribute: on<letters>= .
    let bytes = lower.as_bytes();
    for i in 0..bytes.len().saturating_sub(3) {
        let starts_word = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        if starts_word && bytes[i] == b'o' && bytes[i + 1] == b'n' {
            let rest = &lower[i + 2..];
            let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
            if letters >= 3 && rest[letters..].trim_start().starts_with('=') {
                return Some(format!("on{}=", &rest[..letters]));
            }
        }
    }
    None
}

#[test]
fn every_shared_feed_imports_or_fails_clearly() -> TestResult {
    let Some(data) = shared_data() else {
        eprintln!("skipping conformance: ../shared/data is absent");
        return Ok(());
    };
    let mut files = Vec::new();
    feed_files(&data.join("feeds"), &mut files)?;
    assert!(
        files.len() > 2000,
        "expected the whole corpus, found {} files",
        files.len()
    );

    let root = data.join("feeds");
    let mut report = corpus_report::Report::default();
    let mut parsed_all = Vec::new();
    let (mut ok, mut failed, mut articles) = (0, 0, 0);
    let mut panics = Vec::new();
    for path in &files {
        let input = Input::File(path.clone());
        let tally = report.tally(&root, path);
        let items = corpus_report::source_items(&std::fs::read(path)?);
        tally.source_items += items;
        match std::panic::catch_unwind(|| parse_input(&input)) {
            Err(_) => panics.push(path.display().to_string()),
            Ok(Err(error)) => {
                failed += 1;
                assert_eq!(error.name, path.display().to_string());
                assert!(
                    error.reason.trim().len() > 5,
                    "unclear error for {}: {error}",
                    path.display()
                );
                *tally
                    .refused
                    .entry(corpus_report::reason_kind(&error.reason))
                    .or_default() += 1;
            }
            Ok(Ok(parsed)) => {
                ok += 1;
                articles += parsed.drafts.len();
                for error in &parsed.errors {
                    assert_eq!(error.name, path.display().to_string());
                    assert!(!error.reason.trim().is_empty());
                }
                let (drafts, errors) = (parsed.drafts.len(), parsed.errors.len());
                tally.articles += drafts;
                tally.item_errors += errors;
                if drafts > 0 {
                    tally.imported += 1;
                } else if errors == 0 {
                    tally.empty += 1;
                    tally.silent_files.push(path.display().to_string());
                }
                if items > drafts + errors {
                    tally.silent_items += items - drafts - errors;
                    tally.silent_item_files.push(path.display().to_string());
                }
                parsed_all.push((path.clone(), parsed));
            }
        }
    }
    eprintln!(
        "conformance: {} files: {ok} parsed ({articles} articles), {failed} reported as errors, {} panics",
        files.len(),
        panics.len()
    );
    eprintln!(
        "{}",
        report.table("import, per corpus (items: found by a plain scan of the source)")
    );
    assert!(panics.is_empty(), "parsing panicked on: {panics:?}");
    for (corpus, tally) in &report.corpora {
        assert!(
            tally.silent_files.is_empty(),
            "{corpus}: files that gave no article and no reason: {:?}",
            tally.silent_files
        );
        assert_eq!(
            tally.silent_items, 0,
            "{corpus}: items found in the source that gave neither an article nor an error, in {:?}",
            tally.silent_item_files
        );
    }

    for (path, parsed) in &parsed_all {
        if !path.components().any(|c| c.as_os_str() == "sanitize") {
            continue;
        }
        for draft in &parsed.drafts {
            let text = format!(
                "{}\n{}\n{}\n{}\n{}",
                draft.title, draft.standfirst, draft.body, draft.source, draft.author
            );
            let links: String = draft
                .links
                .iter()
                .map(|l| format!("{} {}\n", l.url, l.text))
                .collect();
            if let Some(found) = active_content(&text).or_else(|| active_content(&links)) {
                panic!("{} kept {found:?}: {text:?} {links:?}", path.display());
            }
        }
    }

    // Store everything for real and read it back.
    let sandbox = Sandbox::new()?;
    let (mut library, _) = Library::open(sandbox.data_dir())?;
    let report = import_parsed(&mut library, parsed_all.into_iter().map(|(_, p)| Ok(p)))?;
    assert!(
        report.imported.len() > 150,
        "only {} stored",
        report.imported.len()
    );
    for id in &report.imported {
        let article = library.get(*id)?.ok_or("stored article vanished")?;
        let mut fields = vec![
            article.title.clone(),
            article.standfirst.clone(),
            article.body.clone(),
            article.source.clone(),
            article.author.clone(),
            article.url.clone().unwrap_or_default(),
            article.guid.clone().unwrap_or_default(),
        ];
        fields.extend(
            article
                .links
                .iter()
                .flat_map(|l| [l.url.clone(), l.text.clone()]),
        );
        for text in fields {
            if let Some(bad) = text.chars().find(|&c| is_forbidden(c)) {
                panic!("article {id} holds {bad:?}: {text:?}");
            }
        }
    }
    Ok(())
}

#[test]
fn the_binary_survives_the_whole_corpus() -> TestResult {
    let Some(data) = shared_data() else {
        eprintln!("skipping conformance: ../shared/data is absent");
        return Ok(());
    };
    let sandbox = Sandbox::new()?;
    let output = sandbox.run(&["import", "--json", &data.join("feeds").to_string_lossy()])?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    for failure in report["failed"].as_array().ok_or("failed")? {
        assert!(
            failure["path"].as_str().is_some_and(|p| !p.is_empty()),
            "{failure}"
        );
        assert!(
            failure["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{failure}"
        );
    }
    Ok(())
}
