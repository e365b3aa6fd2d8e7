// Carousel Studio on x.com: the "Make carousel" button, collecting a thread while scrolling,
// and the progress panel / toast.
//
// Plain JS on purpose (no WASM here): x.com's CSP forbids compiling WASM in content scripts and
// must not be weakened. This script only finds the conversation, scrolls it and sends HTML
// snapshots to the service worker, which runs the Rust scraper. Scraped text is never inserted
// as HTML: everything shown is set with textContent.
(() => {
  if (globalThis.__carouselStudioContent) return;
  globalThis.__carouselStudioContent = true;

  const P = 'cs-carousel'; // class prefix of everything this script adds to the page
  // What a status path and a handle are, exactly as the Rust scraper says (facts.js is written
  // from its constants at build time and loaded before this script).
  const FACTS = globalThis.CAROUSEL_FACTS;
  const STATUS_PATH = FACTS.statusPath;
  const HANDLE_HREF = FACTS.handlePath;
  const FOCAL = 'article[data-testid="tweet"][tabindex="-1"]';
  const TIMELINE = 'div[aria-label="Timeline: Conversation"]';
  const SHOW_MORE = '[data-testid="tweet-text-show-more-link"]';
  const MAX_STEPS = 200;
  const STEP = 0.8; // of the viewport height

  let run = null; // the running collection: { cancelled }
  let lastContext = null; // the article under the last contextmenu event

  // ---------------------------------------------------------------------------------------
  // Talking to the service worker (which may be waking up).

  async function send(message) {
    for (let attempt = 1; ; attempt++) {
      try {
        const reply = await chrome.runtime.sendMessage(message);
        if (reply && reply.ok === false) throw new Error(reply.message || 'the extension failed');
        return reply;
      } catch (error) {
        if (attempt >= 5 || !String(error).includes('Receiving end does not exist')) throw error;
        await sleep(200);
      }
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function currentStatus() {
    const match = location.pathname.match(STATUS_PATH);
    return match && !FACTS.notHandles.includes(match[1]) ? { handle: match[1], id: match[2] } : null;
  }

  // ---------------------------------------------------------------------------------------
  // Posts.

  function authorOf(article) {
    const name = article.querySelector('[data-testid="User-Name"]');
    for (const link of name ? name.querySelectorAll('a[href]') : []) {
      const match = link.getAttribute('href').match(HANDLE_HREF);
      if (match && !FACTS.notHandles.includes(match[1])) return match[1].toLowerCase();
    }
    return null;
  }

  // The article's own status URL: its permalink (`a[href="/h/status/id"] > time`), or the page
  // URL for the focal post.
  function statusUrlOf(article) {
    for (const time of article.querySelectorAll('a[href*="/status/"] > time')) {
      const href = time.parentElement.getAttribute('href');
      if (STATUS_PATH.test(href) && !time.closest('[role="link"][tabindex]:not(a)')) {
        return new URL(href.match(STATUS_PATH)[0], location.origin).href;
      }
    }
    if (article.matches(FOCAL) && currentStatus()) {
      return new URL(location.pathname.match(STATUS_PATH)[0], location.origin).href;
    }
    return null;
  }

  function conversation() {
    const column = document.querySelector('[data-testid="primaryColumn"]') || document;
    return column.querySelector(TIMELINE);
  }

  // ---------------------------------------------------------------------------------------
  // The button.

  function ensureButton() {
    const status = currentStatus();
    const focal = status ? document.querySelector(FOCAL) : null;
    const focalUrl = focal ? statusUrlOf(focal) : null;
    const wantedId = focal && focalUrl ? focalUrl.match(/\/status\/(\d+)/)[1] : null;
    let kept = null;
    for (const old of document.querySelectorAll(`.${P}-action`)) {
      const fits =
        !kept && wantedId && old.dataset.statusId === wantedId && focal.contains(old);
      if (fits) kept = old;
      else old.remove();
    }
    if (kept || !focal || !wantedId) return;
    const groups = focal.querySelectorAll('[role="group"]');
    const bar = groups[groups.length - 1];
    const wrapper = document.createElement('div');
    wrapper.className = `${P}-action`;
    wrapper.dataset.statusId = wantedId;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = `${P}-button`;
    button.textContent = 'Make carousel';
    button.title = 'Collect this thread and save it as a LinkedIn PDF and Instagram slides';
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation(); // X opens the post on clicks inside an article
      collect();
    });
    wrapper.append(button);
    if (bar) bar.append(wrapper);
    else focal.append(wrapper);
    if (status && status.id === wantedId) pageReady(wantedId);
  }

  // Tells the service worker this status page is ready, once per status: a context-menu
  // click may have navigated here to collect it.
  let announced = null;
  function pageReady(id) {
    if (announced === id) return;
    announced = id;
    send({ type: 'page:ready', statusId: id })
      .then((reply) => reply && reply.collect && collect())
      .catch(() => {});
  }

  let scheduled = null;
  function schedule() {
    if (scheduled) return;
    scheduled = setTimeout(() => {
      scheduled = null;
      ensureButton();
      // test-hooks: begin
      // The end-to-end tests wait for a pass that saw the current address, instead of
      // sleeping before they check that something did not happen.
      const root = document.documentElement;
      root.dataset.csTestPasses = String(Number(root.dataset.csTestPasses || 0) + 1);
      root.dataset.csTestHref = lastHref;
      // test-hooks: end
    }, 150);
  }

  new MutationObserver(schedule).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  window.addEventListener('popstate', schedule);
  // X navigates with history.pushState in the page's own world, which this isolated world
  // cannot hook: watch the URL instead.
  let lastHref = location.href;
  setInterval(() => {
    if (location.href !== lastHref) {
      lastHref = location.href;
      schedule();
    }
  }, 400);
  schedule();

  // ---------------------------------------------------------------------------------------
  // Collecting.

  // Resolves once the conversation stops changing for a moment (cells rendered), or after
  // `max` ms.
  function settle(quiet = 120, max = 700) {
    return new Promise((resolve) => {
      const target = conversation() || document.body;
      let timer = null;
      const done = () => {
        observer.disconnect();
        clearTimeout(timer);
        clearTimeout(cap);
        resolve();
      };
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, quiet);
      });
      observer.observe(target, { childList: true, subtree: true, characterData: true });
      timer = setTimeout(done, quiet + 60);
      const cap = setTimeout(done, max);
    });
  }

  // The photo viewer (`/<handle>/status/<id>/photo/N`) shows the focal post's photos in its
  // own carousel, outside the post: copies of those images (their address only) go with the
  // snapshot, in a dialog as on the page, for the scraper to give to the focal post.
  function viewerPhotos() {
    const photos = [];
    for (const img of document.querySelectorAll('[aria-modal="true"] img[src], [role="dialog"] img[src]')) {
      if (img.closest('article')) continue;
      const src = img.getAttribute('src');
      const inFrame = img.closest('[data-testid="swipe-to-dismiss"]');
      if (!inFrame && !src.includes('pbs.twimg.com/media/')) continue;
      const copy = document.createElement('img');
      copy.setAttribute('src', src);
      photos.push(copy.outerHTML);
    }
    return photos.length
      ? `<div role="dialog" aria-modal="true"><div data-testid="swipe-to-dismiss">${photos.join('')}</div></div>`
      : '';
  }

  function snapshotHtml() {
    const timeline = conversation();
    if (!timeline) return null;
    const section = timeline.closest('section') || timeline;
    return `<div data-testid="primaryColumn">${section.outerHTML}</div>${viewerPhotos()}`;
  }

  // Expands "Show more" in the thread author's posts. The button (2025–2026) is clicked and the
  // text expands in place. The link of 2024 would leave the page: the service worker opens the
  // post in a background tab instead, where X shows it in full, and adds it to the collection.
  const expandTries = new Map();
  const openedInBackground = new Set();
  const MAX_BACKGROUND_EXPANSIONS = 8; // a tab each: a few, not one per post of a huge thread
  async function expandShowMore(author) {
    const timeline = conversation();
    if (!timeline || !author) return;
    let clicked = false;
    const links = [];
    for (const more of timeline.querySelectorAll(SHOW_MORE)) {
      const article = more.closest('article[data-testid="tweet"]');
      if (!article || authorOf(article) !== author) continue;
      const key = statusUrlOf(article) || '';
      if (more.closest('a[href]') || (more.matches('a') && more.getAttribute('href'))) {
        if (key && !openedInBackground.has(key) && openedInBackground.size < MAX_BACKGROUND_EXPANSIONS) {
          openedInBackground.add(key);
          links.push(key);
        }
        continue;
      }
      const tries = expandTries.get(key) || 0;
      if (tries >= 2) continue;
      expandTries.set(key, tries + 1);
      more.click();
      clicked = true;
    }
    if (clicked) await settle(150, 1000);
    for (const url of links) {
      await send({ type: 'expand:open', url }).catch(() => {});
    }
  }

  // The focal post of this page as its own page shows it (in full, "Show more" clicked), for a
  // collection in another tab that could not expand it there.
  async function focalForExpansion() {
    let focal = document.querySelector(FOCAL);
    if (!focal) return null;
    const more = focal.querySelector(SHOW_MORE);
    if (more && !more.closest('a[href]') && !more.matches('a[href]')) {
      more.click();
      await settle(150, 1000);
      focal = document.querySelector(FOCAL) || focal;
    }
    const clone = focal.cloneNode(true);
    clone.setAttribute('tabindex', '0'); // not the focal post of the collecting page
    clone.querySelectorAll(`.${P}-action`).forEach((node) => node.remove());
    return { html: clone.outerHTML };
  }

  async function snapshot(author) {
    await expandShowMore(author);
    const html = snapshotHtml();
    if (!html) return { new_posts: 0, seen: 0, complete: false, top_reached: false };
    const reply = await send({ type: 'collect:snapshot', html, url: location.href });
    return reply.status;
  }

  const scroller = () => document.scrollingElement || document.documentElement;
  const atBottom = () => scroller().scrollTop + innerHeight >= scroller().scrollHeight - 4;

  async function collect() {
    if (run) return;
    const focal = document.querySelector(FOCAL);
    if (!focal || !conversation()) {
      panel.error('No thread found on this page: open a post (its status page) and try again.');
      return;
    }
    const me = (run = { cancelled: false });
    const startX = scrollX;
    const startY = scrollY;
    const author = authorOf(focal);
    expandTries.clear();
    openedInBackground.clear();
    panel.collecting(0, () => {
      me.cancelled = true;
    });
    let posts = 0;
    const progress = (status) => {
      posts = Math.max(posts, status.seen || 0);
      if (!me.cancelled) panel.collecting(posts);
    };
    try {
      await send({ type: 'collect:start', url: location.href });
      let status = await snapshot(author);
      progress(status);
      let steps = 0;
      // Up to the thread's first post (or the page top).
      while (!status.top_reached && !me.cancelled && steps < MAX_STEPS) {
        if (scroller().scrollTop <= 0) {
          await send({ type: 'collect:mark', which: 'top' });
          break;
        }
        window.scrollBy(0, -STEP * innerHeight);
        steps++;
        await settle();
        status = await snapshot(author);
        progress(status);
      }
      // Then down until the thread ends, the page stops growing, or the cap.
      let stuck = 0;
      while (!status.complete && !me.cancelled && steps < MAX_STEPS) {
        if (atBottom()) {
          const height = scroller().scrollHeight;
          await settle(300, 1200);
          if (scroller().scrollHeight <= height && ++stuck >= 2) {
            status = await snapshot(author);
            await send({ type: 'collect:mark', which: 'bottom' });
            break;
          }
        } else {
          stuck = 0;
        }
        window.scrollBy(0, STEP * innerHeight);
        steps++;
        await settle();
        status = await snapshot(author);
        progress(status);
      }
      window.scrollTo(startX, startY);
      if (me.cancelled) {
        await send({ type: 'collect:cancel' }).catch(() => {});
        panel.hide();
        return;
      }
      panel.rendering(0, 0, null);
      const result = await send({ type: 'collect:finish', render: true });
      panel.collected(result.posts);
    } catch (error) {
      window.scrollTo(startX, startY);
      await send({ type: 'collect:cancel' }).catch(() => {});
      panel.error(`Could not collect the thread: ${error.message || error}`);
    } finally {
      run = null;
    }
  }

  // ---------------------------------------------------------------------------------------
  // Context menu: remember which post was right-clicked.

  document.addEventListener(
    'contextmenu',
    (event) => {
      const article = event.target instanceof Element ? event.target.closest('article[data-testid="tweet"]') : null;
      lastContext = article ? { article, statusUrl: statusUrlOf(article) } : null;
    },
    true,
  );

  async function articleForMenu() {
    if (!lastContext || !lastContext.statusUrl) return null;
    const { article, statusUrl } = lastContext;
    const more = article.querySelector(SHOW_MORE);
    if (more && !more.closest('a[href]')) {
      more.click();
      await settle(150, 1000);
    }
    // The article may have been re-rendered: find it again by its permalink.
    let current = article.isConnected ? article : null;
    if (!current) {
      const path = new URL(statusUrl).pathname;
      const time = document.querySelector(`a[href="${CSS.escape(path)}"] > time`);
      current = time ? time.closest('article[data-testid="tweet"]') : null;
    }
    if (!current) return null;
    const clone = current.cloneNode(true);
    clone.setAttribute('tabindex', '-1');
    clone.querySelectorAll(`.${P}-action`).forEach((node) => node.remove());
    return { html: clone.outerHTML, statusUrl };
  }

  chrome.runtime.onMessage.addListener((message, _sender, sendResponse) => {
    switch (message && message.type) {
      case 'carousel:status':
        panel.status(message);
        return false;
      case 'menu:target':
        sendResponse({
          statusUrl: lastContext ? lastContext.statusUrl : null,
          pageUrl: location.href,
        });
        return false;
      case 'menu:article':
        articleForMenu().then(sendResponse, () => sendResponse(null));
        return true;
      case 'expand:focal':
        focalForExpansion().then(sendResponse, () => sendResponse(null));
        return true;
      case 'collect:run':
        collect();
        sendResponse({ ok: true, started: true });
        return false;
      default:
        return false;
    }
  });

  // ---------------------------------------------------------------------------------------
  // The panel: progress while collecting and rendering, then the result as a toast.

  const panel = (() => {
    let root = null;
    let hideTimer = null;

    function el(tag, cls, text) {
      const node = document.createElement(tag);
      if (cls) node.className = `${P}-${cls}`;
      if (text != null) node.textContent = text;
      return node;
    }

    function show(state, build) {
      clearTimeout(hideTimer);
      if (!root || !root.isConnected) {
        root = el('div', 'panel');
        root.setAttribute('role', 'status');
        root.setAttribute('aria-live', 'polite');
        document.body.append(root);
      }
      root.dataset.state = state;
      root.replaceChildren();
      const close = el('button', 'close', '×');
      close.type = 'button';
      close.setAttribute('aria-label', 'Close');
      close.addEventListener('click', hide);
      if (state !== 'collecting') root.append(close);
      build(root);
    }

    function hide() {
      clearTimeout(hideTimer);
      if (root) root.remove();
      root = null;
    }

    function button(label, onClick, cls = 'link') {
      const node = el('button', cls, label);
      node.type = 'button';
      node.addEventListener('click', onClick);
      return node;
    }

    function commandBox(command) {
      const box = el('div', 'command');
      const code = el('code', 'code', command);
      const copy = button('Copy', async () => {
        try {
          await navigator.clipboard.writeText(command);
          copy.textContent = 'Copied';
        } catch {
          const range = document.createRange();
          range.selectNodeContents(code);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          copy.textContent = 'Selected: press Ctrl+C';
        }
      });
      box.append(code, copy);
      return box;
    }

    function openStudio() {
      send({ type: 'open-studio' }).catch(() => {});
    }

    const api = {
      hide,
      collecting(count, onCancel) {
        if (root && root.dataset.state === 'collecting' && !onCancel) {
          const text = root.querySelector(`.${P}-title`);
          if (text) text.textContent = `Collecting… ${count} posts`;
          return;
        }
        show('collecting', (node) => {
          node.append(el('div', 'title', `Collecting… ${count} posts`));
          node.append(button('Cancel', () => onCancel && onCancel(), 'secondary'));
        });
      },
      collected(count) {
        if (root && root.dataset.state === 'rendering') {
          root.dataset.posts = String(count);
        }
      },
      rendering(done, total, warning, queued) {
        show('rendering', (node) => {
          const title = queued
            ? `Waiting for ${queued === 1 ? 'another carousel' : `${queued} other carousels`} to finish…`
            : total
              ? `Rendering slide ${done} of ${total}`
              : 'Rendering…';
          node.append(el('div', 'title', title));
          if (warning) node.append(el('div', 'warning', warning));
        });
      },
      saved(files, warning, command) {
        show('saved', (node) => {
          node.append(el('div', 'title', 'Carousel saved to Downloads'));
          const list = el('ul', 'files');
          for (const file of files) list.append(el('li', 'file', file.split(/[\\/]/).pop()));
          node.append(list);
          if (warning) {
            node.append(el('div', 'warning', warning));
            if (command) node.append(commandBox(command));
          }
          const actions = el('div', 'actions');
          const main = files.find((f) => /\.pdf$/i.test(f)) || files[0];
          if (main) {
            actions.append(
              button('Show in folder', () => {
                send({ type: 'reveal', path: main }).catch((error) => api.error(String(error.message || error)));
              }),
            );
          }
          actions.append(button('Open in Studio', openStudio));
          node.append(actions);
        });
      },
      added(count) {
        show('added', (node) => {
          node.append(el('div', 'title', `Added to carousel (${count} ${count === 1 ? 'post' : 'posts'})`));
          const actions = el('div', 'actions');
          actions.append(button('Open in Studio', openStudio));
          node.append(actions);
        });
        hideTimer = setTimeout(hide, 6000);
      },
      error(message, command) {
        show('error', (node) => {
          node.append(el('div', 'title', 'Carousel not made'));
          node.append(el('div', 'message', message));
          if (command) node.append(commandBox(command));
          node.append(el('div', 'note', 'The collected thread is kept: you can open it in the studio.'));
          const actions = el('div', 'actions');
          actions.append(button('Open in Studio', openStudio));
          node.append(actions);
        });
      },
      status(message) {
        switch (message.state) {
          case 'rendering':
            api.rendering(message.done, message.total, message.warning, message.queued);
            break;
          case 'saved':
            api.saved(message.files || [], message.warning, message.command);
            break;
          case 'added':
            api.added(message.count);
            break;
          case 'error':
            api.error(message.message, message.command);
            break;
          default:
            break;
        }
      },
    };
    return api;
  })();
})();
