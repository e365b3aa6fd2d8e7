//! Build and test steps: `cargo xtask build`, `cargo xtask test`.

fn main() {}
