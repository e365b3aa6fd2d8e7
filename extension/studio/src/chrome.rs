//! The few extension APIs the studio uses (`chrome.storage.local`, `chrome.runtime`), bound
//! with `wasm-bindgen`, and JSON conversion between JS values and serde types.
//!
//! Values cross as JSON text (`JSON.stringify` / `JSON.parse`): the data is JSON anyway (decks,
//! threads), and it keeps one serde path for storage, messages and tests.

use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = get)]
    fn storage_local_get(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = set)]
    fn storage_local_set(items: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["chrome", "storage", "local"], js_name = remove)]
    fn storage_local_remove(keys: &JsValue) -> Result<js_sys::Promise, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = getURL)]
    fn runtime_get_url(path: &str) -> Result<String, JsValue>;

    #[wasm_bindgen(catch, js_namespace = ["chrome", "runtime"], js_name = connectNative)]
    fn runtime_connect_native(application: &str) -> Result<Port, JsValue>;

    /// A `chrome.runtime.Port`.
    #[derive(Debug, Clone)]
    pub type Port;

    #[wasm_bindgen(catch, method, js_name = postMessage)]
    fn post_message(this: &Port, message: &JsValue) -> Result<(), JsValue>;

    #[wasm_bindgen(method)]
    fn disconnect(this: &Port);

    #[wasm_bindgen(method, getter, js_name = onMessage)]
    fn on_message(this: &Port) -> ChromeEvent;

    #[wasm_bindgen(method, getter, js_name = onDisconnect)]
    fn on_disconnect(this: &Port) -> ChromeEvent;

    /// A `chrome.events.Event`.
    #[derive(Debug, Clone)]
    type ChromeEvent;

    #[wasm_bindgen(method, js_name = addListener)]
    fn add_listener(this: &ChromeEvent, callback: &js_sys::Function);

    /// `chrome.storage.onChanged`.
    #[wasm_bindgen(thread_local_v2, js_namespace = ["chrome", "storage"], js_name = onChanged)]
    static STORAGE_ON_CHANGED: ChromeEvent;
}

/// A JS error or value as one readable line.
pub fn describe(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error
        .as_string()
        .unwrap_or_else(|| stringify(error).unwrap_or_else(|_| "unknown error".to_owned()))
}

fn stringify(value: &JsValue) -> Result<String, String> {
    js_sys::JSON::stringify(value)
        .map(String::from)
        .map_err(|e| describe(&e))
}

/// A JS value as a serde type, through JSON.
pub fn from_js<T: DeserializeOwned>(value: &JsValue) -> Result<T, String> {
    serde_json::from_str(&stringify(value)?).map_err(|e| e.to_string())
}

/// A serde value as a JS value, through JSON.
pub fn to_js<T: Serialize>(value: &T) -> Result<JsValue, String> {
    let json = serde_json::to_string(value).map_err(|e| e.to_string())?;
    js_sys::JSON::parse(&json).map_err(|e| describe(&e))
}

/// Reads one key of `chrome.storage.local` (`None` when absent).
pub async fn storage_get(key: &str) -> Result<Option<JsValue>, String> {
    let promise = storage_local_get(&JsValue::from_str(key)).map_err(|e| describe(&e))?;
    let items = JsFuture::from(promise).await.map_err(|e| describe(&e))?;
    let value = js_sys::Reflect::get(&items, &JsValue::from_str(key)).map_err(|e| describe(&e))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// Writes one key of `chrome.storage.local` (the manifest asks for `unlimitedStorage`: decks
/// carry their images as `data:` URLs).
pub async fn storage_set<T: Serialize>(key: &str, value: &T) -> Result<(), String> {
    let items = js_sys::Object::new();
    js_sys::Reflect::set(&items, &JsValue::from_str(key), &to_js(value)?)
        .map_err(|e| describe(&e))?;
    let promise = storage_local_set(&items).map_err(|e| describe(&e))?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))?;
    Ok(())
}

/// Removes one key of `chrome.storage.local`.
pub async fn storage_remove(key: &str) -> Result<(), String> {
    let promise = storage_local_remove(&JsValue::from_str(key)).map_err(|e| describe(&e))?;
    JsFuture::from(promise).await.map_err(|e| describe(&e))?;
    Ok(())
}

/// Calls `callback` with the changed keys whenever `chrome.storage.local` changes.
pub fn on_storage_changed(callback: impl Fn(Vec<String>) + 'static) {
    let closure =
        Closure::<dyn Fn(JsValue, JsValue)>::new(move |changes: JsValue, area: JsValue| {
            if area.as_string().as_deref() != Some("local") {
                return;
            }
            let keys = js_sys::Object::keys(&js_sys::Object::from(changes))
                .iter()
                .filter_map(|k| k.as_string())
                .collect();
            callback(keys);
        });
    STORAGE_ON_CHANGED.with(|event| event.add_listener(closure.as_ref().unchecked_ref()));
    // The page lives as long as the listener: leak the closure deliberately.
    closure.forget();
}

/// The URL of a file packaged with the extension.
pub fn extension_url(path: &str) -> Result<String, String> {
    runtime_get_url(path).map_err(|e| describe(&e))
}

/// Fetches a packaged file's bytes.
pub async fn fetch_bytes(url: &str) -> Result<Vec<u8>, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| describe(&e))?;
    let response: web_sys::Response = response.dyn_into().map_err(|e| describe(&e))?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(|e| describe(&e))?)
        .await
        .map_err(|e| describe(&e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A native-messaging port to the companion, with its listeners attached.
#[derive(Debug)]
pub struct NativePort {
    port: Port,
}

impl NativePort {
    /// Connects to `host`. `on_message` gets each reply as JSON text; `on_disconnect` gets
    /// `chrome.runtime.lastError`'s message (e.g. "Specified native messaging host not found.").
    pub fn connect(
        host: &str,
        on_message: impl Fn(String) + 'static,
        on_disconnect: impl Fn(Option<String>) + 'static,
    ) -> Result<NativePort, String> {
        let port = runtime_connect_native(host).map_err(|e| describe(&e))?;
        let message = Closure::<dyn Fn(JsValue)>::new(move |value: JsValue| {
            if let Ok(text) = stringify(&value) {
                on_message(text);
            }
        });
        port.on_message()
            .add_listener(message.as_ref().unchecked_ref());
        message.forget();
        let disconnect = Closure::<dyn Fn(JsValue)>::new(move |_port: JsValue| {
            on_disconnect(last_error());
        });
        port.on_disconnect()
            .add_listener(disconnect.as_ref().unchecked_ref());
        disconnect.forget();
        Ok(NativePort { port })
    }

    /// Sends one message (a serde value).
    pub fn send<T: Serialize>(&self, message: &T) -> Result<(), String> {
        self.port
            .post_message(&to_js(message)?)
            .map_err(|e| describe(&e))
    }

    pub fn disconnect(&self) {
        self.port.disconnect();
    }
}

/// `chrome.runtime.lastError.message`, read inside a callback.
fn last_error() -> Option<String> {
    let chrome = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("chrome")).ok()?;
    let runtime = js_sys::Reflect::get(&chrome, &JsValue::from_str("runtime")).ok()?;
    let error = js_sys::Reflect::get(&runtime, &JsValue::from_str("lastError")).ok()?;
    if error.is_undefined() || error.is_null() {
        return None;
    }
    js_sys::Reflect::get(&error, &JsValue::from_str("message"))
        .ok()?
        .as_string()
}
