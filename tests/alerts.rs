//! Refreshing every so often and alerts, through the real binary: `refresh --every --times`
//! refreshes that many times with one JSON report a line, and a saved search marked `--notify`
//! runs `notify_command` with what came in, once for the articles that arrived.

mod common;
mod feeds_support;

use common::httpd::Server;
use common::{Sandbox, TestResult};
use feeds_support::{item, rss, served, subscribe};

#[test]
fn a_notifying_saved_search_runs_the_command_once_for_new_articles() -> TestResult {
    let server = Server::start()?;
    let stories = [
        item("f-1", "Ferry strike ends", "The ferries run again."),
        item("b-1", "Bridge opens", "Cars cross the new bridge."),
    ];
    server.route("/news.xml", served(rss("Coast News", &stories)));
    let sandbox = Sandbox::new()?;
    subscribe(&sandbox, &[("Coast", server.url("/news.xml"))])?;
    for args in [
        &["saved", "add", "--notify", "Ferries", "ferry"][..],
        &["saved", "add", "Bridges", "bridge"][..],
    ] {
        assert!(sandbox.run(args)?.status.success());
    }
    let alerts = sandbox.data_dir().join("alerts.txt");
    let config = sandbox.data_dir().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "notify_command = \"echo \\\"$DATELINE_SAVED $DATELINE_COUNT $DATELINE_TITLES\\\" >> '{}'\"\n",
            alerts.display()
        ),
    )?;
    let output = sandbox
        .command()
        .arg("--config")
        .arg(&config)
        .args(["refresh", "--json", "--every", "1s", "--times", "2"])
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Two refreshes, one report a line; the second found nothing new.
    let reports: Vec<serde_json::Value> = String::from_utf8(output.stdout)?
        .lines()
        .map(serde_json::from_str)
        .collect::<Result<_, _>>()?;
    assert_eq!(reports.len(), 2, "{stderr}");
    assert_eq!(reports[0]["new"], 2);
    assert_eq!(reports[1]["new"], 0);
    assert!(
        stderr.contains("alert: Ferries: 1 new: Ferry strike ends"),
        "{stderr}"
    );
    assert!(stderr.contains("next refresh at"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&alerts)?,
        "Ferries 1 Ferry strike ends\n",
        "one alert, for the search that asked"
    );
    Ok(())
}

#[test]
fn times_needs_every_and_every_needs_a_duration() -> TestResult {
    let sandbox = Sandbox::new()?;
    for args in [
        vec!["refresh", "--times", "2"],
        vec!["refresh", "--every", "soon"],
        vec!["refresh", "--every", "0s"],
    ] {
        let output = sandbox.run(&args)?;
        assert_eq!(output.status.code(), Some(2), "{args:?}");
    }
    Ok(())
}
