//! `orderd policy check`: how a user's identity policies decide an action, without a request.
//! The context holds the keys that follow from the user (`g:UserName`, `g:DomainName`, ...,
//! `g:CurrentTime` now) and those given with `--context key=value`, which replace them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use time::OffsetDateTime;

use crate::auth::directory::User;
use crate::auth::policy::{ActionPattern, keys};
use crate::config::load_directory;

/// `orderd policy check` options.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckArgs {
    /// The configuration file, as `orderd serve --config` reads it; none: the demo account.
    #[arg(long, env = "ORDERD_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The user whose policies decide.
    #[arg(long, value_name = "NAME")]
    pub user: String,
    /// The user's account (domain name), when users of several accounts have that name.
    #[arg(long, value_name = "NAME")]
    pub account: Option<String>,
    /// The action, `service:resource:verb` (`workspace:orders:create`).
    #[arg(long)]
    pub action: String,
    /// A condition key's value (`g:SourceIp=203.0.113.7`); give a key again for several values.
    #[arg(long = "context", value_name = "KEY=VALUE", value_parser = key_value)]
    pub context: Vec<(String, String)>,
}

/// What `orderd policy check` found: allowed or not, and the lines to print (the decision
/// first, then which statement decided, then the context it was judged in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// True when the action is allowed.
    pub allowed: bool,
    /// The report.
    pub lines: Vec<String>,
}

/// Decides `args.action` for `args.user` at `now`. Errors are usage or configuration errors.
pub fn check(args: &CheckArgs, now: OffsetDateTime) -> Result<Verdict, String> {
    let action = &args.action;
    if action.contains(['*', '?']) || ActionPattern::parse(action).is_err() {
        return Err(format!(
            "--action {action:?} is not an action: use service:resource:verb"
        ));
    }
    let directory = load_directory(args.config.as_deref()).map_err(|e| e.to_string())?;
    let accounts = directory.accounts();
    let in_account = |u: &&User| {
        args.account.as_deref().is_none_or(|name| {
            accounts
                .by_domain(&u.domain_id)
                .is_some_and(|a| a.domain_name == name)
        })
    };
    let users: Vec<&User> = directory
        .users_named(&args.user)
        .filter(in_account)
        .collect();
    let user = match users.as_slice() {
        [user] => *user,
        [] => return Err(format!("no user {:?} in the configuration", args.user)),
        _ => {
            return Err(format!(
                "users of several accounts are named {:?}: give --account",
                args.user
            ));
        }
    };
    let account = accounts
        .by_domain(&user.domain_id)
        .ok_or_else(|| format!("user {:?} has no account", args.user))?;
    let mut ctx = keys::identity(user, account, now);
    let mut given: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for (key, value) in &args.context {
        given.entry(key.as_str()).or_default().push(value.clone());
    }
    for (key, values) in given {
        ctx.replace(key, values);
    }
    let decision = user.decide(action, &ctx);
    let mut lines = vec![
        if decision.allows() { "allow" } else { "deny" }.to_owned(),
        format!(
            "{action} for user {} of account {}: {decision}",
            user.name, account.domain_name
        ),
        "context:".to_owned(),
    ];
    lines.extend(
        ctx.iter()
            .map(|(key, values)| format!("  {key} = {}", values.join(", "))),
    );
    Ok(Verdict {
        allowed: decision.allows(),
        lines,
    })
}

/// `key=value`, the key a condition key (`service:name`).
fn key_value(text: &str) -> Result<(String, String), String> {
    let (key, value) = text
        .split_once('=')
        .ok_or_else(|| format!("{text:?}: use key=value"))?;
    let valid = key
        .split_once(':')
        .is_some_and(|(service, name)| !service.is_empty() && !name.is_empty());
    if !valid {
        return Err(format!(
            "{key:?} is not a condition key: use service:name (g:SourceIp)"
        ));
    }
    Ok((key.to_owned(), value.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn args(user: &str, action: &str, context: &[(&str, &str)]) -> CheckArgs {
        CheckArgs {
            config: None,
            user: user.into(),
            account: None,
            action: action.into(),
            context: context
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn the_demo_viewer_may_read_orders_and_the_report_says_why() {
        let now = datetime!(2026-11-23 12:00 UTC);
        let read = check(&args("demo-viewer", "bss:order:view", &[]), now).unwrap();
        assert!(read.allowed);
        assert_eq!(read.lines[0], "allow");
        assert!(
            read.lines[1].contains("allowed by Statement[0] of the user's actions list"),
            "{:?}",
            read.lines
        );
        assert!(
            read.lines
                .contains(&"  g:CurrentTime = 2026-11-23T12:00:00Z".to_owned())
        );
        let pay = check(
            &args(
                "demo-viewer",
                "bss:order:update",
                &[("g:SourceIp", "10.0.0.1"), ("g:UserName", "someone-else")],
            ),
            now,
        )
        .unwrap();
        assert!(!pay.allowed);
        assert_eq!(pay.lines[0], "deny");
        assert!(pay.lines[1].contains("implicit deny"), "{:?}", pay.lines);
        assert!(pay.lines.contains(&"  g:SourceIp = 10.0.0.1".to_owned()));
        assert!(
            pay.lines
                .contains(&"  g:UserName = someone-else".to_owned())
        );
        let root = check(&args("demo", "bss:order:update", &[]), now).unwrap();
        assert!(root.allowed);
        assert!(root.lines[1].contains("root user"), "{:?}", root.lines);
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        let now = datetime!(2026-11-23 12:00 UTC);
        for (user, action, needle) in [
            ("nobody", "bss:order:view", "no user \"nobody\""),
            ("demo", "bss:order", "is not an action"),
            ("demo", "bss:*:view", "is not an action"),
            ("demo", "*", "is not an action"),
        ] {
            let err = check(&args(user, action, &[]), now).unwrap_err();
            assert!(err.contains(needle), "{user} {action}: {err}");
        }
        assert!(key_value("g:SourceIp").unwrap_err().contains("key=value"));
        assert!(
            key_value("SourceIp=1")
                .unwrap_err()
                .contains("not a condition key")
        );
        assert_eq!(
            key_value("g:SourceIp=a=b"),
            Ok(("g:SourceIp".into(), "a=b".into()))
        );
    }
}
