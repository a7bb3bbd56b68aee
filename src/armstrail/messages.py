"""Every message a user can read, as a named template, so that wording lives in one place.

Templates use ``str.format`` fields; the name says when the message is shown. Keep this module flat:
constants and small pure functions only, no imports from the rest of armstrail.
"""

from __future__ import annotations

# --- reading files and streams -------------------------------------------------------------------

NOT_FOUND = "no such file or directory"
NOT_READABLE = "cannot be read: {error}"
UNKNOWN_FORMAT = "unknown file type {suffix}; readable types are {known}"
NO_SUFFIX = "(no suffix)"
FILE_TOO_LARGE = "file is {size} bytes, over the {limit}-byte limit for input files; it was not read"
LINE_TOO_LONG = "line is longer than the {limit}-byte limit for input; it was skipped"
READER_FAILED = "the {format} reader failed: {kind}: {message}"

# --- compressed files and archives -------------------------------------------------------------

BAD_ARCHIVE = "not a readable zip archive: {error}"
BAD_COMPRESSED = "compressed data is corrupt or truncated: {error}"
TOO_MANY_MEMBERS = "the archive holds {count} members, over the limit of {limit}; it was not read"
UNPACKED_TOO_LARGE = (
    "unpacks to more than {limit} bytes (a compression bomb, or a file too large); reading stopped there"
)
NESTED_TOO_DEEP = "archives nested more than {limit} deep are not read"

# --- decoding ------------------------------------------------------------------------------------

EMPTY_FILE = "empty file"
EMPTY_INPUT = "empty input"
BINARY_FILE = "binary file, not text"
EMPTY_LINE = "blank line"
BINARY_LINE = "binary data, not text"
NOT_UTF8 = "not valid UTF-8; decoded with replacement characters ({count} bytes replaced)"

# --- JSON and records ----------------------------------------------------------------------------

INVALID_JSON = "invalid JSON at line {line}, column {column}: {message}"
INVALID_JSON_LINE = "invalid JSON at column {column}: {message}"
INVALID_JSON_VALUE = "invalid JSON: {message}"
JSON_TOO_DEEP = "invalid JSON: nested too deeply to read"
NOT_AN_OBJECT = "a record must be a JSON object, not {kind}"
EMPTY_LIST = "the JSON list holds no records"
NO_TEXT_MISSING = 'no article text: the record has no "text" field'
NO_TEXT_TYPE = 'no article text: "text" is {kind}, not a string'
NO_TEXT_BLANK = 'no article text: "text" is blank'
NO_TEXT_FILE = "no article text: the file holds only a header"
FIELD_NOT_STRING = 'ignored "{field}": it is {kind}, not a string'
BAD_DATE = (
    'ignored "published" {value}: not a date (expected YYYY-MM-DD or an ISO date and time); '
    "the article is read without a date"
)
LONE_SURROGATES = (
    '"{field}" held {count} unpaired surrogate escapes, which are not characters; '
    "each was replaced with U+FFFD"
)
TEXT_TOO_LARGE = (
    "text is {size} bytes (UTF-8), over the {limit}-byte limit; it was skipped. "
    "Raise the limit with --max-bytes or the environment variable ARMSTRAIL_MAX_BYTES"
)

# --- RSS and Atom feeds --------------------------------------------------------------------------

FEED_SUMMARY_ONLY = (
    "only the feed's summary of this article was read (the feed carries no full text); "
    "fetch its URL to read the whole article"
)
FEED_BROKEN = "not a feed: the XML is broken ({error})"
FEED_NOT_A_FEED = "not a feed: the XML is neither RSS nor Atom"
FEED_NO_ITEMS = "the feed has no items"
FEED_ITEM_NO_TEXT = "the feed item has no text: neither content nor a summary"
FEED_LENIENT = "the feed is not well-formed XML ({error}); it was read leniently, so some text may be missing"
FEED_ENTITIES = (
    "refused: the feed declares XML entities (<!ENTITY ...>); armstrail never expands them, "
    "since they can read local files or expand to gigabytes"
)
XML_ERROR_AT = "line {line}, column {column}: {message}"

# --- web pages and web archives ------------------------------------------------------------------

HTML_NO_ARTICLE = "no article found in the page"
HTML_UNPARSABLE = "no article found in the page: it cannot be parsed as HTML ({error})"
HTML_EXTRACTION_FAILED = "no article found in the page: the text extractor failed on it ({kind}: {error})"
HTML_TOO_DEEP = (
    "no article found in the page: its markup is nested too deeply or is too large for the HTML "
    "parser ({error}), which stopped there"
)
HTML_PARSER_LIMIT = (
    "the page's markup is nested too deeply or is too large for the HTML parser ({error}); "
    "the text after that point was not read"
)
HTML_CUT = (
    "the page's markup is too long to take apart in good time ({size} characters); only its first "
    "{limit} characters were read (pages are read up to {tags} tags and twice --max-bytes characters)"
)
HTML_NOT_UTF8 = "not valid UTF-8: {count} bytes were read as Windows-1252 characters"
HTML_BAD_CHARSET = "{count} bytes are not valid {charset}; each was replaced with U+FFFD"
WARC_NOT_AN_ARCHIVE = "not a WARC web archive: {error}"
WARC_DAMAGED = (
    "the archive is damaged or cut short at record {record} ({error}); the records before it were read"
)
WARC_RECORD_TOO_LARGE = (
    "the page {url} is over {limit} bytes, the limit for a web page (max_fetch_bytes); it was skipped"
)
WARC_TRUNCATED = (
    "the archive ends inside record {record} ({url}), which was not read; the records before it were read"
)
WARC_ENDS_INSIDE = (
    "the archive ends inside record {record}, which was not read; the records before it were read"
)
ERROR_DETAIL = "{kind}: {message}"
WARC_NO_VERSION = "a record does not start with a WARC/1.x version line"
WARC_NO_PAGES = "no web page in the archive: none of its {records} record(s) is an HTML page with status 200"
BOILERPLATE_EXPECTED = '"patterns" must be a list of {"pattern": REGEX, "comment": TEXT}'
BAD_REGEX = "{pattern} is not a valid regular expression ({error})"

# --- fetching URLs -------------------------------------------------------------------------------

FETCH_BAD_URL = "cannot fetch {url}: not a valid URL ({error})"
FETCH_NO_HOST = "it names no host"
FETCH_SCHEME = "cannot fetch {url}: only http and https URLs are fetched"
FETCH_DNS = "cannot fetch {url}: the host {host} cannot be resolved ({error})"
FETCH_ADDRESS_REFUSED = (
    "refused {url}: {host} is at {address}, a {kind} address; only public addresses are fetched "
    "unless private ones are allowed (--allow-private)"
)
FETCH_IP_REFUSED = (
    "refused {url}: {address} is a {kind} address; only public addresses are fetched "
    "unless private ones are allowed (--allow-private)"
)
ADDRESS_LOOPBACK = "loopback"
ADDRESS_PRIVATE = "private"
ADDRESS_LINK_LOCAL = "link-local"
ADDRESS_MULTICAST = "multicast"
ADDRESS_RESERVED = "reserved"
ADDRESS_UNSPECIFIED = "unspecified"
ADDRESS_NOT_GLOBAL = "non-public"
FETCH_STATUS = "cannot fetch {url}: the server answered {status} {phrase}"
FETCH_TIMEOUT = "cannot fetch {url}: no complete answer within {seconds} seconds"
FETCH_TLS = "cannot fetch {url}: the secure connection failed ({error})"
FETCH_FAILED = "cannot fetch {url}: {error}"
FETCH_TOO_MANY_REDIRECTS = "cannot fetch {url}: more than {limit} redirects"
FETCH_NO_LOCATION = "cannot fetch {url}: the server redirected ({status}) without saying where"
FETCH_TOO_LARGE = (
    "refused {url}: the response is {size} bytes, over the {limit}-byte limit for fetched pages "
    "(max_fetch_bytes); it was not read"
)
FETCH_TOO_LARGE_STREAMED = (
    "refused {url}: the response is over the {limit}-byte limit for fetched pages (max_fetch_bytes); "
    "reading stopped there"
)
FETCH_CONTENT_TYPE = (
    "cannot read {url}: unsupported content type {content_type} "
    "(HTML pages, RSS/Atom feeds and JSON are read)"
)
FETCH_NO_CONTENT_TYPE = "(none given)"
FETCH_CONTENT_ENCODING = "cannot read {url}: unsupported content encoding {encoding}"
FETCH_BAD_ENCODING = "cannot read {url}: the compressed response is corrupt ({error})"

# --- cleaning ------------------------------------------------------------------------------------

DATA_FILE_UNREADABLE = "bundled data file {name} cannot be read: {error}"
DATA_FILE_MALFORMED = "bundled data file {name} is malformed: {expected}"
NOT_ENGLISH = "not analysed: the text does not look English (best match: {language})"


def quote(value: str, limit: int = 40) -> str:
    """Quote a user's value for a message, cut short so one bad field cannot flood the output."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


# --- analysis and CLI ---------------------------------------------------------------------------

MODEL_MISSING = (
    "the spaCy English pipeline '{name}' is not installed. Install it with "
    "`.venv/bin/pip install {requirement}` (or run `make setup`); armstrail never downloads it at run time"
)
EXTRACTOR_FAILED = "the extractor failed on this article ({kind}: {message}); please report it"
SUMMARY = "{articles} article(s) analysed, {claims} claim(s), {skipped} skipped, {failed} failed"
FAILED_INPUT = "error: {problem}"
SKIPPED_INPUT = "skipped: {problem}"
WARNING_INPUT = "warning: {origin}: {warning}"


TRAINED_MODEL_MISSING = (
    "the trained extraction model is missing ({path}); rebuild it with `make train`, or choose the "
    "rules alone with ARMSTRAIL_EXTRACTOR=rules"
)
UNKNOWN_EXTRACTOR = "unknown extractor '{name}': choose one of {choices}"


def model_missing(name: str, requirement: str) -> str:
    return MODEL_MISSING.format(name=name, requirement=requirement)


# -- store --------------------------------------------------------------------------------------
RELINKED = "relinked the store: {count} story clusters"
NO_STORE = "no store at {db}: run `armstrail ingest PATH --db {db}` first"
STORE_UNREADABLE = "cannot open the store {db}: {reason}"
STORE_LOST = (
    "lost the store {db} mid-ingest ({reason}): the batch in flight was not stored; "
    "run the same ingest again once the store is back, and it stores the rest"
)
GIVEN_NO_LIST = "{article}: no claims list to take as given (--given-claims); stored with no claims"
GIVEN_BAD_CLAIM = "{article}: given claim {n} left out: {reason}"
STORE_READ_ONLY = "cannot write to the store {db}: {reason}; nothing was stored"
NO_SUCH_CLAIM = "no claim {claim_id} in the store (ids look like <article id>#<n>; see armstrail claims)"
NOT_WRITABLE = "cannot write {path}: {error}"
STORE_WRITE_FAILED = "not stored: the database refused it ({reason})"
STORE_COPIED = (
    "copied {articles} article(s), {claims} claim(s), {clusters} story cluster(s); {rows} rows in all"
)
STORE_COPY_TARGET_NOT_EMPTY = "{db} already holds articles: copy-store fills an empty store only"
STORE_COPY_TABLE = "{table}: {rows} rows"
BACKUP_WRITTEN = "backup written to {path} ({size:,} bytes): every article, claim and story of {db}"
BACKUP_FAILED = "cannot write the backup {path}: {reason}"
BACKUP_ONTO_ITSELF = "{path} is the store itself: give the backup another name"
BACKUP_POSTGRES = (
    "{url} is a PostgreSQL store: back it up with PostgreSQL's own tool, "
    "pg_dump --format=custom --file=armstrail.dump '{url}' (restore: pg_restore --dbname=URL armstrail.dump)"
)
INGEST_PROGRESS = (
    "{files}/{total} inputs, {articles} articles ({rate:.1f}/s), {left} left | stored {stored}, "
    "copies {duplicates}, unchanged {unchanged}, skipped {skipped}, failed {failed}"
)
ERRORS_WRITTEN = "{count} failure(s) written to {path}"
INGEST_SUMMARY = (
    "{stored} article(s) stored ({claims} claim(s); {foreign} not in English, stored unanalysed), "
    "{duplicates} copies of stored articles, {unchanged} already stored and unchanged, "
    "{skipped} skipped, {failed} failed"
)


# --- web application (armstrail serve) ------------------------------------------------------------

WEB_NOT_FOUND = "Nothing here: the page, claim, story, actor or article does not exist."
WEB_BAD_REQUEST = "The request's parameters are not valid."
WEB_TOO_LONG = "The request's {part} are longer than this server takes ({limit:,} bytes)."
WEB_NUL = "The request's address holds a NUL character, which no parameter can contain."
WEB_SERVER_ERROR = "Something went wrong on the server; the error was logged."
WEB_QUERY_TIMEOUT = (
    "This query ran longer than {seconds} s and was stopped so the server stays responsive: "
    "narrow it (an agent, a type, a date range or fewer search words) and try again."
)
WEB_STORE_UNAVAILABLE = (
    "The evidence base cannot be read right now (its database is locked, moved or unreachable; the "
    "server logged why). Try again shortly."
)
WEB_STORE_CANNOT_WRITE = (
    "The evidence base cannot take this write right now (it is read-only or unreachable; the server "
    "logged why). Nothing was stored."
)
WEB_ERROR = {400: WEB_BAD_REQUEST, 404: WEB_NOT_FOUND, 500: WEB_SERVER_ERROR}
SERVE_PUBLIC_HOST = (
    "warning: serving on {host}, reachable from other machines; the evidence base is readable by "
    "anyone who can reach it"
)
SERVE_NEEDS_TOKEN = "--allow-ingest needs a token: --token or the environment variable ARMSTRAIL_TOKEN"
SERVE_LISTENING = "armstrail serving {db} at http://{host}:{port}/ (Ctrl-C to stop)"


# --- HTTP API (armstrail serve, /api/v1) ----------------------------------------------------------

API_NO_CLAIM = "No claim {claim_id} in the store (ids look like <article id>#<n>)."
API_NO_CLUSTER = "No story cluster {cluster_id} in the store."
API_NO_ARTICLE = "No article {article_id} in the store."
API_NO_ACTOR = "No actor {code} in the store (states go by ISO3 code, organisations by name)."
API_READ_ONLY = "This server is read-only: it was started without --allow-ingest."
API_BAD_TOKEN = "Missing or wrong token: send Authorization: Bearer <token>."
API_CROSS_SITE = "Cross-site requests may not change the store."
API_TOO_LARGE = "The article is too large: at most {limit} bytes."
API_NOT_JSON = "The body is not a JSON article record: {reason}"
API_NOT_STORED = "The article was not stored: {reason}"
WEB_NO_SUCH_STORY = "No story {cluster_id} in the store: see the list of stories."
WEB_NO_SUCH_ACTOR = "No actor {code} in the store: actors are ISO3 codes (e.g. RUS) or organisation names."
WEB_NO_SUCH_ARTICLE = "No article {article_id} in the store: see the list of articles."
API_BAD_SORT = "Unknown sort: use one of {sorts}."

# --- legal regimes ---
UNKNOWN_REGIME = "no regime {regime!r}; known: {known}"
API_NO_REGIME = "No regime {regime_id!r}: /api/v1/regimes lists them."
WEB_NO_SUCH_REGIME = "There is no regime {regime_id!r}."

# --- worker processes ---
WORKERS_CANNOT_START = (
    "the extraction workers cannot start (a script that calls armstrail with more than one worker "
    'must start its work under `if __name__ == "__main__":`); or use one process: --workers 1 '
    "(env ARMSTRAIL_WORKERS=1)"
)
WORKER_DIED = "a worker process died twice while extracting this article (killed or out of memory)"

# --- the cascade (analyse/screen.py): why a text was not parsed ---
SCREENED_NO_ITEM = "cascade: no weapon or arms item is named, so no claim can be made"
SCREENED_NO_PARTY = "cascade: no state, organisation or armed group is named, so no claim can be made"
DASK_UNREACHABLE = (
    "cannot use the Dask cluster {address!r}: {error} (give tcp://HOST:8786 of a running `dask scheduler`, "
    "or local:N for N worker processes here)"
)
STORIES_PAGE_NOTE = "stories {shown} of {total}{more}; everything: --all"
STORIES_NEXT_PAGE = "; the next page: --page {next}"
