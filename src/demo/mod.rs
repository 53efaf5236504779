//! The built-in demo set: twenty short articles of our own writing, in several import formats, compiled into the binary.

/// One file of the demo set, as it would be read from disk.
#[derive(Debug, Clone, Copy)]
pub struct DemoFile {
    /// The file name, whose extension (and, for wire copy, date prefix) guides import.
    pub name: &'static str,
    pub bytes: &'static [u8],
}

/// Every file under `demo/`, sorted by name.
pub fn demo_files() -> &'static [DemoFile] {
    &[
        DemoFile {
            name: "2026-09-08-dubai-energy-talks.txt",
            bytes: include_bytes!("articles/2026-09-08-dubai-energy-talks.txt"),
        },
        DemoFile {
            name: "2026-09-22-nairobi-vaccine-plant.txt",
            bytes: include_bytes!("articles/2026-09-22-nairobi-vaccine-plant.txt"),
        },
        DemoFile {
            name: "2026-09-29-copenhagen-wind-study.html",
            bytes: include_bytes!("articles/2026-09-29-copenhagen-wind-study.html"),
        },
        DemoFile {
            name: "2026-10-03-oslo-wealth-fund.txt",
            bytes: include_bytes!("articles/2026-10-03-oslo-wealth-fund.txt"),
        },
        DemoFile {
            name: "2026-10-09-lyon-espresso-prices.html",
            bytes: include_bytes!("articles/2026-10-09-lyon-espresso-prices.html"),
        },
        DemoFile {
            name: "2026-10-14-rotterdam-terminal.txt",
            bytes: include_bytes!("articles/2026-10-14-rotterdam-terminal.txt"),
        },
        DemoFile {
            name: "2026-10-19-paris-exhibition.txt",
            bytes: include_bytes!("articles/2026-10-19-paris-exhibition.txt"),
        },
        DemoFile {
            name: "2026-11-04-tokyo-care-robots.txt",
            bytes: include_bytes!("articles/2026-11-04-tokyo-care-robots.txt"),
        },
        DemoFile {
            name: "2026-11-10-cairo-water-summit.html",
            bytes: include_bytes!("articles/2026-11-10-cairo-water-summit.html"),
        },
        DemoFile {
            name: "2026-11-12-helsinki-hockey.txt",
            bytes: include_bytes!("articles/2026-11-12-helsinki-hockey.txt"),
        },
        DemoFile {
            name: "culture-atom.atom",
            bytes: include_bytes!("articles/culture-atom.atom"),
        },
        DemoFile {
            name: "lagos-fintech-rules.md",
            bytes: include_bytes!("articles/lagos-fintech-rules.md"),
        },
        DemoFile {
            name: "new-york-marathon.md",
            bytes: include_bytes!("articles/new-york-marathon.md"),
        },
        DemoFile {
            name: "newswire-2026-10.jsonl",
            bytes: include_bytes!("articles/newswire-2026-10.jsonl"),
        },
        DemoFile {
            name: "sao-paulo-metro-line.md",
            bytes: include_bytes!("articles/sao-paulo-metro-line.md"),
        },
        DemoFile {
            name: "tehran-earthquake-sensors.md",
            bytes: include_bytes!("articles/tehran-earthquake-sensors.md"),
        },
        DemoFile {
            name: "worlddesk-rss.xml",
            bytes: include_bytes!("articles/worlddesk-rss.xml"),
        },
    ]
}
