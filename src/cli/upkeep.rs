//! Saying what followed a refresh (see `crate::upkeep`): warnings, what was pruned, and each
//! alert as a line on stderr, with a desktop notification (and the bell if wanted) when stderr
//! is a terminal.

use anyhow::Result;

use super::print::{self, note, warn};
use crate::config::Config;
use crate::fetch::refresh::RefreshReport;
use crate::library::Library;
use crate::notify;
use crate::say::count;
use crate::upkeep;

/// Everything a refresh leaves to do, done and said.
pub fn after_refresh(library: &mut Library, config: &Config, report: &RefreshReport) -> Result<()> {
    let done = upkeep::after_refresh(library, config, report)?;
    for text in done.warnings {
        warn(text);
    }
    if done.pruned > 0 {
        note(format!(
            "removed {} past keeping (keep, max_items)",
            count(done.pruned, "article")
        ));
    }
    for alert in &done.alerts {
        note(format!("alert: {}", notify::summary(alert)));
        if print::stderr_is_terminal() {
            print::terminal_sequence(&notify::terminal_alert(alert, config.alert_bell));
        }
    }
    Ok(())
}
