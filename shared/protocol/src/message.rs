//! The messages of the native-messaging protocol: requests from the extension and the
//! host's replies, as documented in `docs/native-messaging.md`. Every message is a JSON object with a
//! `"type"` and an `"id"` (a string chosen by the sender, echoed in every reply).

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use model::Thread;
use model::deck::Deck;
use model::presets::{Preset, Profile};

/// The longest request id accepted, in bytes. Ids are echoed in every reply, so a huge one
/// would make each reply too large for the browser.
pub const MAX_ID_BYTES: usize = 256;

/// The most posts (and slides) one render request may hold. A real thread has tens, LinkedIn
/// takes at most 300 pages; without a bound, a 64 MiB message of a million tiny posts would
/// be laid out for hours.
pub const MAX_POSTS: usize = 1_000;

/// A request from the extension.
///
/// [`RequestType`] names each variant as its `"type"` ([`REQUEST_TYPES`] lists them), so
/// [`parse_request`] cannot forget one.
#[derive(Debug, Clone, PartialEq, Serialize, strum::EnumDiscriminants)]
#[serde(tag = "type", rename_all = "snake_case")]
#[strum_discriminants(
    name(RequestType),
    derive(strum::EnumString, strum::VariantNames),
    strum(serialize_all = "snake_case")
)]
pub enum Request {
    /// `{"type":"ping","id"}` → [`Reply::Pong`].
    Ping { id: String },
    /// `{"type":"render","id","thread"|"deck":{…},"options":{…}?}` → [`Reply::Progress`]*
    /// then [`Reply::Saved`] or [`Reply::Error`]. Exactly one of `thread` (rendered with the
    /// default design) and `deck` (the studio's design and slides).
    Render {
        id: String,
        #[serde(flatten)]
        source: RenderSource,
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
    /// a brand profile. Its images must be `data:` or `https:` URLs.
    SaveProfile { id: String, profile: Profile },
    /// `{"type":"save_preset","id","preset":{"name",…},"default":bool?}` → [`Reply::Stored`]:
    /// adds or replaces a preset, and makes it the one-click default when `default` is true.
    SavePreset {
        id: String,
        preset: Preset,
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

/// What a render request lays out: a thread (with the store's default design, as one-click
/// does) or the studio's deck (its own design and slides). On the wire it is the request's
/// `"thread"` or `"deck"` field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenderSource {
    Thread(Thread),
    Deck(Box<Deck>),
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

/// Which files a render makes. Its names (`linkedin`, `instagram`, `both`) are the same in
/// messages, on the command line and in the studio ([`strum::VariantArray`] lists them).
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Platform {
    /// Both (the default).
    #[default]
    Both,
    /// The LinkedIn PDF only.
    Linkedin,
    /// The Instagram ZIP of PNGs only.
    Instagram,
}

/// What a host can do, as `pong` lists it: the protocol's features, named once here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr, strum::VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum Capability {
    /// `render` of a thread, replied to with `saved`.
    Render,
    /// `progress` replies while a render runs or waits.
    Progress,
    /// `reveal`: show a saved file in the file manager.
    Reveal,
    /// `render` of a deck (the studio's slides) besides a thread.
    Deck,
    /// `store`, `save_profile`, `save_preset`, `remove_profile`, `remove_preset`.
    Store,
}

impl Capability {
    /// The name `pong` uses.
    pub fn name(self) -> &'static str {
        self.into()
    }
}

impl Reply {
    /// The reply to `ping`: this host's `version` and every [`Capability`].
    pub fn pong(id: String, version: &str) -> Reply {
        use strum::VariantArray;
        Reply::Pong {
            id,
            version: version.to_owned(),
            capabilities: Capability::VARIANTS
                .iter()
                .map(|c| c.name().to_owned())
                .collect(),
        }
    }
}

/// A reply from the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Reply {
    Pong {
        id: String,
        /// The companion's version; the extension warns when it differs from its own.
        version: String,
        /// What this host can do ([`Capability`]'s names, e.g. `"render"`, `"reveal"`); a
        /// string list, so an older extension reads a newer host's list.
        capabilities: Vec<String>,
    },
    /// `done` of `total` slides rendered. While the render waits for others to finish,
    /// `done` and `total` are 0 and `queued` says how many renders are ahead of it.
    Progress {
        id: String,
        done: usize,
        total: usize,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        queued: Option<usize>,
    },
    /// The absolute paths of the saved files, and what the user should know about them (an
    /// image left out, more slides than Instagram shows), one sentence each.
    Saved {
        id: String,
        files: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        warnings: Vec<String>,
    },
    Revealed {
        id: String,
    },
    /// The store's profiles and presets. A store too large for one message (the browser
    /// takes at most 1 MB) comes in several `store` replies with the same id, each holding
    /// whole entries; all but the last have `"more": true`.
    Store {
        id: String,
        profiles: Vec<Profile>,
        presets: Vec<Preset>,
        default_preset: Option<String>,
        #[serde(default, skip_serializing_if = "is_false")]
        more: bool,
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

fn is_false(value: &bool) -> bool {
    !*value
}

impl Reply {
    /// The id this reply answers (`None` for an error about an unreadable message).
    pub fn id(&self) -> Option<&str> {
        match self {
            Reply::Pong { id, .. }
            | Reply::Progress { id, .. }
            | Reply::Saved { id, .. }
            | Reply::Revealed { id }
            | Reply::Store { id, .. }
            | Reply::Stored { id } => Some(id),
            Reply::Error { id, .. } => id.as_deref(),
        }
    }

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
    /// The answer would be over the browser's 1 MB message limit.
    ReplyTooLarge,
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

/// The request types this version understands, as their `"type"`.
pub const REQUEST_TYPES: &[&str] = <RequestType as strum::VariantNames>::VARIANTS;

impl Platform {
    /// Its name, as in messages and on the command line.
    pub fn name(self) -> &'static str {
        self.into()
    }

    /// What the choice makes, for people (the studio's menu, the CLI's help).
    pub fn label(self) -> &'static str {
        match self {
            Platform::Both => "PDF + PNGs",
            Platform::Linkedin => "LinkedIn PDF",
            Platform::Instagram => "Instagram PNGs",
        }
    }

    /// Whether the LinkedIn PDF is made.
    pub fn pdf(self) -> bool {
        self != Platform::Instagram
    }

    /// Whether the Instagram PNGs (and their ZIP) are made.
    pub fn png(self) -> bool {
        self != Platform::Linkedin
    }
}

/// Parses one frame's body into a request, telling bad JSON, unknown types and bad fields
/// apart, and keeping the id whenever it can be read.
///
/// The body is read twice, never into a generic JSON tree: first only `type` and `id` (every
/// other field is skipped unread), then straight into the typed fields of that request type,
/// which skips unknown fields without building them. So a 64 MiB frame costs about its own
/// size, whatever it holds.
pub fn parse_request(body: &[u8]) -> Result<Request, RequestError> {
    let text = std::str::from_utf8(body)
        .map_err(|err| RequestError::new(None, ErrorCode::BadJson, format!("not UTF-8: {err}")))?;
    let bad_json = |err: serde_json::Error| {
        RequestError::new(None, ErrorCode::BadJson, format!("not JSON: {err}"))
    };
    // Structs also deserialise from JSON arrays; a request is an object only.
    if !text.trim_start().starts_with('{') {
        serde_json::from_str::<serde::de::IgnoredAny>(text).map_err(bad_json)?;
        return Err(RequestError::new(
            None,
            ErrorCode::BadRequest,
            "a message must be a JSON object with \"type\" and \"id\"",
        ));
    }
    let header: Header<'_> = serde_json::from_str(text).map_err(|err| match err.classify() {
        serde_json::error::Category::Data => RequestError::new(
            None,
            ErrorCode::BadRequest,
            format!("not a valid message: {err}"),
        ),
        _ => bad_json(err),
    })?;
    let id = match header
        .id
        .map(|raw| serde_json::from_str::<String>(raw.get()))
    {
        Some(Ok(id)) if id.len() > MAX_ID_BYTES => {
            return Err(RequestError::new(
                None,
                ErrorCode::BadRequest,
                format!(
                    "the \"id\" is {} bytes long; at most {MAX_ID_BYTES} are accepted",
                    id.len()
                ),
            ));
        }
        Some(Ok(id)) => Some(id),
        _ => None,
    };
    let Some(kind_name) = header
        .kind
        .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok())
    else {
        return Err(RequestError::new(
            id,
            ErrorCode::BadRequest,
            "missing field \"type\" (a string)",
        ));
    };
    let Some(id) = id else {
        return Err(RequestError::new(
            None,
            ErrorCode::BadRequest,
            "missing field \"id\" (a string)",
        ));
    };
    let fields = |err: serde_json::Error| {
        RequestError::new(Some(id.clone()), ErrorCode::BadRequest, err.to_string())
    };
    let refuse =
        |message: String| RequestError::new(Some(id.clone()), ErrorCode::BadRequest, message);
    let Ok(kind) = kind_name.parse::<RequestType>() else {
        return Err(RequestError::new(
            Some(id),
            ErrorCode::UnknownType,
            format!(
                "unknown message type {kind_name:?}; this version understands {}",
                REQUEST_TYPES.join(", ")
            ),
        ));
    };
    let request = match kind {
        RequestType::Ping => Request::Ping { id: id.clone() },
        RequestType::Render => {
            let body: RenderBody = serde_json::from_str(text).map_err(fields)?;
            let source = match (body.thread, body.deck) {
                (Some(thread), None) => RenderSource::Thread(thread),
                (None, Some(deck)) => RenderSource::Deck(deck),
                (None, None) => {
                    return Err(RequestError::new(
                        Some(id),
                        ErrorCode::BadRequest,
                        "missing field \"thread\" or \"deck\"",
                    ));
                }
                (Some(_), Some(_)) => {
                    return Err(RequestError::new(
                        Some(id),
                        ErrorCode::BadRequest,
                        "send either a \"thread\" or a \"deck\", not both",
                    ));
                }
            };
            Request::Render {
                id: id.clone(),
                source,
                options: body.options,
            }
        }
        RequestType::Reveal => {
            let body: PathBody = serde_json::from_str(text).map_err(fields)?;
            Request::Reveal {
                id: id.clone(),
                path: body.path,
            }
        }
        RequestType::Store => Request::Store { id: id.clone() },
        RequestType::SaveProfile => {
            let body: ProfileBody<'_> = serde_json::from_str(text).map_err(fields)?;
            Request::SaveProfile {
                id: id.clone(),
                profile: parse_entry(body.profile, "profile").map_err(&refuse)?,
            }
        }
        RequestType::SavePreset => {
            let body: PresetBody<'_> = serde_json::from_str(text).map_err(fields)?;
            Request::SavePreset {
                id: id.clone(),
                preset: parse_entry(body.preset, "preset").map_err(&refuse)?,
                default: body.default,
            }
        }
        RequestType::RemoveProfile => Request::RemoveProfile {
            id: id.clone(),
            name: serde_json::from_str::<NameBody>(text).map_err(fields)?.name,
        },
        RequestType::RemovePreset => Request::RemovePreset {
            id: id.clone(),
            name: serde_json::from_str::<NameBody>(text).map_err(fields)?.name,
        },
    };
    if let Request::Render { source, .. } = &request {
        let (posts, slides) = match source {
            RenderSource::Thread(thread) => (thread.posts.len(), thread.posts.len()),
            RenderSource::Deck(deck) => (deck.posts.len(), deck.slides.len()),
        };
        if posts > MAX_POSTS || slides > MAX_POSTS {
            return Err(RequestError::new(
                Some(id),
                ErrorCode::BadRequest,
                format!(
                    "the carousel has {} posts or slides; at most {MAX_POSTS} are rendered at once \
                     (LinkedIn takes 300 pages): split the thread",
                    posts.max(slides)
                ),
            ));
        }
        match source {
            RenderSource::Thread(thread) if thread.posts.is_empty() => {
                return Err(RequestError::new(
                    Some(id),
                    ErrorCode::BadRequest,
                    "the thread has no posts",
                ));
            }
            RenderSource::Deck(deck) => {
                if let Err(err) = deck.validate() {
                    return Err(RequestError::new(
                        Some(id),
                        ErrorCode::BadRequest,
                        format!("the deck cannot be used: {err}"),
                    ));
                }
            }
            RenderSource::Thread(_) => {}
        }
    }
    Ok(request)
}

/// What [`parse_request`] reads first: the two fields every request has, unparsed.
#[derive(Deserialize)]
struct Header<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<&'a RawValue>,
    #[serde(borrow, default)]
    id: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct RenderBody {
    #[serde(default)]
    thread: Option<Thread>,
    #[serde(default)]
    deck: Option<Box<Deck>>,
    #[serde(default)]
    options: RenderOptions,
}

#[derive(Deserialize)]
struct PathBody {
    path: String,
}

#[derive(Deserialize)]
struct ProfileBody<'a> {
    #[serde(borrow)]
    profile: &'a RawValue,
}

#[derive(Deserialize)]
struct PresetBody<'a> {
    #[serde(borrow)]
    preset: &'a RawValue,
    #[serde(default)]
    default: bool,
}

/// The most JSON values (strings, numbers, objects, …) a profile or a preset may hold. Both keep
/// fields they do not know (written by other versions), and keeping them means building them;
/// a real entry has a few dozen values, so this bounds what an entry can cost without ever
/// refusing one.
const MAX_ENTRY_VALUES: usize = 10_000;

/// Parses a store entry after checking it holds at most [`MAX_ENTRY_VALUES`] values.
fn parse_entry<T: serde::de::DeserializeOwned>(raw: &RawValue, what: &str) -> Result<T, String> {
    use serde::de::DeserializeSeed;
    let left = std::cell::Cell::new(MAX_ENTRY_VALUES);
    let mut reader = serde_json::Deserializer::from_str(raw.get());
    Counter { left: &left }
        .deserialize(&mut reader)
        .map_err(|_| format!("the {what} holds more than {MAX_ENTRY_VALUES} values"))?;
    serde_json::from_str(raw.get()).map_err(|err| format!("not a valid {what}: {err}"))
}

/// Walks a JSON value without building it, counting down `left` for every value it meets.
struct Counter<'a> {
    left: &'a std::cell::Cell<usize>,
}

impl Counter<'_> {
    fn tick<E: serde::de::Error>(&self) -> Result<(), E> {
        match self.left.get() {
            0 => Err(E::custom("too many values")),
            n => {
                self.left.set(n - 1);
                Ok(())
            }
        }
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Counter<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Counter<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<(), E> {
        self.tick()
    }
    fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<(), E> {
        self.tick()
    }
    fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<(), E> {
        self.tick()
    }
    fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<(), E> {
        self.tick()
    }
    fn visit_str<E: serde::de::Error>(self, _: &str) -> Result<(), E> {
        self.tick()
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<(), E> {
        self.tick()
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.tick()?;
        while seq
            .next_element_seed(Counter { left: self.left })?
            .is_some()
        {}
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.tick()?;
        while map.next_key::<serde::de::IgnoredAny>()?.is_some() {
            map.next_value_seed(Counter { left: self.left })?;
        }
        Ok(())
    }
}

#[derive(Deserialize)]
struct NameBody {
    name: String,
}

/// The `"id"` of a message when it is a string of at most [`MAX_ID_BYTES`], for replies to
/// messages that are refused before they are parsed (read as [`parse_request`] reads it).
pub fn request_id(body: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(body).ok()?;
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let header: Header<'_> = serde_json::from_str(text).ok()?;
    serde_json::from_str::<String>(header.id?.get())
        .ok()
        .filter(|id| id.len() <= MAX_ID_BYTES)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

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
            source: RenderSource::Deck(deck),
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
    fn an_over_long_id_is_refused_with_a_null_id() {
        let long = "x".repeat(MAX_ID_BYTES + 1);
        let err = parse(&json!({"type": "ping", "id": long})).unwrap_err();
        assert_eq!((err.code, err.id.as_deref()), (ErrorCode::BadRequest, None));
        assert!(err.message.contains("256"), "{err}");
        let ok = "y".repeat(MAX_ID_BYTES);
        assert!(parse(&json!({"type": "ping", "id": ok})).is_ok());
        assert_eq!(request_id(json!({"id": long}).to_string().as_bytes()), None);
    }

    #[test]
    fn a_frame_with_a_big_unknown_field_is_parsed_without_building_it() {
        // What would be a few hundred MB as a JSON tree is skipped unread.
        let numbers = format!("[{}0]", "0,".repeat(500_000));
        let body = format!(
            r#"{{"type":"render","id":"r","junk":{numbers},"thread":{}}}"#,
            thread()
        );
        assert!(matches!(
            parse_request(body.as_bytes()),
            Ok(Request::Render { .. })
        ));
        // Inside a profile, unknown fields are kept, so their number is bounded.
        let body = format!(
            r#"{{"type":"save_profile","id":"p","profile":{{"name":"A","junk":{numbers}}}}}"#
        );
        let err = parse_request(body.as_bytes()).unwrap_err();
        assert_eq!(err.code, ErrorCode::BadRequest);
        assert!(err.message.contains("values"), "{err}");
        let body = r#"{"type":"save_profile","id":"p","profile":{"name":"A","later":{"x":1}}}"#;
        let Request::SaveProfile { profile, .. } = parse_request(body.as_bytes()).unwrap() else {
            panic!()
        };
        assert_eq!(profile.extra["later"], json!({"x": 1}));
    }

    #[test]
    fn a_render_of_a_million_posts_is_refused_before_any_work() {
        let post = json!({"id": "1", "author": {"name": "", "handle": ""}});
        let posts = vec![post; MAX_POSTS + 1];
        let err =
            parse(&json!({"type": "render", "id": "r", "thread": {"posts": posts}})).unwrap_err();
        assert_eq!(
            (err.code, err.id.as_deref()),
            (ErrorCode::BadRequest, Some("r"))
        );
        assert!(err.message.contains("split"), "{err}");
    }

    #[test]
    fn arrays_are_not_requests() {
        let err = parse_request(br#"["ping","7"]"#).unwrap_err();
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
            queued: None,
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
            (ErrorCode::ReplyTooLarge, "reply_too_large"),
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), json!(name));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever a frame holds, parsing answers with a request or an error, never a panic,
        /// and an error keeps the id only when it is a short string.
        #[test]
        fn any_frame_body_parses_or_is_refused(body in proptest::collection::vec(proptest::num::u8::ANY, 0..256)) {
            if let Err(err) = parse_request(&body) {
                proptest::prop_assert!(err.id.as_ref().is_none_or(|id| id.len() <= MAX_ID_BYTES));
            }
        }

        /// Near-misses of real requests: every field of every type, with values of any JSON
        /// type, in any order.
        #[test]
        fn requests_with_mistyped_fields_are_refused_cleanly(
            kind in proptest::sample::select(REQUEST_TYPES.to_vec()),
            fields in proptest::collection::vec(
                (proptest::sample::select(vec!["id", "type", "thread", "deck", "options", "path",
                    "profile", "preset", "default", "name", "junk"]),
                 proptest::sample::select(vec![json!(null), json!(1), json!("x"), json!([]),
                    json!({}), json!({"name": "A"}), json!(true), json!({"posts": []})])),
                0..6),
        ) {
            let mut object = serde_json::Map::new();
            object.insert("type".into(), json!(kind));
            object.insert("id".into(), json!("i"));
            for (key, value) in fields {
                object.insert(key.into(), value);
            }
            let body = Value::Object(object).to_string();
            if let Err(err) = parse_request(body.as_bytes()) {
                proptest::prop_assert!(!err.message.is_empty());
            }
        }
    }

    /// Frames cut anywhere, or with any length prefix, end cleanly or with an error.
    #[test]
    fn truncated_and_garbled_frames_never_panic_the_reader() {
        use proptest::strategy::{Strategy, ValueTree};
        let mut runner = proptest::test_runner::TestRunner::deterministic();
        let bytes = proptest::collection::vec(proptest::num::u8::ANY, 0..64);
        for _ in 0..512 {
            let data = bytes.new_tree(&mut runner).unwrap().current();
            let mut reader = std::io::Cursor::new(data);
            while let Ok(Some(_)) = crate::read_frame(&mut reader, 1024) {}
        }
    }
}
