// SPDX-License-Identifier: MIT
#include "base/log.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <system_error>
#include <vector>

namespace sb::log {
namespace {

constexpr const char* kLoggerName = "switchboard";

// Our five levels ride on spdlog's: trace, debug, info, warn, err.
spdlog::level::level_enum toSpdlog(Level level) {
  switch (level) {
    case Level::Debug: return spdlog::level::trace;
    case Level::Verbose: return spdlog::level::debug;
    case Level::Notice: return spdlog::level::info;
    case Level::Warning: return spdlog::level::warn;
    case Level::Error: return spdlog::level::err;
  }
  return spdlog::level::err;
}

std::string_view nameOf(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "DEBUG";
    case spdlog::level::debug: return "VERBOSE";
    case spdlog::level::info: return "NOTICE";
    case spdlog::level::warn: return "WARNING";
    default: return "ERROR";
  }
}

// The %* flag: Asterisk's level names instead of spdlog's.
class LevelNameFlag final : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const std::string_view name = nameOf(msg.level);
    dest.append(name.data(), name.data() + name.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<LevelNameFlag>();
  }
};

std::unique_ptr<spdlog::formatter> makeFormatter() {
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<LevelNameFlag>('*').set_pattern("[%Y-%m-%d %H:%M:%S] %*[%t] %v");
  return formatter;
}

std::shared_ptr<spdlog::logger> makeLogger(std::vector<spdlog::sink_ptr> sinks, Level minLevel) {
  auto logger = std::make_shared<spdlog::logger>(kLoggerName, sinks.begin(), sinks.end());
  logger->set_formatter(makeFormatter());
  logger->set_level(toSpdlog(minLevel));
  logger->flush_on(spdlog::level::warn);
  return logger;
}

std::shared_ptr<spdlog::logger> stderrLogger() {
  return makeLogger({std::make_shared<spdlog::sinks::stderr_sink_mt>()}, Level::Notice);
}

// Atomic so that a re-init (reload, tests) never races a writer on another thread.
std::atomic<std::shared_ptr<spdlog::logger>>& current() {
  static std::atomic<std::shared_ptr<spdlog::logger>> logger{stderrLogger()};
  return logger;
}

std::atomic<int>& minimum() {
  static std::atomic<int> level{static_cast<int>(Level::Notice)};
  return level;
}

void install(std::shared_ptr<spdlog::logger> logger, Level minLevel) {
  minimum().store(static_cast<int>(minLevel));
  if (auto old = current().exchange(std::move(logger))) old->flush();
}

void appendEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if ((u < 0x20 && c != '\t') || u == 0x7f) {
      out += "\\x";
      out.push_back(kHex[u >> 4]);
      out.push_back(kHex[u & 0xf]);
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

std::string_view levelName(Level level) { return nameOf(toSpdlog(level)); }

std::string untrusted(std::string_view text, std::size_t maxLength) {
  const std::string_view bounded = text.substr(0, maxLength);
  std::string out;
  out.reserve(bounded.size());
  for (std::size_t i = 0; i < bounded.size(); ++i) {
    const char c = bounded[i];
    const auto u = static_cast<unsigned char>(c);
    const bool unsafe = u < 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '\\' ||
                        (c == ' ' && i > 0 && bounded[i - 1] == ':');
    out.push_back(unsafe ? '_' : c);
  }
  return out;
}

Status init(const std::string& dataDir, Level minLevel, bool toStderr) {
  const std::filesystem::path dir = std::filesystem::path(dataDir) / "log";
  const std::filesystem::path file = dir / "messages";
  std::vector<spdlog::sink_ptr> sinks;
  std::optional<std::string> error;

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
  } else {
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::basic_file_sink_mt>(file.string(), false));
    } catch (const spdlog::spdlog_ex& e) {
      error = "cannot open " + file.string() + ": " + e.what();
    }
  }
  // Without a file, stderr is the only place left to say anything.
  if (toStderr || sinks.empty()) sinks.push_back(std::make_shared<spdlog::sinks::stderr_sink_mt>());

  auto logger = makeLogger(std::move(sinks), minLevel);
  // The periodic flush runs on spdlog's registry thread, off the signalling thread.
  spdlog::drop(kLoggerName);
  spdlog::register_logger(logger);
  spdlog::flush_every(std::chrono::seconds(1));
  install(std::move(logger), minLevel);
  if (error) return fail(std::move(*error));
  return {};
}

void shutdown() {
  spdlog::drop(kLoggerName);
  install(stderrLogger(), Level::Notice);
}

void flush() {
  if (auto logger = current().load()) logger->flush();
}

bool enabled(Level level) { return static_cast<int>(level) >= minimum().load(std::memory_order_relaxed); }

void write(Level level, std::string_view file, std::string_view text) {
  if (!enabled(level)) return;
  std::string line;
  line.reserve(file.size() + 2 + text.size());
  line.append(file).append(": ");
  appendEscaped(line, text);
  if (auto logger = current().load()) logger->log(toSpdlog(level), spdlog::string_view_t(line.data(), line.size()));
}

}  // namespace sb::log
