#include "stream/ingest_pipeline.h"

#include <thread>

#include "stream/bounded_queue.h"

namespace chorus::stream {

static_assert(LineReader::kPadding >= Decoder::kRecordPadding);

IngestPipeline::IngestPipeline(Env* env, LineReader* reader, Decoder* decoder,
                               DeadLetterSink* dead_letters, PipelineOptions options)
    : env_(env), reader_(reader), decoder_(decoder), dead_(dead_letters), options_(options) {}

PipelineStats IngestPipeline::stats() const {
  PipelineStats s;
  s.records = counters_.records.load(std::memory_order_relaxed);
  s.bytes = counters_.bytes.load(std::memory_order_relaxed);
  s.posts = counters_.posts.load(std::memory_order_relaxed);
  s.edits = counters_.edits.load(std::memory_order_relaxed);
  s.deletes = counters_.deletes.load(std::memory_order_relaxed);
  s.skipped = counters_.skipped.load(std::memory_order_relaxed);
  s.dead_lettered = counters_.dead.load(std::memory_order_relaxed);
  return s;
}

void IngestPipeline::count(DecodeOutput& out, size_t first, int64_t line) {
  uint64_t posts = 0, edits = 0, deletes = 0;
  for (size_t i = first; i < out.events.size(); ++i) {
    out.events[i].line = line;
    switch (out.events[i].kind) {
      case EventKind::kPost:
        ++posts;
        break;
      case EventKind::kEdit:
        ++edits;
        break;
      case EventKind::kDelete:
        ++deletes;
        break;
    }
  }
  if (posts) counters_.posts.fetch_add(posts, std::memory_order_relaxed);
  if (edits) counters_.edits.fetch_add(edits, std::memory_order_relaxed);
  if (deletes) counters_.deletes.fetch_add(deletes, std::memory_order_relaxed);
}

Status IngestPipeline::decode_line(const Line& line, DecodeOutput* out) {
  if (!line.oversize && line.text.find_first_not_of(" \t\r") == std::string_view::npos)
    return Status::ok();
  counters_.records.fetch_add(1, std::memory_order_relaxed);
  counters_.bytes.fetch_add(line.bytes, std::memory_order_relaxed);
  Status st;
  size_t first = out->events.size();
  uint64_t skipped_before = out->skipped;
  if (line.oversize) {
    st = invalid_argument("record of " + std::to_string(line.bytes) +
                          " bytes is over the line limit");
  } else {
    st = decoder_->decode_padded(line.text, out);
  }
  if (st.is_ok()) {
    count(*out, first, line.number);
    if (out->skipped != skipped_before)
      counters_.skipped.fetch_add(out->skipped - skipped_before, std::memory_order_relaxed);
    return dead_letter_items(line, out);
  }
  counters_.dead.fetch_add(1, std::memory_order_relaxed);
  if (!dead_) return Status::ok();
  return dead_->add(decoder_->format(), line.number, st.message(), line.text);
}

Status IngestPipeline::dead_letter_items(const Line& line, DecodeOutput* out) {
  Status first_error;
  for (const auto& reason : out->item_errors) {
    counters_.dead.fetch_add(1, std::memory_order_relaxed);
    if (!dead_) continue;
    Status st = dead_->add(decoder_->format(), line.number, reason, line.text);
    if (first_error.is_ok()) first_error = st;
  }
  out->item_errors.clear();
  return first_error;
}

Status IngestPipeline::produce(const std::function<bool(std::vector<StreamEvent>&)>& emit) {
  DecodeOutput out;
  out.events.reserve(options_.batch_size + 16);
  bool stopped = false;  // emit refused a batch
  auto hand_on = [&] {
    if (out.events.empty() || stopped) return;
    if (options_.prepare) options_.prepare(out.events);
    stopped = !emit(out.events);
    out.events.clear();
    out.events.reserve(options_.batch_size + 16);
  };
  // A partial batch goes on when the input pauses (a followed file or a pipe waiting for more),
  // so that a slow stream's posts are not held until a batch fills.
  reader_->set_idle_callback(hand_on);
  Line line;
  Status st;
  while (!stopped) {
    auto more = reader_->next(&line);
    if (!more) {
      st = more.status();
      break;
    }
    if (!*more) break;
    st = decode_line(line, &out);
    if (!st.is_ok()) break;
    if (out.events.size() >= options_.batch_size) hand_on();
  }
  reader_->set_idle_callback(nullptr);
  if (st.is_ok()) hand_on();
  return st;
}

Status IngestPipeline::run(const BatchConsumer& consume, const ProgressFn& progress) {
  Status st = options_.threaded ? run_threaded(consume, progress) : run_inline(consume, progress);
  Status fl = dead_ ? dead_->flush() : Status::ok();
  return st.is_ok() ? fl : st;
}

Status IngestPipeline::run_inline(const BatchConsumer& consume, const ProgressFn& progress) {
  Status consumer_status;
  int64_t last_progress = env_->monotonic_ns();
  const int64_t interval_ns = options_.progress_interval_ms * 1'000'000;
  Status st = produce([&](std::vector<StreamEvent>& batch) {
    consumer_status = consume(batch);
    int64_t now = env_->monotonic_ns();
    if (progress && now - last_progress >= interval_ns) {
      last_progress = now;
      progress(stats());
    }
    return consumer_status.is_ok();
  });
  return consumer_status.is_ok() ? st : consumer_status;
}

Status IngestPipeline::run_threaded(const BatchConsumer& consume, const ProgressFn& progress) {
  BoundedQueue<std::vector<StreamEvent>> queue(options_.queue_batches);
  Status producer_status;
  std::thread producer([&] {
    producer_status =
        produce([&](std::vector<StreamEvent>& batch) { return queue.push(std::move(batch)); });
    queue.close();
  });
  Status consumer_status;
  std::vector<StreamEvent> batch;
  const auto wait = std::chrono::milliseconds(options_.progress_interval_ms);
  int64_t last_progress = env_->monotonic_ns();
  while (true) {
    auto r = queue.pop(&batch, wait);
    if (r == BoundedQueue<std::vector<StreamEvent>>::PopResult::kClosed) break;
    if (r == BoundedQueue<std::vector<StreamEvent>>::PopResult::kItem) {
      consumer_status = consume(batch);
      if (!consumer_status.is_ok()) {
        if (options_.stop) options_.stop->store(true);
        queue.close();
        break;
      }
    }
    int64_t now = env_->monotonic_ns();
    if (progress && now - last_progress >= options_.progress_interval_ms * 1'000'000) {
      last_progress = now;
      progress(stats());
    }
  }
  producer.join();
  return consumer_status.is_ok() ? producer_status : consumer_status;
}

}  // namespace chorus::stream
