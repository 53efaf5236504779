//! Lists and quotations keep their shape through the real binary into the store: numbered items,
//! nested lists under their item, quotations indented, from a saved page, a feed and Markdown.

mod common;

use common::{Sandbox, TestResult};

/// A page whose article quotes a letter and lists steps, one with steps of its own.
const PAGE: &str = "<html><head><title>Harbour council answers the fishers</title></head><body>\
    <nav><a href=\"/\">Home</a></nav><article><h1>Harbour council answers the fishers</h1>\
    <p>The council read out the letter the fishers sent last week, and then voted on the plan \
    that the harbour master drew up over the winter months with the fishing cooperative.</p>\
    <blockquote><p>We have asked for a new quay for eleven years, and every year the answer \
    has been that the money is needed elsewhere in the town.</p></blockquote>\
    <p>The plan the council voted for has three stages, each paid for out of the harbour dues \
    that the port collects from the ferry company and the visiting yachts every summer.</p>\
    <ol start=\"4\"><li>Dredge the inner basin<ul><li>north side first</li><li>then the south \
    side</li></ul></li><li>Rebuild the quay wall</li><li>Open the new fish market</li></ol>\
    <p>Work starts in the spring, once the herring season is over and the boats are out.</p>\
    </article></body></html>";

#[test]
fn a_pages_lists_and_quotations_keep_their_shape() -> TestResult {
    let sandbox = Sandbox::new()?;
    let inputs = tempfile::tempdir()?;
    std::fs::write(inputs.path().join("page.html"), PAGE)?;
    sandbox.import(inputs.path())?;
    let page = sandbox.by_title("Harbour council answers the fishers")?;
    let body = page["body"].as_str().ok_or("body")?;
    assert!(
        body.contains("\n\n    We have asked for a new quay for eleven years, and every year"),
        "{body:?}"
    );
    assert!(
        body.contains(
            "\n\n4. Dredge the inner basin\n   - north side first\n   - then the south side\n\
             5. Rebuild the quay wall\n6. Open the new fish market\n\n"
        ),
        "{body:?}"
    );
    Ok(())
}

/// The budget note, written as a feed item's HTML or as Markdown, as the reader shows it.
const BUDGET_BODY: &str = "The minister said:\n\n    No cuts this year.\n\n        Not one.\n\n\
                           - Schools\n  1. primary\n  2. secondary\n- Roads";

#[test]
fn a_feed_items_lists_and_quotations_keep_their_shape() -> TestResult {
    let sandbox = Sandbox::new()?;
    let inputs = tempfile::tempdir()?;
    let item = "<p>The minister said:</p><blockquote><p>No cuts this year.</p>\
                <blockquote><p>Not one.</p></blockquote></blockquote>\
                <ul><li>Schools<ol><li>primary</li><li>secondary</li></ol></li><li>Roads</li></ul>";
    let rss = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Budget desk</title>\
         <item><title>Budget holds</title><description><![CDATA[{item}]]></description>\
         </item></channel></rss>"
    );
    std::fs::write(inputs.path().join("budget.xml"), rss)?;
    sandbox.import(inputs.path())?;
    let article = sandbox.by_title("Budget holds")?;
    assert_eq!(article["body"].as_str().ok_or("body")?, BUDGET_BODY);
    Ok(())
}

#[test]
fn markdowns_lists_and_quotations_look_as_htmls_do() -> TestResult {
    let sandbox = Sandbox::new()?;
    let inputs = tempfile::tempdir()?;
    let note = "# Budget holds\n\nThe minister said:\n\n> No cuts this year.\n>\n> > Not one.\n\n\
                - Schools\n  1. primary\n  2. secondary\n- Roads\n";
    std::fs::write(inputs.path().join("budget.md"), note)?;
    sandbox.import(inputs.path())?;
    let article = sandbox.by_title("Budget holds")?;
    assert_eq!(article["body"].as_str().ok_or("body")?, BUDGET_BODY);
    Ok(())
}
