//! Recogniser speed on one core: tokens per second over the CoNLL-2003 development set (as given
//! tokens, as text that must be tokenised, and tokenising alone) and over whole articles,
//! tokenisation included.
//!
//! `cargo bench --bench entities -- [--rounds N] [--articles N]`. Uses `../shared/data/ner/conll2003/eng.testa`
//! when present, and articles made of `eng.train` sentences as the scale benchmark imports them;
//! synthetic articles (built-in templates) are timed either way.

use std::hint::black_box;
use std::time::{Duration, Instant};

use anyhow::Result;
use chrono::NaiveDate;
use dateline::entities::{Conll, Recognizer, tokenize};
use dateline::say::group_digits;
use dateline::synth::{Corpus, Generator, detokenize};

const DEV: &str = "../shared/data/ner/conll2003/eng.testa";
const TRAIN: &str = "../shared/data/ner/conll2003/eng.train";
const SPEED_TARGET: f64 = 1_000_000.0;

#[derive(clap::Parser)]
struct Args {
    /// Timed passes over each input; the fastest counts.
    #[arg(long, default_value_t = 5)]
    rounds: usize,
    /// The CoNLL development file.
    #[arg(long, default_value = DEV)]
    dev: std::path::PathBuf,
    /// Synthetic articles to time.
    #[arg(long, default_value_t = 400)]
    articles: u64,
    /// Passed by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// One article's fields.
struct Article {
    title: String,
    standfirst: String,
    body: String,
}

fn main() -> Result<()> {
    let args: Args = clap::Parser::parse();
    let started = Instant::now();
    let recognizer = Recognizer::builtin()?;
    println!(
        "model load: {:.2} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    let published = NaiveDate::from_ymd_opt(2026, 11, 24);

    match std::fs::read_to_string(&args.dev) {
        Ok(text) => {
            let conll = Conll::parse(&text);
            let documents: Vec<(Vec<&str>, Vec<std::ops::Range<usize>>)> = conll
                .documents
                .iter()
                .map(|sentences| conll.document_tokens(sentences))
                .collect();
            let tokens: usize = documents.iter().map(|(w, _)| w.len()).sum();
            let best = fastest(args.rounds, || {
                for (words, ranges) in &documents {
                    black_box(recognizer.tag_tokens(words, ranges.clone()));
                }
            });
            report("dev set, CoNLL tokens (tag only)", tokens, best);

            let articles: Vec<Article> = documents
                .iter()
                .filter_map(|(w, r)| dev_article(w, r))
                .collect();
            let tokens = count_tokens(&articles);
            let best = fastest(args.rounds, || {
                for a in &articles {
                    black_box(tokenize(&a.title));
                    black_box(tokenize(&a.standfirst));
                    black_box(tokenize(&a.body));
                }
            });
            report(
                &format!("dev set as {} articles (tokenise only)", articles.len()),
                tokens,
                best,
            );
            let best = fastest(args.rounds, || {
                for a in &articles {
                    black_box(recognizer.article_entities(
                        &a.title,
                        &a.standfirst,
                        &a.body,
                        published,
                    ));
                }
            });
            report(
                &format!(
                    "dev set as {} articles (tokenise + tag + dates)",
                    articles.len()
                ),
                tokens,
                best,
            );
        }
        Err(_) => println!(
            "{} is absent: skipping the development-set figures",
            args.dev.display()
        ),
    }

    let mut corpora = vec![("synthetic articles", Corpus::builtin())];
    // The articles the scale benchmark imports: CoNLL sentences in generated stories.
    if let Ok(corpus) = Corpus::from_conll(std::path::Path::new(TRAIN)) {
        corpora.push(("articles of CoNLL sentences", corpus));
    }
    for (name, corpus) in corpora {
        let mut generator = Generator::new(corpus, 7);
        let articles: Vec<Article> = (0..args.articles)
            .map(|n| {
                let draft = generator.draft(n);
                Article {
                    title: draft.title,
                    standfirst: draft.standfirst,
                    body: draft.body,
                }
            })
            .collect();
        let tokens = count_tokens(&articles);
        let best = fastest(args.rounds, || {
            for a in &articles {
                black_box(recognizer.article_entities(&a.title, &a.standfirst, &a.body, published));
            }
        });
        report(
            &format!(
                "{} {name}, {} tokens each (tokenise + tag + dates)",
                articles.len(),
                tokens / articles.len().max(1)
            ),
            tokens,
            best,
        );
    }
    Ok(())
}

/// A dev document as an article: first sentence the title, second the standfirst, the rest the body
/// in paragraphs of three sentences.
fn dev_article(words: &[&str], ranges: &[std::ops::Range<usize>]) -> Option<Article> {
    let sentence = |r: &std::ops::Range<usize>| detokenize(words[r.clone()].iter().copied());
    let (title, rest) = ranges.split_first()?;
    let (standfirst, body) = rest.split_first()?;
    let paragraphs: Vec<String> = body
        .chunks(3)
        .map(|chunk| chunk.iter().map(sentence).collect::<Vec<_>>().join(" "))
        .collect();
    Some(Article {
        title: sentence(title),
        standfirst: sentence(standfirst),
        body: paragraphs.join("\n\n"),
    })
}

fn count_tokens(articles: &[Article]) -> usize {
    articles
        .iter()
        .map(|a| {
            tokenize(&a.title).0.len() + tokenize(&a.standfirst).0.len() + tokenize(&a.body).0.len()
        })
        .sum()
}

/// Runs `work` once to warm up, then `rounds` times; the fastest time.
fn fastest(rounds: usize, mut work: impl FnMut()) -> Duration {
    work();
    (0..rounds.max(1))
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn report(what: &str, tokens: usize, time: Duration) {
    let rate = tokens as f64 / time.as_secs_f64().max(1e-9);
    let verdict = if rate >= SPEED_TARGET {
        "ok"
    } else {
        "BELOW TARGET"
    };
    println!(
        "{what}: {} tokens in {:.1} ms = {} tokens/s ({verdict}: target {})",
        group_digits(tokens as u64),
        time.as_secs_f64() * 1e3,
        group_digits(rate as u64),
        group_digits(SPEED_TARGET as u64)
    );
}
