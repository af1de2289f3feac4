//! portcullis: Docker security in one binary. All logic lives in the library; this only runs it.

fn main() -> std::process::ExitCode {
    portcullis::app::run()
}
