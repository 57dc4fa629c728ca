#include "stream/kafka_source.h"

#include <gtest/gtest.h>
#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <map>
#include <set>
#include <string>
#include <thread>

#include "stream/jsonl_decoder.h"
#include "support/temp_dir.h"

namespace chorus::stream {
namespace {

constexpr const char* kTopic = "posts";
constexpr int kMessages = 600;

// A producer whose librdkafka instance hosts an in-process mock cluster.
class MockCluster {
 public:
  MockCluster() {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[256];
    EXPECT_EQ(rd_kafka_conf_set(conf, "test.mock.num.brokers", "1", err, sizeof err),
              RD_KAFKA_CONF_OK);
    producer_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    EXPECT_NE(producer_, nullptr) << err;
    mock_ = rd_kafka_handle_mock_cluster(producer_);
    EXPECT_EQ(rd_kafka_mock_topic_create(mock_, kTopic, 2, 1), RD_KAFKA_RESP_ERR_NO_ERROR);
  }
  ~MockCluster() { rd_kafka_destroy(producer_); }

  std::string bootstraps() const { return rd_kafka_mock_cluster_bootstraps(mock_); }

  void produce(const std::string& value, int partition) {
    // rd_kafka_produceva: the RD_KAFKA_V_* macros of rd_kafka_producev are GNU extensions.
    rd_kafka_vu_t vus[4];
    vus[0].vtype = RD_KAFKA_VTYPE_TOPIC;
    vus[0].u.cstr = kTopic;
    vus[1].vtype = RD_KAFKA_VTYPE_PARTITION;
    vus[1].u.i32 = partition;
    vus[2].vtype = RD_KAFKA_VTYPE_VALUE;
    vus[2].u.mem.ptr = const_cast<char*>(value.data());
    vus[2].u.mem.size = value.size();
    vus[3].vtype = RD_KAFKA_VTYPE_MSGFLAGS;
    vus[3].u.i = RD_KAFKA_MSG_F_COPY;
    rd_kafka_error_t* error = rd_kafka_produceva(producer_, vus, 4);
    ASSERT_EQ(error, nullptr) << rd_kafka_error_string(error);
  }
  void flush() { ASSERT_EQ(rd_kafka_flush(producer_, 10000), RD_KAFKA_RESP_ERR_NO_ERROR); }

 private:
  rd_kafka_t* producer_ = nullptr;
  rd_kafka_mock_cluster_t* mock_ = nullptr;
};

KafkaOptions options(const MockCluster& c) {
  KafkaOptions o;
  o.brokers = c.bootstraps();
  o.group_id = "chorus-test";
  o.topics = {kTopic};
  o.batch_size = 50;
  o.config = {{"session.timeout.ms", "6000"}, {"heartbeat.interval.ms", "500"}};
  return o;
}

// The committed offset of the test group on each partition (-1001 when none).
std::map<int, int64_t> committed(const MockCluster& c) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char err[256];
  rd_kafka_conf_set(conf, "bootstrap.servers", c.bootstraps().c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "chorus-test", err, sizeof err);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(2);
  rd_kafka_topic_partition_list_add(parts, kTopic, 0);
  rd_kafka_topic_partition_list_add(parts, kTopic, 1);
  std::map<int, int64_t> out;
  if (rd_kafka_committed(rk, parts, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR)
    for (int i = 0; i < parts->cnt; ++i) out[parts->elems[i].partition] = parts->elems[i].offset;
  rd_kafka_topic_partition_list_destroy(parts);
  rd_kafka_destroy(rk);
  return out;
}

// Partition and offset of post k<i> as produced below (a bad message precedes i = 100).
std::pair<int, int64_t> position(int i) {
  if (i % 2) return {1, (i - 1) / 2};
  return {0, i / 2 + (i >= 100 ? 1 : 0)};
}

TEST(KafkaSource, AtLeastOnceAcrossAConsumerCrashAndCommitsOnlyAfterSync) {
  MockCluster cluster;
  for (int i = 0; i < kMessages; ++i) {
    if (i == 100) cluster.produce("{not json", 0);
    cluster.produce(R"({"id":"k)" + std::to_string(i) + R"(","created_at":1000})", i % 2);
  }
  cluster.flush();
  testing::TempDir dir;
  DeadLetterSink dead(Env::posix(), dir.file("dl.jsonl"));
  std::set<std::string> synced;  // ids made "durable" by the consumer
  uint64_t deliveries = 0;
  JsonlDecoder decoder;
  std::atomic<bool> stop{false};

  // First consumer: makes 4 batches durable, then "crashes" while ingesting the 5th.
  {
    auto src = KafkaSource::open(options(cluster));
    ASSERT_TRUE(src.is_ok()) << src.status().to_string();
    int batches = 0;
    Status st = (*src)->run(
        &decoder, &dead,
        [&](std::vector<StreamEvent>& batch) {
          if (++batches == 5) return unavailable("crash before sync");
          for (auto& e : batch) synced.insert(e.post.id);
          deliveries += batch.size();
          return Status::ok();
        },
        &stop);
    EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.to_string();
    EXPECT_GE((*src)->stats().commits, 4u);
    ASSERT_TRUE((*src)->close().is_ok());
  }
  EXPECT_EQ(synced.size(), 200u);
  // Commits only cover what was made durable: everything below a committed offset was synced.
  auto offsets = committed(cluster);
  ASSERT_EQ(offsets.size(), 2u);
  int64_t covered = 0;
  for (int i = 0; i < kMessages; ++i) {
    auto [part, off] = position(i);
    if (off < offsets[part]) {
      ++covered;
      EXPECT_TRUE(synced.count("k" + std::to_string(i))) << "committed before sync: k" << i;
    }
  }
  EXPECT_GT(covered, 0);

  // Second consumer in the same group resumes from the committed offsets and gets the rest.
  {
    auto src = KafkaSource::open(options(cluster));
    ASSERT_TRUE(src.is_ok());
    std::thread watchdog([&] {
      for (int i = 0; i < 300 && !stop.load(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      stop.store(true);
    });
    Status st = (*src)->run(
        &decoder, &dead,
        [&](std::vector<StreamEvent>& batch) {
          for (auto& e : batch) synced.insert(e.post.id);
          deliveries += batch.size();
          if (synced.size() == static_cast<size_t>(kMessages)) stop.store(true);
          return Status::ok();
        },
        &stop);
    stop.store(true);
    watchdog.join();
    EXPECT_TRUE(st.is_ok()) << st.to_string();
    ASSERT_TRUE((*src)->close().is_ok());
  }
  EXPECT_EQ(synced.size(), static_cast<size_t>(kMessages));  // every message at least once
  EXPECT_GE(deliveries, static_cast<uint64_t>(kMessages));
  // The bad message is dead-lettered, twice when the crash came before its offset was committed.
  EXPECT_GE(dead.count(), 1u);
  EXPECT_LE(dead.count(), 2u);
}

TEST(KafkaSource, RejectsBadConfiguration) {
  KafkaOptions o;
  o.topics = {"t"};
  o.config = {{"no.such.property", "1"}};
  auto src = KafkaSource::open(o);
  ASSERT_FALSE(src.is_ok());
  EXPECT_NE(src.status().message().find("no.such.property"), std::string::npos);
  o.config.clear();
  o.topics.clear();
  EXPECT_FALSE(KafkaSource::open(o).is_ok());
}

}  // namespace
}  // namespace chorus::stream
