// SPDX-License-Identifier: Apache-2.0
// sqlite_store: the event log in one SQLite file (onhand/storage/sqlite_store.hpp).
// Every SQLite call is checked, and every failure becomes a typed error with
// SQLite's message: busy or locked -> store_unavailable, anything else ->
// store_failure. Nothing here throws or aborts on a bad file.
#include "onhand/storage/sqlite_store.hpp"

#include <algorithm>
#include <limits>
#include <utility>

#include <sqlite3.h>

namespace onhand {
namespace {

using statement_ptr = std::unique_ptr<sqlite3_stmt, decltype(&sqlite3_finalize)>;

auto is_busy(int rc) -> bool {
  const int primary = rc & 0xff;
  return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

// An error for a failed SQLite call: `what` says what was being done.
auto sqlite_error(sqlite3* db, int rc, std::string_view path, std::string_view what) -> error {
  std::string message = "sqlite store '" + std::string(path) + "': " + std::string(what) + ": ";
  message += db != nullptr && sqlite3_errcode(db) == rc ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (is_busy(rc)) {
    return make_error(errc::store_unavailable, message + " (busy; retry)");
  }
  return make_error(errc::store_failure, std::move(message));
}

auto schema_error(std::string_view path, std::string_view why) -> error {
  return make_error(errc::store_failure,
                    "sqlite store '" + std::string(path) + "': " + std::string(why));
}

auto check_path(std::string_view path) -> result<void> {
  if (path.empty()) {
    return make_error(errc::malformed_input, "path must name a file",
                      error_context{.field = "path"});
  }
  if (path.find('\0') != std::string_view::npos) {
    return make_error(errc::malformed_input, "path must not contain a NUL byte",
                      error_context{.field = "path"});
  }
  return {};
}

}  // namespace

struct sqlite_store::connection {
  std::string path;
  sqlite3* db = nullptr;
  statement_ptr begin{nullptr, &sqlite3_finalize};
  statement_ptr commit{nullptr, &sqlite3_finalize};
  statement_ptr rollback{nullptr, &sqlite3_finalize};
  statement_ptr end{nullptr, &sqlite3_finalize};
  statement_ptr insert{nullptr, &sqlite3_finalize};
  statement_ptr select{nullptr, &sqlite3_finalize};
  statement_ptr snapshot_insert{nullptr, &sqlite3_finalize};
  statement_ptr snapshot_trim{nullptr, &sqlite3_finalize};
  statement_ptr snapshot_select{nullptr, &sqlite3_finalize};

  connection() = default;
  connection(const connection&) = delete;
  auto operator=(const connection&) -> connection& = delete;
  ~connection() {
    // Statements first: sqlite3_close refuses a handle with live statements.
    begin.reset();
    commit.reset();
    rollback.reset();
    end.reset();
    insert.reset();
    select.reset();
    snapshot_insert.reset();
    snapshot_trim.reset();
    snapshot_select.reset();
    sqlite3_close(db);
  }

  auto fail(int rc, std::string_view what) const -> error {
    return sqlite_error(db, rc, path, what);
  }

  /// Runs SQL that returns no rows.
  auto exec(const char* sql) const -> result<void> {
    if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr); rc != SQLITE_OK) {
      return fail(rc, sql);
    }
    return {};
  }

  /// Runs SQL whose first row's first column is an integer.
  auto query_int(const char* sql) const -> result<std::int64_t> {
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v2(db, sql, -1, &raw, nullptr); rc != SQLITE_OK) {
      return fail(rc, sql);
    }
    const statement_ptr stmt{raw, &sqlite3_finalize};
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) return fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc, sql);
    return sqlite3_column_int64(stmt.get(), 0);
  }

  auto prepare(statement_ptr& out, const char* sql) -> result<void> {
    sqlite3_stmt* raw = nullptr;
    if (const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr);
        rc != SQLITE_OK) {
      return fail(rc, sql);
    }
    out.reset(raw);
    return {};
  }

  /// Steps a cached statement that returns no rows, and resets it.
  auto step_done(sqlite3_stmt* stmt, std::string_view what) const -> result<void> {
    const int rc = sqlite3_step(stmt);
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) return fail(rc, what);
    return {};
  }

  /// The number of events: one past the last position (the rowid maximum
  /// is read from the B-tree's right edge, not counted).
  auto count() const -> result<std::uint64_t> {
    const int rc = sqlite3_step(end.get());
    if (rc != SQLITE_ROW) {
      sqlite3_reset(end.get());
      return fail(rc == SQLITE_DONE ? SQLITE_ERROR : rc, "reading the end of the log");
    }
    const auto last = sqlite3_column_int64(end.get(), 0);
    sqlite3_reset(end.get());
    if (last < 0) return schema_error(path, "the log holds a negative position");
    return static_cast<std::uint64_t>(last);
  }
};

namespace {

// Version 0 -> 1: the first schema; 1 -> 2: the snapshots table. Each later
// version adds one step here, run in order inside the transaction that
// checked the version.
auto migrate(const sqlite_store::connection& c, std::int64_t from) -> result<void> {
  if (from < 1) {
    if (auto made =
            c.exec("CREATE TABLE events ("
                   "position INTEGER PRIMARY KEY, key TEXT NOT NULL, payload BLOB NOT NULL)");
        !made) {
      return made;
    }
  }
  if (from < 2) {
    if (auto made = c.exec("CREATE TABLE snapshots ("
                           "position INTEGER PRIMARY KEY, bytes BLOB NOT NULL)");
        !made) {
      return made;
    }
  }
  // Future versions: if (from < 3) { ... }
  const std::string stamp =
      "PRAGMA application_id = " + std::to_string(sqlite_store::application_id) +
      "; PRAGMA user_version = " + std::to_string(sqlite_store::schema_version);
  return c.exec(stamp.c_str());
}

// The schema version of an onhand file (0 for an empty database), or
// store_failure for another application's database or a newer version.
// Reads only, so a refused file is left exactly as it was.
auto identify(const sqlite_store::connection& c) -> result<std::int64_t> {
  auto id = c.query_int("PRAGMA application_id");
  if (!id) return std::move(id).error();
  auto version = c.query_int("PRAGMA user_version");
  if (!version) return std::move(version).error();
  auto objects = c.query_int("SELECT count(*) FROM sqlite_schema");
  if (!objects) return std::move(objects).error();
  const bool empty = *id == 0 && *version == 0 && *objects == 0;
  if (!empty && *id != sqlite_store::application_id) {
    return schema_error(c.path,
                        "not an onhand store (the file is a SQLite database of another "
                        "application: application_id " +
                            std::to_string(*id) + ", " + std::to_string(*objects) +
                            " schema objects); refusing to use it");
  }
  if (*version > sqlite_store::schema_version) {
    return schema_error(c.path, "schema version " + std::to_string(*version) +
                                    " is newer than this build reads (" +
                                    std::to_string(sqlite_store::schema_version) +
                                    "); open it with a newer onhand");
  }
  if (*version < 0) {
    return schema_error(c.path, "invalid schema version " + std::to_string(*version));
  }
  return *version;
}

// Creates or migrates the schema in one write transaction, so two processes
// opening a new file at once do not both create it.
auto prepare_schema(const sqlite_store::connection& c) -> result<void> {
  auto version = identify(c);
  if (!version) return std::move(version).error();
  if (*version == sqlite_store::schema_version) return {};
  if (auto begun = c.exec("BEGIN IMMEDIATE"); !begun) return begun;
  auto fail = [&](error e) -> result<void> {
    (void)c.exec("ROLLBACK");
    return e;
  };
  // Again under the write lock: another process may have just made it.
  version = identify(c);
  if (!version) return fail(std::move(version).error());
  if (*version < sqlite_store::schema_version) {
    if (auto migrated = migrate(c, *version); !migrated) return fail(std::move(migrated).error());
  }
  return c.exec("COMMIT");
}

}  // namespace

sqlite_store::sqlite_store(std::unique_ptr<connection> db) : db_(std::move(db)) {}

sqlite_store::~sqlite_store() = default;

auto sqlite_store::open(std::string_view path, sqlite_options options)
    -> result<std::unique_ptr<sqlite_store>> {
  if (auto checked = check_path(path); !checked) return std::move(checked).error();
  if (options.busy_timeout.count() < 0) {
    return make_error(errc::invalid_parameter, "busy_timeout must not be negative",
                      error_context{.field = "busy_timeout"});
  }
  auto c = std::make_unique<connection>();
  c->path = std::string(path);
  // One connection per store, serialized by the store's mutex: SQLite's own
  // mutexes are not needed (NOMUTEX). EXRESCODE: extended codes in messages.
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  if (const int rc = sqlite3_open_v2(c->path.c_str(), &c->db, flags, nullptr); rc != SQLITE_OK) {
    return c->fail(rc, "opening");
  }
  const auto timeout_ms =
      std::min<std::int64_t>(options.busy_timeout.count(), std::numeric_limits<int>::max());
  sqlite3_busy_timeout(c->db, static_cast<int>(timeout_ms));
  // A read-only file opens read-only without an error; a log must be writable.
  if (sqlite3_db_readonly(c->db, "main") == 1) {
    return schema_error(c->path, "the file is read-only");
  }
  // Before anything is written (the journal mode is in the file's header):
  // a file that is not SQLite fails here with SQLITE_NOTADB, and another
  // application's database or a newer one is refused untouched.
  if (auto known = identify(*c); !known) return std::move(known).error();
  auto mode = [&]() -> result<std::string> {
    sqlite3_stmt* raw = nullptr;
    constexpr const char* sql = "PRAGMA journal_mode = WAL";
    if (const int rc = sqlite3_prepare_v2(c->db, sql, -1, &raw, nullptr); rc != SQLITE_OK) {
      return c->fail(rc, sql);
    }
    const statement_ptr stmt{raw, &sqlite3_finalize};
    const int rc = sqlite3_step(stmt.get());
    if (rc != SQLITE_ROW) return c->fail(rc, sql);
    const auto* text = sqlite3_column_text(stmt.get(), 0);
    return std::string(text == nullptr ? "" : reinterpret_cast<const char*>(text));
  }();
  if (!mode) return std::move(mode).error();
  if (*mode != "wal") {
    return schema_error(c->path,
                        "the file cannot use write-ahead logging (journal mode '" + *mode + "')");
  }
  if (auto set =
          c->exec(options.synchronous == sqlite_synchronous::full ? "PRAGMA synchronous = FULL"
                                                                  : "PRAGMA synchronous = NORMAL");
      !set) {
    return std::move(set).error();
  }
  if (auto schema = prepare_schema(*c); !schema) return std::move(schema).error();
  for (auto [slot, sql] : {
           std::pair{&c->begin, "BEGIN IMMEDIATE"},
           std::pair{&c->commit, "COMMIT"},
           std::pair{&c->rollback, "ROLLBACK"},
           std::pair{&c->end, "SELECT coalesce(max(position) + 1, 0) FROM events"},
           std::pair{&c->insert, "INSERT INTO events (position, key, payload) VALUES (?1, ?2, ?3)"},
           std::pair{&c->select,
                     "SELECT position, key, payload FROM events WHERE position >= ?1 "
                     "ORDER BY position LIMIT ?2"},
           std::pair{&c->snapshot_insert,
                     "INSERT OR REPLACE INTO snapshots (position, bytes) VALUES (?1, ?2)"},
           std::pair{&c->snapshot_trim,
                     "DELETE FROM snapshots WHERE position NOT IN "
                     "(SELECT position FROM snapshots ORDER BY position DESC LIMIT ?1)"},
           std::pair{&c->snapshot_select,
                     "SELECT position, bytes FROM snapshots ORDER BY position DESC"},
       }) {
    if (auto prepared = c->prepare(*slot, sql); !prepared) return std::move(prepared).error();
  }
  return std::unique_ptr<sqlite_store>(new sqlite_store(std::move(c)));
}

auto sqlite_store::append(std::span<const event_view> events, std::uint64_t expected_end)
    -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  auto& c = *db_;
  auto conflict = [&](std::uint64_t current) -> error {
    return make_error(errc::concurrency_conflict,
                      "the log holds " + std::to_string(current) + " events, not the expected " +
                          std::to_string(expected_end) + "; catch up and retry");
  };
  if (events.empty()) {
    auto current = c.count();
    if (!current) return current;
    if (*current != expected_end) return conflict(*current);
    return current;
  }
  if (expected_end >
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) - events.size()) {
    return make_error(errc::store_failure, "the log position would overflow");
  }
  // BEGIN IMMEDIATE takes the write lock now, so the end read below cannot
  // move before COMMIT; a lock held too long by another writer is BUSY.
  if (auto begun = c.step_done(c.begin.get(), "beginning an append"); !begun) {
    return std::move(begun).error();
  }
  auto abandon = [&](error e) -> error {
    sqlite3_step(c.rollback.get());
    sqlite3_reset(c.rollback.get());
    return e;
  };
  auto current = c.count();
  if (!current) return abandon(std::move(current).error());
  if (*current != expected_end) return abandon(conflict(*current));
  auto* insert = c.insert.get();
  auto position = static_cast<std::int64_t>(expected_end);
  for (const auto& e : events) {
    // Sizes beyond int are refused by SQLite's own length limit (1 GB).
    if (e.key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()) ||
        e.payload.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      return abandon(make_error(errc::store_failure,
                                "sqlite store '" + c.path + "': an event is larger than 2 GiB"));
    }
    sqlite3_bind_int64(insert, 1, position);
    // A null pointer would bind NULL: an empty view is bound as "".
    int rc = sqlite3_bind_text(insert, 2, e.key.empty() ? "" : e.key.data(),
                               static_cast<int>(e.key.size()), SQLITE_STATIC);
    if (rc == SQLITE_OK) {
      // A zero-length blob from a null pointer would be NULL: give it a zero-length zeroblob.
      rc = e.payload.empty() ? sqlite3_bind_zeroblob(insert, 3, 0)
                             : sqlite3_bind_blob(insert, 3, e.payload.data(),
                                                 static_cast<int>(e.payload.size()), SQLITE_STATIC);
    }
    if (rc != SQLITE_OK) {
      sqlite3_clear_bindings(insert);
      return abandon(c.fail(rc, "binding an event"));
    }
    rc = sqlite3_step(insert);
    sqlite3_reset(insert);
    if (rc != SQLITE_DONE) {
      sqlite3_clear_bindings(insert);
      return abandon(c.fail(rc, "inserting an event"));
    }
    ++position;
  }
  sqlite3_clear_bindings(insert);  // the views die with the caller
  if (auto committed = c.step_done(c.commit.get(), "committing an append"); !committed) {
    // A failed COMMIT may leave the transaction open (BUSY): end it.
    if (sqlite3_get_autocommit(c.db) == 0) return abandon(std::move(committed).error());
    return std::move(committed).error();
  }
  return static_cast<std::uint64_t>(position);
}

auto sqlite_store::read(std::uint64_t from, std::size_t max_count,
                        std::vector<event_record>& out) const -> result<void> {
  std::lock_guard lock{mutex_};
  const auto& c = *db_;
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (max_count == 0 || from > int64_max) return {};
  auto* select = c.select.get();
  sqlite3_bind_int64(select, 1, static_cast<std::int64_t>(from));
  sqlite3_bind_int64(select, 2,
                     static_cast<std::int64_t>(std::min<std::uint64_t>(max_count, int64_max)));
  std::uint64_t expected = from;
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
    const auto position = sqlite3_column_int64(select, 0);
    if (position < 0 || static_cast<std::uint64_t>(position) != expected) {
      sqlite3_reset(select);
      return schema_error(c.path, "the log has a gap: position " + std::to_string(position) +
                                      " where " + std::to_string(expected) + " was expected");
    }
    event_record record;
    const auto* key = sqlite3_column_text(select, 1);
    record.key.assign(key == nullptr ? "" : reinterpret_cast<const char*>(key),
                      static_cast<std::size_t>(sqlite3_column_bytes(select, 1)));
    const auto* payload = sqlite3_column_blob(select, 2);
    record.payload.assign(payload == nullptr ? "" : static_cast<const char*>(payload),
                          static_cast<std::size_t>(sqlite3_column_bytes(select, 2)));
    out.push_back(std::move(record));
    ++expected;
  }
  sqlite3_reset(select);
  if (rc != SQLITE_DONE) return c.fail(rc, "reading the log");
  return {};
}

auto sqlite_store::end() const -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  return db_->count();
}

auto sqlite_store::write_snapshot(std::uint64_t log_position, std::string_view bytes)
    -> result<void> {
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (log_position > int64_max ||
      bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    return make_error(errc::store_failure,
                      "sqlite store '" + db_->path + "': the snapshot does not fit a row");
  }
  std::lock_guard lock{mutex_};
  auto& c = *db_;
  if (auto begun = c.step_done(c.begin.get(), "beginning a snapshot"); !begun) return begun;
  auto abandon = [&](error e) -> error {
    sqlite3_step(c.rollback.get());
    sqlite3_reset(c.rollback.get());
    return e;
  };
  auto* insert = c.snapshot_insert.get();
  sqlite3_bind_int64(insert, 1, static_cast<std::int64_t>(log_position));
  const int rc = bytes.empty() ? sqlite3_bind_zeroblob(insert, 2, 0)
                               : sqlite3_bind_blob(insert, 2, bytes.data(),
                                                   static_cast<int>(bytes.size()), SQLITE_STATIC);
  if (rc != SQLITE_OK) {
    sqlite3_clear_bindings(insert);
    return abandon(c.fail(rc, "binding a snapshot"));
  }
  auto inserted = c.step_done(insert, "inserting a snapshot");
  sqlite3_clear_bindings(insert);
  if (!inserted) return abandon(std::move(inserted).error());
  sqlite3_bind_int64(c.snapshot_trim.get(), 1, static_cast<std::int64_t>(snapshots_kept));
  if (auto trimmed = c.step_done(c.snapshot_trim.get(), "deleting old snapshots"); !trimmed) {
    return abandon(std::move(trimmed).error());
  }
  if (auto committed = c.step_done(c.commit.get(), "committing a snapshot"); !committed) {
    if (sqlite3_get_autocommit(c.db) == 0) return abandon(std::move(committed).error());
    return committed;
  }
  return {};
}

auto sqlite_store::read_snapshots(std::vector<snapshot_record>& out) const -> result<void> {
  std::lock_guard lock{mutex_};
  const auto& c = *db_;
  auto* select = c.snapshot_select.get();
  int rc = SQLITE_OK;
  while ((rc = sqlite3_step(select)) == SQLITE_ROW) {
    const auto position = sqlite3_column_int64(select, 0);
    if (position < 0) continue;  // no snapshot is written there: not one to trust
    snapshot_record record;
    record.log_position = static_cast<std::uint64_t>(position);
    const auto* bytes = sqlite3_column_blob(select, 1);
    record.bytes.assign(bytes == nullptr ? "" : static_cast<const char*>(bytes),
                        static_cast<std::size_t>(sqlite3_column_bytes(select, 1)));
    out.push_back(std::move(record));
  }
  sqlite3_reset(select);
  if (rc != SQLITE_DONE) return c.fail(rc, "reading the snapshots");
  return {};
}

auto sqlite_store::backup_to(std::string_view path) const -> result<void> {
  if (auto checked = check_path(path); !checked) return checked;
  std::lock_guard lock{mutex_};
  const auto& c = *db_;
  const std::string target(path);
  sqlite3* copy = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_EXRESCODE;
  int rc = sqlite3_open_v2(target.c_str(), &copy, flags, nullptr);
  const std::unique_ptr<sqlite3, decltype(&sqlite3_close)> copy_owner{copy, &sqlite3_close};
  if (rc != SQLITE_OK) return sqlite_error(copy, rc, target, "opening the backup target");
  // The same file through another name would be overwritten by itself.
  const char* source_name = sqlite3_db_filename(c.db, "main");
  const char* target_name = sqlite3_db_filename(copy, "main");
  if (source_name != nullptr && target_name != nullptr &&
      std::string_view(source_name) == std::string_view(target_name)) {
    return schema_error(c.path, "the backup target is the store's own file");
  }
  sqlite3_backup* backup = sqlite3_backup_init(copy, "main", c.db, "main");
  if (backup == nullptr) {
    return sqlite_error(copy, sqlite3_errcode(copy), target, "starting the backup");
  }
  // All pages in one step: the copy is one consistent snapshot of the log.
  rc = sqlite3_backup_step(backup, -1);
  const int finished = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return sqlite_error(nullptr, rc, target, "copying");
  if (finished != SQLITE_OK) return sqlite_error(copy, finished, target, "finishing the backup");
  return {};
}

auto sqlite_store::path() const -> const std::string& { return db_->path; }

}  // namespace onhand
