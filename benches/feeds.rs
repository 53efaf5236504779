//! Feed reading benchmark: generated feeds that grow in one dimension at a time (RSS items, JSON
//! Feed items, inline XHTML nested ever deeper, unclosed and stray tags, entity references, and
//! SGML news documents left open), each parsed by `ingest::parse` as an import does, timed, and
//! printed as microseconds per kilobyte: a flat column is linear growth.
//!
//! `cargo bench --bench feeds`. Without `--bench` (under `cargo test`) only the smallest size of
//! each shape runs, as a smoke test.

use std::time::Instant;

use dateline::ingest::{Format, Origin, parse};

/// Runs of each size; the fastest is reported.
const RUNS: usize = 3;

/// One shape: its name, and a generator of the feed for a size.
struct Shape {
    name: &'static str,
    format: Format,
    sizes: [usize; 3],
    make: fn(usize) -> String,
}

fn rss_items(n: usize) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>B</title>");
    for i in 0..n {
        xml.push_str(&format!(
            "<item><title>Ferry {i} leaves Bergen on time</title><guid>g-{i}</guid>\
             <link>https://example.org/{i}</link><pubDate>Tue, 02 Apr 2024 08:00:00 GMT</pubDate>\
             <description>&lt;p&gt;The ferry left at &lt;b&gt;eight&lt;/b&gt; with {i} cars.&lt;/p&gt;\
             </description></item>"
        ));
    }
    xml.push_str("</channel></rss>");
    xml
}

fn json_items(n: usize) -> String {
    let items: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"id\": \"{i}\", \"title\": \"Market day {i}\", \"content_html\": \
                 \"<p>Stalls opened at <b>seven</b>.</p>\", \"date_published\": \"June 2, 2025\", \
                 \"author\": {{\"name\": \"Ann\"}}}}"
            )
        })
        .collect();
    format!(
        "{{\"version\": \"1.0\", \"title\": \"J\", \"items\": [{}]}}",
        items.join(",")
    )
}

fn atom_with(content: &str) -> String {
    format!(
        "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>A</title><entry><title>Deep</title>\
         <id>urn:1</id><content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">{content}\
         </div></content></entry></feed>"
    )
}

fn nested_xhtml(depth: usize) -> String {
    atom_with(&format!(
        "{}text{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    ))
}

fn unclosed_tags(n: usize) -> String {
    atom_with(&"<span>word ".repeat(n))
}

fn stray_end_tags(n: usize) -> String {
    atom_with(&"word</em></p>".repeat(n))
}

fn entities(n: usize) -> String {
    let text = "a&nbsp;b&amp;c&#233;&eacute; ".repeat(n);
    format!(
        "<rss version=\"2.0\"><channel><title>E</title><item><title>Entities</title>\
         <description>{text}</description></item></channel></rss>"
    )
}

fn sgml_left_open(n: usize) -> String {
    let mut text = String::from("<!DOCTYPE lewis SYSTEM \"lewis.dtd\">\n");
    for i in 0..n {
        text.push_str(&format!(
            "<REUTERS NEWID=\"{i}\"><TEXT><TITLE>PORT TALKS {i}</TITLE><BODY>Talks resumed.\n"
        ));
    }
    text
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let shapes = [
        Shape {
            name: "RSS items",
            format: Format::Feed,
            sizes: [1_000, 10_000, 50_000],
            make: rss_items,
        },
        Shape {
            name: "JSON Feed items",
            format: Format::Feed,
            sizes: [1_000, 10_000, 50_000],
            make: json_items,
        },
        Shape {
            name: "nested XHTML <div>",
            format: Format::Feed,
            sizes: [10_000, 40_000, 200_000],
            make: nested_xhtml,
        },
        Shape {
            name: "unclosed <span>",
            format: Format::Feed,
            sizes: [10_000, 40_000, 200_000],
            make: unclosed_tags,
        },
        Shape {
            name: "stray end tags",
            format: Format::Feed,
            sizes: [10_000, 40_000, 200_000],
            make: stray_end_tags,
        },
        Shape {
            name: "entity references",
            format: Format::Feed,
            sizes: [10_000, 40_000, 200_000],
            make: entities,
        },
        Shape {
            name: "SGML left open",
            format: Format::SgmlNews,
            sizes: [1_000, 10_000, 50_000],
            make: sgml_left_open,
        },
    ];
    let origin = Origin {
        name: "bench.xml".into(),
        modified: None,
    };
    println!(
        "{:<20} {:>8} {:>10} {:>10} {:>9} {:>8}",
        "shape", "size", "KB", "ms", "µs/KB", "articles"
    );
    for shape in &shapes {
        let sizes = if full {
            &shape.sizes[..]
        } else {
            &shape.sizes[..1]
        };
        let mut per_kb = Vec::new();
        for &size in sizes {
            let text = (shape.make)(size);
            // The fastest of a few runs: the machine's other work only ever adds time.
            let mut took = std::time::Duration::MAX;
            let mut articles = 0;
            for _ in 0..RUNS {
                let started = Instant::now();
                let parsed = parse(text.as_bytes(), &origin, shape.format);
                took = took.min(started.elapsed());
                articles = parsed.map_or(0, |p| p.drafts.len());
            }
            let kb = text.len() as f64 / 1024.0;
            let us_per_kb = took.as_secs_f64() * 1e6 / kb;
            per_kb.push(us_per_kb);
            println!(
                "{:<20} {size:>8} {kb:>10.0} {:>10.1} {us_per_kb:>9.2} {articles:>8}",
                shape.name,
                took.as_secs_f64() * 1e3
            );
        }
        if let (Some(first), Some(last)) = (per_kb.first(), per_kb.last())
            && per_kb.len() > 1
        {
            println!(
                "{:<20} growth from smallest to largest: {:.2}x per KB",
                "",
                last / first
            );
        }
    }
}
