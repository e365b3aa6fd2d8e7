// Carousel Studio service worker: the extension's message hub.
//
// Why the work is split this way: x.com sends a strict Content-Security-Policy without
// 'wasm-unsafe-eval', and in Chromium a page's CSP also stops WASM from compiling in that
// page's content scripts (CompileError). We never weaken the page's policy, so the content
// script stays small plain JS: it finds the conversation, scrolls it and sends HTML snapshots
// here. Extension pages (this worker included) have their own CSP, which allows
// 'wasm-unsafe-eval', so the Rust scraper runs here as WASM (`Collector`), parsing snapshots
// with html5ever (a worker has no DOM). The worker then fetches the photos (host permission for
// pbs.twimg.com), inlines them as data: URLs and asks the companion to render over ONE
// connectNative port (sendNativeMessage would keep only the first reply, so no progress).
//
// Browser differences live in browser.js; see docs/extension.md ("Firefox"). What a status URL
// is comes from the Rust scraper: facts.js is written from its constants at build time.

import './facts.js';
import init, { Collector, image_references, scrape_page, with_images } from './pkg/carousel_scraper.js';
import { HOST, INSTALL_COMMAND } from './browser.js';

const X_PATTERNS = [
  'https://x.com/*',
  'https://twitter.com/*',
  'https://mobile.x.com/*',
  'https://mobile.twitter.com/*',
];
const X_HOSTS = globalThis.CAROUSEL_FACTS.hosts;
const STATUS_PATH = globalThis.CAROUSEL_FACTS.statusPath;
const DEFAULT_OPTIONS = { platform: 'both', preset: '' };

// ---------------------------------------------------------------------------------------------
// The scraper (WASM), loaded on first use: top-level await is not allowed in a service worker.

let ready = null;
function scraper() {
  ready ??= init().catch((error) => {
    ready = null;
    throw new Error(`the scraper could not load: ${error.message ?? error}`);
  });
  return ready;
}

// tab id → { collector, url }
const collections = new Map();
// tab id → status id the tab should collect once that status page is ready (context menu)
const pendingCollect = new Map();

// ---------------------------------------------------------------------------------------------
// The companion: one native-messaging port while there is work.

const FINAL = new Set(['pong', 'saved', 'revealed', 'error']);
let port = null;
let nextId = 1;
// id → { resolve, replies, onReply }
const pending = new Map();

function openPort() {
  if (port) return port;
  port = chrome.runtime.connectNative(HOST);
  port.onMessage.addListener((reply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    waiter.replies.push(reply);
    waiter.onReply?.(reply);
    if (FINAL.has(reply.type)) {
      pending.delete(reply.id);
      waiter.resolve(waiter.replies);
      if (pending.size === 0) closePort();
    }
  });
  port.onDisconnect.addListener(() => {
    const reason = chrome.runtime.lastError?.message ?? 'the companion closed the connection';
    port = null;
    for (const [id, waiter] of pending) {
      waiter.replies.push({ type: 'error', id, code: 'disconnected', message: reason });
      waiter.resolve(waiter.replies);
    }
    pending.clear();
  });
  return port;
}

function closePort() {
  if (port) port.disconnect();
  port = null;
}

// Sends one request to the companion; resolves with every reply to it, the final one last.
export function ask(message, onReply) {
  const id = `sw-${nextId++}`;
  return new Promise((resolve) => {
    pending.set(id, { resolve, replies: [], onReply });
    try {
      openPort().postMessage({ ...message, id });
    } catch (error) {
      pending.delete(id);
      resolve([{ type: 'error', id, code: 'disconnected', message: String(error) }]);
    }
  });
}

// What the user should read when the companion cannot be used, and whether the fix is
// (re)installing it.
function companionProblem(reply) {
  if (reply.code === 'disconnected') {
    return {
      message: `The Carousel Studio companion is not available (${reply.message}). Install it, then try again.`,
      command: INSTALL_COMMAND,
    };
  }
  if (reply.code === 'forbidden_origin') {
    return {
      message: `The companion refused this extension (${reply.message}). Reinstall it for this browser.`,
      command: INSTALL_COMMAND,
    };
  }
  return { message: `The companion could not make the carousel: ${reply.message}` };
}

// Pings the companion: { ok, version, warning } or { ok: false, message, command }.
export async function checkCompanion() {
  const reply = (await ask({ type: 'ping' })).at(-1);
  if (reply.type !== 'pong') return { ok: false, ...companionProblem(reply) };
  const mine = chrome.runtime.getManifest().version;
  const warning =
    reply.version === mine
      ? null
      : `The companion is version ${reply.version} but the extension is ${mine}; update the companion and run "${INSTALL_COMMAND}".`;
  return { ok: true, version: reply.version, warning, command: warning ? INSTALL_COMMAND : null };
}

// ---------------------------------------------------------------------------------------------
// Images: fetched here and inlined, so the companion needs no network and no cookies. The
// scraper already asked pbs.twimg.com for slide-sized photos and avatars, and says which fields
// of a thread are images (image_references), so nothing here repeats either rule.

function toBase64(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

async function dataUrl(url) {
  if (!/^https:\/\//.test(url)) return url.startsWith('data:') ? url : null;
  try {
    const response = await fetch(url, { credentials: 'omit' });
    const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
    if (!response.ok || !type.startsWith('image/')) return null;
    const bytes = new Uint8Array(await response.arrayBuffer());
    return `data:${type};base64,${toBase64(bytes)}`;
  } catch {
    return null;
  }
}

// Replaces every image of the thread (avatars, photos, video posters, link cards, article
// images) with a data: URL; an image that fails is left out.
export async function inlineImages(thread) {
  await scraper();
  const json = JSON.stringify(thread);
  const resolved = {}; // each reference once: the scraper lists them without repeats
  await Promise.all(
    JSON.parse(image_references(json)).map(async (url) => {
      const data = await dataUrl(url);
      if (data) resolved[url] = data;
    }),
  );
  return JSON.parse(with_images(json, JSON.stringify(resolved)));
}

// ---------------------------------------------------------------------------------------------
// Rendering: thread → lastThread → images → companion → toast.

async function options() {
  const stored = await chrome.storage.sync.get(DEFAULT_OPTIONS);
  return { ...DEFAULT_OPTIONS, ...stored };
}

function tell(tabId, message) {
  if (tabId == null) return Promise.resolve();
  return chrome.tabs.sendMessage(tabId, { type: 'carousel:status', ...message }).catch(() => {});
}

async function keepThread(thread) {
  await chrome.storage.local.set({ lastThread: { thread, savedAt: new Date().toISOString() } });
}

// Renders a collected thread and reports to the tab. Never throws: every failure is a toast.
export async function renderThread(thread, tabId) {
  try {
    await keepThread(thread);
    const check = await checkCompanion();
    if (!check.ok) {
      await tell(tabId, { state: 'error', message: check.message, command: check.command ?? null });
      return { ok: false, ...check };
    }
    await tell(tabId, { state: 'rendering', done: 0, total: 0, warning: check.warning });
    const inlined = await inlineImages(thread);
    await keepThread(inlined);
    const { platform, preset } = await options();
    // No preset named here: the companion uses its store's default preset (one-click's design).
    const renderOptions = preset ? { platform, preset } : { platform };
    const replies = await ask({ type: 'render', thread: inlined, options: renderOptions }, (reply) => {
      if (reply.type === 'progress') {
        tell(tabId, {
          state: 'rendering',
          done: reply.done,
          total: reply.total,
          queued: reply.queued ?? 0,
          warning: check.warning,
        });
      }
    });
    const last = replies.at(-1);
    if (last.type === 'saved') {
      // What the companion says the user should know (an image left out, more slides than
      // Instagram shows) joins the version warning.
      const warning = [check.warning, ...(last.warnings ?? [])].filter(Boolean).join(' ') || null;
      await tell(tabId, { state: 'saved', files: last.files, warning, command: check.command });
      return { ok: true, files: last.files };
    }
    const problem = companionProblem(last);
    await tell(tabId, { state: 'error', message: problem.message, command: problem.command ?? null });
    return { ok: false, ...problem };
  } catch (error) {
    const message = `Could not make the carousel: ${error.message ?? error}. The collected thread is kept for the studio.`;
    await tell(tabId, { state: 'error', message, command: null });
    return { ok: false, message };
  }
}

// ---------------------------------------------------------------------------------------------
// Collecting, driven by the content script.

async function collectStart(tabId, url) {
  await scraper();
  collections.get(tabId)?.collector.free?.();
  collections.set(tabId, { collector: new Collector(), url });
  return { ok: true };
}

function collection(tabId) {
  const entry = collections.get(tabId);
  if (!entry) throw new Error('no collection is running in this tab');
  return entry;
}

async function collectFinish(tabId, render) {
  const entry = collection(tabId);
  collections.delete(tabId);
  let thread;
  try {
    thread = JSON.parse(entry.collector.thread());
  } finally {
    entry.collector.free?.();
  }
  await keepThread(thread);
  if (render) renderThread(thread, tabId); // reports to the tab as it goes
  return { ok: true, posts: thread.posts.length, thread };
}

// The snapshot the scraper expects around one lone article: a conversation of one post that is
// the focal post of its own status URL.
function loneArticlePage(articleHtml) {
  return (
    '<div data-testid="primaryColumn"><section><h1 role="heading">Conversation</h1>' +
    '<div aria-label="Timeline: Conversation"><div><div data-testid="cellInnerDiv">' +
    articleHtml +
    '</div></div></div></section></div>'
  );
}

export async function addPost(html, url) {
  await scraper();
  const thread = JSON.parse(scrape_page(loneArticlePage(html), url));
  const id = url.match(/\/status\/(\d+)/)?.[1];
  const post = thread.posts.find((p) => p.id === id) ?? thread.posts[0];
  if (!post) throw new Error('this post could not be read');
  const { sourcePosts = [] } = await chrome.storage.local.get('sourcePosts');
  const posts = sourcePosts.filter((p) => p.id !== post.id);
  posts.push({ ...post, url, addedAt: new Date().toISOString() });
  await chrome.storage.local.set({ sourcePosts: posts });
  return { ok: true, count: posts.length, post };
}

// 2024's "Show more" is a link to the post: following it would leave the thread. The post's own
// page shows it in full, so it opens in a background tab, the tab's content script hands over
// that focal article, the tab closes, and the article goes into the collection like a snapshot.
const pendingExpand = new Map(); // background tab id → { statusId, resolve }
const EXPAND_TIMEOUT_MS = 15000;

async function expandInBackground(tabId, url) {
  const entry = collection(tabId);
  let clean;
  try {
    const parsed = new URL(url);
    const match = parsed.pathname.match(STATUS_PATH);
    if (!X_HOSTS.includes(parsed.hostname) || !match) throw new Error('not a status URL');
    clean = `https://${parsed.hostname}/${match[1]}/status/${match[2]}`;
  } catch {
    return { ok: true, expanded: false };
  }
  const tab = await chrome.tabs.create({ url: clean, active: false, openerTabId: tabId });
  let html = null;
  try {
    html = await new Promise((resolve) => {
      const timer = setTimeout(() => resolve(null), EXPAND_TIMEOUT_MS);
      pendingExpand.set(tab.id, {
        statusId: statusId(clean),
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
      });
    });
  } finally {
    pendingExpand.delete(tab.id);
    chrome.tabs.remove(tab.id).catch(() => {});
  }
  if (!html || !collections.has(tabId)) return { ok: true, expanded: false };
  entry.collector.add(loneArticlePage(html), entry.url);
  return { ok: true, expanded: true };
}

// ---------------------------------------------------------------------------------------------
// Context menu.

const MENU_THREAD = 'carousel-make-thread';
const MENU_ADD = 'carousel-add-post';

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.removeAll(() => {
    const common = { contexts: ['page', 'link', 'image', 'selection'], documentUrlPatterns: X_PATTERNS };
    chrome.contextMenus.create({ id: MENU_THREAD, title: 'Make carousel from this thread', ...common });
    chrome.contextMenus.create({ id: MENU_ADD, title: 'Add post to carousel', ...common });
  });
});

function statusId(url) {
  try {
    return new URL(url).pathname.match(STATUS_PATH)?.[2] ?? null;
  } catch {
    return null;
  }
}

// The context-menu click: asks the tab which post was right-clicked, then collects its thread
// (navigating there first when it is not the open status page) or adds the post.
export async function onMenuClick(info, tab) {
  if (!tab?.id) return { ok: false, message: 'no tab' };
  if (info.menuItemId === MENU_THREAD) {
    const target = await chrome.tabs.sendMessage(tab.id, { type: 'menu:target' });
    const url = target?.statusUrl ?? info.pageUrl ?? tab.url;
    const id = statusId(url);
    if (!id) {
      await tell(tab.id, { state: 'error', message: 'Right-click a post to make a carousel from its thread.' });
      return { ok: false };
    }
    if (id === statusId(target?.pageUrl ?? tab.url)) {
      return chrome.tabs.sendMessage(tab.id, { type: 'collect:run' });
    }
    pendingCollect.set(tab.id, id);
    await chrome.tabs.update(tab.id, { url });
    return { ok: true, navigating: url };
  }
  if (info.menuItemId === MENU_ADD) {
    try {
      const target = await chrome.tabs.sendMessage(tab.id, { type: 'menu:article' });
      if (!target?.html) throw new Error('right-click a post to add it');
      const result = await addPost(target.html, target.statusUrl);
      await tell(tab.id, { state: 'added', count: result.count });
      return result;
    } catch (error) {
      await tell(tab.id, { state: 'error', message: `Could not add the post: ${error.message ?? error}` });
      return { ok: false, message: String(error) };
    }
  }
  return { ok: false };
}

chrome.contextMenus.onClicked.addListener((info, tab) => {
  onMenuClick(info, tab);
});

// ---------------------------------------------------------------------------------------------
// The toolbar button opens the studio.

chrome.action?.onClicked.addListener(() => {
  chrome.tabs.create({ url: chrome.runtime.getURL('studio.html') });
});

// ---------------------------------------------------------------------------------------------
// Messages.

const OWN_ORIGIN = new URL(chrome.runtime.getURL('')).origin;

async function handle(message, sender) {
  const tabId = sender.tab?.id;
  switch (message?.type) {
    case 'collect:start':
      return collectStart(tabId, message.url);
    case 'collect:snapshot': {
      const status = JSON.parse(collection(tabId).collector.add(message.html, message.url));
      return { ok: true, status };
    }
    case 'collect:mark': {
      const { collector } = collection(tabId);
      if (message.which === 'top') collector.mark_top_reached();
      else collector.mark_bottom_reached();
      return { ok: true };
    }
    case 'collect:cancel':
      collections.get(tabId)?.collector.free?.();
      collections.delete(tabId);
      return { ok: true };
    case 'collect:finish':
      return collectFinish(tabId, message.render !== false);
    case 'expand:open':
      return expandInBackground(tabId, message.url);
    case 'page:ready': {
      const expanding = pendingExpand.get(tabId);
      if (expanding && expanding.statusId === message.statusId) {
        chrome.tabs
          .sendMessage(tabId, { type: 'expand:focal' })
          .then((reply) => expanding.resolve(reply?.html ?? null), () => expanding.resolve(null));
        return { ok: true, collect: false };
      }
      const wanted = pendingCollect.get(tabId);
      const collect = wanted != null && wanted === message.statusId;
      if (collect) pendingCollect.delete(tabId);
      return { ok: true, collect };
    }
    case 'reveal': {
      const reply = (await ask({ type: 'reveal', path: message.path })).at(-1);
      return reply.type === 'revealed' ? { ok: true } : { ok: false, message: reply.message };
    }
    case 'open-studio':
      await chrome.tabs.create({ url: chrome.runtime.getURL('studio.html') });
      return { ok: true };
    case 'companion':
      // Extension pages (diagnostics) ask the companion directly.
      if (sender.origin !== OWN_ORIGIN) return { ok: false, message: 'not allowed' };
      return ask(message.request);
    case 'companion:check':
      return checkCompanion();
    // test-hooks: begin. Only in the build `cargo xtask test` makes (`cargo xtask build
    // --test-hooks`): native context menus cannot be clicked in headless Chromium, so the
    // end-to-end tests call the menu's handler through this message. Every other build leaves
    // the lines from here to the end marker out.
    case 'test:menu-click': {
      // Only from the extension's own pages, which could call these APIs anyway.
      if (sender.origin !== OWN_ORIGIN) return { ok: false, message: 'not allowed' };
      const [tab] = await chrome.tabs.query({ url: X_PATTERNS });
      return onMenuClick({ menuItemId: message.menuItemId, pageUrl: tab?.url }, tab);
    }
    // test-hooks: end
    default:
      return undefined;
  }
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const answer = handle(message, sender);
  answer
    .then((value) => sendResponse(value ?? { ok: false, message: `unknown message ${message?.type}` }))
    .catch((error) => sendResponse({ ok: false, message: error.message ?? String(error) }));
  return true; // the response comes asynchronously
});
