// Loads the studio (Rust compiled to WASM, pkg/carousel_studio_ui.js) and mounts it into #app.
// Everything else happens in the WASM module; a failure to load is shown in the page.
import init, { start } from './pkg/carousel_studio_ui.js';

try {
  await init();
  start();
} catch (error) {
  const panic = document.getElementById('panic');
  panic.textContent = `Carousel Studio could not start: ${error?.message ?? error}`;
  panic.hidden = false;
}
