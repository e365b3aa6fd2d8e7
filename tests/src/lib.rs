//! Helpers shared by the integration tests: temp folders, running the companion binary.
