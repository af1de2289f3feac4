//! The Docker Engine API side: connecting (unix socket, `DOCKER_HOST` tcp with or without TLS,
//! Docker contexts), negotiating the API version, and one [`Snapshot`] of everything the checks
//! need, fetched concurrently. Only read-only (`GET`) endpoints are called.
//!
//! Documents are kept as `serde_json::Value` in the daemon's own field names, so a check's
//! evidence is a JSON pointer into exactly the document `docker inspect` shows.

use bollard::Docker;
use bollard::query_parameters::{
    InspectContainerOptions, ListContainersOptions, ListImagesOptions, ListNetworksOptions,
    ListPluginsOptions,
};
use futures_util::StreamExt;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Seconds before any single API call gives up.
const TIMEOUT_SECS: u64 = 30;
/// Container inspections in flight at once.
const INSPECT_CONCURRENCY: usize = 32;

/// Where the daemon is and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// `unix:///var/run/docker.sock`, `tcp://host:2376`, …
    pub host: String,
    /// TLS material directory (`ca.pem`, `cert.pem`, `key.pem`), when TLS is used.
    pub tls_dir: Option<PathBuf>,
    /// Where the endpoint came from: `--host`, `DOCKER_HOST`, `context NAME`, `default`.
    pub source: String,
}

impl Endpoint {
    /// The socket path of a `unix://` (or bare path) endpoint.
    pub fn unix_path(&self) -> Option<PathBuf> {
        self.host
            .strip_prefix("unix://")
            .or_else(|| self.host.starts_with('/').then_some(self.host.as_str()))
            .map(PathBuf::from)
    }

    /// True for a unix socket or a TCP endpoint on a loopback address: host files and `/proc`
    /// on this machine describe that daemon.
    pub fn is_local(&self) -> bool {
        if self.host.starts_with("unix://") || self.host.starts_with('/') {
            return true;
        }
        let rest = self
            .host
            .split_once("://")
            .map(|(_, r)| r)
            .unwrap_or(&self.host);
        let hostpart = rest.rsplit_once(':').map(|(h, _)| h).unwrap_or(rest);
        let hostpart = hostpart.trim_start_matches('[').trim_end_matches(']');
        matches!(hostpart, "localhost" | "::1") || hostpart.starts_with("127.")
    }
}

/// Resolves the endpoint like the docker CLI: explicit host, then `DOCKER_HOST`
/// (`DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`), then `DOCKER_CONTEXT` or the config's
/// `currentContext`, then the default socket.
pub fn resolve_endpoint(explicit: Option<&str>) -> Result<Endpoint, String> {
    resolve_endpoint_with(explicit, &|k| std::env::var(k).ok())
}

/// [`resolve_endpoint`] with the environment given as a lookup (tests pass their own).
pub fn resolve_endpoint_with(
    explicit: Option<&str>,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Endpoint, String> {
    let var = |k: &str| env(k).filter(|v| !v.is_empty());
    let tls_env = || {
        let verify = var("DOCKER_TLS_VERIFY").is_some_and(|v| v != "0");
        match (verify, var("DOCKER_CERT_PATH")) {
            (_, Some(dir)) => Some(PathBuf::from(dir)),
            (true, None) => docker_config_dir(env),
            _ => None,
        }
    };
    if let Some(h) = explicit {
        return Ok(Endpoint {
            host: h.to_string(),
            tls_dir: if h.starts_with("unix://") {
                None
            } else {
                tls_env()
            },
            source: "--host".into(),
        });
    }
    if let Some(h) = var("DOCKER_HOST") {
        return Ok(Endpoint {
            tls_dir: if h.starts_with("unix://") {
                None
            } else {
                tls_env()
            },
            host: h,
            source: "DOCKER_HOST".into(),
        });
    }
    let config = docker_config_dir(env);
    let context = var("DOCKER_CONTEXT").or_else(|| {
        let dir = config.as_ref()?;
        let text = std::fs::read_to_string(dir.join("config.json")).ok()?;
        let v: Value = serde_json::from_str(&text).ok()?;
        v.get("currentContext")?.as_str().map(str::to_string)
    });
    if let (Some(name), Some(dir)) = (context, config)
        && name != "default"
    {
        return context_endpoint(&dir, &name);
    }
    Ok(Endpoint {
        host: "unix:///var/run/docker.sock".into(),
        tls_dir: None,
        source: "default".into(),
    })
}

fn docker_config_dir(env: &dyn Fn(&str) -> Option<String>) -> Option<PathBuf> {
    if let Some(d) = env("DOCKER_CONFIG").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    env("HOME").map(|h| PathBuf::from(h).join(".docker"))
}

/// A named context: `contexts/meta/*/meta.json` whose `Name` matches; TLS files in
/// `contexts/tls/<same dir>/docker/`.
fn context_endpoint(config: &Path, name: &str) -> Result<Endpoint, String> {
    let meta_root = config.join("contexts").join("meta");
    let entries = std::fs::read_dir(&meta_root).map_err(|e| {
        format!(
            "docker context `{name}`: cannot read {}: {e}",
            meta_root.display()
        )
    })?;
    for entry in entries.flatten() {
        let path = entry.path().join("meta.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(v) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if v.get("Name").and_then(Value::as_str) != Some(name) {
            continue;
        }
        let host = v
            .pointer("/Endpoints/docker/Host")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{}: context `{name}` has no docker host", path.display()))?;
        let tls = config
            .join("contexts")
            .join("tls")
            .join(entry.file_name())
            .join("docker");
        return Ok(Endpoint {
            host: host.to_string(),
            tls_dir: tls.join("ca.pem").exists().then_some(tls),
            source: format!("context {name}"),
        });
    }
    Err(format!(
        "docker context `{name}` not found under {}",
        meta_root.display()
    ))
}

/// Connects to the endpoint and negotiates the API version with the daemon.
pub async fn connect(ep: &Endpoint) -> Result<Docker, String> {
    let v = bollard::API_DEFAULT_VERSION;
    let docker = if let Some(path) = ep.host.strip_prefix("unix://") {
        Docker::connect_with_unix(path, TIMEOUT_SECS, v)
    } else if ep.host.starts_with('/') {
        Docker::connect_with_unix(&ep.host, TIMEOUT_SECS, v)
    } else if ep.host.starts_with("tcp://")
        || ep.host.starts_with("http://")
        || ep.host.starts_with("https://")
    {
        match &ep.tls_dir {
            Some(dir) => Docker::connect_with_ssl(
                &ep.host,
                &dir.join("key.pem"),
                &dir.join("cert.pem"),
                &dir.join("ca.pem"),
                TIMEOUT_SECS,
                v,
            ),
            None => Docker::connect_with_http(&ep.host, TIMEOUT_SECS, v),
        }
    } else {
        return Err(format!(
            "{}: unsupported docker host (expected unix://, tcp://, http:// or https://)",
            ep.host
        ));
    };
    // One line: a daemon's error body (e.g. a TLS port spoken to in plain HTTP) may hold
    // newlines.
    let unreachable = |e: bollard::errors::Error| {
        let e = e.to_string();
        let e = e.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("cannot reach the Docker daemon at {}: {e}", ep.host)
    };
    let docker = docker.map_err(unreachable)?;
    // On a unix socket the version comes from `/_ping`'s `Api-Version` header: a millisecond,
    // where bollard's negotiation asks `/version`, which dockerd answers by querying containerd
    // and running `runc --version` (15–35 ms, before anything else can start).
    if let Some(path) = ep.unix_path() {
        let pinged = tokio::time::timeout(
            std::time::Duration::from_secs(TIMEOUT_SECS),
            ping_api_version(&path),
        )
        .await
        .unwrap_or_else(|_| Err(format!("no answer in {TIMEOUT_SECS} s")))
        .map_err(|e| format!("cannot reach the Docker daemon at {}: {e}", ep.host))?;
        if let Some(server) = pinged {
            if server < *v {
                return Docker::connect_with_unix(&path.to_string_lossy(), TIMEOUT_SECS, &server)
                    .map_err(unreachable);
            }
            return Ok(docker);
        }
    }
    docker.negotiate_version().await.map_err(unreachable)
}

/// `GET /_ping` on the socket: the daemon's API version from the `Api-Version` header (`None`
/// when the header is missing or unreadable).
async fn ping_api_version(path: &Path) -> Result<Option<bollard::ClientVersion>, String> {
    let mut sender = Some(open_unix(path).await?);
    let Some(s) = sender.as_mut() else {
        return Ok(None);
    };
    s.ready().await.map_err(|e| e.to_string())?;
    let req = hyper::Request::get("/_ping")
        .header(hyper::header::HOST, "docker")
        .body(http_body_util::Empty::new())
        .map_err(|e| e.to_string())?;
    let resp = s.send_request(req).await.map_err(|e| e.to_string())?;
    if !resp.status().is_success() {
        return Err(format!("GET /_ping: HTTP {}", resp.status().as_u16()));
    }
    Ok(resp
        .headers()
        .get("api-version")
        .and_then(|h| h.to_str().ok())
        .and_then(|v| v.split_once('.'))
        .and_then(|(major, minor)| {
            Some(bollard::ClientVersion {
                major_version: major.trim().parse().ok()?,
                minor_version: minor.trim().parse().ok()?,
            })
        }))
}

/// Which containers to fetch.
#[derive(Debug, Clone, Default)]
pub struct SnapshotOptions {
    /// Only running containers (default: every state, created and exited too).
    pub running_only: bool,
    /// Containers whose name (without the leading `/`) matches are left out.
    pub exclude: Option<regex::Regex>,
    /// When set, only containers whose name matches are checked.
    pub include: Option<regex::Regex>,
}

/// One container: the summary from the list and its full inspect document.
#[derive(Debug, Clone)]
pub struct Container {
    pub id: String,
    /// Name without the leading `/`.
    pub name: String,
    /// `/containers/{id}/json`, as the daemon returned it.
    pub inspect: Value,
}

impl Container {
    pub fn from_inspect(inspect: Value) -> Container {
        let id = inspect
            .get("Id")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let name = inspect
            .get("Name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .trim_start_matches('/')
            .to_string();
        Container { id, name, inspect }
    }

    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.inspect.pointer(pointer)
    }

    pub fn running(&self) -> bool {
        self.at("/State/Running").and_then(Value::as_bool) == Some(true)
    }

    pub fn state(&self) -> &str {
        self.at("/State/Status")
            .and_then(Value::as_str)
            .unwrap_or("unknown")
    }
}

/// Everything fetched from the daemon for one run.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub info: Value,
    pub version: Value,
    pub containers: Vec<Container>,
    /// Containers that vanished between list and inspect (a race, not a finding).
    pub vanished: usize,
    pub images: Vec<Value>,
    /// `/images/{id}/json` of every image (config: user, health check, env).
    pub image_configs: Vec<Value>,
    pub networks: Vec<Value>,
    /// `/swarm` when this node is a manager; `None` otherwise.
    pub swarm: Option<Value>,
    pub plugins: Vec<Value>,
    /// The API version agreed with the daemon.
    pub api_version: String,
    /// Problems fetching optional parts (images, plugins…): reported as findings.
    pub errors: Vec<String>,
}

impl Snapshot {
    pub fn info_str(&self, key: &str) -> Option<&str> {
        self.info.get(key).and_then(Value::as_str)
    }

    /// `SecurityOptions` entries such as `name=seccomp,profile=default`.
    pub fn security_options(&self) -> impl Iterator<Item = &str> {
        self.info
            .get("SecurityOptions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
    }

    /// True when `SecurityOptions` has `name=NAME`.
    pub fn has_security_option(&self, name: &str) -> bool {
        self.security_options().any(|o| {
            o.split(',')
                .any(|kv| kv.strip_prefix("name=") == Some(name) || kv == name)
        })
    }

    pub fn rootless(&self) -> bool {
        self.has_security_option("rootless")
    }

    pub fn swarm_active(&self) -> bool {
        matches!(
            self.info
                .pointer("/Swarm/LocalNodeState")
                .and_then(Value::as_str),
            Some("active") | Some("locked")
        )
    }

    pub fn network(&self, name: &str) -> Option<&Value> {
        self.networks
            .iter()
            .find(|n| n.get("Name").and_then(Value::as_str) == Some(name))
    }
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap_or(Value::Null)
}

/// Fetches the snapshot: info, version, the container list, images, networks, swarm and plugins
/// concurrently; then every container's inspect document, concurrently with a bound. With
/// `unix_socket` the inspections go over a few keep-alive connections of our own and each body
/// is parsed once, as the daemon wrote it ([`inspect_unix`]); otherwise through bollard.
pub async fn snapshot(
    docker: &Docker,
    unix_socket: Option<&Path>,
    opts: &SnapshotOptions,
) -> Result<Snapshot, String> {
    let mut listing = lists(docker, opts).await?;
    inspect_all(docker, unix_socket, &mut listing, &|_| ()).await;
    Ok(listing.snap)
}

/// The first half of [`snapshot`]: everything but the inspect documents, and which containers
/// to inspect.
pub struct Listing {
    /// Info, version, images, networks, swarm, plugins; no containers yet.
    pub snap: Snapshot,
    /// Ids of the containers to inspect (after `--include`/`--exclude`), in list order.
    pub wanted: Vec<String>,
    /// Of those, the ones the list showed running (whose processes to look for).
    pub running: Vec<String>,
}

/// Info, version, the container list, images, networks, swarm and plugins, concurrently.
pub async fn lists(docker: &Docker, opts: &SnapshotOptions) -> Result<Listing, String> {
    let list_opts = ListContainersOptions {
        all: !opts.running_only,
        ..Default::default()
    };
    use futures_util::future::{join3, join4};
    let mut phase = crate::Phases::start();
    let ((info, version, list), (images, networks, swarm, plugins)) = futures_util::future::join(
        join3(
            docker.info(),
            docker.version(),
            docker.list_containers(Some(list_opts)),
        ),
        join4(
            docker.list_images(None::<ListImagesOptions>),
            docker.list_networks(None::<ListNetworksOptions>),
            docker.inspect_swarm(),
            docker.list_plugins(None::<ListPluginsOptions>),
        ),
    )
    .await;
    phase.mark("lists");
    let info = info.map_err(|e| format!("GET /info: {e}"))?;
    let mut snap = Snapshot {
        info: to_value(&info),
        api_version: docker.client_version().to_string(),
        ..Snapshot::default()
    };
    match version {
        Ok(v) => snap.version = to_value(&v),
        Err(e) => snap.errors.push(format!("GET /version: {e}")),
    }
    match images {
        Ok(v) => snap.images = v.iter().map(to_value).collect(),
        Err(e) => snap.errors.push(format!("GET /images/json: {e}")),
    }
    match networks {
        Ok(v) => snap.networks = v.iter().map(to_value).collect(),
        Err(e) => snap.errors.push(format!("GET /networks: {e}")),
    }
    // Not a manager (or no swarm): the endpoint answers 503; that is the normal case.
    if let Ok(s) = swarm {
        snap.swarm = Some(to_value(&s));
    }
    match plugins {
        Ok(v) => snap.plugins = v.iter().map(to_value).collect(),
        Err(e) => snap.errors.push(format!("GET /plugins: {e}")),
    }
    let list = list.map_err(|e| format!("GET /containers/json: {e}"))?;
    let listed: Vec<_> = list
        .into_iter()
        .filter(|c| {
            let names = || c.names.iter().flatten().map(|n| n.trim_start_matches('/'));
            opts.exclude
                .as_ref()
                .is_none_or(|ex| !names().any(|n| ex.is_match(n)))
                && opts
                    .include
                    .as_ref()
                    .is_none_or(|inc| names().any(|n| inc.is_match(n)))
        })
        .collect();
    let running = listed
        .iter()
        .filter(|c| c.state == Some(bollard::models::ContainerSummaryStateEnum::RUNNING))
        .filter_map(|c| c.id.clone())
        .collect();
    let wanted = listed.into_iter().filter_map(|c| c.id).collect();
    Ok(Listing {
        snap,
        wanted,
        running,
    })
}

/// The second half of [`snapshot`]: every wanted container's inspect document and every image's,
/// concurrently. `on_container` runs on each container as soon as its document arrives (the
/// checks run while the daemon still answers the other requests); its results come back in the
/// order of `listing.snap.containers` (sorted by name).
pub async fn inspect_all<X>(
    docker: &Docker,
    unix_socket: Option<&Path>,
    listing: &mut Listing,
    on_container: &dyn Fn(&Container) -> X,
) -> Vec<X> {
    let mut phase = crate::Phases::start();
    let snap = &mut listing.snap;
    let wanted = &listing.wanted;
    let convert = |v: Value| {
        let c = Container::from_inspect(v);
        let x = on_container(&c);
        (c, x)
    };
    let image_ids: Vec<String> = snap
        .images
        .iter()
        .filter_map(|i| i.get("Id").and_then(Value::as_str).map(str::to_string))
        .collect();
    // Containers and images are inspected at the same time, each with its own bound.
    let containers = async {
        match unix_socket {
            Some(path) => {
                let v = docker.client_version();
                let prefix = format!("/v{}.{}", v.major_version, v.minor_version);
                inspect_unix(path, &prefix, wanted, &convert).await
            }
            None => {
                futures_util::stream::iter(wanted.iter().enumerate())
                    .map(|(i, id)| async move {
                        let r = docker
                            .inspect_container(id, None::<InspectContainerOptions>)
                            .await;
                        let r = match r {
                            Ok(c) => Ok(Some(convert(to_value(&c)))),
                            Err(bollard::errors::Error::DockerResponseServerError {
                                status_code: 404,
                                ..
                            }) => Ok(None),
                            Err(e) => Err(format!("GET /containers/{id}/json: {e}")),
                        };
                        (i, r)
                    })
                    .buffer_unordered(INSPECT_CONCURRENCY)
                    .collect::<Vec<_>>()
                    .await
            }
        }
    };
    let images = futures_util::stream::iter(image_ids.iter())
        .map(|id| async move { docker.inspect_image(id).await.ok().map(|i| to_value(&i)) })
        .buffer_unordered(INSPECT_CONCURRENCY)
        .filter_map(|v| async move { v })
        .collect::<Vec<Value>>();
    let (mut inspected, mut image_configs) = futures_util::future::join(containers, images).await;
    phase.mark("inspects");
    inspected.sort_by_key(|(i, _)| *i);
    image_configs.sort_by(|a, b| {
        a.get("Id")
            .and_then(Value::as_str)
            .cmp(&b.get("Id").and_then(Value::as_str))
    });
    snap.image_configs = image_configs;
    let mut failed = 0;
    let mut done = Vec::with_capacity(inspected.len());
    for (_, r) in inspected {
        match r {
            Ok(Some(cx)) => done.push(cx),
            Ok(None) => snap.vanished += 1,
            Err(e) => {
                failed += 1;
                if failed <= MAX_REPORTED_ERRORS {
                    snap.errors
                        .push(format!("{e} (the container was not checked)"));
                }
            }
        }
    }
    if failed > MAX_REPORTED_ERRORS {
        snap.errors.push(format!(
            "{} more containers could not be inspected and were not checked",
            failed - MAX_REPORTED_ERRORS
        ));
    }
    done.sort_by(|(a, _), (b, _)| a.name.cmp(&b.name));
    let (containers, xs): (Vec<Container>, Vec<X>) = done.into_iter().unzip();
    snap.containers = containers;
    xs
}

/// Keep-alive connections for the container inspections over a unix socket. bollard opens a
/// new connection for every request (its pool keeps no idle connection) and deserializes into
/// typed models that would be converted back to JSON here; instead each connection carries its
/// share of the requests and each body is parsed once, into the daemon's own document.
const UNIX_CONNECTIONS: usize = 8;
/// Largest inspect document accepted (a hostile daemon cannot make us buffer more).
const MAX_DOCUMENT: usize = 64 << 20;
/// Inspection errors other than "no such container" that are reported one by one.
const MAX_REPORTED_ERRORS: usize = 5;

type Sender = hyper::client::conn::http1::SendRequest<http_body_util::Empty<hyper::body::Bytes>>;

async fn open_unix(path: &Path) -> Result<Sender, String> {
    let stream = tokio::net::UnixStream::connect(path)
        .await
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let (sender, conn) =
        hyper::client::conn::http1::handshake(hyper_util::rt::TokioIo::new(stream))
            .await
            .map_err(|e| format!("{}: {e}", path.display()))?;
    // Drives the connection; it ends when the sender is dropped or the daemon closes it.
    tokio::spawn(async move {
        let _ = conn.await;
    });
    Ok(sender)
}

/// `GET uri` on a keep-alive connection (reopened once if the daemon closed it): the parsed
/// body, `None` for 404 (the container is gone), or an error line.
async fn get_json(
    sender: &mut Option<Sender>,
    path: &Path,
    uri: &str,
) -> Result<Option<Value>, String> {
    use http_body_util::BodyExt;
    let mut last = String::new();
    for _ in 0..2 {
        if sender.as_ref().is_none_or(|s| s.is_closed()) {
            *sender = Some(open_unix(path).await?);
        }
        let Some(s) = sender.as_mut() else {
            continue;
        };
        if let Err(e) = s.ready().await {
            last = e.to_string();
            *sender = None;
            continue;
        }
        let req = hyper::Request::get(uri)
            .header(hyper::header::HOST, "docker")
            .body(http_body_util::Empty::new())
            .map_err(|e| format!("GET {uri}: {e}"))?;
        let resp = match s.send_request(req).await {
            Ok(r) => r,
            Err(e) => {
                // The daemon may close an idle keep-alive connection: retry on a new one.
                last = e.to_string();
                *sender = None;
                continue;
            }
        };
        let status = resp.status().as_u16();
        let body = http_body_util::Limited::new(resp.into_body(), MAX_DOCUMENT)
            .collect()
            .await
            .map_err(|e| format!("GET {uri}: {e}"))?
            .to_bytes();
        return match status {
            200 => serde_json::from_slice(&body)
                .map(Some)
                .map_err(|e| format!("GET {uri}: invalid JSON from the daemon: {e}")),
            404 => Ok(None),
            _ => Err(format!(
                "GET {uri}: HTTP {status}: {}",
                String::from_utf8_lossy(&body[..body.len().min(200)]).trim()
            )),
        };
    }
    Err(format!("GET {uri}: {last}"))
}

/// `/containers/{id}/json` for every id, over [`UNIX_CONNECTIONS`] keep-alive connections that
/// take the next id as soon as they are free. Results carry the index into `ids`.
pub async fn inspect_unix<T>(
    path: &Path,
    prefix: &str,
    ids: &[String],
    convert: &dyn Fn(Value) -> T,
) -> Vec<(usize, Result<Option<T>, String>)> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let workers = (0..UNIX_CONNECTIONS.min(ids.len())).map(|_| async {
        let mut out = Vec::new();
        let mut sender = None;
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(id) = ids.get(i) else {
                break;
            };
            let uri = format!("{prefix}/containers/{id}/json");
            let r = tokio::time::timeout(
                std::time::Duration::from_secs(TIMEOUT_SECS),
                get_json(&mut sender, path, &uri),
            )
            .await
            .unwrap_or_else(|_| Err(format!("GET {uri}: no answer in {TIMEOUT_SECS} s")));
            out.push((i, r.map(|v| v.map(convert))));
        }
        out
    });
    futures_util::future::join_all(workers)
        .await
        .into_iter()
        .flatten()
        .collect()
}

/// Runs `f` on a current-thread tokio runtime (the whole run is I/O bound on one socket).
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, String> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the async runtime: {e}"))?;
    Ok(rt.block_on(f))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_endpoints() {
        let ep = |h: &str| Endpoint {
            host: h.into(),
            tls_dir: None,
            source: "t".into(),
        };
        assert!(ep("unix:///var/run/docker.sock").is_local());
        assert!(ep("tcp://127.0.0.1:2375").is_local());
        assert!(ep("tcp://localhost:2376").is_local());
        assert!(ep("tcp://[::1]:2376").is_local());
        assert!(!ep("tcp://10.0.0.5:2376").is_local());
        assert!(!ep("tcp://docker.example.com:2376").is_local());
    }

    #[test]
    fn docker_context_endpoint() {
        let dir = tempfile::tempdir().unwrap();
        let meta = dir.path().join("contexts/meta/0123abcd");
        std::fs::create_dir_all(&meta).unwrap();
        std::fs::write(
            meta.join("meta.json"),
            r#"{"Name":"prod","Metadata":{},"Endpoints":{"docker":{"Host":"tcp://10.1.2.3:2376","SkipTLSVerify":false}}}"#,
        )
        .unwrap();
        let tls = dir.path().join("contexts/tls/0123abcd/docker");
        std::fs::create_dir_all(&tls).unwrap();
        std::fs::write(tls.join("ca.pem"), "x").unwrap();
        let ep = context_endpoint(dir.path(), "prod").unwrap();
        assert_eq!(ep.host, "tcp://10.1.2.3:2376");
        assert_eq!(ep.tls_dir.as_deref(), Some(tls.as_path()));
        assert_eq!(ep.source, "context prod");
        assert!(!ep.is_local());
        let err = context_endpoint(dir.path(), "staging").unwrap_err();
        assert!(err.contains("`staging` not found"), "{err}");
    }

    #[test]
    fn security_options() {
        let snap = Snapshot {
            info: serde_json::json!({"SecurityOptions": ["name=seccomp,profile=default", "name=rootless"]}),
            ..Snapshot::default()
        };
        assert!(snap.has_security_option("seccomp"));
        assert!(snap.rootless());
        assert!(!snap.has_security_option("userns"));
    }
}
