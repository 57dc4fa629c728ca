// KafkaSource: a librdkafka consumer-group member that feeds decoded posts to a consumer with
// at-least-once delivery.
//
// Contract: offsets are never committed automatically. run() polls messages, decodes each
// message value with the Decoder (rejections are dead-lettered with line = null, the topic,
// partition and offset in the reason), and hands each batch to the BatchConsumer, which must
// make the batch durable before returning ok (ingest, then Index::sync). Only then are the
// batch's offsets (next offset per partition) committed, synchronously. If the process dies or
// the consumer fails between ingest and commit, the batch is delivered again after restart or
// rebalance; ingest is idempotent by post id, so replays count as duplicates, never as loss.
// A batch is closed when it reaches batch_size events or when a poll returns nothing.
//
// Thread-safety: one thread calls run(); `stop` may be set from any thread.
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "stream/dead_letter_sink.h"
#include "stream/decoder.h"
#include "stream/ingest_pipeline.h"

namespace chorus::stream {

struct KafkaOptions {
  std::string brokers;  // bootstrap.servers
  std::string group_id = "chorus";
  std::vector<std::string> topics;
  std::map<std::string, std::string> config;  // extra librdkafka properties
  int poll_timeout_ms = 100;
  size_t batch_size = 1024;
};

struct KafkaStats {
  uint64_t messages = 0;
  uint64_t commits = 0;  // successful offset commits
  uint64_t dead_lettered = 0;
  uint64_t skipped = 0;
};

class KafkaSource {
 public:
  // Creates the consumer and subscribes; kInvalidArgument names a bad configuration property.
  static Result<std::unique_ptr<KafkaSource>> open(const KafkaOptions& options);
  ~KafkaSource();
  KafkaSource(const KafkaSource&) = delete;
  KafkaSource& operator=(const KafkaSource&) = delete;

  // Runs until *stop is true or the consumer or a commit fails; returns that error. Events of
  // an uncommitted batch are not lost: they are redelivered to the group.
  Status run(Decoder* decoder, DeadLetterSink* dead_letters, const BatchConsumer& consume,
             const std::atomic<bool>* stop);
  // Leaves the group (without committing anything further) and destroys the consumer.
  Status close();
  KafkaStats stats() const { return stats_; }

 private:
  struct Impl;
  explicit KafkaSource(std::unique_ptr<Impl> impl);
  Status flush(std::vector<StreamEvent>* batch, const BatchConsumer& consume);

  std::unique_ptr<Impl> impl_;
  KafkaStats stats_;
};

}  // namespace chorus::stream
