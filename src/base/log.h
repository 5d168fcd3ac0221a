// SPDX-License-Identifier: MIT
#pragma once
#include <fmt/format.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.h"

// The human log, DATA/log/messages, in Asterisk's line format so that admins' habits and tools
// (grep, fail2ban's asterisk filter) carry over:
//   [2026-11-26 19:54:49] NOTICE[12345] registrar.cpp: text
// The one process-wide object in Switchboard: logging is needed everywhere, and threading a
// logger through every constructor would buy nothing. Writes go to a buffered file (flushed at
// least every second and at once for warnings and errors), so the signalling thread never waits
// on the disk for long.
//
// Beware: fail2ban's stock asterisk filter reads every NOTICE and WARNING line, and a match may
// start at the beginning of the text or right after the text's first ": " (when no other ':'
// comes before it); some of its patterns need no quotes ("^<HOST> failed to authenticate").
// So text a remote party controls must never sit at either place, and goes through untrusted().
// Safe:   SB_LOG_NOTICE("REGISTER from {} for unknown user '{}'", "1.2.3.4:5060", untrusted(user))
// Unsafe: SB_LOG_NOTICE("unknown user: {}", user)  -- user "6.6.6.6 failed to authenticate" bans 6.6.6.6
namespace sb::log {

enum class Level : std::uint8_t { Debug, Verbose, Notice, Warning, Error };

std::string_view levelName(Level level);  // "DEBUG", "VERBOSE", "NOTICE", "WARNING", "ERROR"

// Opens (appending) DATA/log/messages, creating DATA/log if missing, and mirrors lines to stderr
// when asked. A failure says why the file cannot be written; logging then goes to stderr only.
// May be called again (tests, reload); lines in flight go to the old or new file.
Status init(const std::string& dataDir, Level minLevel, bool toStderr);

// Flushes and closes the file; later lines go to stderr (NOTICE and above).
void shutdown();
void flush();

bool enabled(Level level);

// Writes one line. `file` is the name shown after the thread id: the caller's file name, or a
// fixed Asterisk name for lines tools expect verbatim. Line breaks and other control characters
// in `text` are escaped (\n, \r, \xHH) so that one call is always one line.
void write(Level level, std::string_view file, std::string_view text);

// Remote-controlled text made safe for a log line: quotes, backslashes and control characters
// become '_', so does a space after ':' (see above), and the length is bounded.
std::string untrusted(std::string_view text, std::size_t maxLength = 128);

// "src/telephony/registrar/registrar.cpp" -> "registrar.cpp", at compile time.
consteval std::string_view baseName(std::string_view path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

template <typename... Args>
void format(Level level, std::string_view file, fmt::format_string<Args...> pattern, Args&&... args) {
  if (!enabled(level)) return;
  write(level, file, fmt::format(pattern, std::forward<Args>(args)...));
}

}  // namespace sb::log

#define SB_LOG_AT_(level, ...) \
  ::sb::log::format(::sb::log::Level::level, ::sb::log::baseName(__FILE__), __VA_ARGS__)
#define SB_LOG_DEBUG(...) SB_LOG_AT_(Debug, __VA_ARGS__)
#define SB_LOG_VERBOSE(...) SB_LOG_AT_(Verbose, __VA_ARGS__)
#define SB_LOG_NOTICE(...) SB_LOG_AT_(Notice, __VA_ARGS__)
#define SB_LOG_WARNING(...) SB_LOG_AT_(Warning, __VA_ARGS__)
#define SB_LOG_ERROR(...) SB_LOG_AT_(Error, __VA_ARGS__)
