//! An account's identity policies (`[[accounts.policies]]`): each named, its document given
//! inline or kept in a JSON file beside the configuration, as users keep them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::error::ConfigError;
use crate::auth::policy::{Origin, Policy};

/// `[[accounts.policies]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PolicyConfig {
    /// What users attach it by (`policies = ["desktops-only"]`).
    name: String,
    /// The policy document (JSON), inline.
    document: Option<String>,
    /// A JSON file holding the document, relative to the configuration file.
    file: Option<PathBuf>,
}

/// The longest policy name (IAM's limit for identity policy names).
const MAX_NAME: usize = 128;

/// The account's policies by name, each document read and parsed; `base` is the directory of
/// the configuration file. Errors name the account, the policy and where its document is.
pub(super) fn load(
    domain_id: &str,
    declared: Vec<PolicyConfig>,
    base: &Path,
) -> Result<HashMap<String, Arc<Policy>>, ConfigError> {
    let mut policies = HashMap::new();
    for p in declared {
        let fail = |what: String| {
            ConfigError::Accounts(format!("account {domain_id} policy {:?}: {what}", p.name))
        };
        let valid_name = (1..=MAX_NAME).contains(&p.name.chars().count())
            && p.name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
        if !valid_name {
            return Err(fail(format!(
                "name must be 1 to {MAX_NAME} letters, digits, '-', '_' or '.'"
            )));
        }
        let (place, text) = match (&p.document, &p.file) {
            (Some(document), None) => ("inline document".to_owned(), document.clone()),
            (None, Some(file)) => {
                let path = base.join(file);
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| fail(format!("cannot read {}: {e}", path.display())))?;
                (path.display().to_string(), text)
            }
            _ => return Err(fail("give exactly one of document and file".into())),
        };
        let policy = Policy::parse(Origin::Named(p.name.clone()), &text)
            .map_err(|e| fail(format!("{place}: {e}")))?;
        if policies.insert(p.name.clone(), Arc::new(policy)).is_some() {
            return Err(fail("is declared more than once".into()));
        }
    }
    Ok(policies)
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use crate::auth::policy::{Decision, RequestContext};
    use crate::config::{ServeArgs, Settings, load_directory};

    const DESKTOPS_ONLY: &str = r#"{"Version": "5.0", "Statement": [{"Effect": "Allow",
        "Action": ["workspace:orders:create"], "Resource": ["*"],
        "Condition": {"StringEquals": {"workspace:CreateOrderType": ["createDesktops"]}}}]}"#;

    /// A configuration with one account whose user `ops` has `user` (TOML lines) and whose
    /// policies are `policies` (TOML), written beside a `policies/` directory.
    fn config(policies: &str, user: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("policies")).unwrap();
        std::fs::write(
            dir.path().join("policies/desktops-only.json"),
            DESKTOPS_ONLY,
        )
        .unwrap();
        let path = dir.path().join("orderd.toml");
        std::fs::write(
            &path,
            format!(
                "[[accounts]]\ndomain_name = \"acme\"\ndomain_id = \"d1\"\n{policies}\n\
                 [[accounts.users]]\nname = \"ops\"\n{user}\n"
            ),
        )
        .unwrap();
        (dir, path)
    }

    fn serve_args(config: PathBuf) -> ServeArgs {
        #[derive(clap::Parser)]
        struct Flags {
            #[command(flatten)]
            args: ServeArgs,
        }
        let flags = <Flags as clap::Parser>::try_parse_from(["serve"]).unwrap();
        ServeArgs {
            config: Some(config),
            ..flags.args
        }
    }

    #[test]
    fn policies_come_inline_or_from_a_file_beside_the_configuration() {
        let inline = format!(
            "[[accounts.policies]]\nname = \"inline\"\ndocument = '''{DESKTOPS_ONLY}'''\n\
             [[accounts.policies]]\nname = \"from-file\"\nfile = \"policies/desktops-only.json\""
        );
        let (_dir, path) = config(
            &inline,
            "actions = [\"bss:order:view\"]\npolicies = [\"inline\", \"from-file\"]",
        );
        let settings = Settings::load(&serve_args(path.clone())).unwrap();
        let ops = &settings.auth.users[0];
        assert_eq!(
            ops.policies.len(),
            3,
            "the actions list, then the two attached"
        );
        let mut ctx = RequestContext::new();
        ctx.insert("workspace:CreateOrderType", "createDesktops");
        assert!(matches!(
            ops.decide("workspace:orders:create", &ctx),
            Decision::Allow(s) if s.policy.origin.to_string() == "policy \"inline\""
        ));
        assert!(ops.decide("bss:order:view", &ctx).allows());
        let directory = load_directory(Some(&path)).unwrap();
        let ops = directory.users_named("ops").next().unwrap();
        assert_eq!(ops.policies.len(), 3);
    }

    #[test]
    fn unusable_policies_stop_start_up_naming_the_policy_and_the_place() {
        let cases = [
            (
                "[[accounts.policies]]\nname = \"bad\"\ndocument = '''{\"Version\": \"5.0\", \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"*\", \"Condition\": {\"StringEqualz\": {\"g:UserName\": \"x\"}}}]}'''".to_owned(),
                "policies = [\"bad\"]",
                "account d1 policy \"bad\": inline document: Statement[0].Condition.StringEqualz: unknown operator",
            ),
            (
                "[[accounts.policies]]\nname = \"bad\"\ndocument = 'not json'".to_owned(),
                "",
                "policy \"bad\": inline document: .: expected ident",
            ),
            (
                "[[accounts.policies]]\nname = \"gone\"\nfile = \"policies/missing.json\"".to_owned(),
                "",
                "policy \"gone\": cannot read",
            ),
            (
                String::new(),
                "policies = [\"desktops-only\"]",
                "user ops: policy \"desktops-only\" is attached but not declared",
            ),
            (
                "[[accounts.policies]]\nname = \"both\"\ndocument = '{}'\nfile = \"x.json\"".to_owned(),
                "",
                "policy \"both\": give exactly one of document and file",
            ),
            (
                "[[accounts.policies]]\nname = \"has space\"\nfile = \"x.json\"".to_owned(),
                "",
                "name must be 1 to 128 letters",
            ),
            (
                format!(
                    "[[accounts.policies]]\nname = \"twice\"\nfile = \"policies/desktops-only.json\"\n\
                     [[accounts.policies]]\nname = \"twice\"\ndocument = '''{DESKTOPS_ONLY}'''"
                ),
                "",
                "policy \"twice\": is declared more than once",
            ),
        ];
        for (policies, user, needle) in cases {
            let (_dir, path) = config(&policies, user);
            let err = Settings::load(&serve_args(path.clone()))
                .unwrap_err()
                .to_string();
            assert!(err.contains(needle), "{policies}: {err}");
            let err = load_directory(Some(&path)).unwrap_err().to_string();
            assert!(err.contains(needle), "{policies}: {err}");
        }
    }
}
