#include "stream/dead_letter_sink.h"

#include "base/time_util.h"
#include "base/utf8.h"
#include "post/post_json.h"

namespace chorus::stream {

std::string format_dead_letter(int64_t time_ms, std::string_view source, int64_t line,
                               std::string_view reason, std::string_view raw,
                               size_t max_raw_bytes) {
  bool truncated = raw.size() > max_raw_bytes;
  std::string_view cut = raw.substr(0, max_raw_bytes);
  if (truncated) cut = cut.substr(0, utf8::complete_prefix(cut));
  std::string out;
  out.reserve(cut.size() + reason.size() + 128);
  out.append("{\"time\":");
  append_json_string(format_time_iso(time_ms), &out);
  out.append(",\"source\":");
  append_json_string(utf8::sanitize(source), &out);
  out.append(",\"line\":");
  out.append(line > 0 ? std::to_string(line) : "null");
  out.append(",\"reason\":");
  append_json_string(utf8::sanitize(reason), &out);
  out.append(",\"raw\":");
  append_json_string(utf8::sanitize(cut), &out);
  out.append(",\"raw_bytes\":");
  out.append(std::to_string(raw.size()));
  out.append(truncated ? ",\"truncated\":true}\n" : ",\"truncated\":false}\n");
  return out;
}

DeadLetterSink::DeadLetterSink(Env* env, std::string path, DeadLetterOptions options)
    : env_(env), path_(std::move(path)), options_(options) {}

DeadLetterSink::~DeadLetterSink() {
  (void)close();
}

Status DeadLetterSink::add(std::string_view source, int64_t line, std::string_view reason,
                           std::string_view raw) {
  count_.fetch_add(1, std::memory_order_relaxed);
  int64_t now = env_->now_ms();
  std::string entry = format_dead_letter(now, source, line, reason, raw, options_.max_raw_bytes);
  std::lock_guard<std::mutex> lock(mu_);
  buffer_.append(entry);
  if (buffer_.size() >= options_.flush_bytes || now - last_write_ms_ >= options_.flush_interval_ms)
    return write_locked();
  return Status::ok();
}

Status DeadLetterSink::write_locked() {
  if (buffer_.empty()) return Status::ok();
  last_write_ms_ = env_->now_ms();
  if (!file_) {
    auto f = env_->open_append(path_);
    if (!f) return f.status().with_context("dead letters");
    file_ = std::move(f).value();
  }
  Status st = file_->append(buffer_);
  buffer_.clear();  // on failure the entries are dropped rather than duplicated on retry
  return st.with_context("dead letters");
}

Status DeadLetterSink::flush() {
  std::lock_guard<std::mutex> lock(mu_);
  return write_locked();
}

Status DeadLetterSink::close() {
  std::lock_guard<std::mutex> lock(mu_);
  CHORUS_RETURN_IF_ERROR(write_locked());
  if (!file_) return Status::ok();
  Status st = file_->sync();
  Status cl = file_->close();
  file_.reset();
  return st.is_ok() ? cl : st;
}

}  // namespace chorus::stream
