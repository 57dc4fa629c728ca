#include "stream/kafka_source.h"

#include <librdkafka/rdkafka.h>

namespace chorus::stream {

struct KafkaSource::Impl {
  rd_kafka_t* rk = nullptr;
  // Next offset to commit per (topic, partition), for messages in the current batch.
  std::map<std::pair<std::string, int32_t>, int64_t> pending;
  size_t batch_size = 1024;
  int poll_timeout_ms = 100;

  ~Impl() {
    if (rk) rd_kafka_destroy(rk);
  }
};

namespace {

Status set(rd_kafka_conf_t* conf, const std::string& key, const std::string& value) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK)
    return invalid_argument("kafka config " + key + ": " + err);
  return Status::ok();
}

Status configure(rd_kafka_conf_t* conf, const KafkaOptions& o) {
  if (!o.brokers.empty()) CHORUS_RETURN_IF_ERROR(set(conf, "bootstrap.servers", o.brokers));
  CHORUS_RETURN_IF_ERROR(set(conf, "group.id", o.group_id));
  CHORUS_RETURN_IF_ERROR(set(conf, "enable.auto.commit", "false"));
  CHORUS_RETURN_IF_ERROR(set(conf, "enable.auto.offset.store", "false"));
  CHORUS_RETURN_IF_ERROR(set(conf, "auto.offset.reset", "earliest"));
  for (const auto& [k, v] : o.config) CHORUS_RETURN_IF_ERROR(set(conf, k, v));
  return Status::ok();
}

std::string where(const rd_kafka_message_t* m) {
  return std::string(rd_kafka_topic_name(m->rkt)) + "[" + std::to_string(m->partition) + "]@" +
         std::to_string(m->offset);
}

}  // namespace

KafkaSource::KafkaSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
KafkaSource::~KafkaSource() {
  (void)close();
}

Result<std::unique_ptr<KafkaSource>> KafkaSource::open(const KafkaOptions& options) {
  if (options.topics.empty()) return invalid_argument("kafka: no topics given");
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  Status st = configure(conf, options);
  if (!st.is_ok()) {
    rd_kafka_conf_destroy(conf);
    return st;
  }
  char err[512];
  auto impl = std::make_unique<Impl>();
  impl->batch_size = options.batch_size;
  impl->poll_timeout_ms = options.poll_timeout_ms;
  impl->rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);  // takes conf on success
  if (!impl->rk) {
    rd_kafka_conf_destroy(conf);
    return invalid_argument(std::string("kafka: ") + err);
  }
  rd_kafka_poll_set_consumer(impl->rk);
  rd_kafka_topic_partition_list_t* topics =
      rd_kafka_topic_partition_list_new(static_cast<int>(options.topics.size()));
  for (const auto& t : options.topics)
    rd_kafka_topic_partition_list_add(topics, t.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_resp_err_t e = rd_kafka_subscribe(impl->rk, topics);
  rd_kafka_topic_partition_list_destroy(topics);
  if (e) return unavailable(std::string("kafka subscribe: ") + rd_kafka_err2str(e));
  return std::unique_ptr<KafkaSource>(new KafkaSource(std::move(impl)));
}

Status KafkaSource::flush(std::vector<StreamEvent>* batch, const BatchConsumer& consume) {
  if (impl_->pending.empty() && batch->empty()) return Status::ok();
  if (!batch->empty()) CHORUS_RETURN_IF_ERROR(consume(*batch));
  batch->clear();
  if (impl_->pending.empty()) return Status::ok();
  rd_kafka_topic_partition_list_t* offsets =
      rd_kafka_topic_partition_list_new(static_cast<int>(impl_->pending.size()));
  for (const auto& [tp, next] : impl_->pending)
    rd_kafka_topic_partition_list_add(offsets, tp.first.c_str(), tp.second)->offset = next;
  rd_kafka_resp_err_t e = rd_kafka_commit(impl_->rk, offsets, 0);
  rd_kafka_topic_partition_list_destroy(offsets);
  if (e) return unavailable(std::string("kafka commit: ") + rd_kafka_err2str(e));
  impl_->pending.clear();
  ++stats_.commits;
  return Status::ok();
}

Status KafkaSource::run(Decoder* decoder, DeadLetterSink* dead, const BatchConsumer& consume,
                        const std::atomic<bool>* stop) {
  if (!impl_->rk) return unavailable("kafka: consumer closed");
  DecodeOutput out;
  while (!(stop && stop->load())) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(impl_->rk, impl_->poll_timeout_ms);
    if (!m) {
      CHORUS_RETURN_IF_ERROR(flush(&out.events, consume));
      continue;
    }
    if (m->err) {
      bool benign = m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF;
      std::string msg = rd_kafka_message_errstr(m);
      rd_kafka_message_destroy(m);
      if (benign) continue;
      return unavailable("kafka consume: " + msg);
    }
    ++stats_.messages;
    std::string_view value(static_cast<const char*>(m->payload), m->len);
    uint64_t skipped = out.skipped;
    Status st = decoder->decode(value, &out);
    stats_.skipped += out.skipped - skipped;
    std::vector<std::string> reasons = std::move(out.item_errors);
    out.item_errors.clear();
    if (!st.is_ok()) reasons.push_back(st.message());
    for (const auto& reason : reasons) {
      ++stats_.dead_lettered;
      Status ds =
          dead ? dead->add(decoder->format(), 0, where(m) + ": " + reason, value) : Status::ok();
      if (!ds.is_ok()) {
        rd_kafka_message_destroy(m);
        return ds;
      }
    }
    impl_->pending[{rd_kafka_topic_name(m->rkt), m->partition}] = m->offset + 1;
    rd_kafka_message_destroy(m);
    if (out.events.size() >= impl_->batch_size) CHORUS_RETURN_IF_ERROR(flush(&out.events, consume));
  }
  return Status::ok();
}

Status KafkaSource::close() {
  if (!impl_ || !impl_->rk) return Status::ok();
  rd_kafka_resp_err_t e = rd_kafka_consumer_close(impl_->rk);
  rd_kafka_destroy(impl_->rk);
  impl_->rk = nullptr;
  if (e) return unavailable(std::string("kafka close: ") + rd_kafka_err2str(e));
  return Status::ok();
}

}  // namespace chorus::stream
