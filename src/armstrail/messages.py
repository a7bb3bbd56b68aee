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


def model_missing(name: str, requirement: str) -> str:
    return MODEL_MISSING.format(name=name, requirement=requirement)


# -- store --------------------------------------------------------------------------------------
RELINKED = "relinked the store: {count} story clusters"
NO_STORE = "no store at {db}: run `armstrail ingest PATH --db {db}` first"
STORE_UNREADABLE = "cannot open the store {db}: {reason}"
NO_SUCH_CLAIM = "no claim {claim_id} in the store (ids look like <article id>#<n>; see armstrail claims)"
NOT_WRITABLE = "cannot write {path}: {error}"
STORE_WRITE_FAILED = "not stored: the database refused it ({reason})"
INGEST_SUMMARY = (
    "{stored} article(s) stored ({claims} claim(s)), {unchanged} already stored and unchanged, "
    "{skipped} skipped, {failed} failed"
)
