// The options page: what one click does (platform, default preset), and a companion check.

import { HOST, INSTALL_COMMAND } from './browser.js';

const DEFAULTS = { platform: 'both', preset: '' };
const form = document.getElementById('options');
const savedNote = document.getElementById('saved');

async function load() {
  const options = { ...DEFAULTS, ...(await chrome.storage.sync.get(DEFAULTS)) };
  for (const radio of form.elements.platform) radio.checked = radio.value === options.platform;
  form.elements.preset.value = options.preset;
}

async function save() {
  await chrome.storage.sync.set({
    platform: form.elements.platform.value || DEFAULTS.platform,
    preset: form.elements.preset.value.trim(),
  });
  savedNote.textContent = 'Saved.';
}

form.addEventListener('change', save);
form.addEventListener('input', (event) => {
  if (event.target.name === 'preset') save();
});
form.addEventListener('submit', (event) => event.preventDefault());

const result = document.getElementById('companion');
const command = document.getElementById('command');

document.getElementById('test').addEventListener('click', async () => {
  result.dataset.state = 'pending';
  result.textContent = 'Asking the companion…';
  command.hidden = true;
  try {
    const check = await chrome.runtime.sendMessage({ type: 'companion:check' });
    if (check.ok) {
      result.dataset.state = check.warning ? 'warning' : 'ok';
      result.textContent = check.warning ?? `The companion answers (version ${check.version}).`;
    } else {
      result.dataset.state = 'error';
      result.textContent = check.message;
    }
    command.hidden = !check.command;
  } catch (error) {
    result.dataset.state = 'error';
    result.textContent = String(error.message ?? error);
  }
  command.querySelector('code').textContent = INSTALL_COMMAND;
});

/** Offers the presets saved in the companion's store (`carousel-studio preset …`, the studio). */
function listPresets() {
  let port;
  try {
    port = chrome.runtime.connectNative(HOST);
  } catch {
    return;
  }
  port.onMessage.addListener((reply) => {
    if (reply.type === 'store') {
      const list = document.getElementById('presets');
      list.replaceChildren();
      for (const preset of reply.presets ?? []) {
        const option = document.createElement('option');
        option.value = String(preset.name ?? '');
        list.append(option);
      }
      if (reply.default_preset) {
        form.elements.preset.placeholder = `(the companion's default: ${reply.default_preset})`;
      }
    }
    port.disconnect();
  });
  port.onDisconnect.addListener(() => void chrome.runtime.lastError);
  port.postMessage({ type: 'store', id: 'options-presets' });
}

load();
listPresets();
