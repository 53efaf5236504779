//! Telling people about alerts outside the status bar: a desktop notification by escape sequence
//! (OSC 9 and OSC 777, which terminals show over ssh, wrapped for tmux so it passes through), and
//! the user's `notify_command`.

use std::process::{Command, Stdio};

use crate::ingest::sanitize::clean_line;
use crate::library::Alert;

/// A one-line summary of an alert: `Harbour: 3 new: First title; Second title`.
pub fn summary(alert: &Alert) -> String {
    let titles = alert.titles.iter().take(3).cloned().collect::<Vec<_>>();
    format!(
        "{}: {} new: {}",
        alert.saved,
        alert.count,
        titles.join("; ")
    )
}

/// The escape sequences of a desktop notification: OSC 9 (iTerm2, kitty, WezTerm, foot) and OSC
/// 777 (urxvt, VTE), with the text cleaned so it cannot end them early; inside tmux each is also
/// sent wrapped in tmux's passthrough.
pub fn desktop_sequence(alert: &Alert, in_tmux: bool) -> String {
    let body = clean_line(&summary(alert)).replace(';', ",");
    let title = clean_line(&alert.saved).replace(';', ",");
    let plain = [
        format!("\x1b]9;dateline: {body}\x07"),
        format!("\x1b]777;notify;dateline: {title};{body}\x07"),
    ];
    let mut out = plain.concat();
    if in_tmux {
        for sequence in plain {
            out.push_str(&tmux_passthrough(&sequence));
        }
    }
    out
}

/// What the terminal is sent for an alert: its desktop notification (passed through tmux when
/// dateline runs inside it), then the bell if `bell`.
pub fn terminal_alert(alert: &Alert, bell: bool) -> String {
    let in_tmux = std::env::var_os("TMUX").is_some_and(|v| !v.is_empty());
    let bell = if bell { "\x07" } else { "" };
    format!("{}{bell}", desktop_sequence(alert, in_tmux))
}

/// A sequence wrapped so tmux hands it to the terminal outside (every ESC doubled).
pub fn tmux_passthrough(sequence: &str) -> String {
    format!("\x1bPtmux;{}\x1b\\", sequence.replace('\x1b', "\x1b\x1b"))
}

/// Runs `command` with `sh -c`, the alert in its environment, and waits for it; its output goes
/// nowhere (it must not draw over the screen).
pub fn run_command(command: &str, alert: &Alert) -> std::io::Result<std::process::ExitStatus> {
    Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("DATELINE_SAVED", &alert.saved)
        .env("DATELINE_COUNT", alert.count.to_string())
        .env("DATELINE_TITLES", alert.titles.join("\n"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alert() -> Alert {
        Alert {
            saved: "Harbour".into(),
            count: 2,
            titles: vec!["Ferry; strike \u{7} ends".into(), "Bridge opens".into()],
        }
    }

    #[test]
    fn desktop_notifications_carry_clean_text_and_pass_through_tmux() {
        let plain = desktop_sequence(&alert(), false);
        assert_eq!(
            plain,
            "\x1b]9;dateline: Harbour: 2 new: Ferry, strike ends, Bridge opens\x07\
             \x1b]777;notify;dateline: Harbour;Harbour: 2 new: Ferry, strike ends, Bridge opens\x07"
        );
        let wrapped = desktop_sequence(&alert(), true);
        assert!(wrapped.starts_with(&plain));
        assert!(wrapped.contains("\x1bPtmux;\x1b\x1b]9;dateline"));
    }
}
