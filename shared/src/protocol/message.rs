//! The messages of the native-messaging protocol: requests from the extension and the
//! host's replies, as in DESIGN.md ("Native messaging"). Every message is a JSON object with a
//! `"type"` and an `"id"` (a string chosen by the sender, echoed in every reply).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::deck::Deck;
use crate::model::Thread;

/// A request from the extension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Request {
    /// `{"type":"ping","id"}` → [`Reply::Pong`].
    Ping { id: String },
    /// `{"type":"render","id","thread"|"deck":{…},"options":{…}?}` → [`Reply::Progress`]*
    /// then [`Reply::Saved`] or [`Reply::Error`]. Exactly one of `thread` (rendered with the
    /// default design) and `deck` (the studio's design and slides) is present:
    /// [`parse_request`] checks it.
    Render {
        id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        thread: Option<Thread>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        deck: Option<Box<Deck>>,
        #[serde(default)]
        options: RenderOptions,
    },
    /// `{"type":"reveal","id","path"}` → [`Reply::Revealed`]: shows a file the companion saved
    /// in the system file manager.
    Reveal { id: String, path: String },
    /// `{"type":"store","id"}` → [`Reply::Store`]: the brand profiles and saved presets of the
    /// companion's store (`carousel-studio profile|preset …` edit the same file).
    Store { id: String },
    /// `{"type":"save_profile","id","profile":{"name",…}}` → [`Reply::Stored`]: adds or replaces
    /// a brand profile (the store's JSON form of it).
    SaveProfile { id: String, profile: Value },
    /// `{"type":"save_preset","id","preset":{"name",…},"default":bool?}` → [`Reply::Stored`]:
    /// adds or replaces a preset, and makes it the one-click default when `default` is true.
    SavePreset {
        id: String,
        preset: Value,
        #[serde(default)]
        default: bool,
    },
    /// `{"type":"remove_profile","id","name"}` → [`Reply::Stored`]: deletes a brand profile.
    /// A profile that presets still use is kept, and the error names those presets.
    RemoveProfile { id: String, name: String },
    /// `{"type":"remove_preset","id","name"}` → [`Reply::Stored`]: deletes a preset (and
    /// unsets the default if it was the default).
    RemovePreset { id: String, name: String },
}

impl Request {
    pub fn id(&self) -> &str {
        match self {
            Request::Ping { id }
            | Request::Render { id, .. }
            | Request::Reveal { id, .. }
            | Request::Store { id }
            | Request::SaveProfile { id, .. }
            | Request::SavePreset { id, .. }
            | Request::RemoveProfile { id, .. }
            | Request::RemovePreset { id, .. } => id,
        }
    }
}

/// Options of a `render` request; all optional. There is deliberately no output folder: what
/// the browser asks for is always saved into the Downloads folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RenderOptions {
    #[serde(default)]
    pub platform: Platform,
    /// The preset to render a thread with; without it, the store's default preset (one-click).
    /// A deck carries its own design and ignores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
}

/// Which files a render makes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    /// The LinkedIn PDF only.
    Linkedin,
    /// The Instagram ZIP of PNGs only.
    Instagram,
    /// Both (the default).
    #[default]
    Both,
}

/// A reply from the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    Pong {
        id: String,
        /// The companion's version; the extension warns when it differs from its own.
        version: String,
        /// What this host can do, e.g. `"render"`, `"reveal"`.
        capabilities: Vec<String>,
    },
    /// `done` of `total` slides rendered.
    Progress {
        id: String,
        done: usize,
        total: usize,
    },
    /// The absolute paths of the saved files.
    Saved {
        id: String,
        files: Vec<String>,
    },
    Revealed {
        id: String,
    },
    /// The store's profiles and presets, in its JSON form.
    Store {
        id: String,
        profiles: Vec<Value>,
        presets: Vec<Value>,
        default_preset: Option<String>,
    },
    /// A profile or preset was saved.
    Stored {
        id: String,
    },
    Error {
        /// `None` (`null`) when the request could not be read far enough to know its id.
        id: Option<String>,
        code: ErrorCode,
        /// One sentence a user can act on.
        message: String,
    },
}

impl Reply {
    pub fn error(id: Option<String>, code: ErrorCode, message: impl Into<String>) -> Reply {
        Reply::Error {
            id,
            code,
            message: message.into(),
        }
    }
}

/// The stable error codes; the extension may branch on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Not UTF-8 JSON (or an empty frame).
    BadJson,
    /// JSON, but not a valid request: missing or mistyped field, unsupported content.
    BadRequest,
    /// A `"type"` this host does not know.
    UnknownType,
    /// A frame over the size limit; the host exits after replying.
    TooLarge,
    /// The caller is not an extension this host was installed for.
    ForbiddenOrigin,
    RenderFailed,
    SaveFailed,
}

/// A request that could not be understood, with what to reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct RequestError {
    /// The request's id when it could be read, so the reply can be matched.
    pub id: Option<String>,
    pub code: ErrorCode,
    pub message: String,
}

impl RequestError {
    fn new(id: Option<String>, code: ErrorCode, message: impl Into<String>) -> RequestError {
        RequestError {
            id,
            code,
            message: message.into(),
        }
    }

    /// The error reply for this request.
    pub fn reply(&self) -> Reply {
        Reply::error(self.id.clone(), self.code, self.message.clone())
    }
}

/// The request types this version understands.
pub const REQUEST_TYPES: &[&str] = &[
    "ping",
    "render",
    "reveal",
    "store",
    "save_profile",
    "save_preset",
    "remove_profile",
    "remove_preset",
];

/// Parses one frame's body into a request, telling bad JSON, unknown types and bad fields
/// apart, and keeping the id whenever it can be read.
pub fn parse_request(body: &[u8]) -> Result<Request, RequestError> {
    let text = std::str::from_utf8(body)
        .map_err(|err| RequestError::new(None, ErrorCode::BadJson, format!("not UTF-8: {err}")))?;
    let value: Value = serde_json::from_str(text)
        .map_err(|err| RequestError::new(None, ErrorCode::BadJson, format!("not JSON: {err}")))?;
    let id = request_id(&value);
    let Value::Object(object) = &value else {
        return Err(RequestError::new(
            None,
            ErrorCode::BadRequest,
            "a message must be a JSON object with \"type\" and \"id\"",
        ));
    };
    let Some(kind) = object.get("type").and_then(Value::as_str) else {
        return Err(RequestError::new(
            id,
            ErrorCode::BadRequest,
            "missing field \"type\" (a string)",
        ));
    };
    if !REQUEST_TYPES.contains(&kind) {
        return Err(RequestError::new(
            id,
            ErrorCode::UnknownType,
            format!(
                "unknown message type {kind:?}; this version understands {}",
                REQUEST_TYPES.join(", ")
            ),
        ));
    }
    if kind == "render" {
        match (object.contains_key("thread"), object.contains_key("deck")) {
            (true, false) | (false, true) => {}
            (false, false) => {
                return Err(RequestError::new(
                    id,
                    ErrorCode::BadRequest,
                    "missing field \"thread\" or \"deck\"",
                ));
            }
            (true, true) => {
                return Err(RequestError::new(
                    id,
                    ErrorCode::BadRequest,
                    "send either a \"thread\" or a \"deck\", not both",
                ));
            }
        }
    }
    let request: Request = serde_json::from_value(value)
        .map_err(|err| RequestError::new(id.clone(), ErrorCode::BadRequest, err.to_string()))?;
    if let Request::Render { thread, deck, .. } = &request {
        if thread.as_ref().is_some_and(|t| t.posts.is_empty()) {
            return Err(RequestError::new(
                id,
                ErrorCode::BadRequest,
                "the thread has no posts",
            ));
        }
        if let Some(deck) = deck
            && let Err(err) = deck.validate()
        {
            return Err(RequestError::new(
                id,
                ErrorCode::BadRequest,
                format!("the deck cannot be used: {err}"),
            ));
        }
    }
    Ok(request)
}

/// The `"id"` of a message when it is a string, for replies to messages that fail later.
pub fn request_id(value: &Value) -> Option<String> {
    value.get("id").and_then(Value::as_str).map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(value: &Value) -> Result<Request, RequestError> {
        parse_request(value.to_string().as_bytes())
    }

    fn thread() -> Value {
        json!({"url": "https://x.com/a/status/1",
               "posts": [{"id": "1", "author": {"name": "A", "handle": "a"}, "text": "hi",
                          "links": [], "images": []}]})
    }

    #[test]
    fn requests_parse() {
        assert_eq!(
            parse(&json!({"type": "ping", "id": "7"})).unwrap(),
            Request::Ping { id: "7".into() }
        );
        let render = parse(&json!({"type": "render", "id": "r", "thread": thread(),
                                  "options": {"platform": "linkedin"}}))
        .unwrap();
        let Request::Render { id, options, .. } = render else {
            panic!("{render:?}")
        };
        assert_eq!((id.as_str(), options.platform), ("r", Platform::Linkedin));
        let render = parse(&json!({"type": "render", "id": "r", "thread": thread()})).unwrap();
        assert!(
            matches!(render, Request::Render { options, .. } if options.platform == Platform::Both)
        );
        let deck = json!({"deck_version": 1, "posts": thread()["posts"],
                          "slides": [{"kind": "post", "posts": [{"id": "1"}]}, {"kind": "outro"}]});
        let render = parse(&json!({"type": "render", "id": "d", "deck": deck})).unwrap();
        let Request::Render {
            thread: None,
            deck: Some(deck),
            ..
        } = render
        else {
            panic!("{render:?}")
        };
        assert_eq!(deck.slides.len(), 2);
        assert_eq!(
            parse(&json!({"type": "reveal", "id": "v", "path": "/x/y.pdf"})).unwrap(),
            Request::Reveal {
                id: "v".into(),
                path: "/x/y.pdf".into()
            }
        );
    }

    #[test]
    fn bad_requests_get_the_right_code_and_keep_the_id() {
        let code = |body: &[u8]| parse_request(body).unwrap_err();
        let err = code(b"{not json");
        assert_eq!((err.code, err.id), (ErrorCode::BadJson, None));
        assert_eq!(code(b"\xff\xfe{}").code, ErrorCode::BadJson);
        assert_eq!(code(b"[1]").code, ErrorCode::BadRequest);
        let err = code(br#"{"type":"launch","id":"9"}"#);
        assert_eq!(
            (err.code, err.id.as_deref()),
            (ErrorCode::UnknownType, Some("9"))
        );
        let err = code(br#"{"id":"9"}"#);
        assert_eq!(
            (err.code, err.id.as_deref()),
            (ErrorCode::BadRequest, Some("9"))
        );
        let err = code(br#"{"type":"ping"}"#);
        assert_eq!((err.code, err.id), (ErrorCode::BadRequest, None));
        let err = code(br#"{"type":"render","id":"r"}"#);
        assert_eq!(
            (err.code, err.id.as_deref()),
            (ErrorCode::BadRequest, Some("r"))
        );
        // A deck without slides, a deck of another version, or both a thread and a deck.
        let err =
            parse(&json!({"type": "render", "id": "r", "deck": {"deck_version": 1}})).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        let err = parse(&json!({"type": "render", "id": "r",
                               "deck": {"deck_version": 2, "slides": [{"kind": "outro"}]}}))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert!(err.message.contains("deck_version 2"), "{err}");
        let err = parse(&json!({"type": "render", "id": "r", "thread": thread(),
                               "deck": {"deck_version": 1, "slides": [{"kind": "outro"}]}}))
        .unwrap_err();
        assert!(err.message.contains("not both"), "{err}");
        // The browser never chooses where files go.
        let err = parse(&json!({"type": "render", "id": "r", "thread": thread(),
                               "options": {"out": "/etc"}}))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        let err = parse(&json!({"type": "render", "id": "r", "thread": thread(),
                               "options": {"platform": "tiktok"}}))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        let err = parse(&json!({"type": "render", "id": "r",
                               "thread": {"url": "", "posts": []}}))
        .unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
    }

    #[test]
    fn replies_serialise_as_documented() {
        let pong = Reply::Pong {
            id: "1".into(),
            version: "0.1.0".into(),
            capabilities: vec!["render".into()],
        };
        assert_eq!(
            serde_json::to_value(&pong).unwrap(),
            json!({"type": "pong", "id": "1", "version": "0.1.0", "capabilities": ["render"]})
        );
        let err = Reply::error(None, ErrorCode::ForbiddenOrigin, "no");
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            json!({"type": "error", "id": null, "code": "forbidden_origin", "message": "no"})
        );
        let progress = Reply::Progress {
            id: "r".into(),
            done: 1,
            total: 5,
        };
        assert_eq!(
            serde_json::to_value(&progress).unwrap(),
            json!({"type": "progress", "id": "r", "done": 1, "total": 5})
        );
        for (code, name) in [
            (ErrorCode::BadJson, "bad_json"),
            (ErrorCode::BadRequest, "bad_request"),
            (ErrorCode::UnknownType, "unknown_type"),
            (ErrorCode::TooLarge, "too_large"),
            (ErrorCode::ForbiddenOrigin, "forbidden_origin"),
            (ErrorCode::RenderFailed, "render_failed"),
            (ErrorCode::SaveFailed, "save_failed"),
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(name));
        }
    }
}
