// What the extension's scripts need to know about the browser they run in, in one place.
//
// Chromium and Firefox both expose `chrome.*` with promises in MV3, so the scripts share one
// code path. What Firefox would need differently is listed in docs/extension.md ("Firefox") and, for
// the manifest, in extension/firefox.json (merged over manifest.json for a Firefox build).

// The native-messaging host name the companion installs (`carousel-studio install`).
export const HOST = 'studio.carousel.companion';

// The one command that (re)registers the companion with every installed browser.
export const INSTALL_COMMAND = 'carousel-studio install';
