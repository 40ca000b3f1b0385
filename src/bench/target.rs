//! The server a run loads: its URL, resolved once.

use std::net::SocketAddr;

use super::BenchError;

/// Where the server listens.
#[derive(Debug, Clone)]
pub struct Target {
    /// The base URL as given, without a trailing `/`.
    pub url: String,
    /// `host[:port]` as the URL names it: the `Host` header the SDKs send and sign.
    pub host: String,
    /// The address connections go to.
    pub addr: SocketAddr,
}

impl Target {
    /// Resolves `url` (`http://host[:port]`; orderd serves plain HTTP).
    pub async fn resolve(url: &str) -> Result<Target, BenchError> {
        let url = url.trim_end_matches('/');
        let host = url
            .strip_prefix("http://")
            .filter(|h| !h.is_empty() && !h.contains('/'))
            .ok_or_else(|| {
                BenchError::Usage(format!(
                    "bad --url {url:?}: expected http://host[:port], no path"
                ))
            })?;
        let with_port = if host.rsplit_once(':').is_some_and(|(_, p)| !p.contains(']')) {
            host.to_owned()
        } else {
            format!("{host}:80")
        };
        let addr = tokio::net::lookup_host(&with_port)
            .await
            .map_err(|e| {
                BenchError::Usage(format!(
                    "bad --url {url:?}: cannot resolve {with_port}: {e}"
                ))
            })?
            .next()
            .ok_or_else(|| {
                BenchError::Usage(format!("bad --url {url:?}: {with_port} has no address"))
            })?;
        Ok(Target {
            url: url.to_owned(),
            host: host.to_owned(),
            addr,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn urls_resolve_to_the_address_and_keep_the_host_as_written() {
        let target = Target::resolve("http://127.0.0.1:8080/").await.unwrap();
        assert_eq!(target.addr, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(
            (target.url.as_str(), target.host.as_str()),
            ("http://127.0.0.1:8080", "127.0.0.1:8080")
        );
        let v6 = Target::resolve("http://[::1]").await.unwrap();
        assert_eq!(v6.addr, "[::1]:80".parse().unwrap());
        for bad in [
            "https://127.0.0.1",
            "127.0.0.1:8080",
            "http://127.0.0.1/v1",
            "http://",
        ] {
            assert!(Target::resolve(bad).await.is_err(), "{bad}");
        }
    }
}
