use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports files whose name says they hold credentials, in any layer: SSH private keys
    /// (`id_rsa`, `id_ed25519`, ...), `.aws/credentials`, `.git-credentials`, `.netrc`,
    /// `.pgpass`, `.env`, Java and PKCS#12 keystores (`.jks`, `.p12`, `.pfx`, `.keystore`),
    /// VPN and remote-desktop profiles (`.ovpn`, `.rdp`), password-manager databases
    /// (`.kdbx`, `.psafe3`, `.agilekeychain`) and the rest of dockle's list. Files whose content
    /// the secret scanner already reported (IMG006) are not reported twice; third-party
    /// documentation and test fixtures are left alone. Like IMG006, a file a later layer deleted
    /// still ships with the image and is reported with both layers.
    ///
    /// ## Why is this bad?
    /// Keystores and encrypted profiles are binary, so no pattern finds the secret inside; their
    /// presence is the finding. Anyone who pulls the image gets them.
    ///
    /// ## Example
    /// `COPY . /app` with a `deploy.p12` in the build context.
    /// Use instead: a `.dockerignore` that excludes credentials, and build or run-time secrets.
    ///
    /// ## Fix safety
    /// No automatic fix. Rotate what the file holds.
    ///
    /// ## References
    /// - dockle CIS-DI-0010 (sensitive files and extensions)
    pub SecretFile {
        code: "IMG014",
        name: "secret-file",
        practice: Secrets,
        severity: High,
        summary: "a credential file in an image layer",
        aliases: ["CIS-DI-0010"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0010"],
        remediation: "remove the file from the build context (.dockerignore), rotate what it holds, and rebuild",
    }
}

/// What a credential file is, by its path.
pub(crate) fn secret_file_kind(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next()?;
    let lower = name.to_ascii_lowercase();
    let by_name = match lower.as_str() {
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | "id_ecdsa_sk" | "id_ed25519_sk" => {
            Some("an SSH private key")
        }
        ".git-credentials" => Some("Git credentials"),
        ".netrc" | "_netrc" => Some("a .netrc with logins"),
        ".pgpass" => Some("PostgreSQL passwords"),
        ".env" => Some("an environment file"),
        "credentials" if path.ends_with("/.aws/credentials") => Some("AWS credentials"),
        "credentials.json" | "credential.json" | "credentials.xml" | "password.txt"
        | "secret_token.rb" => Some("a credentials file"),
        _ => None,
    };
    if by_name.is_some() {
        return by_name;
    }
    const EXT: &[(&str, &str)] = &[
        (".jks", "a Java keystore"),
        (".keystore", "a keystore"),
        (".p12", "a PKCS#12 key bundle"),
        (".pfx", "a PKCS#12 key bundle"),
        (".ovpn", "an OpenVPN profile"),
        (".rdp", "a remote-desktop profile"),
        (".kdbx", "a KeePass database"),
        (".psafe3", "a Password Safe database"),
        (".agilekeychain", "a 1Password keychain"),
        (".keychain", "a keychain"),
        (".private_key", "a private key"),
        (".secret", "a secret file"),
        (".cscfg", "an Azure service configuration"),
        (".bek", "a BitLocker key"),
        (".tpm", "a TPM key"),
        (".fve", "a BitLocker volume key"),
        (".gnucash", "a GnuCash book"),
        (".pcap", "a packet capture"),
    ];
    EXT.iter()
        .find(|(e, _)| lower.ends_with(e))
        .map(|(_, k)| *k)
}

#[cfg(test)]
mod tests {
    use super::secret_file_kind;

    #[test]
    fn vectors() {
        assert_eq!(
            secret_file_kind("/root/.ssh/id_rsa"),
            Some("an SSH private key")
        );
        assert_eq!(
            secret_file_kind("/root/.aws/credentials"),
            Some("AWS credentials")
        );
        assert_eq!(
            secret_file_kind("/app/deploy.P12"),
            Some("a PKCS#12 key bundle")
        );
        assert_eq!(secret_file_kind("/app/.env"), Some("an environment file"));
        assert_eq!(secret_file_kind("/root/.ssh/id_rsa.pub"), None);
        assert_eq!(secret_file_kind("/etc/credentials"), None);
        assert_eq!(secret_file_kind("/app/.env.example"), None);
    }
}
