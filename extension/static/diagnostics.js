// Asks the service worker to ping the companion and shows the reply (the final one) as JSON.
// No inline script: MV3's content security policy forbids it.

const result = document.getElementById('result');

// Right after the extension is installed its service worker may not be listening yet.
async function askWorker(message, tries = 20) {
  for (let i = 1; ; i++) {
    try {
      return await chrome.runtime.sendMessage(message);
    } catch (error) {
      if (i >= tries || !String(error).includes('Receiving end does not exist')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

async function ping() {
  try {
    const replies = await askWorker({ type: 'companion', request: { type: 'ping' } });
    const reply = replies.at(-1);
    result.textContent = JSON.stringify(reply);
    result.dataset.state = reply.type === 'pong' ? 'ok' : 'error';
  } catch (error) {
    result.textContent = JSON.stringify({ type: 'error', message: String(error) });
    result.dataset.state = 'error';
  }
}

ping();
