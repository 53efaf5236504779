//! HTML to text at scale: nested block elements and many links, through `html_to_text` (feed
//! content, JSON `content_html`) and through the page path (`dateline import page.html`:
//! Readability, furniture, metadata). Prints the time and the time per element for each size, so
//! that linear growth shows as a flat time per element.
//!
//! `cargo bench --bench html`. Without `--bench` (under `cargo test`) a smoke run of small sizes.

use std::hint::black_box;
use std::time::{Duration, Instant};

use dateline::ingest::html_text::html_to_text;
use dateline::ingest::links::LinkList;
use dateline::ingest::{Format, Origin, parse};

/// `n` nested `<div>`s around one line of text.
fn nested_divs(n: usize) -> String {
    format!("{}innermost text{}", "<div>".repeat(n), "</div>".repeat(n))
}

/// `n` paragraphs of one link each, every link to its own address.
fn links(n: usize) -> String {
    (0..n)
        .map(|i| format!("<p>See <a href=\"https://news.example/story/{i}\">story {i}</a>.</p>"))
        .collect()
}

/// Shapes that cost html5ever the square of their size before the bound: one tag with `n`
/// attributes, `n` paragraphs each reopening every earlier unclosed `<b>`, `n` nested `<b>`s that
/// differ in an attribute.
fn attributes(n: usize) -> String {
    let attrs: String = (0..n).map(|i| format!(" a{i}=\"{i}\"")).collect();
    format!("<p{attrs}>text</p>")
}

fn reopened(n: usize) -> String {
    (0..n).map(|i| format!("<p><b x={i}>t</p>")).collect()
}

fn distinct_bold(n: usize) -> String {
    (0..n).map(|i| format!("<b x={i}>")).collect::<String>() + "text"
}

/// `n` short comments between words: each comment's end is looked for once.
fn comments(n: usize) -> String {
    (0..n).map(|i| format!("w{i} <!--x--> ")).collect()
}

fn page(body: &str) -> String {
    format!("<!DOCTYPE html><html><head><title>Bench page</title></head><body>{body}</body></html>")
}

/// The best of `runs` timings of `work`.
fn best_of(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn report(label: &str, elements: usize, bytes: usize, took: Duration) {
    let per = took.as_secs_f64() * 1e9 / elements as f64;
    println!(
        "{label:<28} {elements:>8} elements {:>8.1} KB {:>10.1} ms {per:>8.0} ns/element",
        bytes as f64 / 1024.0,
        took.as_secs_f64() * 1e3
    );
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let (nested_sizes, link_sizes): (&[usize], &[usize]) = if full {
        (&[10_000, 40_000, 200_000], &[10_000, 100_000])
    } else {
        (&[1_000, 4_000], &[1_000])
    };
    let origin = Origin {
        name: "bench.html".into(),
        modified: None,
    };
    println!("HTML to text (best of 3)");
    for (kind, sizes, make) in [
        (
            "nested <div>",
            nested_sizes,
            nested_divs as fn(usize) -> String,
        ),
        ("links", link_sizes, links),
        ("attributes", link_sizes, attributes),
        ("reopened <b>", link_sizes, reopened),
        ("nested <b x=N>", link_sizes, distinct_bold),
        ("comments", link_sizes, comments),
    ] {
        for &n in sizes {
            let html = make(n);
            let took = best_of(3, || {
                let mut list = LinkList::new();
                black_box(html_to_text(black_box(&html), None, &mut list));
            });
            report(&format!("html_to_text {kind}"), n, html.len(), took);
        }
        for &n in sizes {
            let html = page(&make(n));
            let took = best_of(3, || {
                black_box(parse(black_box(html.as_bytes()), &origin, Format::Html).ok());
            });
            report(&format!("page {kind}"), n, html.len(), took);
        }
    }
}
