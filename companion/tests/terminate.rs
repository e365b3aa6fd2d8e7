//! The shutdown cleanup the host runs on SIGTERM, against the process-wide registry that
//! saves use. In a test binary of its own: after the cleanup no save in the process works,
//! which would break any other test running beside it.

use export::save::{remove_in_flight_temporaries, save_files};

/// A save racing the shutdown must not leave a `.part` file (Chrome's SIGTERM left 58 MB in
/// Downloads): once the cleanup has run, a save fails before writing anything.
#[test]
fn after_the_shutdown_cleanup_a_save_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing in flight: nothing removed.
    assert_eq!(remove_in_flight_temporaries(), 0);
    let err = save_files(dir.path(), &[("a.pdf".to_owned(), &b"pdf"[..])]).unwrap_err();
    assert!(err.to_string().contains("stopping"), "{err}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    assert_eq!(remove_in_flight_temporaries(), 0);
}
