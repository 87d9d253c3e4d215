// SPDX-License-Identifier: Apache-2.0
// postgres_store: the event log in a PostgreSQL database
// (onhand/storage/postgres_store.hpp). Every statement is parameterized
// (PQexecParams); keys and payloads travel as binary bytea. Errors map by
// SQLSTATE: a unique violation, a serialization failure or a deadlock is
// concurrency_conflict; a lost connection (class 08, or the handle gone
// bad) or a server shutting down is store_unavailable; anything else is
// store_failure. No message ever holds the connection's password.
#include "onhand/storage/postgres_store.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

#include <libpq-fe.h>

namespace onhand {
namespace {

using result_ptr = std::unique_ptr<PGresult, decltype(&PQclear)>;

// Oids of the parameter types (pg_type.h is not part of libpq-fe.h).
constexpr Oid int8_oid = 20;
constexpr Oid bytea_oid = 17;

// The passwords a conninfo string may hold, found without libpq when it
// cannot parse the string: a URI's user:password@ and password=... pairs.
auto passwords_in(std::string_view conninfo) -> std::vector<std::string> {
  std::vector<std::string> out;
  if (const auto scheme = conninfo.find("://"); scheme != std::string_view::npos) {
    const auto start = scheme + 3;
    const auto slash = conninfo.find('/', start);
    const auto authority = conninfo.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
      const auto userinfo = authority.substr(0, at);
      if (const auto colon = userinfo.find(':'); colon != std::string_view::npos) {
        out.emplace_back(userinfo.substr(colon + 1));
      }
    }
  }
  for (std::size_t at = conninfo.find("password"); at != std::string_view::npos;
       at = conninfo.find("password", at + 1)) {
    auto rest = conninfo.substr(at + 8);
    const auto eq = rest.find_first_not_of(" \t");
    if (eq == std::string_view::npos || rest[eq] != '=') continue;
    rest = rest.substr(eq + 1);
    const auto value_start = rest.find_first_not_of(" \t");
    if (value_start == std::string_view::npos) continue;
    rest = rest.substr(value_start);
    const bool quoted = rest.front() == '\'';
    if (quoted) rest.remove_prefix(1);
    const auto value_end = rest.find_first_of(quoted ? "'" : " \t&");
    out.emplace_back(rest.substr(0, value_end));
  }
  std::erase_if(out, [](const std::string& p) { return p.empty(); });
  return out;
}

// `text` with every occurrence of each secret replaced by "***".
auto redact(std::string text, const std::vector<std::string>& secrets) -> std::string {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) {
      text.replace(at, secret.size(), "***");
    }
  }
  return text;
}

auto trimmed(std::string text) -> std::string {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

auto big_endian_int64(const char* bytes) -> std::int64_t {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | static_cast<unsigned char>(bytes[i]);
  return static_cast<std::int64_t>(value);
}

}  // namespace

struct postgres_store::connection {
  PGconn* conn = nullptr;
  std::vector<std::string> secrets;  // redacted from every message
  std::string where;                 // "host:port/db", for messages

  connection() = default;
  connection(const connection&) = delete;
  auto operator=(const connection&) -> connection& = delete;
  ~connection() { PQfinish(conn); }

  [[nodiscard]] auto message(std::string_view what, const char* detail) const -> std::string {
    std::string text = "postgres store '" + where + "': " + std::string(what);
    if (detail != nullptr && *detail != '\0') text += ": " + trimmed(detail);
    return redact(std::move(text), secrets);
  }

  [[nodiscard]] auto lost() const -> bool { return PQstatus(conn) != CONNECTION_OK; }

  // The typed error for a failed statement (`res` may be null).
  [[nodiscard]] auto fail(const PGresult* res, std::string_view what) const -> error {
    const char* state = res == nullptr ? nullptr : PQresultErrorField(res, PG_DIAG_SQLSTATE);
    const std::string_view code = state == nullptr ? std::string_view{} : std::string_view{state};
    const char* detail = res != nullptr ? PQresultErrorMessage(res) : PQerrorMessage(conn);
    if (detail == nullptr || *detail == '\0') detail = PQerrorMessage(conn);
    auto text = message(what, detail);
    if (code == "23505" || code == "40001" || code == "40P01") {
      return make_error(errc::concurrency_conflict, text + " (another writer; catch up and retry)");
    }
    if (lost() || code.starts_with("08") || code == "57P01" || code == "57P02" || code == "57P03") {
      return make_error(errc::store_unavailable, text + " (connection lost; retry)");
    }
    return make_error(errc::store_failure, std::move(text));
  }

  // Runs a parameterized statement; binary parameters, results in `format`.
  auto exec(const char* sql, int count, const Oid* types, const char* const* values,
            const int* lengths, const int* formats, int result_format, std::string_view what)
      -> result<result_ptr> {
    result_ptr res{PQexecParams(conn, sql, count, types, values, lengths, formats, result_format),
                   &PQclear};
    const auto status = res == nullptr ? PGRES_FATAL_ERROR : PQresultStatus(res.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return fail(res.get(), what);
    return res;
  }

  auto exec(const char* sql, std::string_view what) -> result<result_ptr> {
    return exec(sql, 0, nullptr, nullptr, nullptr, nullptr, 0, what);
  }

  // Rolls back after a failure; a connection already lost has nothing to undo.
  auto abandon(error e) -> error {
    if (!lost()) result_ptr{PQexec(conn, "ROLLBACK"), &PQclear};
    return e;
  }

  // Reconnects a connection that was lost, before a statement.
  auto ensure() -> result<void> {
    if (!lost()) return {};
    PQreset(conn);
    if (lost()) {
      return make_error(errc::store_unavailable,
                        message("reconnecting", PQerrorMessage(conn)) + " (retry)");
    }
    return {};
  }

  // The number of events: one past the last position.
  auto count() -> result<std::uint64_t> {
    auto res = exec("SELECT coalesce(max(position) + 1, 0) FROM onhand_events",
                    "reading the end of the log");
    if (!res) return std::move(res).error();
    const auto value = std::strtoll(PQgetvalue(res->get(), 0, 0), nullptr, 10);
    if (value < 0) {
      return make_error(errc::store_failure, message("the log holds a negative position", nullptr));
    }
    return static_cast<std::uint64_t>(value);
  }
};

namespace {

// The schema version in the current schema, 0 when there is none yet.
auto identify(postgres_store::connection& c) -> result<std::int64_t> {
  auto tables = c.exec(
      "SELECT count(*) FROM information_schema.tables "
      "WHERE table_schema = current_schema() AND table_name = 'onhand_meta'",
      "looking for the schema");
  if (!tables) return std::move(tables).error();
  if (std::strtoll(PQgetvalue(tables->get(), 0, 0), nullptr, 10) == 0) return 0;
  auto version =
      c.exec("SELECT value FROM onhand_meta WHERE name = 'schema_version'", "reading the version");
  if (!version) return std::move(version).error();
  if (PQntuples(version->get()) != 1) {
    return make_error(
        errc::store_failure,
        c.message("onhand_meta holds no schema_version; refusing to use it", nullptr));
  }
  const std::string text = PQgetvalue(version->get(), 0, 0);
  char* end = nullptr;
  const auto value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || value < 1) {
    return make_error(errc::store_failure,
                      c.message("invalid schema version '" + text + "'", nullptr));
  }
  if (value > postgres_store::schema_version) {
    return make_error(errc::store_failure,
                      c.message("schema version " + text + " is newer than this build reads (" +
                                    std::to_string(postgres_store::schema_version) +
                                    "); open it with a newer onhand",
                                nullptr));
  }
  return value;
}

// Creates the schema in one transaction. Two instances creating it at once
// may collide on the catalog: the loser looks again.
auto prepare_schema(postgres_store::connection& c) -> result<void> {
  for (int attempt = 0;; ++attempt) {
    auto version = identify(c);
    if (!version) return std::move(version).error();
    if (*version == postgres_store::schema_version) return {};
    auto made = [&]() -> result<void> {
      for (const char* sql : {
               "BEGIN",
               "CREATE TABLE IF NOT EXISTS onhand_meta ("
               "name TEXT PRIMARY KEY, value TEXT NOT NULL)",
               "CREATE TABLE IF NOT EXISTS onhand_events ("
               "position BIGINT PRIMARY KEY, key BYTEA NOT NULL, payload BYTEA NOT NULL)",
               "INSERT INTO onhand_meta (name, value) VALUES ('schema_version', '1') "
               "ON CONFLICT (name) DO NOTHING",
               "COMMIT",
           }) {
        if (auto done = c.exec(sql, "creating the schema"); !done) {
          return c.abandon(std::move(done).error());
        }
      }
      return {};
    }();
    if (made || attempt == 2 || made.error().code == errc::store_unavailable) return made;
  }
}

}  // namespace

postgres_store::postgres_store(std::unique_ptr<connection> db) : db_(std::move(db)) {}

postgres_store::~postgres_store() = default;

auto postgres_store::open(std::string_view uri_or_conninfo, postgres_options options)
    -> result<std::unique_ptr<postgres_store>> {
  if (uri_or_conninfo.find('\0') != std::string_view::npos) {
    return make_error(errc::malformed_input, "the connection string must not contain a NUL byte",
                      error_context{.field = "conninfo"});
  }
  if (options.connect_timeout.count() < 0) {
    return make_error(errc::invalid_parameter, "connect_timeout must not be negative",
                      error_context{.field = "connect_timeout"});
  }
  const std::string conninfo(uri_or_conninfo);
  auto c = std::make_unique<connection>();
  c->secrets = passwords_in(conninfo);
  {
    char* parse_error = nullptr;
    PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &parse_error);
    if (parsed == nullptr) {
      std::string why = parse_error == nullptr ? "out of memory" : trimmed(parse_error);
      PQfreemem(parse_error);
      return make_error(errc::malformed_input,
                        redact("invalid connection string: " + why, c->secrets),
                        error_context{.field = "conninfo"});
    }
    for (auto* option = parsed; option->keyword != nullptr; ++option) {
      if (std::strcmp(option->keyword, "password") == 0 && option->val != nullptr) {
        c->secrets.emplace_back(option->val);
      }
    }
    PQconninfoFree(parsed);
  }
  // The timeout comes first, so that one in the string (expanded in
  // dbname's place) overrides it.
  const std::string timeout = std::to_string(options.connect_timeout.count());
  const std::array<const char*, 4> keywords{"connect_timeout", "fallback_application_name",
                                            "dbname", nullptr};
  const std::array<const char*, 4> values{timeout.c_str(), "onhand", conninfo.c_str(), nullptr};
  c->conn = PQconnectdbParams(keywords.data(), values.data(), 1);
  if (c->conn == nullptr) return make_error(errc::store_failure, "postgres store: out of memory");
  // A library does not write to stderr: the server's notices (such as
  // "relation already exists, skipping") are dropped.
  PQsetNoticeProcessor(
      c->conn, [](void*, const char*) {}, nullptr);
  if (const char* password = PQpass(c->conn); password != nullptr && *password != '\0') {
    c->secrets.emplace_back(password);  // from PGPASSWORD or a password file too
  }
  const char* host = PQhost(c->conn);
  const char* port = PQport(c->conn);
  const char* db = PQdb(c->conn);
  c->where = std::string(host == nullptr ? "" : host) + ":" + (port == nullptr ? "" : port) + "/" +
             (db == nullptr ? "" : db);
  if (PQstatus(c->conn) != CONNECTION_OK) {
    return make_error(errc::store_unavailable,
                      c->message("connecting", PQerrorMessage(c->conn)) + " (retry)");
  }
  if (auto schema = prepare_schema(*c); !schema) return std::move(schema).error();
  return std::unique_ptr<postgres_store>(new postgres_store(std::move(c)));
}

auto postgres_store::append(std::span<const event_view> events, std::uint64_t expected_end)
    -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  auto& c = *db_;
  if (auto ready = c.ensure(); !ready) return std::move(ready).error();
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
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (expected_end > int64_max - events.size()) {
    return make_error(errc::store_failure, "the log position would overflow");
  }
  for (const auto& e : events) {
    // PostgreSQL's own limit for one field is 1 GB.
    if (e.key.size() > std::size_t{1} << 30 || e.payload.size() > std::size_t{1} << 30) {
      return make_error(errc::store_failure, c.message("an event is larger than 1 GiB", nullptr));
    }
  }
  if (auto begun = c.exec("BEGIN", "beginning an append"); !begun) return std::move(begun).error();
  // The end is read inside the transaction; an instance that commits the
  // same positions first makes the insert below a unique violation.
  auto current = c.count();
  if (!current) return c.abandon(std::move(current).error());
  if (*current != expected_end) return c.abandon(conflict(*current));
  // Multi-row inserts of up to `chunk` events (3 parameters each, far below
  // the protocol's 65535): one round trip per chunk, not per event.
  constexpr std::size_t chunk = 256;
  std::string sql;
  std::vector<std::string> positions;
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<Oid> types;
  auto position = expected_end;
  for (std::size_t first = 0; first < events.size(); first += chunk) {
    const auto batch = events.subspan(first, std::min(chunk, events.size() - first));
    sql = "INSERT INTO onhand_events (position, key, payload) VALUES ";
    positions.clear();
    values.clear();
    lengths.clear();
    formats.clear();
    types.clear();
    positions.reserve(batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto n = 3 * i;
      if (i != 0) sql += ", ";
      sql += "($" + std::to_string(n + 1) + ", $" + std::to_string(n + 2) + ", $" +
             std::to_string(n + 3) + ")";
      positions.push_back(std::to_string(position + i));
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      // A null pointer is SQL NULL to libpq: an empty view is sent as "".
      const auto& e = batch[i];
      values.insert(values.end(), {positions[i].c_str(), e.key.empty() ? "" : e.key.data(),
                                   e.payload.empty() ? "" : e.payload.data()});
      lengths.insert(lengths.end(),
                     {0, static_cast<int>(e.key.size()), static_cast<int>(e.payload.size())});
      formats.insert(formats.end(), {0, 1, 1});
      types.insert(types.end(), {int8_oid, bytea_oid, bytea_oid});
    }
    auto inserted = c.exec(sql.c_str(), static_cast<int>(values.size()), types.data(),
                           values.data(), lengths.data(), formats.data(), 0, "inserting events");
    if (!inserted) return c.abandon(std::move(inserted).error());
    position += batch.size();
  }
  if (auto committed = c.exec("COMMIT", "committing an append"); !committed) {
    return c.abandon(std::move(committed).error());
  }
  return position;
}

auto postgres_store::read(std::uint64_t from, std::size_t max_count,
                          std::vector<event_record>& out) const -> result<void> {
  std::lock_guard lock{mutex_};
  auto& c = *db_;
  constexpr auto int64_max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (max_count == 0 || from > int64_max) return {};
  if (auto ready = c.ensure(); !ready) return std::move(ready).error();
  const std::string first = std::to_string(from);
  const std::string limit = std::to_string(std::min<std::uint64_t>(max_count, int64_max));
  const std::array<const char*, 2> values{first.c_str(), limit.c_str()};
  const std::array<Oid, 2> types{int8_oid, int8_oid};
  auto res = c.exec(
      "SELECT position, key, payload FROM onhand_events WHERE position >= $1 "
      "ORDER BY position LIMIT $2",
      2, types.data(), values.data(), nullptr, nullptr, 1, "reading the log");
  if (!res) return std::move(res).error();
  const auto* rows = res->get();
  std::uint64_t expected = from;
  for (int row = 0; row < PQntuples(rows); ++row) {
    const auto position = big_endian_int64(PQgetvalue(rows, row, 0));
    if (position < 0 || static_cast<std::uint64_t>(position) != expected) {
      return make_error(errc::store_failure,
                        c.message("the log has a gap: position " + std::to_string(position) +
                                      " where " + std::to_string(expected) + " was expected",
                                  nullptr));
    }
    event_record record;
    record.key.assign(PQgetvalue(rows, row, 1),
                      static_cast<std::size_t>(PQgetlength(rows, row, 1)));
    record.payload.assign(PQgetvalue(rows, row, 2),
                          static_cast<std::size_t>(PQgetlength(rows, row, 2)));
    out.push_back(std::move(record));
    ++expected;
  }
  return {};
}

auto postgres_store::end() const -> result<std::uint64_t> {
  std::lock_guard lock{mutex_};
  if (auto ready = db_->ensure(); !ready) return std::move(ready).error();
  return db_->count();
}

}  // namespace onhand
