//! `carousel-studio`: the companion binary.

fn main() {}
