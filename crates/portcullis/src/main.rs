//! portcullis: Docker security in one binary. All logic lives in the library; this only runs it.

use std::process::ExitCode;

// Linting allocates many small, short-lived values on every worker thread; mimalloc serves them
// with far less time in the allocator than the system one. Built without transparent huge
// pages (`no_thp`): with them, peak RSS doubled and run times varied with the kernel's luck in
// finding free 2 MiB pages.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // A failing rule is caught and reported as a PC004 finding; keep the panic text off the
    // terminal unless debugging.
    if std::env::var_os("PORTCULLIS_DEBUG").is_none() {
        std::panic::set_hook(Box::new(|_| {}));
    }
    match std::panic::catch_unwind(portcullis::app::run) {
        Ok(code) => code,
        Err(e) => {
            let msg = e
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| e.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            eprintln!(
                "portcullis: internal error: {msg} (rerun with PORTCULLIS_DEBUG=1 for details)"
            );
            ExitCode::from(2)
        }
    }
}
